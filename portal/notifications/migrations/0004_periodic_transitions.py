from django.db import migrations


def create_transitions_job(apps, schema_editor):
    from portal.notifications.schedules import TRANSITIONS_NAME, ensure_periodic_tasks_in_migration

    ensure_periodic_tasks_in_migration(apps, names=[TRANSITIONS_NAME])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_periodic_tasks"),
    ]

    operations = [
        migrations.RunPython(create_transitions_job, migrations.RunPython.noop),
    ]
