"""`make run PORT=8102` must send emails whose links open on port 8102, not 8000."""

from portal.core.management.commands.devstack import child_environment


def test_links_follow_the_address_the_server_listens_on():
    env = child_environment("127.0.0.1:8102", {"PATH": "/usr/bin"})
    assert env["SITE_URL"] == "http://127.0.0.1:8102"
    assert env["PATH"] == "/usr/bin"


def test_a_site_url_someone_set_is_kept():
    env = child_environment("127.0.0.1:8102", {"SITE_URL": "https://portal.example"})
    assert env["SITE_URL"] == "https://portal.example"
