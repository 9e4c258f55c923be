from django.db import migrations


def create_periodic_tasks(apps, schema_editor):
    from portal.notifications.schedules import (
        REMINDERS_NAME,
        SEND_DUE_NAME,
        ensure_periodic_tasks_in_migration,
    )

    # Only the jobs this migration introduced; later jobs come with their own migrations.
    ensure_periodic_tasks_in_migration(apps, names=[SEND_DUE_NAME, REMINDERS_NAME])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_outbox_lease_public_id_reminder_ledger"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(create_periodic_tasks, migrations.RunPython.noop),
    ]
