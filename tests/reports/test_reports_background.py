"""Exports of more than the threshold's rows: prepared by a Celery task, with progress, a
notification, a download for the requester only, and deletion after 7 days."""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import Role
from portal.audit.models import AuditEvent
from portal.notifications.models import Notification
from portal.reports import services, tasks
from portal.reports.models import ReportExport
from tests.factories import user_with_role
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
QUERY = "?quarter=2025-Q1&grade="


@pytest.fixture
def small_threshold(settings, tmp_path):
    settings.REPORTS_BACKGROUND_ROWS = 5  # the quarter has 8 rows
    settings.MEDIA_ROOT = tmp_path / "media"


def ask(client, choice="rows:ltft:csv", query=QUERY):
    with mock.patch.object(tasks.report_export_build, "apply_async") as send:
        response = client.post(reverse("reports:export") + query, {"export": choice})
    return response, send


def test_a_large_export_is_queued_and_the_task_sent_after_commit(
    client, world, small_threshold, django_capture_on_commit_callbacks
):
    sign_in(client, world.admin)
    with mock.patch.object(tasks.report_export_build, "apply_async") as send:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(reverse("reports:export") + QUERY, {"export": "rows:ltft:csv"})
            send.assert_not_called()  # not before the commit
        assert len(callbacks) == 1
    export = ReportExport.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"#export-{export.pk}")
    send.assert_called_once_with((str(export.pk),), retry=False)
    assert (export.status, export.rows_total, export.requested_by) == ("QUEUED", 8, world.admin)
    assert export.params == {"quarter": ["2025-Q1"], "grade": [""]}
    event = AuditEvent.objects.get(action="reports.export")
    assert event.detail["background"] is True
    assert event.object_id == str(export.pk)
    page = client.get(response.url)
    assert b"Waiting to start" in page.content
    assert b"<progress" in page.content


def test_the_task_builds_the_file_notifies_and_only_the_requester_can_download(
    client, world, small_threshold
):
    sign_in(client, world.admin)
    ask(client)
    export = ReportExport.objects.get()
    assert tasks.report_export_build.run(str(export.pk)) == "ready"
    export.refresh_from_db()
    assert export.status == "READY"
    assert export.percent_done == 100
    assert default_storage.exists(export.file.name)
    assert export.expires_at > timezone.now() + dt.timedelta(days=6, hours=23)
    # One email and one in-app message, linking to the download.
    messages = Notification.objects.filter(recipient=world.admin)
    assert messages.count() == 2
    link = reverse("reports:export_download", args=[export.pk])
    assert {m.link_url for m in messages} == {link}

    status = client.get(reverse("reports:export_status", args=[export.pk])).json()
    assert status["status"] == "READY"
    assert status["download_url"] == link
    download = client.get(link)
    assert download.status_code == 200
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert body.count("\r\n") == 9  # the heading and 8 rows
    assert AuditEvent.objects.filter(action="reports.export_download").count() == 1

    # Another admin, with the same rights to the figures, gets nothing.
    sign_in(client, world.henw_admin)
    assert client.get(link).status_code == 404
    assert client.get(reverse("reports:export_status", args=[export.pk])).status_code == 404


def test_running_the_task_twice_builds_once(client, world, small_threshold):
    sign_in(client, world.admin)
    ask(client)
    export = ReportExport.objects.get()
    assert services.report_export_build(export_id=export.pk) == "ready"
    assert services.report_export_build(export_id=export.pk) == "not-claimed"
    assert Notification.objects.filter(recipient=world.admin).count() == 2


def test_an_export_left_running_by_a_lost_worker_is_claimed_again(client, world, small_threshold):
    sign_in(client, world.admin)
    ask(client)
    export = ReportExport.objects.get()
    ReportExport.objects.filter(pk=export.pk).update(
        status="RUNNING", started_at=timezone.now() - dt.timedelta(minutes=5)
    )
    assert services.report_export_build(export_id=export.pk) == "not-claimed"  # still running
    ReportExport.objects.filter(pk=export.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=20)
    )
    assert services.report_export_build(export_id=export.pk) == "ready"


def test_a_requester_who_lost_the_role_gets_nothing(client, world, small_threshold):
    sign_in(client, world.admin)
    ask(client)
    Role.objects.filter(user=world.admin).delete()
    export = ReportExport.objects.get()
    assert services.report_export_build(export_id=export.pk) == "refused"
    export.refresh_from_db()
    assert export.status == "FAILED"
    assert not export.file


def test_progress_is_recorded_while_the_file_is_written(
    client, world, small_threshold, monkeypatch
):
    monkeypatch.setattr(services, "PROGRESS_EVERY_ROWS", 1)
    monkeypatch.setattr("portal.reports.exports.builders.ROW_BATCH", 3)
    seen = []
    real_update = ReportExport.objects.filter

    def spy(*args, **kwargs):
        queryset = real_update(*args, **kwargs)
        original = queryset.update

        def update(**values):
            if "rows_done" in values and "status" not in values:
                seen.append(values["rows_done"])
            return original(**values)

        queryset.update = update
        return queryset

    sign_in(client, world.admin)
    ask(client)
    export = ReportExport.objects.get()
    monkeypatch.setattr(ReportExport.objects, "filter", spy)
    services.report_export_build(export_id=export.pk)
    assert seen == [3, 6, 8]


def test_a_person_can_have_three_exports_in_hand_at_once(client, world, small_threshold):
    sign_in(client, world.admin)
    for _ in range(3):
        ask(client)
    response, send = ask(client)
    assert ReportExport.objects.count() == 3
    page = client.get(response.url)
    assert b"You already have 3 downloads being prepared" in page.content


def test_the_sweep_deletes_files_after_seven_days_and_resends_lost_tasks(
    client, world, small_threshold
):
    sign_in(client, world.admin)
    ask(client)
    ready = ReportExport.objects.get()
    services.report_export_build(export_id=ready.pk)
    ready.refresh_from_db()
    ask(client)
    lost = ReportExport.objects.exclude(pk=ready.pk).get()
    with (
        time_machine.travel(timezone.now() + dt.timedelta(minutes=3)),
        mock.patch.object(tasks.report_export_build, "apply_async") as send,
    ):
        assert services.report_exports_sweep() == {"deleted": 0, "resent": 1}
    send.assert_called_once_with((str(lost.pk),), retry=False)
    link = reverse("reports:export_download", args=[ready.pk])
    assert client.get(link).status_code == 200
    ReportExport.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(link).status_code == 404  # expired, even before the sweep
    with mock.patch.object(tasks.report_export_build, "apply_async"):
        result = services.report_exports_sweep()
    assert result["deleted"] == 2
    assert not default_storage.exists(ready.file.name)
    assert not ReportExport.objects.exists()


def test_the_tasks_set_time_limits_within_the_broker_visibility_timeout():
    from portal import celery_config

    for task in (tasks.report_export_build, tasks.report_exports_sweep):
        assert task.soft_time_limit < task.time_limit <= celery_config.LONGEST_TASK_TIME_LIMIT
        assert task.acks_late


def test_a_deanery_reviewer_cannot_download_an_admins_file(client, world, small_threshold):
    sign_in(client, world.admin)
    ask(client)
    export = ReportExport.objects.get()
    services.report_export_build(export_id=export.pk)
    reviewer = user_with_role(Role.Kind.DEANERY, world.henw)
    sign_in(client, reviewer)
    assert client.get(reverse("reports:export_download", args=[export.pk])).status_code == 404
