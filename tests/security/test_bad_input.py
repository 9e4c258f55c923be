"""Bad input never costs data and never gives a 500 (docs/security.md §6;
ASVS 8.2.3 and 2.2).

For every form the portal shows, hypothesis posts generated submissions as the person the form
is for: fields left out, wrong types, huge and odd strings, dates in the past and the far future
and boxes that are not dates at all, end before start, unknown choices, and forged hidden
fields (status, owner, approver, another trainee's ids). Each answer must be a page with the
error summary, a redirect, or a 4xx, never a 500, and the database must show that:

- an answer that is not a redirect changed nothing at all;
- a redirect changed only the tables that form may write, never a column that form must not
  set (status, owner, programme, approver, revision...), and never anyone else's records.

The number of examples per form is `SECURITY_FUZZ_EXAMPLES`: 15 by default, so the whole
security suite stays within about three minutes; 200 (the issue's criterion) takes about five
minutes on its own and belongs in a nightly job.
"""

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from requests_ltft.choices import Status
from requests_ltft.models import LtftApplication, OoppApplication
from requests_ltft.services.ltft import ltft_submit
from tests.security.fingerprint import changes, snapshot
from tests.security.hostile_input import Field, form_fields, form_input

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SECURITY_FUZZ_EXAMPLES", "15"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
ERROR_SUMMARY = b'class="nhsuk-error-summary"'

LTFT = "requests_ltft.ltftapplication"
OOPP = "requests_ltft.ooppapplication"
LTFT_HISTORY = ("requests_ltft.ltftstatuschange", "requests_ltft.ltftsnapshot")
OOPP_HISTORY = ("requests_ltft.ooppstatuschange", "requests_ltft.ooppsnapshot")
NOTIFY = ("notifications.notification",)
ABSENCE, PLAN, MEETING = "returners.absence", "returners.returnplan", "returners.meeting"
MEMBERSHIP = "trainees.programmemembership"

# Columns a trainee's form pages may never set, whatever is posted.
APPLICATION_FIXED = {
    "id",
    "trainee_id",
    "programme_id",
    "status",
    "revision",
    "case_owner_id",
    "submitted_at",
    "decided_at",
    "short_notice",
    "cct_date_before",
    "provisional_cct_date",
    "created_at",
    "current_percent",
    "visa_override_reason",
    "declarations_confirmed_at",
    "es_view",
    "es_comment",
    "es_recorded_by_id",
    "recognised_days",
    "absence_id",
    "cct_days_added",
}
MEETING_HISTORY = {"returners.meetingstatuschange": set()}
SETTING_CHANGE = "accounts.officesettingchange"
OFFICE_FIXED = {"id", "code", "name", "ntn_prefix", "region"}
MEETING_FIXED = {"id", "plan_id", "kind", "signed_off_by_id", "signed_off_at", "acknowledged_at"}
ABSENCE_FIXED = {"id", "membership_id", "reason", "sickness_details", "logged_by_id", "planned"}


@dataclass(frozen=True)
class FormView:
    """One form page: where it is, whose it is, and what a successful post may change."""

    id: str
    url: Callable  # (world) -> url
    actor: str
    writes: dict[str, set[str]] = field(default_factory=dict)  # table -> columns never set
    prepare: Callable | None = None  # (world) -> None: put the record in the right state
    method: str = "post"
    error_page: bool = True  # a 200 answer shows the error summary
    others: Callable | None = None  # (world) -> {table: {pk}} that must not change
    discover: Callable | None = None  # (world) -> the page holding the form, if not `url`
    extra_fields: Callable | None = None  # (world) -> [Field] a page does not show


def _ltft_url(name, *extra):
    return lambda w: reverse(f"requests_ltft:{name}", args=[w.ltft.pk, *extra])


def _oopp_url(name, *extra):
    return lambda w: reverse(f"requests_ltft:{name}", args=[w.oopp.pk, *extra])


