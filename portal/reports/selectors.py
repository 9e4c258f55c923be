"""Reads behind the report page: the sections the reader may see, worked out for their filters,
and their own background exports."""

from django.utils import timezone

from portal.reports.models import ReportExport
from portal.reports.sections import available_sections
from portal.reports.sections.base import RowExport, SectionReport


def report_sections(*, filters) -> list[SectionReport]:
    """Every available section for `filters` (whose scope comes from the reader's roles).
    Each section runs a fixed number of queries, so the page's count does not grow with data."""
    return [section.compute(filters) for section in available_sections()]


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
