from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save


def _figures_changed(sender, **kwargs):
    from portal.reports.freshness import report_data_changed

    report_data_changed()


def _reference_changed(sender, **kwargs):
    from portal.reports.freshness import report_data_changed

    report_data_changed(reference=True)


class ReportsConfig(AppConfig):
    name = "portal.reports"
    label = "reports"

    def ready(self):
        from django.db import connections

        from portal.reports.aggregates import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="reports_sqlite_median")
        # A connection opened before the app was ready (rare: a management command's checks)
        # gets the function too.
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                register_sqlite_functions(sender=None, connection=connection)
        self._connect_cache_invalidation()

    def _connect_cache_invalidation(self):
        """Signals, not calls in the services: the cached figures must be dropped on every
        write to what they read, whichever path makes it (a service, the admin, a shell or a
        data import), and that is no business rule. A write that sends no signal
        (QuerySet.update, bulk_create) is caught by the entries' timeout instead."""
        from portal.reports.sections import registered_sections
        from trainees.models import Grade, LocalOffice, Programme, ProgrammeMembership, Specialty

        # What the registered sections count (each app's `report` module names its models),
        # and the memberships they take the grade from (and the office table counts).
        figures = [ProgrammeMembership] + [
            model for section in registered_sections() for model in section.invalidated_by
        ]
        # The filter form's lists, which the sections also group and filter by.
        reference = [LocalOffice, Specialty, Grade, Programme]
        for models, receiver in ((figures, _figures_changed), (reference, _reference_changed)):
            for model in models:
                for name, signal in (("save", post_save), ("delete", post_delete)):
                    signal.connect(
                        receiver, sender=model, dispatch_uid=f"reports_{name}_{model._meta.label}"
                    )
