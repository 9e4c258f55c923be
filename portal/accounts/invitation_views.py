"""Pages for invitations: the person choosing a password from their link, and deanery
reviewers and admins sending, resending and revoking links."""

import time

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from portal.accounts.decorators import role_required
from portal.accounts.forms import PortalSetPasswordForm
from portal.accounts.invitations import (
    accept_invitation,
    invitable_people,
    invitation_for_token,
    invitation_problem,
    revoke_invitations,
    search_people,
    send_invitation,
)
from portal.accounts.middleware import LOGIN_AT_KEY, TOUCHED_AT_KEY
from portal.accounts.models import Role
from portal.accounts.scopes import requires_mfa
from portal.core.views import form_flow, post_action

PAGE_SIZE = 50
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class InvitationPasswordForm(PortalSetPasswordForm):
    submit_text = "Save password"

    def __init__(self, data=None, *, user):
        super().__init__(user, data)


def invitation_accept_view(request, token):
    invitation = invitation_for_token(token)
    problem = invitation_problem(invitation)
    if problem is not None:
        context = {"problem": problem, "sent_by": invitation and invitation.sent_by}
        return render(request, "accounts/invitation_unusable.html", context, status=410)
    user = invitation.user

    def act(form):
        accepted = accept_invitation(token=token, password=form.cleaned_data["new_password1"])
        login(request, accepted, backend=MODEL_BACKEND)
        request.session[LOGIN_AT_KEY] = request.session[TOUCHED_AT_KEY] = time.time()
        return accepted

    return form_flow(
        request,
        InvitationPasswordForm,
        form_kwargs={"user": user},
        act=act,
        success_message=lambda u: (
            "Your password is saved. Now set up a second way to prove it is you."
            if requires_mfa(u)
            else "Your password is saved and you are signed in."
        ),
        success_url=lambda u: reverse("accounts:mfa") if requires_mfa(u) else reverse("home"),
        heading="Choose your password",
        caption=user.get_full_name(),
        intro=f"You will sign in with {user.email}.",
    )


@login_required
@role_required(Role.Kind.DEANERY, Role.Kind.ADMIN)
def invitation_list_view(request):
    query = request.GET.get("q", "").strip()[:100]
    people = search_people(invitable_people(request.user), query)
    return render_invitation_list(
        request, people, heading="Invite people", query=query, searchable=True
    )


def render_invitation_list(request, people, *, heading, query="", searchable=False, extra=None):
    """The list of people with their invitations, paged: the general list and an import's."""
    ordered = people.order_by("last_login", "last_name", "first_name", "pk")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "people": page.object_list,
        "heading": heading,
        "query": query,
        "searchable": searchable,
        "now": timezone.now(),
        "back": request.get_full_path(),
        **(extra or {}),
    }
    return render(request, "accounts/invitations.html", context)


def _back(request) -> str:
    """Back to the list the button was pressed on (a search, a page, an import's people)."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("people:invitations")


def _person(request, user_id):
    return get_object_or_404(invitable_people(request.user), pk=user_id)


@login_required
@require_POST
@role_required(Role.Kind.DEANERY, Role.Kind.ADMIN)
def invitation_send_view(request, user_id):
    person = _person(request, user_id)
    return post_action(
        request,
        act=lambda: send_invitation(user=person, sent_by=request.user),
        success_message=f"Invitation sent to {person.email}. The link works for 7 days.",
        success_url=_back(request),
    )


@login_required
@require_POST
@role_required(Role.Kind.DEANERY, Role.Kind.ADMIN)
def invitation_revoke_view(request, user_id):
    person = _person(request, user_id)
    return post_action(
        request,
        act=lambda: revoke_invitations(user=person),
        success_message=f"The invitation to {person.email} no longer works.",
        success_url=_back(request),
    )
