"""The Django admin as people who may not use it meet it."""

import pytest
from django.urls import reverse

from portal.accounts.models import Role
from tests.factories import MembershipFactory, local_office, user_with_role
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


def _follow(client, url, limit=10):
    """Follow redirects as a browser would; a browser gives up after a handful."""
    seen = []
    response = client.get(url)
    while response.status_code in (301, 302) and len(seen) < limit:
        seen.append(response.url)
        response = client.get(response.url)
    return response, seen


@pytest.mark.parametrize("who", ["trainee", "supervisor", "tpd", "deanery"])
def test_a_signed_in_person_who_is_not_staff_gets_the_portals_404(client, who):
    if who == "trainee":
        user = MembershipFactory().trainee.user
    else:
        user = user_with_role(who.upper(), local_office() if who == "deanery" else None)
    sign_in(client, user)
    for url in ["/django-admin/", "/django-admin/accounts/user/"]:
        response, redirects = _follow(client, url)
        assert response.status_code == 404, (url, redirects)
        assert b"Page not found" in response.content


def test_someone_not_signed_in_is_sent_to_the_portals_sign_in(client):
    response, redirects = _follow(client, "/django-admin/")
    assert response.status_code == 200
    assert redirects[-1].startswith(reverse("accounts:login"))


def test_a_staff_admin_still_reaches_the_admin(client):
    admin = user_with_role(Role.Kind.ADMIN, is_staff=True, is_superuser=True)
    sign_in(client, admin)
    assert client.get("/django-admin/").status_code == 200


def test_the_admin_never_shows_a_second_factors_secret_key(client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin = user_with_role(Role.Kind.ADMIN, is_staff=True, is_superuser=True)
    sign_in(client, admin)
    device = TOTPDevice.objects.get(user=admin)
    change = client.get(f"/django-admin/otp_totp/totpdevice/{device.pk}/change/")
    assert change.status_code == 200
    assert device.key.encode() not in change.content
    for page in ("config", "qrcode"):
        assert (
            client.get(f"/django-admin/otp_totp/totpdevice/{device.pk}/{page}/").status_code == 403
        )
    # An id that does not exist: refused the same way, not a 500.
    assert client.get("/django-admin/otp_totp/totpdevice/999999/config/").status_code == 403


def test_the_header_links_the_django_admin_for_staff_only(client):
    admin = user_with_role(Role.Kind.ADMIN, None, is_staff=True)
    sign_in(client, admin)
    page = client.get(reverse("reports:home")).content.decode()
    assert 'href="/django-admin/">Django admin</a>' in page

    client.logout()
    sign_in(client, user_with_role(Role.Kind.DEANERY, local_office()))
    assert "Django admin" not in client.get(reverse("reports:home")).content.decode()
