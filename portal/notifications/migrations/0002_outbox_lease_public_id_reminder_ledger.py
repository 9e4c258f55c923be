import uuid

import django.utils.timezone
from django.db import migrations, models


def give_each_row_its_own_public_id(apps, schema_editor):
    # A callable default is evaluated once for AddField, so existing rows would all share one
    # UUID and the unique index could not be built: fill them in one by one first.
    Notification = apps.get_model("notifications", "Notification")
    for pk in Notification.objects.filter(public_id__isnull=True).values_list("pk", flat=True):
        Notification.objects.filter(pk=pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_row_its_own_public_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="notification",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name="notification",
            name="claim_token",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="notification",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="notification",
            name="dedupe_key",
            field=models.CharField(blank=True, max_length=255, null=True, unique=True),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("channel", "IN_APP"), ("read_at__isnull", True)),
                fields=["recipient"],
                name="notification_unread",
            ),
        ),
        migrations.CreateModel(
            name="ReminderSent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("rule", models.CharField(max_length=100)),
                (
                    "object_type",
                    models.CharField(help_text="app_label.model of the object", max_length=100),
                ),
                ("object_id", models.CharField(max_length=64)),
                ("due_on", models.DateField()),
                ("recipient_count", models.PositiveSmallIntegerField(default=0)),
                (
                    "created_at",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                ),
            ],
            options={
                "verbose_name": "reminder sent",
                "verbose_name_plural": "reminders sent",
                "ordering": ["-created_at"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("rule", "object_type", "object_id", "due_on"),
                        name="reminder_once_per_rule_object_due_date",
                    )
                ],
            },
        ),
    ]
