"""The periodic jobs, defined here once and stored in django-celery-beat's tables, so that
admins can see, pause or re-time them (Django admin → Periodic tasks) and beat picks up the
change without a deploy.

Migrations create them (so `make run`, docker compose and production get them from the
`migrate` they already run): each migration names the jobs it adds, so a job added later comes
with a migration of its own. `manage.py setup_periodic_tasks` creates any that are missing and
`--reset` puts them all back to these definitions. Neither touches a job an admin has changed,
unless asked to reset. Run exactly one beat: every job is harmless when doubled, but there is
no point.
"""

from zoneinfo import ZoneInfo

from django.apps import apps as django_apps
from django.utils import timezone

SEND_DUE_NAME = "Send due notifications (every minute)"
REMINDERS_NAME = "Send reminders and escalations (daily, 07:00)"
TRANSITIONS_NAME = "Start and end approved applications on their dates (daily, 05:00)"
EXPORTS_SWEEP_NAME = "Delete expired report downloads (every 10 minutes)"
RETENTION_NAME = "Apply the retention schedule (daily, 02:30)"

# The daily jobs run in UK time; one that no worker picked up within six hours is dropped, and
# the next day's run catches up (each daily job handles everything due so far).
DAILY_EXPIRE_SECONDS = 6 * 60 * 60


def _daily(*, name: str, task: str, hour: int, minute: int = 0, description: str) -> dict:
    return {
        "name": name,
        "task": task,
        "crontab": {"minute": str(minute), "hour": str(hour), "timezone": "Europe/London"},
        "expire_seconds": DAILY_EXPIRE_SECONDS,
        "description": description,
    }


PERIODIC_TASKS = [
    {
        "name": SEND_DUE_NAME,
        "task": "portal.notifications.tasks.notifications_send_due",
        "interval": {"every": 60, "period": "seconds"},
        # A tick nobody picked up within the minute is replaced by the next one; without this
        # a stopped worker would come back to a queue of hundreds of identical sweeps.
        "expire_seconds": 55,
        "description": "Sends emails waiting in the outbox. Safe to run twice.",
    },
    _daily(
        name=REMINDERS_NAME,
        task="portal.notifications.tasks.reminders_send_due",
        # Before the working day.
        hour=7,
        description="Runs every reminder rule. Safe to run twice: each reminder is sent once.",
    ),
    _daily(
        name=TRANSITIONS_NAME,
        task="requests_ltft.tasks.applications_apply_due_transitions",
        # Every day, weekends too: a change can start on any date. Early, so the day's
        # applications are active before anyone signs in, and before the 07:00 reminders read
        # them.
        hour=5,
        description="Approved LTFT and OOPP applications become active on their start date "
        "and end on their end or return date. Safe to run twice.",
    ),
    {
        "name": EXPORTS_SWEEP_NAME,
        "task": "portal.reports.tasks.report_exports_sweep",
        "interval": {"every": 600, "period": "seconds"},
        "expire_seconds": 540,
        "description": "Deletes report downloads older than 7 days and re-sends exports whose "
        "task was lost. Safe to run twice.",
    },
    _daily(
        name=RETENTION_NAME,
        task="portal.audit.tasks.retention_apply_due",
        hour=2,
        minute=30,
        description="Deletes or anonymises records past retention; keeps the audit log. "
        "Safe to run twice.",
    ),
]


def ensure_periodic_tasks(
    *, apps=django_apps, reset: bool = False, names: list[str] | None = None
) -> list[str]:
    """Create the jobs that are missing (all of them with `reset`); returns the names written.

    Takes an app registry so a migration can pass its historical one, and `names` so each
    migration creates only the jobs it introduced (every job when not given).
    """
    PeriodicTask, IntervalSchedule, CrontabSchedule, PeriodicTasks = (
        apps.get_model("django_celery_beat", model)
        for model in ("PeriodicTask", "IntervalSchedule", "CrontabSchedule", "PeriodicTasks")
    )
    written = []
    for spec in PERIODIC_TASKS:
        if names is not None and spec["name"] not in names:
            continue
        task = PeriodicTask.objects.filter(name=spec["name"]).first()
        if task is not None and not reset:
            continue
        task = task or PeriodicTask(name=spec["name"])
        task.task = spec["task"]
        task.description = spec["description"]
        task.expire_seconds = spec["expire_seconds"]
        task.enabled = True
        task.interval = task.crontab = None
        if "interval" in spec:
            task.interval, _ = IntervalSchedule.objects.get_or_create(**spec["interval"])
        else:
            cron = {**spec["crontab"], "timezone": ZoneInfo(spec["crontab"]["timezone"])}
            task.crontab, _ = CrontabSchedule.objects.get_or_create(
                **cron, day_of_week="*", day_of_month="*", month_of_year="*"
            )
        task.save()
        written.append(spec["name"])
    if written:
        # Beat reloads its schedule when this timestamp moves (the model's save() does it too,
        # but a migration's historical model has no such save()).
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})
    return written


def ensure_periodic_tasks_in_migration(apps, *, names: list[str]) -> list[str]:
    """`ensure_periodic_tasks` for a data migration: the jobs it introduced, written with the
    migration's historical models of django-celery-beat."""
    return ensure_periodic_tasks(apps=apps, names=names)
