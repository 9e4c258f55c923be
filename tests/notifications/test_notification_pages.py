"""The in-app notifications: the list, mark one or all as read, the header badge."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.notifications.audiences import Audience
from portal.notifications.models import Notification
from portal.notifications.services import notify
from tests.factories import UserFactory
from tests.signing_in import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.notifications.urls")]


def message(user, subject="An application is waiting for you", link_path="/applications/x/"):
    notify(
        notice="test_message",
        to={Audience.USER: [user]},
        context={"title": subject, "message": f"About {subject}."},
        link_path=link_path,
    )
    return Notification.objects.filter(recipient=user, channel="IN_APP").latest("pk")


class Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1 = []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1 and data.strip():
            self.h1.append(data.strip())


def h1s(response):
    parser = Headings()
    parser.feed(response.content.decode())
    return parser.h1


def test_it_needs_sign_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_lists_only_my_in_app_messages_newest_first(client, alice, bob):
    message(alice, "First for Alice")
    message(alice, "Second for Alice")
    message(bob, "For Bob only")
    sign_in(client, alice)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert h1s(response) == ["Notifications"]
    assert "<title>Notifications – " in page
    assert page.index("Second for Alice") < page.index("First for Alice")
    assert "For Bob only" not in page
    assert "You have 2 unread notifications." in page
    assert 'href="/applications/x/"' in page
    assert response["Cache-Control"] == "no-store"


def test_an_empty_list_says_what_will_appear(client, alice):
    sign_in(client, alice)
    response = client.get(reverse("notifications:list"))
    assert "You have no notifications." in response.content.decode()
    assert h1s(response) == ["Notifications"]


def test_the_list_is_paged(client, alice):
    for n in range(25):
        message(alice, f"Message {n:02d}")
    sign_in(client, alice)
    first = client.get(reverse("notifications:list")).content.decode()
    second = client.get(reverse("notifications:list") + "?page=2").content.decode()
    assert "Message 24" in first and "Message 04" not in first
    assert "Message 04" in second and "Message 24" not in second
    assert "Page 2 of 2" in first


def test_the_query_count_does_not_grow_with_the_number_of_messages(client, alice):
    message(alice)
    sign_in(client, alice)
    client.get(reverse("notifications:list"))  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("notifications:list"))
    for n in range(15):
        message(alice, f"More {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("notifications:list"))
    assert len(many.captured_queries) == len(one.captured_queries)
    # The budget counts statements that read or write, not savepoints.
    work = [q for q in one.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(work) <= 10


def test_marking_one_as_read(client, alice):
    note = message(alice)
    sign_in(client, alice)
    response = client.post(reverse("notifications:mark_read", args=[note.public_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    note.refresh_from_db()
    assert note.read_at is not None
    page = client.get(reverse("notifications:list")).content.decode()
    assert "You have read all your notifications." in page
    assert "Mark as read" not in page


def test_marking_read_twice_keeps_the_first_time(client, alice):
    note = message(alice)
    sign_in(client, alice)
    client.post(reverse("notifications:mark_read", args=[note.public_id]))
    note.refresh_from_db()
    first = note.read_at
    client.post(reverse("notifications:mark_read", args=[note.public_id]))
    note.refresh_from_db()
    assert note.read_at == first


def test_someone_elses_message_is_not_found(client, alice, bob):
    note = message(bob)
    sign_in(client, alice)
    response = client.post(reverse("notifications:mark_read", args=[note.public_id]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_an_email_row_cannot_be_marked_through_the_page(client, alice):
    message(alice)
    email = Notification.objects.get(recipient=alice, channel="EMAIL")
    sign_in(client, alice)
    response = client.post(reverse("notifications:mark_read", args=[email.public_id]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name, args", [("notifications:mark_all_read", []), ("notifications:mark_read", ["ID"])]
)
def test_marking_is_post_only(client, alice, name, args):
    note = message(alice)
    sign_in(client, alice)
    url = reverse(name, args=[note.public_id if a == "ID" else a for a in args])
    assert client.get(url).status_code == 405
    note.refresh_from_db()
    assert note.read_at is None


def test_marking_all_as_read_touches_only_mine(client, alice, bob):
    mine = [message(alice, f"Mine {n}") for n in range(3)]
    theirs = message(bob)
    sign_in(client, alice)
    response = client.post(reverse("notifications:mark_all_read"), {"page": "2"})
    assert response["Location"] == reverse("notifications:list") + "?page=2"
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_marking_needs_the_csrf_token(alice):
    note = message(alice)
    client = Client(enforce_csrf_checks=True)
    sign_in(client, alice)
    response = client.post(reverse("notifications:mark_read", args=[note.public_id]))
    assert response.status_code == 403


# The header badge


def render_badge(user):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load notifications %}{% unread_badge %}")
    return template.render(Context({"request": request}))


def test_the_badge_shows_the_unread_count_with_words_for_screen_readers(alice):
    message(alice)
    message(alice, "Another")
    html = render_badge(alice)
    assert 'href="/notifications/"' in html
    assert "Notifications" in html
    assert '2<span class="nhsuk-u-visually-hidden"> unread</span>' in html
    assert html.strip().startswith('<li class="nhsuk-header__account-item">')


def test_the_badge_has_no_count_when_all_are_read(alice):
    note = message(alice)
    Notification.objects.filter(pk=note.pk).update(read_at=note.created_at)
    html = render_badge(alice)
    assert "Notifications" in html
    assert "unread" not in html


def test_the_badge_is_empty_for_someone_not_signed_in():
    assert render_badge(AnonymousUser()).strip() == ""
    assert Template("{% load notifications %}{% unread_badge %}").render(Context({})).strip() == ""


def test_the_badge_costs_one_query(alice, django_assert_num_queries):
    message(alice)
    with django_assert_num_queries(1):
        render_badge(alice)


def test_another_user_is_not_counted(alice):
    message(UserFactory())
    assert "unread" not in render_badge(alice)