def _absence_url(name):
    return lambda w: reverse(f"returners:{name}", args=[w.absence.pk])


def _office_section_url(section):
    return lambda w: reverse("office:section", args=["HENW", section])


def _meeting_url(name, which):
    return lambda w: reverse(name, args=[getattr(w, which).pk])


def _without_ltft(w):
    w.ltft_evidence.delete()
    LtftApplication.objects.filter(pk=w.ltft.pk).delete()


def _without_oopp(w):
    w.oopp.evidence.all().delete()
    OoppApplication.objects.filter(pk=w.oopp.pk).delete()


def _ltft_submitted(w):
    ltft_submit(application=w.ltft, actor=w.owner)


def _oopp_status(status, **values):
    def prepare(w):
        OoppApplication.objects.filter(pk=w.oopp.pk).update(status=status, **values)

    return prepare


def _short_notice(model, attr, **status):
    """The notice page applies only to a start date inside the notice period (it sends anyone
    else on), so it is fuzzed with one four weeks away."""

    def prepare(w):
        start = timezone.localdate() + timedelta(weeks=4)
        model.objects.filter(pk=getattr(w, attr).pk).update(start_date=start, **status)

    return prepare


def _oopp_returned(w):
    today = timezone.localdate()
    OoppApplication.objects.filter(pk=w.oopp.pk).update(
        status=Status.RETURNED,
        start_date=today - timedelta(days=200),
        end_date=today - timedelta(days=20),
        intended_return_date=today - timedelta(days=19),
        cct_days_added=181,
    )


def _ltft_editable(*fixed_extra):
    return {LTFT: APPLICATION_FIXED | set(fixed_extra)}


MOVED = APPLICATION_FIXED - {"status", "revision", "submitted_at", "decided_at"}
SUBMITTED = APPLICATION_FIXED - {
    "status",
    "submitted_at",
    "short_notice",
    "cct_date_before",
    "provisional_cct_date",
    "declarations_confirmed_at",
    "revision",
}

