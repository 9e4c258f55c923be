"""Invitations: a one-time link, valid for 7 days, to choose a password (docs/rules.md §13).

Nobody else ever knows a person's password: people created by an import or by hand have none
until they choose one from their link. The database keeps only a hash of each link's token.
Sending again replaces the earlier link; a used, revoked or expired link says what to do next.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import Invitation, Role, User
from portal.accounts.scopes import office_ids
from portal.core.exceptions import ApplicationError
from portal.notifications.audiences import Audience
from portal.notifications.services import notify

VALID_FOR = timedelta(days=7)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitable_people(actor: User) -> QuerySet[User]:
    """People a deanery reviewer (their offices) or an admin (all, or their office) may invite,
    with their latest invitation's times."""
    admin = office_ids(actor, Role.Kind.ADMIN)
    people = User.objects.filter(is_active=True)
    if None not in admin:
        offices = [*admin, *office_ids(actor, Role.Kind.DEANERY)]
        people = (
            people.filter(roles__local_office__in=offices).distinct() if offices else people.none()
        )
    latest = Invitation.objects.filter(user=OuterRef("pk")).order_by("-created_at")
    return people.annotate(
        invited_at=Subquery(latest.values("created_at")[:1]),
        invitation_expires_at=Subquery(latest.values("expires_at")[:1]),
        invitation_used_at=Subquery(latest.values("used_at")[:1]),
        invitation_revoked_at=Subquery(latest.values("revoked_at")[:1]),
    )


def search_people(people: QuerySet[User], query: str) -> QuerySet[User]:
    """People whose name, email or GMC number holds every word of `query`."""
    for word in query.split()[:5]:
        # GMC numbers live on the trainee record; the lookup follows the relation by name.
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(trainee__gmc_number=word)
        )
    return people


def send_invitations(*, people: QuerySet[User], sent_by: User) -> int:
    """An invitation for each of `people` who has never had one (one email each)."""
    sent = 0
    for person in people.filter(invited_at__isnull=True, is_active=True):
        send_invitation(user=person, sent_by=sent_by)
        sent += 1
    if not sent:
        raise ApplicationError("Everyone on this list has already been invited.")
    return sent


@transaction.atomic
def send_invitation(*, user: User, sent_by: User | None) -> Invitation:
    """A new link for `user` (any earlier unused link stops working), emailed through the
    outbox."""
    if not user.is_active:
        raise ApplicationError(f"{user} has been switched off, so cannot be invited.")
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user, token_hash=_hash(token), sent_by=sent_by, expires_at=now + VALID_FOR
    )
    notify(
        notice="invitation",
        to={Audience.USER: [user]},
        context={
            "action_text": "Choose your password",
            "expires_at": invitation.expires_at,
            "sent_by": sent_by,
        },
        link_path=reverse("accounts:invitation_accept", kwargs={"token": token}),
    )
    return invitation


def revoke_invitations(*, user: User) -> int:
    """Stop every unused link of `user` from working."""
    revoked = Invitation.objects.filter(
        user=user, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if not revoked:
        raise ApplicationError(f"{user} has no invitation waiting to be used.")
    return revoked


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why a link cannot be used ("unknown", "used", "replaced", "revoked", "expired"), or
    None. A link stopped by a newer invitation is "replaced"; one stopped on its own was
    withdrawn by someone ("revoked")."""
    if invitation is None or not invitation.user.is_active:
        return "unknown"
    if invitation.used_at is not None:
        return "used"
    if invitation.revoked_at is not None:
        newer = Invitation.objects.filter(
            user=invitation.user_id, created_at__gt=invitation.created_at
        ).exists()
        return "replaced" if newer else "revoked"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return None


def invitation_for_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("user").filter(token_hash=_hash(token)).first()


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    """Set the password chosen through a link, and use the link up."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=_hash(token))
        .first()
    )
    if invitation_problem(invitation) is not None:
        raise ApplicationError("This link can no longer be used. Ask for a new invitation.")
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    return user
