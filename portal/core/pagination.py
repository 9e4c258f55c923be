"""Paginating a long, sorted list whose rows are shown with their related rows.

`Paginator(queryset.select_related(...))` asks the database to join every matching row to its
related tables before sorting and cutting out the page. On a national queue (thousands of
matching applications) that join is most of the work, and PostgreSQL may choose to read the
whole table to do it. `DeferredJoin` instead picks the page's primary keys from the table
alone (a narrow query an index can answer without touching the table), then joins only those
rows. Both steps are one SQL statement: the keys are a subquery.
"""

from django.db.models import QuerySet


class DeferredJoin:
    """A list for `django.core.paginator.Paginator`: counts and sorts on `queryset` (which
    must filter and order on its own table's columns only), and loads each page with
    `select_related(*related)`, or as dictionaries of `values` (which may follow relations)
    when those are given."""

    ordered = True  # the queryset is ordered; tells Paginator not to warn

    def __init__(
        self,
        queryset: QuerySet,
        *,
        related: tuple[str, ...] = (),
        values: tuple[str, ...] = (),
    ):
        if not queryset.ordered:
            raise ValueError("DeferredJoin needs an ordered queryset, or pages would overlap.")
        self.keys = queryset.select_related(None)
        self.related = related
        self.values = values

    def count(self) -> int:
        return self.keys.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list:
        if not isinstance(page, slice):
            raise TypeError("DeferredJoin gives whole pages only: index it with a slice.")
        ids = self.keys.values("pk")[page]
        rows = (
            self.keys.model._default_manager.filter(pk__in=ids)
            .select_related(*self.related)
            .order_by(*self.keys.query.order_by)
        )
        return list(rows.values(*self.values) if self.values else rows)
