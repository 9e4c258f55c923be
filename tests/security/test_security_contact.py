"""Where to report a security problem (RFC 9116), and the same contact on the privacy notice."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def fields(text: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in text.splitlines() if line)


def test_security_txt_names_the_contact_and_has_not_expired(client, settings):
    settings.SECURITY_CONTACT = "report-it@example.nhs.uk"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    found = fields(response.content.decode())
    assert found["Contact"] == "mailto:report-it@example.nhs.uk"
    expires = datetime.fromisoformat(found["Expires"].replace("Z", "+00:00"))
    assert timezone.now() < expires < timezone.now() + timedelta(days=365)


def test_the_privacy_notice_gives_the_same_contact(client, settings):
    contact = fields(client.get("/.well-known/security.txt").content.decode())["Contact"]
    page = client.get("/privacy/").content.decode()
    assert f'href="{contact}"' in page