FORM_VIEWS = [
    # LTFT, as the trainee fills it in.
    FormView(
        "ltft_start",
        lambda w: reverse("requests_ltft:ltft_start"),
        "owner",
        {LTFT: {"status", "case_owner_id", "decided_at"}},
        prepare=_without_ltft,
    ),
    *[
        FormView(f"ltft_step_{step}", _ltft_url("ltft_step", step), "owner", _ltft_editable())
        for step in ("change", "reasons", "discussions", "visa")
    ],
    FormView(
        "ltft_step_notice",
        _ltft_url("ltft_step", "notice"),
        "owner",
        _ltft_editable(),
        prepare=_short_notice(LtftApplication, "ltft"),
    ),
    FormView(
        "ltft_step_evidence",
        _ltft_url("ltft_step", "evidence"),
        "owner",
        {},
        error_page=False,  # "continue" without a file is not an error
    ),
    FormView(
        "ltft_check",
        _ltft_url("ltft_check"),
        "owner",
        {LTFT: SUBMITTED, **dict.fromkeys(LTFT_HISTORY, set()), **dict.fromkeys(NOTIFY, set())},
    ),
    FormView(
        "ltft_cct_preview",
        _ltft_url("ltft_cct_preview"),
        "owner",
        {},
        error_page=False,
        discover=_ltft_url("ltft_step", "change"),
    ),
    # LTFT, as the reviewers decide.
    FormView(
        "ltft_withdraw",
        _ltft_url("ltft_action", "withdraw"),
        "owner",
        {LTFT: MOVED, **dict.fromkeys(LTFT_HISTORY, set()), **dict.fromkeys(NOTIFY, set())},
        prepare=_ltft_submitted,
    ),
    FormView(
        "ltft_return_for_changes",
        _ltft_url("ltft_action", "return_for_changes"),
        "tpd",
        {LTFT: MOVED, **dict.fromkeys(LTFT_HISTORY, set()), **dict.fromkeys(NOTIFY, set())},
        prepare=_ltft_submitted,
    ),
    FormView(
        "ltft_case_owner",
        _ltft_url("ltft_case_owner"),
        "deanery",
        {LTFT: APPLICATION_FIXED - {"case_owner_id"}},
        error_page=False,
        prepare=_ltft_submitted,
        extra_fields=lambda w: [
            Field("case_owner", "choice", ["", str(w.deanery.pk), str(w.other_deanery.pk)])
        ],
    ),
    FormView(
        "ltft_visa_override",
        _ltft_url("ltft_visa_override"),
        "deanery",
        {LTFT: APPLICATION_FIXED - {"visa_override_reason"}},
        prepare=_ltft_submitted,
    ),
    # OOPP.
    FormView(
        "oopp_start",
        lambda w: reverse("requests_ltft:oopp_start"),
        "owner",
        {OOPP: {"status", "case_owner_id", "decided_at"}},
        prepare=_without_oopp,
    ),
    *[
        FormView(
            f"oopp_step_{step}",
            _oopp_url("oopp_step", step),
            "owner",
            {OOPP: APPLICATION_FIXED},
            prepare=_oopp_status(Status.DRAFT),
        )
        for step in ("dates", "post", "practice", "indemnity")
    ],
    FormView(
        "oopp_step_notice",
        _oopp_url("oopp_step", "notice"),
        "owner",
        {OOPP: APPLICATION_FIXED},
        prepare=_short_notice(OoppApplication, "oopp", status=Status.DRAFT),
    ),
    FormView(
        "oopp_check",
        _oopp_url("oopp_check"),
        "owner",
        {OOPP: SUBMITTED, **dict.fromkeys(OOPP_HISTORY, set()), **dict.fromkeys(NOTIFY, set())},
        prepare=_oopp_status(Status.DRAFT),
    ),
    FormView(
        "oopp_cct_preview",
        _oopp_url("oopp_cct_preview"),
        "owner",
        {},
        error_page=False,
        prepare=_oopp_status(Status.DRAFT),
        discover=_oopp_url("oopp_step", "dates"),
    ),
    FormView(
        "oopp_supervisor_view",
        _oopp_url("oopp_supervisor_view"),
        "supervisor",
        {
            OOPP: APPLICATION_FIXED - {"es_view", "es_comment", "es_recorded_by_id"},
            **dict.fromkeys(NOTIFY, set()),
        },
    ),
    FormView(
        "oopp_tpd_return_for_changes",
        _oopp_url("oopp_action", "return_for_changes"),
        "tpd",
        {OOPP: MOVED, **dict.fromkeys(OOPP_HISTORY, set()), **dict.fromkeys(NOTIFY, set())},
    ),
    FormView(
        "oopp_return",
        _oopp_url("oopp_return"),
        "deanery",
        {
            OOPP: MOVED - {"cct_days_added"},
            MEMBERSHIP: {"id", "trainee_id", "programme_id", "wte"},
            **dict.fromkeys(OOPP_HISTORY, set()),
            **dict.fromkeys(NOTIFY, set()),
        },
        prepare=_oopp_status(
            Status.ACTIVE,
            start_date=timezone.localdate() - timedelta(days=60),
            end_date=timezone.localdate() + timedelta(days=59),
            intended_return_date=timezone.localdate() + timedelta(days=60),
            cct_days_added=120,
        ),
    ),
    FormView(
        "oopp_recognition",
        _oopp_url("oopp_recognition"),
        "deanery",
        {
            OOPP: APPLICATION_FIXED - {"recognised_days", "cct_days_added"},
            MEMBERSHIP: {"id", "trainee_id", "programme_id", "wte"},
            **dict.fromkeys(NOTIFY, set()),
        },
        prepare=_oopp_returned,
    ),
    # Return to training.
    FormView(
        "absence_create",
        lambda w: reverse("returners:absence_create"),
        "supervisor",
        {ABSENCE: set(), PLAN: set(), MEETING: set(), **dict.fromkeys(NOTIFY, set())},
    ),
    FormView(
        "my_absence_create",
        lambda w: reverse("returners:my_absence_create"),
        "owner",
        {ABSENCE: set(), PLAN: set(), MEETING: set(), **dict.fromkeys(NOTIFY, set())},
    ),
    FormView(
        "absence_change",
        _absence_url("absence_change"),
        "deanery",
        {ABSENCE: ABSENCE_FIXED, MEETING: MEETING_FIXED, PLAN: {"id", "absence_id"}},
    ),
    FormView(
        "absence_return",
        _absence_url("absence_return"),
        "supervisor",
        {ABSENCE: ABSENCE_FIXED | {"starts_on"}, MEETING: MEETING_FIXED},
    ),
    FormView(
        "kit_day_add",
        lambda w: reverse("returners:kit_day_add", args=[w.other_absence.pk]),
        "other_supervisor",
        {"returners.keepintouchday": set()},
        others=lambda w: {},  # this form is about the other trainee's absence
    ),
    FormView(
        "kit_day_change",
        lambda w: reverse("returners:kit_day_change", args=[w.absence.pk, w.extra["kit_day"].pk]),
        "supervisor",
        {"returners.keepintouchday": {"absence_id", "logged_by_id"}},
    ),
    FormView(
        "es_extend",
        _absence_url("es_extend"),
        "supervisor",
        {
            "returners.enhancedsupervisionextension": set(),
            PLAN: {"id", "absence_id", "status", "es_days"},
            MEETING: MEETING_FIXED,
        },
    ),
    FormView(
        "meeting_acknowledge",
        _meeting_url("returners:meeting_acknowledge", "meeting_signed"),
        "owner",
        {
            MEETING: MEETING_FIXED - {"acknowledged_at"},
            **MEETING_HISTORY,
            **dict.fromkeys(NOTIFY, set()),
        },
        error_page=False,
    ),
    FormView(
        "meeting_addendum_add",
        _meeting_url("returners:meeting_addendum_add", "meeting_signed"),
        "owner",
        # Adding to the record is the task the owner's message about the meeting asked for:
        # it is marked read (portal.notifications.middleware).
        {
            "returners.meetingaddendum": set(),
            "notifications.notification": {"recipient_id", "subject", "body_text"},
        },
    ),
    # The office's settings: each section's page, with the history of what it changed.
    FormView(
        "office_notice",
        _office_section_url("notice"),
        "deanery",
        {"trainees.localoffice": OFFICE_FIXED, SETTING_CHANGE: set()},
    ),
    FormView(
        "office_supportt",
        _office_section_url("supportt"),
        "deanery",
        {"returners.supporttsettings": set(), MEETING: MEETING_FIXED, SETTING_CHANGE: set()},
    ),
    FormView(
        "office_reminders",
        _office_section_url("reminders"),
        "deanery",
        {"notifications.officethreshold": set(), SETTING_CHANGE: set()},
    ),
    FormView(
        "meeting_schedule",
        _meeting_url("supervisors:meeting_schedule", "meeting_scheduled"),
        "supervisor",
        {
            MEETING: MEETING_FIXED | {"held_on", "status"},
            **MEETING_HISTORY,
            **dict.fromkeys(NOTIFY, set()),
        },
    ),
    FormView(
        "meeting_cancel",
        _meeting_url("supervisors:meeting_cancel", "meeting_scheduled"),
        "supervisor",
        {MEETING: MEETING_FIXED | {"held_on"}, **MEETING_HISTORY, **dict.fromkeys(NOTIFY, set())},
    ),
    FormView(
        "meeting_log",
        _meeting_url("supervisors:meeting_log", "meeting_logged"),
        "supervisor",
        {MEETING: MEETING_FIXED, **MEETING_HISTORY},
    ),
    FormView(
        "action_add",
        _meeting_url("supervisors:action_add", "meeting_logged"),
        "supervisor",
        {"returners.agreedaction": set()},
    ),
    # Reports: filters in the query string, the export form posted.
    FormView(
        "reports_filters",
        lambda w: reverse("reports:home"),
        "deanery",
        {},
        method="get",
    ),
    FormView(
        "reports_export",
        lambda w: reverse("reports:export"),
        "admin",
        {},
        error_page=False,  # a valid choice streams the file
        discover=lambda w: reverse("reports:home"),
    ),
    # Signing in, and asking for a password reset.
    FormView("sign_in", lambda w: reverse("accounts:login"), "anonymous", {}, error_page=False),
    FormView(
        "password_reset",
        lambda w: reverse("accounts:password_reset"),
        "anonymous",
        {},
        error_page=False,
    ),
]


