from django.db import migrations


def create_exports_sweep_job(apps, schema_editor):
    from portal.notifications.schedules import EXPORTS_SWEEP_NAME, ensure_periodic_tasks

    ensure_periodic_tasks(
        names=[EXPORTS_SWEEP_NAME],
        PeriodicTask=apps.get_model("django_celery_beat", "PeriodicTask"),
        IntervalSchedule=apps.get_model("django_celery_beat", "IntervalSchedule"),
        CrontabSchedule=apps.get_model("django_celery_beat", "CrontabSchedule"),
        PeriodicTasks=apps.get_model("django_celery_beat", "PeriodicTasks"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_periodic_transitions"),
    ]

    operations = [
        migrations.RunPython(create_exports_sweep_job, migrations.RunPython.noop),
    ]
