"""Retention of the trainee record (portal.audit.retention, docs/rules.md §12): once every
programme the trainee was in is past the period and no other app's records about them are
left (applications, absences: their protecting foreign keys say so), the trainee record, their
programme memberships and ARCP outcomes are deleted and their account is anonymised (name and
email replaced, password unusable, switched off, roles, devices and messages removed). The
account row stays because history rows in other people's records point at it."""

from datetime import date

from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.models import Role
from portal.audit.retention import (
    JOB,
    RetentionRule,
    kept_while_still_needed,
    register,
    years_before,
)
from portal.audit.services import audit_record
from portal.notifications.models import Notification
from trainees.models import ProgrammeMembership, Trainee

ANONYMOUS_EMAIL_DOMAIN = "retention.invalid"


def expired_trainees(*, today: date, years: int):
    """Trainees who have left every programme they were in, the last of them before the
    cutoff. (A trainee with a programme still open, or with no programme at all, is kept: the
    second is for a person to decide.)"""
    cutoff = years_before(today, years)
    still_in = ProgrammeMembership.objects.filter(trainee=OuterRef("pk"), end_date__isnull=True)
    return (
        Trainee.objects.filter(memberships__isnull=False)
        .exclude(Exists(still_in))
        .annotate(last_left=Max("memberships__end_date"))
        .filter(last_left__lt=cutoff)
        .order_by("pk")
    )


@kept_while_still_needed
@transaction.atomic
def remove_trainee(trainee, *, years: int) -> bool:
    """Delete the trainee record and anonymise their account, once nothing else of theirs is
    left. False if it had gone or still has records."""
    locked = Trainee.objects.select_for_update().filter(pk=trainee.pk).first()
    if locked is None:
        return False
    user = locked.user
    audit_record(
        action="retention.delete",
        system=JOB,
        obj=locked,
        detail={"record_type": "trainee", "years": years},
    )
    locked.delete()  # memberships and ARCP outcomes go with it
    Role.objects.filter(user=user, kind=Role.Kind.TRAINEE).delete()
    if not Role.objects.filter(user=user).exists():
        # Nobody else's records need this person any more: keep the row (history points at
        # it) but nothing that identifies them.
        user.email = f"removed-{user.pk.hex}@{ANONYMOUS_EMAIL_DOMAIN}"
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        TOTPDevice.objects.filter(user=user).delete()
        Notification.objects.filter(recipient=user).delete()
        audit_record(
            action="retention.anonymise",
            system=JOB,
            obj=user,
            detail={"record_type": "trainee_account"},
        )
    return True


register(RetentionRule("trainee", order=40, expired=expired_trainees, remove=remove_trainee))
