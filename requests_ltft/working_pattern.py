"""Approved and active LTFT changes as the trainee's working pattern (trainees.working_pattern),
so the home page, the OOPP dates and SuppoRTT read the hours on the dates they concern."""

from requests_ltft.choices import Status
from requests_ltft.models import LtftApplication
from trainees.working_pattern import PatternChange, register_source


def _ltft_changes(memberships) -> list:
    by_person = {(m.trainee_id, m.programme_id): m for m in memberships}
    rows = LtftApplication.objects.filter(
        trainee_id__in={m.trainee_id for m in memberships},
        programme_id__in={m.programme_id for m in memberships},
        status__in=[Status.APPROVED, Status.ACTIVE],
    ).only(
        "trainee_id",
        "programme_id",
        "status",
        "start_date",
        "end_date",
        "proposed_percent",
        "current_percent",
        "provisional_cct_date",
    )
    found = []
    for row in rows:
        membership = by_person.get((row.trainee_id, row.programme_id))
        if membership is None or row.start_date < membership.start_date:
            continue  # an earlier membership of the same programme
        change = PatternChange(
            start=row.start_date,
            end=row.end_date,
            wte=row.proposed_wte,
            wte_before=row.current_wte,
            # An active change has already moved the membership's date (services.ltft).
            completion_after=row.provisional_cct_date if row.status == Status.APPROVED else None,
        )
        found.append((membership, change))
    return found


register_source("ltft", _ltft_changes)
