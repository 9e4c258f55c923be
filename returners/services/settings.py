"""A local office's SuppoRTT timings (docs/rules.md §6, §8): what each changes, its bounds, and
the service that saves them and moves the windows of meetings not held yet."""

from django.db import transaction

from portal.accounts.office_settings import (
    OfficeSetting,
    SettingsSection,
    field_changed,
    office_settings_save,
    settings_check,
)
from portal.core.exceptions import ApplicationError
from returners.models import Meeting, ReturnPlan, SupporttSettings
from returners.selectors import supportt_settings_get
from returners.services.plans import return_plan_recompute
from trainees.models import LocalOffice

WEEKS = "weeks"
MOVES = "Changing it moves the window of every such meeting not held yet."

TIMINGS = (
    OfficeSetting(
        "pre_absence_opens_weeks",
        "Pre-absence meeting: window opens before the absence",
        f"How many weeks before a planned absence starts the pre-absence meeting can be held. "
        f"{MOVES}",
        WEEKS,
        1,
        52,
    ),
    OfficeSetting(
        "pre_absence_due_weeks",
        "Pre-absence meeting: due before the absence",
        f"How many weeks before a planned absence starts the pre-absence meeting is due. No "
        f"more than when its window opens. {MOVES}",
        WEEKS,
        1,
        52,
    ),
    OfficeSetting(
        "unplanned_due_days",
        "Unplanned absence: pre-absence meeting due after it is logged",
        f"For an absence logged at short notice, or after it began, how many days after it "
        f"is logged the pre-absence meeting is due: it should be held as soon as practical, so "
        f"at most 4 weeks. {MOVES}",
        "days",
        1,
        28,  # "as soon as practical" (docs/rules.md §6)
    ),
    OfficeSetting(
        "pre_return_opens_weeks",
        "Pre-return meeting: window opens before the return",
        f"How many weeks before the trainee returns the pre-return meeting can be held. {MOVES}",
        WEEKS,
        1,
        52,
    ),
    OfficeSetting(
        "pre_return_due_weeks",
        "Pre-return meeting: due before the return",
        f"How many weeks before the trainee returns the pre-return meeting is due. No more than "
        f"when its window opens. {MOVES}",
        WEEKS,
        1,
        52,
    ),
    OfficeSetting(
        "post_return_opens_weeks",
        "Post-return review: window opens after the return",
        f"How many weeks after the trainee returns the post-return review can be held (later "
        f"if enhanced supervision lasts longer). {MOVES}",
        WEEKS,
        1,
        52,
    ),
    OfficeSetting(
        "post_return_due_weeks",
        "Post-return review: due after the return",
        f"How many weeks after the trainee returns the post-return review is due. No earlier "
        f"than when its window opens. {MOVES}",
        WEEKS,
        1,
        52,
    ),
    OfficeSetting(
        "es_days",
        "Enhanced supervision after the return",
        "How many working days of enhanced supervision a full-time trainee has after "
        "returning (pro rata for less than full time). Applies to plans made from now on: "
        "plans already agreed keep their length.",
        "working days",
        1,
        30,
    ),
)
TIMING_FIELDS = [setting.name for setting in TIMINGS]


def _values(settings: SupporttSettings) -> dict[str, int]:
    return {name: getattr(settings, name) for name in TIMING_FIELDS}


def supportt_timings(office: LocalOffice) -> dict[str, int]:
    return _values(supportt_settings_get(office=office))


def _check_windows(timings: dict[str, int], values: dict[str, int]) -> None:
    """A window opens no later than it is due (docs/rules.md §6). The error goes on the
    setting in `values`, the one being changed."""
    if timings["pre_absence_opens_weeks"] < timings["pre_absence_due_weeks"]:
        raise ApplicationError(
            "The pre-absence window must open at least as many weeks before leaving as it is due",
            {"field": field_changed(values, "pre_absence_opens_weeks", "pre_absence_due_weeks")},
        )
    if timings["pre_return_opens_weeks"] < timings["pre_return_due_weeks"]:
        raise ApplicationError(
            "The pre-return window must open at least as many weeks before the return as it is due",
            {"field": field_changed(values, "pre_return_opens_weeks", "pre_return_due_weeks")},
        )
    if timings["post_return_due_weeks"] < timings["post_return_opens_weeks"]:
        raise ApplicationError(
            "The post-return review must be due no earlier than its window opens",
            {"field": field_changed(values, "post_return_due_weeks", "post_return_opens_weeks")},
        )


@transaction.atomic
def supportt_settings_update(*, office: LocalOffice, actor, **values: int) -> SupporttSettings:
    """Save the office's timings and move the windows of meetings not held yet in its open
    plans; meetings already held keep theirs. Enhanced supervision already agreed for a plan
    keeps its length; the new default applies to plans created from now on."""
    settings_check(SUPPORTT_TIMINGS, values)
    settings, _ = SupporttSettings.objects.select_for_update().get_or_create(local_office=office)
    before = _values(settings)
    _check_windows({**before, **values}, values)

    def write(changed: dict[str, int]) -> None:
        for name, value in changed.items():
            setattr(settings, name, value)
        settings.updated_by = actor
        settings.save(update_fields=[*changed, "updated_by", "updated_at"])
        plans = (
            ReturnPlan.objects.filter(
                status=ReturnPlan.Status.OPEN,
                absence__membership__programme__local_office=office,
                pk__in=Meeting.objects.not_held().values("plan"),
            )
            .select_related("absence")
            .order_by("pk")
        )
        for plan in plans.iterator(chunk_size=500):
            return_plan_recompute(plan=plan, timings=settings)

    office_settings_save(
        office=office,
        actor=actor,
        section=SUPPORTT_TIMINGS,
        values=values,
        write=write,
        before=before,
    )
    return settings


SUPPORTT_TIMINGS = SettingsSection(
    key="supportt",
    title="SuppoRTT timings",
    summary="When each return-to-training meeting can be held and is due, and how long "
    "enhanced supervision lasts.",
    settings=TIMINGS,
    current=supportt_timings,
    save=supportt_settings_update,
    order=20,
)
