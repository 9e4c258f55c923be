"""A median that runs in the database, so a report never loads the values it summarises.

PostgreSQL has `percentile_cont`. SQLite (the embedded development database) has no median, so
the app registers a small aggregate function on each SQLite connection; it runs inside SQLite's
own query loop, which keeps the report's query count the same on both databases.
"""

from django.db.models import Aggregate, DurationField, FloatField

SQLITE_MEDIAN = "portal_median"


class Median(Aggregate):
    """The median of a number or a duration (interpolated between the two middle values)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def _resolve_output_field(self):
        source = self.get_source_fields()[0]
        return DurationField() if isinstance(source, DurationField) else FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # Aggregate.as_sql wraps `self.template` in its FILTER clause, so the template is
        # swapped on a copy rather than passed in.
        clone = self.copy()
        clone.function = SQLITE_MEDIAN
        clone.template = "%(function)s(%(expressions)s)"
        return clone.as_sql(compiler, connection, **extra_context)


class _SqliteMedian:
    """SQLite's aggregate protocol. It holds the values of one group, which is fine for the
    development database; PostgreSQL, used in production, sorts on disk as it needs to."""

    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        if not self.values:
            return None
        values = sorted(self.values)
        middle = len(values) // 2
        if len(values) % 2:
            return values[middle]
        return (values[middle - 1] + values[middle]) / 2


def register_sqlite_functions(sender, connection, **kwargs):
    """`connection_created` receiver: adds the median to every new SQLite connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(SQLITE_MEDIAN, 1, _SqliteMedian)
