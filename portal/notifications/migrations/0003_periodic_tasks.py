from django.db import migrations


def create_periodic_tasks(apps, schema_editor):
    from portal.notifications.schedules import ensure_periodic_tasks

    ensure_periodic_tasks(
        PeriodicTask=apps.get_model("django_celery_beat", "PeriodicTask"),
        IntervalSchedule=apps.get_model("django_celery_beat", "IntervalSchedule"),
        CrontabSchedule=apps.get_model("django_celery_beat", "CrontabSchedule"),
        PeriodicTasks=apps.get_model("django_celery_beat", "PeriodicTasks"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_outbox_lease_public_id_reminder_ledger"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(create_periodic_tasks, migrations.RunPython.noop),
    ]
