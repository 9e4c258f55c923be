"""The Celery configuration that the reliability criteria rely on."""

import importlib

import pytest
from django.apps import apps

from portal.celery import app
from portal.celery_config import LONGEST_TASK_TIME_LIMIT


def project_tasks():
    # Import every app's tasks module, so a task added anywhere in the project is checked.
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tasks":
                raise
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_messages_are_json_only():
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.result_serializer == "json"


def test_tasks_are_acknowledged_late_and_requeued_when_their_worker_dies():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_a_dead_broker_fails_fast():
    assert app.conf.broker_connection_timeout <= 1
    options = app.conf.broker_transport_options
    assert options["socket_connect_timeout"] <= 1
    assert options["socket_timeout"] <= 2
    assert app.conf.task_publish_retry_policy["max_retries"] <= 2


def test_the_visibility_timeout_outlasts_any_task_twice():
    longest = max(task.time_limit or app.conf.task_time_limit for task in project_tasks().values())
    assert longest <= LONGEST_TASK_TIME_LIMIT
    assert app.conf.broker_transport_options["visibility_timeout"] >= 2 * longest
    assert app.conf.result_backend_transport_options["visibility_timeout"] >= 2 * longest
    assert app.conf.visibility_timeout >= 2 * longest


def test_there_are_default_time_limits():
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit


@pytest.mark.parametrize("name", sorted(project_tasks()))
def test_every_task_sets_its_own_time_limits_and_is_safe_to_run_late(name):
    task = app.tasks[name]
    assert task.time_limit, f"{name} has no time_limit"
    assert task.soft_time_limit, f"{name} has no soft_time_limit"
    assert task.soft_time_limit < task.time_limit
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True


@pytest.mark.parametrize(
    "name",
    [
        "portal.notifications.tasks.notifications_send_due",
        "portal.notifications.tasks.reminders_send_due",
    ],
)
def test_email_tasks_retry_with_backoff_a_bounded_number_of_times(name):
    task = app.tasks[name]
    assert task.autoretry_for
    assert task.retry_backoff
    assert 0 < task.max_retries <= 5


def test_beat_reads_its_schedule_from_the_database():
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
    assert app.conf.timezone == "Europe/London"


def test_settings_win_over_the_defaults_and_transport_options_are_merged(settings):
    from portal.celery import celery_defaults

    defaults = celery_defaults({"CELERY_TASK_TIME_LIMIT"})
    assert "task_time_limit" not in defaults
    assert defaults["task_acks_late"] is True
