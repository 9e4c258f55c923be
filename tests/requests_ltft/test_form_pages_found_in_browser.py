"""What a tester walking the LTFT pages in a browser found (issue 15 items 3, 8 and the
decision pages): the live panel on a saved page, a page whose question does not apply opened
by its address, and decision pages for moves the person's role can never make."""

import pytest
from django.urls import reverse

from portal.core.exceptions import ApplicationError
from requests_ltft.presenters.ltft import ltft_answers
from requests_ltft.selectors.ltft import ltft_provisional_cct
from requests_ltft.services import ltft as services
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


def test_the_live_panel_shows_the_date_for_the_saved_answers_on_load(client, people):
    app = people.application
    sign_in(client, people.trainee)
    page = client.get(reverse("requests_ltft:ltft_step", args=[app.pk, "change"]))
    text = page.content.decode()
    assert f"{ltft_provisional_cct(app):%-d %B %Y}" in text
    assert "Choose a percentage and a start date" not in text


def test_the_short_notice_page_with_full_notice_goes_on_to_the_next_page(client, people):
    app = people.application  # starts in 20 weeks: full notice
    sign_in(client, people.trainee)
    page = client.get(reverse("requests_ltft:ltft_step", args=[app.pk, "notice"]))
    assert page.status_code == 302
    assert page.url == reverse("requests_ltft:ltft_step", args=[app.pk, "reasons"])


@pytest.fixture
def supported(people, media):
    app = services.ltft_submit(application=people.application, actor=people.trainee)
    return services.ltft_tpd_support(application=app, actor=people.tpd)


@pytest.mark.parametrize("action", ["reject", "withdraw", "approve"])
def test_a_move_the_role_can_never_make_is_not_found(client, people, supported, action):
    sign_in(client, people.tpd)
    url = reverse("requests_ltft:ltft_action", args=[supported.pk, action])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "No"}).status_code == 404


def test_the_status_keeps_the_capitals_of_tpd_in_a_sentence(people, supported):
    with pytest.raises(ApplicationError, match="it is supported by TPD"):
        services.ltft_draft_update(application=supported, actor=people.trainee, tpd_name="X")


def test_the_visa_refusal_to_approve_is_an_error_not_information(client, people, media):
    app = people.application
    app.skilled_worker_visa, app.proposed_percent = True, 60
    app.save()
    app = services.ltft_submit(application=app, actor=people.trainee)
    app = services.ltft_tpd_support(application=app, actor=people.tpd)
    sign_in(client, people.deanery)
    url = reverse("requests_ltft:ltft_action", args=[app.pk, "approve"])
    page = client.post(url, follow=True).content.decode()
    summary = page.split('class="nhsuk-error-summary"', 1)
    assert len(summary) == 2, "the refusal is not in an error summary"
    assert "before approving, or reject the application" in summary[1].split("</main>")[0]
    assert "Information: The trainee holds a Skilled Worker visa" not in page


def test_other_is_said_once_with_its_text_in_the_answers(people):
    app = people.application
    app.reasons = ["TRAINING", "OTHER"]
    app.reason_other = "OTHER-REASON-TEXT"
    reasons = next(a for a in ltft_answers(app) if a.key == "reasons")
    assert reasons.value == "Training or career development; Other: OTHER-REASON-TEXT"


def test_sharing_with_the_tpd_is_cleared_without_a_special_category_reason(people):
    app = services.ltft_draft_update(
        application=people.application,
        actor=people.trainee,
        reasons=["DISABILITY"],
        reasons_shared_with_tpd=True,
    )
    assert app.reasons_shared_with_tpd is True
    app = services.ltft_draft_update(
        application=app, actor=people.trainee, reasons=["TRAINING"], reasons_shared_with_tpd=True
    )
    app.refresh_from_db()
    assert app.reasons_shared_with_tpd is False
