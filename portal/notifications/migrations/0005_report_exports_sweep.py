from django.db import migrations


def create_exports_sweep_job(apps, schema_editor):
    from portal.notifications.schedules import EXPORTS_SWEEP_NAME, ensure_periodic_tasks_in_migration

    ensure_periodic_tasks_in_migration(apps, names=[EXPORTS_SWEEP_NAME])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_periodic_transitions"),
    ]

    operations = [
        migrations.RunPython(create_exports_sweep_job, migrations.RunPython.noop),
    ]
