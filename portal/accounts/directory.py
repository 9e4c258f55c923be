"""Who receives a message: the one list of people behind every email and reminder.

Both ways in read the same rules, so a transition's email and a sweep's reminder reach the same
people: a deactivated account receives nothing, and a deputy counts only while deputising on
the day. `Directory` loads each group once per sweep (a query per group, however many rows the
sweep reads); `tpds_for`, `deanery_for` and `supervisors_for` answer for one record at a time.
"""

from collections import defaultdict
from datetime import date
from functools import cached_property

from django.db.models import QuerySet
from django.utils import timezone

from portal.accounts.models import Role, TpdDeputy, User


def _deputies_on(day: date) -> QuerySet[TpdDeputy]:
    return TpdDeputy.objects.filter(
        starts_on__lte=day, ends_on__gte=day, deputy__is_active=True
    ).select_related("deputy")


def _deanery_roles() -> QuerySet[Role]:
    return (
        Role.objects.filter(kind=Role.Kind.DEANERY, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def _active_tpds(programme) -> list[User]:
    return [tpd for tpd in programme.tpds.all() if tpd.is_active]


class Directory:
    """The people a sweep on `today` may need: TPDs, their deputies and deanery reviewers."""

    def __init__(self, today: date):
        self.today = today

    @cached_property
    def _deputies(self) -> dict:
        by_tpd = defaultdict(list)
        for row in _deputies_on(self.today):
            by_tpd[row.tpd_id].append(row.deputy)
        return by_tpd

    @cached_property
    def _deanery(self) -> dict:
        by_office = defaultdict(list)
        for role in _deanery_roles():
            by_office[role.local_office_id].append(role.user)
        return by_office

    def tpds(self, programme) -> list[User]:
        """The programme's TPDs and anyone deputising for them today. The programme's `tpds`
        must be prefetched (``prefetch_related("programme__tpds")``), or this costs a query."""
        tpds = _active_tpds(programme)
        deputies = [d for tpd in tpds for d in self._deputies.get(tpd.pk, [])]
        return distinct_people(tpds + deputies)

    def deanery(self, local_office_id) -> list[User]:
        """The office's deanery reviewers."""
        return distinct_people(self._deanery.get(local_office_id, []))


def tpds_for(programme, *, today: date | None = None) -> list[User]:
    """The programme's TPDs, and anyone deputising for one of them today."""
    tpds = _active_tpds(programme)
    rows = _deputies_on(today or timezone.localdate()).filter(tpd__in=tpds)
    return distinct_people(tpds + [row.deputy for row in rows])


def deanery_for(local_office_id) -> list[User]:
    """The office's deanery reviewers."""
    return distinct_people(
        [role.user for role in _deanery_roles().filter(local_office_id=local_office_id)]
    )


def supervisors_for(*, trainee_id, programme_id) -> list[User]:
    """The trainee's educational supervisor in that programme, if one is named and active."""
    return list(
        User.objects.filter(
            supervised_memberships__trainee_id=trainee_id,
            supervised_memberships__programme_id=programme_id,
            is_active=True,
        )
    )


def distinct_people(people: list) -> list:
    """Each person once, in the order first met; empty places (no case owner yet) dropped."""
    return list({person.pk: person for person in people if person is not None}.values())
