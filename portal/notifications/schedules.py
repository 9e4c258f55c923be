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

from django.utils import timezone

SEND_DUE_NAME = "Send due notifications (every minute)"
REMINDERS_NAME = "Send reminders and escalations (daily, 07:00)"
TRANSITIONS_NAME = "Start and end approved applications on their dates (daily, 05:00)"
EXPORTS_SWEEP_NAME = "Delete expired report downloads (every 10 minutes)"
RETENTION_NAME = "Apply the retention schedule (daily, 02:30)"

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
    {
        "name": REMINDERS_NAME,
        "task": "portal.notifications.tasks.reminders_send_due",
        # https://crontab.guru/#0_7_*_*_* — before the working day, in UK time.
        "crontab": {"minute": "0", "hour": "7", "timezone": "Europe/London"},
        # A missed day is caught up by the next run (rules yield everything due so far).
        "expire_seconds": 6 * 60 * 60,
        "description": "Runs every reminder rule. Safe to run twice: each reminder is sent once.",
    },
    {
        "name": TRANSITIONS_NAME,
        "task": "requests_ltft.tasks.applications_apply_due_transitions",
        # Every day, weekends too: a change can start on any date. Early, so the day's
        # applications are active before anyone signs in, and before the 07:00 reminders read
        # them.
        "crontab": {"minute": "0", "hour": "5", "timezone": "Europe/London"},
        # A missed day is caught up by the next run (it moves everything due so far).
        "expire_seconds": 6 * 60 * 60,
        "description": "Approved LTFT and OOPP applications become active on their start date "
        "and end on their end or return date. Safe to run twice.",
    },
    {
        "name": EXPORTS_SWEEP_NAME,
        "task": "portal.reports.tasks.report_exports_sweep",
        "interval": {"every": 600, "period": "seconds"},
        "expire_seconds": 540,
        "description": "Deletes report downloads older than 7 days and re-sends exports whose "
        "task was lost. Safe to run twice.",
    },
    {
        "name": RETENTION_NAME,
        "task": "portal.audit.tasks.retention_apply_due",
        "crontab": {"minute": "30", "hour": "2", "timezone": "Europe/London"},
        "expire_seconds": 6 * 60 * 60,
        "description": "Deletes or anonymises records past retention; keeps the audit log. "
        "Safe to run twice.",
    },
]


def ensure_periodic_tasks(
    *,
    PeriodicTask,
    IntervalSchedule,
    CrontabSchedule,
    PeriodicTasks,
    reset: bool = False,
    names: list[str] | None = None,
) -> list[str]:
    """Create the jobs that are missing (all of them with `reset`); returns the names written.

    Takes the model classes so a migration can pass its historical models, and `names` so each
    migration creates only the jobs it introduced (every job when not given).
    """
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
    return ensure_periodic_tasks(
        names=names,
        **{
            model: apps.get_model("django_celery_beat", model)
            for model in ("PeriodicTask", "IntervalSchedule", "CrontabSchedule", "PeriodicTasks")
        },
    )
