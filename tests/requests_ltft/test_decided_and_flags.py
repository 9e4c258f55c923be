"""Issue 15 item 15: a decision form for an application already decided says so and links
back; item 19: the Skilled Worker visa flag shows in the TPD's and deanery's queues as on the
application page (docs/rules.md §2)."""

import pytest
from django.urls import reverse

from requests_ltft.services import ltft as services
from requests_ltft.services import oopp as oopp_services
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


def _supported(people):
    app = services.ltft_submit(application=people.application, actor=people.trainee)
    return services.ltft_tpd_support(application=app, actor=people.tpd)


@pytest.mark.parametrize("action", ["reject", "return_for_changes"])
def test_a_decided_application_says_so_instead_of_the_form(client, people, action):
    app = _supported(people)
    sign_in(client, people.deanery)
    url = reverse("requests_ltft:ltft_action", args=[app.pk, action])
    assert "<textarea" in client.get(url).content.decode()  # open: the form shows
    services.ltft_approve(application=app, actor=people.deanery)
    page = client.get(url).content.decode()
    assert "<textarea" not in page
    assert "the LTFT application is approved" in page
    assert reverse("requests_ltft:ltft_detail", args=[app.pk]) in page


def test_a_decided_oopp_return_form_says_so(client, oopp_people):
    # Submitted but not approved: there is no pause to return from yet (a draft would be 404).
    oopp_services.oopp_submit(application=oopp_people.application, actor=oopp_people.trainee)
    sign_in(client, oopp_people.deanery)
    url = reverse("requests_ltft:oopp_return", args=[oopp_people.application.pk])
    page = client.get(url).content.decode()
    assert "This cannot be done now" in page
    assert "<form" not in page.split("<main", 1)[1]


@pytest.mark.parametrize("who", ["tpd", "deanery"])
def test_the_queues_flag_a_visa_holder_below_80_percent(client, people, who):
    people.application.skilled_worker_visa = True
    people.application.proposed_percent = 60
    people.application.save()
    app = services.ltft_submit(application=people.application, actor=people.trainee)
    if who == "deanery":
        services.ltft_tpd_support(application=app, actor=people.tpd)
    sign_in(client, getattr(people, who))
    home = reverse(f"requests_ltft:{who}_home")
    assert "Skilled Worker visa below 80%" in client.get(home, {"status": "all"}).content.decode()
