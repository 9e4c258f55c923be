"""Who receives a reminder, looked up once per sweep rather than once per row.

`requests_ltft.people` answers the same questions for one application at a time, which is right
for a single transition but would cost a query per row in a sweep over every open application.
A `Directory` loads each group in one query the first time a rule asks for it, and answers the
rest from memory, so a rule's query count stays the same however many rows it reads.
"""

from collections import defaultdict
from datetime import date
from functools import cached_property

from portal.accounts.models import Role, TpdDeputy


class Directory:
    """The people a sweep on `today` may need: TPD deputies and deanery reviewers."""

    def __init__(self, today: date):
        self.today = today

    @cached_property
    def _deputies(self) -> dict:
        # Deputies count only while they are deputising on the day of the sweep, as in
        # requests_ltft.people.tpds_for.
        by_tpd = defaultdict(list)
        active = TpdDeputy.objects.filter(
            starts_on__lte=self.today, ends_on__gte=self.today, deputy__is_active=True
        ).select_related("deputy")
        for row in active:
            by_tpd[row.tpd_id].append(row.deputy)
        return by_tpd

    @cached_property
    def _deanery(self) -> dict:
        by_office = defaultdict(list)
        roles = Role.objects.filter(kind=Role.Kind.DEANERY, user__is_active=True).select_related(
            "user"
        )
        for role in roles.order_by("user__last_name", "user__first_name", "pk"):
            by_office[role.local_office_id].append(role.user)
        return by_office

    def tpds(self, programme) -> list:
        """The programme's TPDs and anyone deputising for them today. The programme's `tpds`
        must be prefetched (``prefetch_related("programme__tpds")``), or this costs a query."""
        tpds = [tpd for tpd in programme.tpds.all() if tpd.is_active]
        deputies = [d for tpd in tpds for d in self._deputies.get(tpd.pk, [])]
        return _distinct(tpds + deputies)

    def deanery(self, local_office_id) -> list:
        """The office's deanery reviewers."""
        return list(self._deanery.get(local_office_id, []))


def _distinct(people: list) -> list:
    return list({person.pk: person for person in people if person is not None}.values())
