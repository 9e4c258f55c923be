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


def supervisor_for(application) -> list[User]:
    """The educational supervisor of the trainee in the application's programme, if named."""
    return list(
        User.objects.filter(
            supervised_memberships__trainee_id=application.trainee_id,
            supervised_memberships__programme_id=application.programme_id,
            is_active=True,
        )
    )
