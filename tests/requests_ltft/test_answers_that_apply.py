"""Issue 15 item 2: an answer that hangs on another is cleared when that one changes, for
every conditional answer of LTFT and OOPP, and "check your answers" and the reviewers' pages
list only the questions that were asked (docs/rules.md §1, §2)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.core.dates import add_months
from requests_ltft.choices import ExceptionalReason, LtftReason
from requests_ltft.selectors.ltft import ltft_submission_problems
from requests_ltft.services import ltft as services
from requests_ltft.services import oopp as oopp_services
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

NOTICE = {
    "exceptional_reason": ExceptionalReason.CARER_CHANGE,
    "exceptional_explanation": "My partner's shifts changed at a week's notice.",
    "alternative_start_date": None,
}


def _date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def _short_notice_ltft(people):
    app = people.application
    soon = timezone.localdate() + timedelta(weeks=4)
    return services.ltft_draft_update(
        application=app, actor=people.trainee, start_date=soon, **NOTICE
    )


def test_moving_the_ltft_start_to_full_notice_clears_the_short_notice_answers(client, people):
    app = _short_notice_ltft(people)
    assert app.exceptional_reason
    sign_in(client, people.trainee)
    later = timezone.localdate() + timedelta(weeks=20)
    response = client.post(
        reverse("requests_ltft:ltft_step", args=[app.pk, "change"]),
        {"percent": "80", **_date_fields("start_date", later)},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.exceptional_reason, app.exceptional_explanation) == ("", "")
    check = client.get(reverse("requests_ltft:ltft_check", args=[app.pk])).content.decode()
    assert "Exceptional reason" not in check
    assert "Why the notice is short" not in check


def test_check_your_answers_lists_the_notice_questions_only_when_asked(client, people):
    app = _short_notice_ltft(people)
    sign_in(client, people.trainee)
    check = client.get(reverse("requests_ltft:ltft_check", args=[app.pk])).content.decode()
    assert "Why the notice is short" in check
    services.ltft_draft_update(
        application=app, actor=people.trainee, reasons=[LtftReason.WELLBEING]
    )
    app.refresh_from_db()
    # Not short notice any more only when the date moves; answering another page keeps it.
    assert app.exceptional_reason == ExceptionalReason.CARER_CHANGE


def test_the_reviewers_never_see_answers_the_trainee_was_no_longer_asked(client, people):
    app = _short_notice_ltft(people)
    app = services.ltft_draft_update(
        application=app,
        actor=people.trainee,
        start_date=timezone.localdate() + timedelta(weeks=20),
    )
    app = services.ltft_submit(application=app, actor=people.trainee)
    sign_in(client, people.tpd)
    page = client.get(reverse("requests_ltft:ltft_detail", args=[app.pk])).content.decode()
    assert NOTICE["exceptional_explanation"].replace("'", "&#x27;") not in page
    assert "Exceptional reason" not in page
    assert "exceptional_reason" not in app.snapshots.get().data


def test_unticking_other_clears_the_other_reason(people):
    app = services.ltft_draft_update(
        application=people.application,
        actor=people.trainee,
        reasons=[LtftReason.OTHER],
        reason_other="Training as a pilot",
    )
    app = services.ltft_draft_update(
        application=app, actor=people.trainee, reasons=[LtftReason.WELLBEING]
    )
    app.refresh_from_db()
    assert app.reason_other == ""


def _six_months_from(start):
    back = add_months(start, 6)
    return {"start_date": start, "end_date": back - timedelta(days=1), "intended_return_date": back}


def test_moving_the_oopp_start_to_full_notice_clears_the_short_notice_answers(oopp_people):
    app = oopp_people.application
    soon = timezone.localdate() + timedelta(weeks=4)
    app = oopp_services.oopp_draft_update(
        application=app,
        actor=oopp_people.trainee,
        **_six_months_from(soon),
        **NOTICE,
    )
    assert app.exceptional_reason
    later = add_months(timezone.localdate(), 4)
    app = oopp_services.oopp_draft_update(
        application=app,
        actor=oopp_people.trainee,
        **_six_months_from(later),
    )
    app.refresh_from_db()
    assert (app.exceptional_reason, app.exceptional_explanation) == ("", "")


# Issue 15 items 8 and 12: the change page -------------------------------------------------


def test_a_full_time_trainee_is_not_offered_full_time(client, people):
    sign_in(client, people.trainee)
    page = client.get(reverse("requests_ltft:ltft_step", args=[people.application.pk, "change"]))
    assert "100% (full time)" not in page.content.decode()
    assert "80%" in page.content.decode()


def test_current_hours_are_not_offered_as_an_answer_to_change(client, people):
    sign_in(client, people.trainee)
    check = client.get(reverse("requests_ltft:ltft_check", args=[people.application.pk]))
    assert "Change current hours" not in check.content.decode()
    assert "100% of full time" in check.content.decode()


def test_a_start_after_the_completion_date_is_refused_and_the_panel_says_why(client, people):
    sign_in(client, people.trainee)
    app = people.application
    late = people.membership.cct_date + timedelta(days=1)
    data = {"percent": "80", **_date_fields("start_date", late)}
    response = client.post(reverse("requests_ltft:ltft_step", args=[app.pk, "change"]), data)
    completion = f"{people.membership.cct_date:%-d %B %Y}"
    assert response.status_code == 200
    assert f"The start date must be before your completion date, {completion}" in (
        response.content.decode()
    )
    panel = client.post(reverse("requests_ltft:ltft_cct_preview", args=[app.pk]), data)
    assert f"must be before your completion date, {completion}" in panel.content.decode()
    services.ltft_draft_update(application=app, actor=people.trainee, start_date=late)
    problems = [message for _, message in services_problems(app)]
    assert any("before your completion date" in message for message in problems)


def services_problems(app):
    app.refresh_from_db()
    return ltft_submission_problems(app, today=timezone.localdate())
