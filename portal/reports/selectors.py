"""Reads behind the report page: the sections the reader may see, worked out for their filters,
and their own background exports."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from portal.reports.freshness import report_data_version
from portal.reports.models import ReportExport
from portal.reports.sections import available_sections
from portal.reports.sections.base import RowExport, SectionReport

# Bumped when the pickled shapes (sections/base.py) change, so a deploy never reads entries
# written by the one before.
FIGURES_FORMAT = 2
# Every write the sections read moves the data version on (freshness.py), so this is only a
# backstop for writes that send no signal (QuerySet.update, bulk_create).
FIGURES_TIMEOUT = 15 * 60


@dataclass
class WorkedOutReport:
    sections: list[SectionReport]
    worked_out_at: dt.datetime
    key: str  # its cache key, which anything made from these figures alone can share


def _fingerprint(filters) -> str:
    """Everything in `filters` that changes a figure. The scope is in it, so readers with
    different offices never share an entry; labels (scope_label) are not, as no figure reads
    them."""
    parts = {
        "start": filters.period.start.isoformat(),
        "end": filters.period.end.isoformat(),
        "scope": None if filters.scope is None else sorted(filters.scope),
        "office": filters.office.pk if filters.office else None,
        "specialty": filters.specialty.pk if filters.specialty else None,
        "grade": filters.grade.pk if filters.grade else None,
        "programme": filters.programme.pk if filters.programme else None,
        "sections": [section.key for section in available_sections()],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def worked_out_report(*, filters) -> WorkedOutReport:
    """Every available section for `filters` (whose scope comes from the reader's roles), and
    when they were worked out: from the cache while nothing they read has changed.
    Each section runs a fixed number of queries, so a miss does not grow with the data."""
    # The version is read before the figures: a change committed meanwhile moves it on, so
    # figures worked out from before that change are stored under a number nobody reads again.
    key = f"reports:figures:{FIGURES_FORMAT}:{report_data_version()}:{_fingerprint(filters)}"
    report = cache.get(key)
    if report is None:
        report = WorkedOutReport(
            sections=[section.compute(filters) for section in available_sections()],
            worked_out_at=timezone.now(),
            key=key,
        )
        cache.set(key, report, FIGURES_TIMEOUT)
    return report


def report_sections(*, filters) -> list[SectionReport]:
    return worked_out_report(filters=filters).sections


def row_exports() -> list[RowExport]:
    return [row_export for s in available_sections() for row_export in s.row_exports]


def row_export_get(key: str) -> RowExport | None:
    return next((r for r in row_exports() if r.key == key), None)


def report_export_list(*, user) -> list[ReportExport]:
    """The reader's own exports that can still be downloaded or are being prepared."""
    return list(
        ReportExport.objects.filter(requested_by=user, expires_at__gt=timezone.now()).order_by(
            "-created_at"
        )[:10]
    )


def report_export_get(*, user, pk) -> ReportExport | None:
    """One of the reader's own exports; anyone else's is simply not found."""
    try:
        return ReportExport.objects.filter(requested_by=user, expires_at__gt=timezone.now()).get(
            pk=pk
        )
    except (ReportExport.DoesNotExist, ValueError):
        return None
