"""Bad input never gives a 500 in the Django admin either (ASVS 8.2.3 and 2.2).

Every add and change form of every model registered with the portal's admin site is read as
the admin user sees it, and hypothesis posts hostile submissions to it (the same generator as
the portal's own forms, tests/security/hostile_input.py). The models are taken from
`admin.site._registry`, so a model registered tomorrow is fuzzed without a line here. An answer
may be the form again with its errors, a redirect, or a refusal: never a 500.
"""

import os

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.security.hostile_input import form_fields, form_input
from tests.security.test_bad_input import FUZZ

# The admin forms are many and staff-only: their own, smaller count keeps CI's run short.
ADMIN_FUZZ = hypothesis_settings(
    FUZZ, max_examples=int(os.environ.get("SECURITY_ADMIN_FUZZ_EXAMPLES", "15"))
)

pytestmark = pytest.mark.django_db


def _registered_models():
    admin.site.name  # noqa: B018 - builds the lazy default site and its registry
    return sorted(
        (model for model in admin.site._registry if model.__module__.startswith(OURS)),
        key=lambda model: model._meta.label_lower,
    )


# The forms the portal registers itself; libraries'
# own admin pages (django-celery-beat's schedules) are theirs to test.
OURS = ("portal.", "trainees.", "requests_ltft.", "returners.", "supervisors.")


ADMIN_FORMS = [(model, page) for model in _registered_models() for page in ("add", "change")]


def _form_url(model, page) -> str | None:
    """The form's address, or None when the admin offers no such form (adding is refused, or
    the world holds no row to change)."""
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_{page}"
    if page == "add":
        return reverse(name)
    pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return None if pk is None else reverse(name, args=[pk])


_STATES: dict = {}


def _state(model, page, world, client) -> dict:
    key = (model, page, id(world))
    if key not in _STATES:
        _STATES.clear()
        url = _form_url(model, page)
        fields = []
        if url is not None:
            form = client.get(url)
            if form.status_code == 200:
                fields = form_fields(form.content.decode(), url)
            else:
                url = None  # refused (a model the admin may not add to): nothing to post
        ids = [str(user.pk) for user in world.users.values() if user is not None]
        _STATES[key] = {"url": url, "fields": fields, "ids": ids}
    return _STATES[key]


@pytest.mark.parametrize(
    ("model", "page"),
    ADMIN_FORMS,
    ids=[f"{model._meta.label_lower}-{page}" for model, page in ADMIN_FORMS],
)
@ADMIN_FUZZ
@given(data=st.data())
def test_no_admin_submission_gives_a_500(model, page, world, role_clients, data, settings):
    # Django's admin forms look each person field up on its own: the query count of pages we
    # do not write is not what this test is about.
    settings.ZEAL_RAISE = False
    client = role_clients.client("admin")
    state = _state(model, page, world, client)
    if state["url"] is None:
        return
    submission = data.draw(form_input(state["fields"], state["ids"]), label="submission")
    with transaction.atomic():
        try:
            response = client.post(state["url"], submission)
            assert response.status_code in (200, 302, 400, 403, 404), response.status_code
        finally:
            transaction.set_rollback(True)


def test_the_admin_forms_fuzzed_include_every_registered_model():
    """The admin site's registry is the list: the TPD-deputy form, where a person field that
    was not an id once gave a 500, is among them."""
    labels = {model._meta.label_lower for model, _ in ADMIN_FORMS}
    assert {"accounts.tpddeputy", "accounts.user", "audit.auditevent"} <= labels
    assert len(labels) == len(_registered_models())


def test_a_key_too_large_for_the_database_is_a_form_error_not_a_500(world, role_clients, settings):
    """Found by the fuzzing above: a 20-digit number in the programme's office field reached
    the database in the autocomplete widget's lookup and overflowed it."""
    from trainees.models import Programme

    settings.ZEAL_RAISE = False
    client = role_clients.client("admin")
    programme = Programme.objects.first()
    url = reverse("admin:trainees_programme_change", args=[programme.pk])
    response = client.post(url, {"name": programme.name, "local_office": "9" * 20})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