# Known 500s this suite finds, set aside by the property test until their owners fix them.
# Empty now: the three found (absence dates, report ranges and meetings near year 1 or 9999)
# were fixed by bounding the years every date field accepts; the tests below keep them fixed.
KNOWN_500S: dict[str, str] = {}


def _known_500(view: FormView, exc: Exception) -> bool:
    return (
        view.id in KNOWN_500S
        and isinstance(exc, OverflowError | ValueError)
        and "out of range" in str(exc)
    )


def _others(w) -> dict[str, set]:
    """The other trainee's records: no form of the owner's people may touch them."""
    other = w.other_ltft
    absence = w.other_absence
    return {
        LTFT: {other.pk},
        MEMBERSHIP: {other.membership.pk},
        "trainees.trainee": {other.trainee_id},
        ABSENCE: {absence.pk},
        PLAN: {absence.plan.pk},
        MEETING: set(absence.plan.meetings.values_list("pk", flat=True)),
    }


def _ids(w) -> list[str]:
    """Ids a forged field might carry: someone else's records, and people of every role."""
    ids = [str(w.other_ltft.pk), str(w.other_ltft.membership.pk), str(w.other_ltft.trainee_id)]
    ids += [str(w.other_absence.pk), str(w.membership.pk), str(w.ltft.pk)]
    ids += [str(user.pk) for user in w.users.values() if user is not None]
    return ids


