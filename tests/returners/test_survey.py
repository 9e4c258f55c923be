"""The returners' survey (docs/rules.md §14): anonymous answers, the invitation and its
reminder sent once by the sweep, the question pages answered once.

One sickness absence in the North West from Monday 5 January 2026, back on Monday 6 July 2026:
invited 12 weeks later on Monday 28 September, reminded on 12 October, closed from 9 November.
"""

from datetime import date

import pytest
from django.conf import settings
from django.db import models
from django.urls import reverse

from portal.core.exceptions import ApplicationError
from portal.notifications.models import Notification
from returners.models import LengthBand, ReasonGroup, SurveyAnswer, SurveyInvitation
from returners.reminders import SurveyInvitationDue, SurveyReminderDue
from returners.services import absence_record_return
from returners.services.survey import ALREADY_ANSWERED, survey_answer_submit
from tests.reminder_clock import at, run_on, sent_to
from tests.returners.factories import log_absence
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

LEAVES, RETURNED = date(2026, 1, 5), date(2026, 7, 6)
INVITED, REMINDED, CLOSES = date(2026, 9, 28), date(2026, 10, 12), date(2026, 11, 9)


@pytest.fixture
def absence(people):
    with at(date(2025, 12, 1), hour=10):
        absence = log_absence(
            people.membership,
            reason="SICKNESS",
            starts_on=LEAVES,
            expected_return_on=RETURNED,
            planned=False,
        )
    with at(RETURNED, hour=10):
        return absence_record_return(absence=absence, actor=people.supervisor, returned_on=RETURNED)


def test_an_answer_holds_nothing_that_leads_back_to_the_person():
    forbidden_models = {
        settings.AUTH_USER_MODEL.lower(),
        "trainees.trainee",
        "trainees.programmemembership",
        "returners.absence",
        "returners.returnplan",
        "returners.surveyinvitation",
    }
    for model in (SurveyAnswer,):
        for field in model._meta.get_fields():
            if field.is_relation:
                assert field.related_model._meta.label_lower not in forbidden_models, field.name
            name = field.name.lower()
            assert not any(word in name for word in ("name", "email", "gmc")), field.name
            # No time either: it could be matched with the invitation used at the same moment.
            assert not isinstance(field, models.DateTimeField), field.name
    assert SurveyAnswer._meta.pk.get_internal_type() == "UUIDField"
    invitation_fields = {f.name for f in SurveyInvitation._meta.get_fields()}
    assert invitation_fields == {"absence"}


def test_the_returner_is_invited_once_twelve_weeks_after_the_return(people, absence):
    assert run_on(date(2026, 9, 25), SurveyInvitationDue) == 0
    assert run_on(INVITED, SurveyInvitationDue) == 1
    assert run_on(INVITED, SurveyInvitationDue) == 0  # the doubled sweep
    assert run_on(date(2026, 9, 29), SurveyInvitationDue) == 0
    assert sent_to(SurveyInvitationDue) == [people.trainee.email]
    mine = Notification.objects.filter(recipient=people.trainee, link_url__contains="survey")
    assert sorted(mine.values_list("channel", flat=True)) == ["EMAIL", "IN_APP"]
    email = mine.get(channel="EMAIL")
    assert email.subject == "Tell us how your return to training went"
    assert "You can answer until 8 November 2026" in email.body_text
    assert email.link_url == reverse("returners:survey_start", args=[absence.pk])


def test_one_reminder_two_weeks_later_unless_answered(people, absence):
    run_on(INVITED, SurveyInvitationDue)
    assert run_on(date(2026, 10, 9), SurveyReminderDue) == 0
    assert run_on(REMINDED, SurveyReminderDue) == 1
    assert run_on(REMINDED, SurveyReminderDue) == 0
    assert run_on(date(2026, 10, 13), SurveyReminderDue) == 0


def test_no_reminder_once_answered_and_no_invitation_after_it_closes(people, absence):
    with at(date(2026, 10, 1), hour=10):
        survey_answer_submit(absence=absence, actor=people.trainee, answers={"confidence_now": 3})
    assert run_on(REMINDED, SurveyReminderDue) == 0
    assert run_on(CLOSES, SurveyInvitationDue) == 0  # a sweep that never ran in time


def test_a_survey_with_no_question_answered_is_not_a_response(people, absence):
    with at(INVITED, hour=10):
        with pytest.raises(ApplicationError, match="not answered any question"):
            survey_answer_submit(
                absence=absence,
                actor=people.trainee,
                answers={"confidence_now": None, "helped_most": "", "es_had": ""},
            )
        assert not SurveyAnswer.objects.exists()
        survey_answer_submit(absence=absence, actor=people.trainee, answers={"es_had": "NO"})
    assert SurveyAnswer.objects.count() == 1


