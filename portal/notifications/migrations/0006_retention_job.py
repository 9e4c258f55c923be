from django.db import migrations


def create_retention_job(apps, schema_editor):
    from portal.notifications.schedules import RETENTION_NAME, ensure_periodic_tasks_in_migration

    ensure_periodic_tasks_in_migration(apps, names=[RETENTION_NAME])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_report_exports_sweep"),
    ]

    operations = [
        migrations.RunPython(create_retention_job, migrations.RunPython.noop),
    ]