def _discover(view: FormView, world, client, url: str) -> list:
    """The fields of the form that posts to `url`, read from the page a person would see."""
    if view.extra_fields and not view.discover:
        return view.extra_fields(world)  # POST-only, its form is a button on another page
    page_url = view.discover(world) if view.discover else url
    page = client.get(page_url)
    assert page.status_code == 200, f"{view.id}: GET {page_url} answered {page.status_code}"
    html = page.content.decode()
    if view.method == "get":
        html = html.replace('method="get"', 'method="post"')
    if view.discover:
        # An htmx form or a second form: take the fields of the page's forms as they are.
        html = re.sub(r'<form([^>]*?)action="[^"]*"', r"<form\1", html)
    fields = form_fields(html, page_url if view.discover else url)
    if view.extra_fields:
        fields += view.extra_fields(world)
    return fields


def _check(view: FormView, world, response, found: dict, others: dict, submitted: bool):
    status = response.status_code
    assert status != 500
    assert status in (200, 302, 400, 403, 404, 405), f"{view.id}: answered {status}"
    if status == 200 and view.error_page and view.method == "post" and submitted:
        # (An empty POST shows the form again, as a GET would.)
        assert ERROR_SUMMARY in response.content, f"{view.id}: 200 without an error summary"
    if status != 302:
        assert not found, f"{view.id}: answered {status} but changed {found}"
        return
    for table, diff in found.items():
        assert table in view.writes, f"{view.id}: wrote to {table}: {diff}"
        fixed = view.writes[table]
        for pk, columns in diff["changed"].items():
            assert not set(columns) & fixed, f"{view.id}: changed {table} {pk} {columns}"
            assert pk not in others.get(table, set()), f"{view.id}: changed someone else's {table}"
        for pk in diff["removed"]:
            assert pk not in {str(p) for p in others.get(table, set())}
    # Rows a form adds belong to the trainee the form is about.
    for table in (LTFT, OOPP):
        for pk in found.get(table, {}).get("added", []):
            model = LtftApplication if table == LTFT else OoppApplication
            added = model.objects.get(pk=pk)
            assert added.trainee_id == world.owner_trainee.pk
            assert added.status == Status.DRAFT


