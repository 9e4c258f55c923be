from django.db import migrations


def create_retention_job(apps, schema_editor):
    from portal.notifications.schedules import RETENTION_NAME, ensure_periodic_tasks

    ensure_periodic_tasks(
        names=[RETENTION_NAME],
        PeriodicTask=apps.get_model("django_celery_beat", "PeriodicTask"),
        IntervalSchedule=apps.get_model("django_celery_beat", "IntervalSchedule"),
        CrontabSchedule=apps.get_model("django_celery_beat", "CrontabSchedule"),
        PeriodicTasks=apps.get_model("django_celery_beat", "PeriodicTasks"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_report_exports_sweep"),
    ]

    operations = [
        migrations.RunPython(create_retention_job, migrations.RunPython.noop),
    ]
