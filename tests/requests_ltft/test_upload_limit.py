"""The per-person limit on uploads (docs/security.md §4): past it, a "Too many requests" page
that says when to try again, with nothing stored."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.requests_ltft.factories import PDF, OoppApplicationFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_uploads_an_hour(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": (2, 60 * 60)}


def upload(client, application, kind, step):
    file = SimpleUploadedFile("letter.pdf", PDF, "application/pdf")
    page = reverse(f"requests_ltft:{kind}_step", args=[application.pk, step])
    return client.post(page, {"file": file})


@pytest.mark.parametrize("kind, step", [("ltft", "evidence"), ("oopp", "confirmation")])
def test_past_the_limit_an_upload_gets_the_too_many_requests_page(
    client, people, media, kind, step
):
    application = people.application
    if kind == "oopp":
        application = OoppApplicationFactory(membership=people.membership, confirmation=False)
    sign_in(client, people.trainee)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert upload(client, application, kind, step).status_code == 302
        assert upload(client, application, kind, step).status_code == 302
        clock.shift(timedelta(minutes=5))
        refused = upload(client, application, kind, step)

        assert refused.status_code == 429
        page = refused.content.decode()
        assert "<h1>Too many requests</h1>" in page
        assert "You have uploaded 2 files in the last hour." in page
        assert "The file you just chose was not uploaded." in page
        try_again = timezone.localtime() + timedelta(seconds=int(refused["Retry-After"]))
        assert f"Try again after {try_again:%-I:%M%p}".lower() in page.lower()
        # Counted over any rolling hour: the first uploads stop counting an hour later.
        assert 50 * 60 <= int(refused["Retry-After"]) <= 65 * 60
        assert application.evidence.count() == 2

        clock.shift(timedelta(seconds=int(refused["Retry-After"])))
        sign_in(client, people.trainee)  # the session itself has been idle too long by now
        assert upload(client, application, kind, step).status_code == 302
    assert application.evidence.count() == 3


def test_the_limit_is_per_person(client, people, media):
    sign_in(client, people.trainee)
    for _ in range(2):
        upload(client, people.application, "ltft", "evidence")
    assert upload(client, people.application, "ltft", "evidence").status_code == 429

    other = OoppApplicationFactory(confirmation=False)
    client.logout()
    sign_in(client, other.trainee.user)
    assert upload(client, other, "oopp", "confirmation").status_code == 302