@pytest.mark.parametrize("view", FORM_VIEWS, ids=[v.id for v in FORM_VIEWS])
@FUZZ
@given(data=st.data())
def test_no_submission_gives_a_500_or_changes_what_it_must_not(view, world, role_clients, data):
    # pytest runs the fixtures once per test, hypothesis the body once per example: state for
    # the whole test is set up on the first example, and each example is rolled back.
    state = _state(view, world, role_clients)
    submission = data.draw(form_input(state["fields"], state["ids"]), label="submission")
    client = role_clients.client(view.actor)
    with transaction.atomic():
        try:
            if view.method == "get":
                response = client.get(state["url"], submission)
            else:
                response = client.post(state["url"], submission)
        except Exception as exc:
            if _known_500(view, exc):
                reject()  # listed in KNOWN_500S
            raise
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        found = changes(state["baseline"], snapshot())
        submitted = any(value != [] for value in submission.values())
        try:
            _check(view, world, response, found, state["others"], submitted)
        finally:
            transaction.set_rollback(True)


_STATES: dict = {}


def _state(view, world, role_clients) -> dict:
    key = (view.id, id(world))
    if key not in _STATES:
        _STATES.clear()
        if view.prepare is not None:
            view.prepare(world)
        url = view.url(world)
        client = role_clients.client(view.actor)
        _STATES[key] = {
            "url": url,
            "fields": _discover(view, world, client, url),
            "ids": _ids(world),
            "baseline": snapshot(),
            "others": (view.others or _others)(world),
        }
    return _STATES[key]


def test_every_form_page_is_fuzzed():
    """A form page added to the portal needs a row in FORM_VIEWS (or a reason it has none)."""
    covered = {
        "requests_ltft:ltft_start",
        "requests_ltft:ltft_step",
        "requests_ltft:ltft_check",
        "requests_ltft:ltft_cct_preview",
        "requests_ltft:ltft_action",
        "requests_ltft:ltft_case_owner",
        "requests_ltft:ltft_visa_override",
        "requests_ltft:oopp_start",
        "requests_ltft:oopp_step",
        "requests_ltft:oopp_check",
        "requests_ltft:oopp_cct_preview",
        "requests_ltft:oopp_supervisor_view",
        "requests_ltft:oopp_action",
        "requests_ltft:oopp_return",
        "requests_ltft:oopp_recognition",
        "returners:absence_create",
        "returners:my_absence_create",
        "returners:absence_change",
        "returners:absence_return",
        "returners:kit_day_add",
        "returners:kit_day_change",
        "returners:es_extend",
        "returners:meeting_acknowledge",
        "returners:meeting_addendum_add",
        "office:section",
        "supervisors:meeting_schedule",
        "supervisors:meeting_cancel",
        "supervisors:meeting_log",
        "supervisors:action_add",
        "reports:home",
        "reports:export",
        "accounts:login",
        "accounts:password_reset",
    }
    # POSTs with no fields to fuzz (a button), or covered elsewhere: the reason for each.
    no_fields = {
        "accounts:logout": "a button",
        "accounts:mfa": "a 6-digit code, tested in tests/accounts/test_sign_in.py",
        "accounts:password_reset_confirm": "needs a valid token; Django's own form",
        "requests_ltft:ltft_evidence_delete": "a button",
        "requests_ltft:oopp_case_owner": "the same form as ltft_case_owner",
        "requests_ltft:oopp_evidence_delete": "a button",
        "returners:plan_opt_in": "a button",
        "returners:kit_day_remove": "a button",
        "supervisors:action_remove": "a button",
        "supervisors:meeting_sign_off": "a button",
        "notifications:mark_all_read": "a button",
        "notifications:mark_read": "a button (and a page number, read with isdigit())",
        "trainees:import_start": "the file is the input: tests/trainees/test_import_bad_input.py",
        "trainees:import_confirm": "a button",
        "trainees:import_end_missing": "a button",
        "trainees:import_invite": "a button",
        "accounts:invitation_accept": "needs a valid token; tests/accounts/test_invitations.py",
        "people:invitation_send": "a button",
        "people:invitation_revoke": "a button",
        "returners:survey_step": "needs a return 12 weeks ago: tests/returners/test_survey.py",
    }
    from tests.security.test_access_matrix import MATRIX

    posting = {name for name, methods in MATRIX.items() if "POST" in methods}
    missing = posting - covered - set(no_fields) - {"reports:home"}
    assert not missing, f"form pages with no fuzzing: {sorted(missing)}"


