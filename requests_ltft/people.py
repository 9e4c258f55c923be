"""Who is concerned by an application: the people its notifications go to."""

from django.db.models import Q
from django.utils import timezone

from portal.accounts.models import Role, TpdDeputy, User


def tpds_for(programme) -> list[User]:
    """The programme's TPDs, and anyone deputising for one of them today."""
    today = timezone.localdate()
    tpds = list(programme.tpds.all())
    deputies = User.objects.filter(
        pk__in=TpdDeputy.objects.filter(
            tpd__in=tpds, starts_on__lte=today, ends_on__gte=today
        ).values("deputy")
    )
    return tpds + list(deputies)


def deanery_for(programme) -> list[User]:
    return list(
        User.objects.filter(
            Q(roles__kind=Role.Kind.DEANERY, roles__local_office=programme.local_office_id),
            is_active=True,
        ).distinct()
    )