def test_answering_keeps_only_the_reporting_groups(people, absence):
    with at(INVITED, hour=10):
        survey_answer_submit(
            absence=absence,
            actor=people.trainee,
            answers={"confidence_first_day": 2, "confidence_now": 4, "helped_most": "My ES"},
        )
        with pytest.raises(ApplicationError, match="already answered"):
            survey_answer_submit(
                absence=absence, actor=people.trainee, answers={"confidence_now": 3}
            )
    answer = SurveyAnswer.objects.get()
    assert answer.return_quarter_starts_on == date(2026, 7, 1)
    assert answer.local_office == people.membership.programme.local_office
    assert answer.reason_group == ReasonGroup.SICKNESS
    assert answer.length_band == LengthBand.FROM_6_TO_12
    assert (answer.confidence_first_day, answer.confidence_now) == (2, 4)
    assert SurveyInvitation.objects.filter(absence=absence).exists()


def test_the_survey_is_closed_before_it_opens_and_after_six_weeks(people, absence):
    for day in (date(2026, 9, 27), CLOSES):
        with at(day, hour=10), pytest.raises(ApplicationError, match="not open"):
            survey_answer_submit(absence=absence, actor=people.trainee, answers={})
    assert not SurveyAnswer.objects.exists()


def _answer_every_page(client, absence):
    start = reverse("returners:survey_start", args=[absence.pk])
    page = client.get(start)
    assert b"Start the survey" in page.content
    url = reverse("returners:survey_step", args=[absence.pk, "confidence"])
    response = client.post(url, {"confidence_first_day": "2", "confidence_now": "5"})
    for _ in range(10):
        if response.url == start:
            return response
        response = client.post(response.url, {})
    raise AssertionError("The survey never ended")


def test_the_pages_ask_one_topic_each_and_send_the_answers_once(client, people, absence):
    client.force_login(people.trainee)
    with at(INVITED, hour=10):
        bad = client.post(
            reverse("returners:survey_step", args=[absence.pk, "supervision"]),
            {"es_days": "lots"},
        )
        assert bad.status_code == 200
        assert "Enter the number of days as a whole number" in bad.content.decode()
        _answer_every_page(client, absence)
        again = client.get(reverse("returners:survey_start", args=[absence.pk]))
        assert ALREADY_ANSWERED in again.content.decode()
        step = client.get(reverse("returners:survey_step", args=[absence.pk, "confidence"]))
        assert step.status_code == 302
    answer = SurveyAnswer.objects.get()
    assert (answer.confidence_first_day, answer.confidence_now) == (2, 5)
    assert answer.had_support


def test_someone_elses_survey_is_not_found(client, people, absence):
    for person in (people.other_trainee, people.supervisor):
        sign_in(client, person)
        response = client.get(reverse("returners:survey_start", args=[absence.pk]))
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("step", "data"),
    [
        ("confidence", {"confidence_now": "6"}),
        ("confidence", {"confidence_first_day": "0; DROP TABLE"}),
        ("meeting-pre_return", {"pre_return_happened": "MAYBE"}),
        ("supervision", {"es_days": "-1"}),
        ("supervision", {"es_days": "9" * 30}),
        ("comments", {"helped_most": "x" * 2001}),
        ("recommend", {"would_recommend": "\x00"}),
    ],
)
def test_bad_input_is_sent_back_with_a_message_and_writes_nothing(
    client, people, absence, step, data
):
    client.force_login(people.trainee)
    with at(INVITED, hour=10):
        response = client.post(reverse("returners:survey_step", args=[absence.pk, step]), data)
    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.content.decode()
    assert not SurveyAnswer.objects.exists() and not SurveyInvitation.objects.exists()


def test_sending_every_page_empty_says_so_on_the_last_page_and_keeps_the_invitation(
    client, people, absence
):
    client.force_login(people.trainee)
    start = reverse("returners:survey_start", args=[absence.pk])
    with at(INVITED, hour=10):
        response = client.post(reverse("returners:survey_step", args=[absence.pk, "confidence"]))
        for _ in range(10):
            if response.status_code == 200:
                break
            response = client.post(response.url, {})
        page = response.content.decode()
        assert "not answered any question" in page and "<title>Error:" in page
        assert not SurveyAnswer.objects.exists()
        assert b"Start the survey" in client.get(start).content
