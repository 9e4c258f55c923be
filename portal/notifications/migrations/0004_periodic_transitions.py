from django.db import migrations


def create_transitions_job(apps, schema_editor):
    from portal.notifications.schedules import TRANSITIONS_NAME, ensure_periodic_tasks

    ensure_periodic_tasks(
        names=[TRANSITIONS_NAME],
        PeriodicTask=apps.get_model("django_celery_beat", "PeriodicTask"),
        IntervalSchedule=apps.get_model("django_celery_beat", "IntervalSchedule"),
        CrontabSchedule=apps.get_model("django_celery_beat", "CrontabSchedule"),
        PeriodicTasks=apps.get_model("django_celery_beat", "PeriodicTasks"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_periodic_tasks"),
    ]

    operations = [
        migrations.RunPython(create_transitions_job, migrations.RunPython.noop),
    ]
