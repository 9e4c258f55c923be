"""What the LTFT and OOPP pages say and how their buttons sit (issue 15, items 17 and 18)."""

import datetime

import pytest
from django.urls import reverse

from requests_ltft.forms.applications import NoticeForm
from requests_ltft.forms.ltft import ReasonsForm
from requests_ltft.services import ltft as services
from tests.nhsuk.conftest import parse
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


def url(name, app, *extra):
    return reverse(f"requests_ltft:{name}", args=[app.pk, *extra])


def test_supporting_information_over_the_limit_says_so():
    """5,001 characters were cut at 5,000 by the browser without a word."""
    form = ReasonsForm(
        data={"reasons": ["WELLBEING"], "supporting_information": "a" * 5001}, notice_weeks=16
    )
    assert not form.is_valid()
    assert form.errors["supporting_information"] == [
        "Supporting information must be 5,000 characters or fewer"
    ]


def test_the_reasons_page_counts_the_supporting_information(client, people):
    sign_in(client, people.trainee)
    page = parse(client.get(url("ltft_step", people.application, "reasons")).text)
    textarea = page.by_id("id_supporting_information")
    assert "maxlength" not in textarea.attrs
    group = textarea.closest(class_="nhsuk-character-count")
    assert group.attrs["data-maxlength"] == "5000"


def test_the_alternative_start_date_error_does_not_say_optional():
    form = NoticeForm(
        data={
            "exceptional_reason": "SAFETY",
            "exceptional_explanation": "Because",
            "alternative_start_date_0": "31",
            "alternative_start_date_1": "2",
            "alternative_start_date_2": "2027",
        },
        earliest_standard_start=datetime.date(2027, 1, 1),
    )
    assert form.errors["alternative_start_date"] == ["Alternative start date must be a real date"]


def test_supporting_an_application_says_what_the_tpd_did(client, people):
    services.ltft_submit(application=people.application, actor=people.trainee)
    sign_in(client, people.tpd)
    response = client.post(url("ltft_action", people.application, "tpd_support"), follow=True)
    assert "You supported the application." in response.text
    assert "Done:" not in response.text


def test_returning_for_changes_says_what_the_tpd_did(client, people):
    services.ltft_submit(application=people.application, actor=people.trainee)
    sign_in(client, people.tpd)
    response = client.post(
        url("ltft_action", people.application, "return_for_changes"),
        {"reason": "Add the dates of your course"},
        follow=True,
    )
    assert "You returned the application for changes." in response.text


def test_the_tpds_decision_buttons_sit_in_one_nhs_button_group(client, people):
    """Each button in its own form was no child of the group, so the buttons touched."""
    services.ltft_submit(application=people.application, actor=people.trainee)
    sign_in(client, people.tpd)
    page = parse(client.get(url("ltft_detail", people.application)).text)
    group = page.find(class_="nhsuk-button-group")
    buttons = [node for node in group.children if not isinstance(node, str)]
    assert [node.text() for node in buttons] == ["Support application", "Return for changes"]
    assert all("nhsuk-button" in node.classes for node in buttons)
    support = buttons[0]
    assert support.attrs["formaction"] == url("ltft_action", people.application, "tpd_support")
    assert group.closest("form").attrs["method"] == "post"


def test_every_ltft_notice_text_gives_the_office_number(client, people):
    """The check used the office's notice, but the pages still said 16 weeks (issue 17)."""
    office = people.application.programme.local_office
    office.ltft_notice_weeks = 20
    office.save()
    sign_in(client, people.trainee)
    app = people.application
    pages = [
        client.get(reverse("requests_ltft:ltft_start")).text,
        client.get(url("ltft_step", app, "change")).text,
        client.get(url("ltft_step", app, "reasons")).text,
    ]
    assert "Give at least 20 weeks" in pages[0]
    assert "Give at least 20 weeks" in pages[1]
    assert "less than 20 weeks away" in pages[2]
    assert not any("16 weeks" in page for page in pages)