def _dates(prefix, day, month, year):
    return {f"{prefix}_0": day, f"{prefix}_1": month, f"{prefix}_2": year}


KNOWN_CASES = [
    (
        "absence_change",
        "supervisor",
        lambda w: reverse("returners:absence_change", args=[w.absence.pk]),
        {
            **_dates("starts_on", "22", "11", "2026"),
            **_dates("expected_return_on", "30", "12", "9999"),
        },
    ),
    (
        "my_absence_create",
        "owner",
        lambda w: reverse("returners:my_absence_create"),
        {
            "reason": "CARER",
            "planned": "YES",
            "opt_in": "on",
            **_dates("starts_on", "30", "12", "9999"),
            **_dates("expected_return_on", "31", "12", "9999"),
        },
    ),
    (
        "absence_create",
        "supervisor",
        lambda w: reverse("returners:absence_create"),
        {
            "gmc_number": "{gmc}",
            "reason": "CARER",
            "planned": "NO",
            **_dates("starts_on", "1", "1", "0001"),
            **_dates("expected_return_on", "1", "12", "0001"),
        },
    ),
]


@pytest.mark.parametrize(
    ("view_id", "role", "url", "data"), KNOWN_CASES, ids=[c[0] for c in KNOWN_CASES]
)
def test_extreme_dates_get_a_form_error_not_a_500(world, role_clients, view_id, role, url, data):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.cookies = role_clients.client(role).cookies
    data = {k: v.format(gmc=world.owner_trainee.gmc_number) for k, v in data.items()}
    assert client.post(url(world), data).status_code != 500


def test_a_report_for_the_last_days_there_are_is_not_a_500(world, role_clients):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.cookies = role_clients.client("deanery").cookies
    query = {**_dates("date_from", "1", "1", "9998"), **_dates("date_to", "31", "12", "9999")}
    assert client.get(reverse("reports:home"), query).status_code != 500


def test_a_meeting_scheduled_at_the_end_of_time_still_has_an_invite(world, role_clients):
    from django.test import Client

    schedule = reverse("supervisors:meeting_schedule", args=[world.meeting_scheduled.pk])
    data = {**_dates("on", "31", "12", "9999"), "start_time": "23:59"}
    response = role_clients.client("supervisor").post(
        schedule, {**data, "duration_minutes": "90", "location": "Room 2"}
    )
    assert response.status_code in (200, 302)
    client = Client(raise_request_exception=False)
    client.cookies = role_clients.client("supervisor").cookies
    invite = client.get(reverse("returners:meeting_ics", args=[world.meeting_scheduled.pk]))
    assert invite.status_code != 500
