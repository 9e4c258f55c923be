"""The SuppoRTT pages through the real views: forms, errors, scope (404), roles (403)."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from portal.audit.models import AuditEvent
from returners.models import Absence, AbsenceReason, MeetingKind
from returners.services import meeting_log, meeting_sign_off
from tests.returners.factories import log_absence, meetings_by_kind
from tests.signing_in import sign_in

pytestmark = [pytest.mark.django_db]

START, RETURN = date(2027, 2, 25), date(2027, 8, 25)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2027-01-04 09:00 +00:00", tick=False):
        yield


@pytest.fixture
def absence(people):
    return log_absence(
        people.membership,
        reason=AbsenceReason.SICKNESS,
        starts_on=START,
        expected_return_on=RETURN,
        sickness_details="Needs a phased return",
    )


def absence_form(**overrides):
    data = {
        "gmc_number": "",
        "reason": "PARENTAL",
        "parental_leave": "MATERNITY",
        "starts_on_0": "25",
        "starts_on_1": "2",
        "starts_on_2": "2027",
        "expected_return_on_0": "25",
        "expected_return_on_1": "8",
        "expected_return_on_2": "2027",
        "planned": "YES",
    }
    return {**data, **overrides}


def test_the_deanery_logs_an_absence_by_gmc_number(client, people):
    sign_in(client, people.deanery)
    url = reverse("returners:absence_create")
    assert client.get(url).status_code == 200
    response = client.post(url, absence_form(gmc_number=people.membership.trainee.gmc_number))
    absence = Absence.objects.get()
    assert response.url == reverse("returners:absence_detail", args=[absence.pk])
    assert absence.logged_by == people.deanery and absence.plan.meetings.count() == 3
    page = client.get(response.url)
    assert "Pre-absence meeting" in page.text and "28 January 2027" in page.text


def test_an_invalid_absence_form_shows_the_error_summary(client, people):
    sign_in(client, people.deanery)
    response = client.post(
        reverse("returners:absence_create"),
        absence_form(
            gmc_number=people.membership.trainee.gmc_number,
            parental_leave="",
            expected_return_on_0="1",
            expected_return_on_1="1",
        ),
    )
    assert response.status_code == 200
    assert "<title>Error: Log an absence" in response.text
    assert "There is a problem" in response.text
    assert "Select the kind of parental leave" in response.text
    assert "The expected return date must be after the first day of the absence" in response.text
    assert not Absence.objects.exists()


def test_a_trainee_out_of_scope_is_not_found_by_gmc_number(client, people):
    sign_in(client, people.deanery)
    response = client.post(
        reverse("returners:absence_create"),
        absence_form(gmc_number=people.far_membership.trainee.gmc_number),
    )
    assert "No trainee you work with has this GMC number" in response.text
    assert not Absence.objects.exists()


def test_a_trainee_tells_us_about_their_own_absence(client, people):
    sign_in(client, people.trainee)
    response = client.post(
        reverse("returners:my_absence_create"),
        absence_form(reason="CARER", expected_return_on_1="4", opt_in="on"),
    )
    absence = Absence.objects.get()
    assert response.status_code == 302 and absence.plan.opted_in
    home = client.get(reverse("trainees:home"))
    assert "View your return-to-training plan" in home.text


def test_the_trainee_home_shows_a_record_waiting_for_acknowledgement(client, people, absence):
    meeting = meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE]
    meeting_log(meeting=meeting, actor=people.supervisor, held_on=date(2027, 1, 4), content={})
    meeting_sign_off(meeting=meeting, actor=people.supervisor)
    sign_in(client, people.trainee)
    home = client.get(reverse("trainees:home"))
    assert "Read and acknowledge it" in home.text
    url = reverse("returners:meeting_acknowledge", args=[meeting.pk])
    response = client.post(url, {"comment": "Agreed"})
    assert response.url == reverse("returners:meeting_detail", args=[meeting.pk])
    meeting.refresh_from_db()
    assert meeting.status == "ACKNOWLEDGED" and meeting.trainee_comment == "Agreed"


@pytest.mark.parametrize(
    "name",
    [
        "returners:absence_detail",
        "returners:absence_change",
        "returners:absence_return",
        "returners:kit_day_add",
        "returners:health_detail",
        "returners:es_extend",
    ],
)
@pytest.mark.parametrize(
    "who", ["other_supervisor", "other_tpd", "other_deanery", "far_supervisor", "far_tpd"]
)
def test_someone_elses_trainee_answers_404(client, people, absence, name, who):
    sign_in(client, getattr(people, who))
    assert client.get(reverse(name, args=[absence.pk])).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "returners:meeting_detail",
        "returners:meeting_ics",
        "returners:meeting_acknowledge",
        "returners:meeting_addendum_add",
        "supervisors:meeting_schedule",
        "supervisors:meeting_log",
        "supervisors:action_add",
    ],
)
def test_another_supervisors_trainee_meeting_answers_404(client, people, absence, name):
    meeting = meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE]
    sign_in(client, people.far_supervisor)
    assert client.get(reverse(name, args=[meeting.pk])).status_code == 404


def test_another_supervisor_cannot_sign_off_either(client, people, absence):
    meeting = meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE]
    meeting_log(meeting=meeting, actor=people.supervisor, held_on=date(2027, 1, 4), content={})
    sign_in(client, people.far_supervisor)
    url = reverse("supervisors:meeting_sign_off", args=[meeting.pk])
    assert client.post(url).status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == "LOGGED"


def test_a_role_that_can_see_but_not_act_gets_403(client, people, absence):
    sign_in(client, people.admin)
    assert client.get(reverse("returners:absence_detail", args=[absence.pk])).status_code == 200
    assert client.get(reverse("returners:absence_return", args=[absence.pk])).status_code == 403
    meeting = meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE]
    assert client.get(reverse("supervisors:meeting_log", args=[meeting.pk])).status_code == 403


@pytest.mark.parametrize("who", ["supervisor", "tpd", "deanery"])
def test_named_roles_see_health_details_and_each_view_is_audited(client, people, absence, who):
    user = getattr(people, who)
    sign_in(client, user)
    url = reverse("returners:health_detail", args=[absence.pk])
    for _ in range(2):
        response = client.get(url)
        assert "Needs a phased return" in response.text
    events = AuditEvent.objects.filter(action="supportt.health_view", actor=user)
    assert events.count() == 2
    assert events.first().object_id == str(absence.pk)


def test_the_trainee_sees_their_own_health_details(client, people, absence):
    sign_in(client, people.trainee)
    assert (
        "Needs a phased return"
        in client.get(reverse("returners:health_detail", args=[absence.pk])).text
    )


def test_an_admin_never_sees_health_details(client, people, absence):
    sign_in(client, people.admin)
    response = client.get(reverse("returners:health_detail", args=[absence.pk]))
    assert response.status_code == 403
    assert (
        "Needs a phased return"
        not in client.get(reverse("returners:absence_detail", args=[absence.pk])).text
    )
    assert not AuditEvent.objects.filter(action="supportt.health_view").exists()


def test_the_absence_page_itself_shows_no_health_details(client, people, absence):
    sign_in(client, people.supervisor)
    page = client.get(reverse("returners:absence_detail", args=[absence.pk])).text
    assert "Needs a phased return" not in page
    assert "View sickness and occupational health details" in page


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("returners:plan_opt_in", "absence"),
        ("supervisors:meeting_sign_off", "meeting"),
    ],
)
def test_state_changes_are_post_only(client, people, absence, name, kind):
    sign_in(client, people.supervisor)
    pk = absence.pk if kind == "absence" else meetings_by_kind(absence)["PRE_ABSENCE"].pk
    assert client.get(reverse(name, args=[pk])).status_code == 405


def test_a_kit_day_over_the_limit_is_refused_with_a_message(client, people):
    absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    url = reverse("returners:kit_day_add", args=[absence.pk])
    with time_machine.travel("2027-08-20 09:00 +01:00", tick=False):
        sign_in(client, people.trainee)
        for day in (1, 2, 5, 6, 7, 8, 9, 12, 13, 14, 15):  # working days in April 2027
            response = client.post(
                url, {"kind": "KIT", "on_0": str(day), "on_1": "4", "on_2": "2027", "note": ""}
            )
    assert response.status_code == 200
    assert "All 10 KIT days for this maternity leave have been used" in response.text
    assert response.text.count("<title>Error:") == 1
    assert absence.kit_days.count() == 10


def test_the_return_and_the_date_change_pages(client, people):
    absence = log_absence(people.membership, starts_on=date(2026, 7, 1), expected_return_on=RETURN)
    sign_in(client, people.supervisor)
    response = client.post(
        reverse("returners:absence_change", args=[absence.pk]),
        {
            "starts_on_0": "1",
            "starts_on_1": "7",
            "starts_on_2": "2026",
            "expected_return_on_0": "1",
            "expected_return_on_1": "1",
            "expected_return_on_2": "2027",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("returners:absence_return", args=[absence.pk]),
        {"returned_on_0": "5", "returned_on_1": "1", "returned_on_2": "2027"},
    )
    assert "cannot be in the future" in response.text
    client.post(
        reverse("returners:absence_return", args=[absence.pk]),
        {"returned_on_0": "4", "returned_on_1": "1", "returned_on_2": "2027"},
    )
    absence.refresh_from_db()
    assert absence.actual_return_on == date(2027, 1, 4)
    page = client.get(reverse("returners:absence_detail", args=[absence.pk])).text
    # 10 working days from Mon 4 Jan 2027 end on Fri 15 Jan.
    assert "Friday 15 January 2027" in page


def test_the_deanery_edits_their_office_timings_only(client, people):
    sign_in(client, people.deanery)
    page = reverse("office:section", args=["HENW", "supportt"])
    assert f'href="{page}"' in client.get(reverse("returners:plan_list")).text
    assert client.get(reverse("office:section", args=["HEYHD", "supportt"])).status_code == 404
    data = {
        "pre_absence_opens_weeks": "12",
        "pre_absence_due_weeks": "6",
        "unplanned_due_days": "10",
        "pre_return_opens_weeks": "12",
        "pre_return_due_weeks": "8",
        "post_return_opens_weeks": "2",
        "post_return_due_weeks": "4",
        "es_days": "10",
    }
    assert client.post(page, data).status_code == 302
    bad = client.post(page, {**data, "pre_absence_due_weeks": "13"})
    assert "<title>Error:" in bad.text and "at least as many weeks before leaving" in bad.text
    sign_in(client, people.supervisor)
    assert client.get(page).status_code == 404


def test_the_plan_list_is_scoped_and_most_urgent_first(client, people):
    late = log_absence(people.membership, starts_on=date(2027, 1, 25), expected_return_on=RETURN)
    other = log_absence(
        people.far_membership,
        starts_on=START,
        expected_return_on=RETURN,
        actor=people.far_supervisor,
    )
    sign_in(client, people.deanery)
    page = client.get(reverse("returners:plan_list")).text
    assert late.membership.trainee.user.get_full_name() in page
    assert other.membership.trainee.user.get_full_name() not in page
    sign_in(client, people.tpd)
    assert (
        late.membership.trainee.user.get_full_name()
        in client.get(reverse("returners:plan_list")).text
    )


def test_the_log_page_can_start_from_a_supervisee(client, people):
    sign_in(client, people.supervisor)
    url = reverse("returners:absence_create")
    page = client.get(url, {"trainee": str(people.membership.trainee.pk)})
    assert f'value="{people.membership.trainee.gmc_number}"' in page.text
    assert client.get(url, {"trainee": "not-a-uuid"}).status_code == 404
    assert client.get(url, {"trainee": str(people.far_membership.trainee.pk)}).status_code == 404


def test_a_short_absence_page_offers_a_plan(client, people):
    absence = log_absence(
        people.membership,
        reason=AbsenceReason.CARER,
        starts_on=START,
        expected_return_on=date(2027, 4, 1),
    )
    sign_in(client, people.trainee)
    url = reverse("returners:absence_detail", args=[absence.pk])
    assert "Make a return-to-training plan" in client.get(url).text
    response = client.post(reverse("returners:plan_opt_in", args=[absence.pk]))
    assert response.url == url
    assert "Pre-return meeting" in client.get(url).text


def test_a_kit_day_is_refused_on_a_weekend_then_corrected_and_removed(client, people):
    """Found in use: days could be logged in the future and at weekends, and a mistaken day
    could be neither corrected nor removed."""
    absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    add = reverse("returners:kit_day_add", args=[absence.pk])
    day = {"kind": "KIT", "on_0": "10", "on_1": "4", "on_2": "2027", "note": "Audit day"}
    with time_machine.travel("2027-08-20 09:00 +01:00", tick=False):
        sign_in(client, people.trainee)
        refused = client.post(add, day)
        assert "10 April 2027 is a Saturday" in refused.text
        assert 'value="Audit day"' in refused.text  # nothing typed is lost
        assert client.post(add, {**day, "on_0": "9"}).status_code == 302
        logged = absence.kit_days.get()
        change = reverse("returners:kit_day_change", args=[absence.pk, logged.pk])
        assert change in client.get(reverse("returners:absence_detail", args=[absence.pk])).text
        page = client.get(change)
        assert "Remove the day on 9 April 2027" in page.text
        assert client.post(change, {**day, "on_0": "12"}).status_code == 302
        assert absence.kit_days.get().on == date(2027, 4, 12)
        remove = reverse("returners:kit_day_remove", args=[absence.pk, logged.pk])
        response = client.post(remove, follow=True)
    assert "The day on 12 April 2027 has been removed." in response.text
    assert absence.kit_days.count() == 0


def test_the_kit_day_pages_offer_only_the_kinds_the_leave_allows(client, people):
    """Found in use: maternity leave offered SPLIT days, then refused them; the change page's
    button said "Log the day"."""
    absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    with time_machine.travel("2027-08-20 09:00 +01:00", tick=False):
        sign_in(client, people.trainee)
        add = client.get(reverse("returners:kit_day_add", args=[absence.pk])).text
        assert 'value="KIT"' in add
        assert 'value="SPLIT"' not in add
        day = {"kind": "KIT", "on_0": "9", "on_1": "4", "on_2": "2027", "note": ""}
        client.post(reverse("returners:kit_day_add", args=[absence.pk]), day)
        logged = absence.kit_days.get()
        change = client.get(reverse("returners:kit_day_change", args=[absence.pk, logged.pk]))
    assert "Save changes" in change.text
    assert "Log the day" not in change.text
    assert 'value="SPLIT"' not in change.text


def test_health_details_are_offered_only_where_they_can_exist(client, people):
    maternity = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    sign_in(client, people.supervisor)
    page = client.get(reverse("returners:absence_detail", args=[maternity.pk])).text
    assert "View sickness and occupational health details" not in page


def test_a_limit_message_reads_like_its_hint(client, people, absence):
    """Found in use: the hint said "2,000" and the error "2000"."""
    sign_in(client, people.supervisor)
    meeting = meetings_by_kind(absence)["PRE_ABSENCE"]
    response = client.post(
        reverse("supervisors:meeting_log", args=[meeting.pk]),
        {
            "held_on_0": "4",
            "held_on_1": "1",
            "held_on_2": "2027",
            "return_place": "",
            "keep_in_touch": "x" * 2001,
            "consent_to_contact": "YES",
        },
    )
    assert "You can enter up to 2,000 characters" in response.text
    assert "How you will keep in touch must be 2,000 characters or fewer" in response.text
    assert "Enter where the trainee expects to return" in response.text
