"""The local office's settings pages, for its deanery reviewers and admins (another office's
reviewer gets 404). What each section holds and how it is saved is its app's business
(`portal.accounts.office_settings`)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from portal.accounts.decorators import role_required
from portal.accounts.forms import OfficeSettingsForm
from portal.accounts.models import Role
from portal.accounts.office_settings import (
    office_setting_history,
    settings_office_get,
    settings_section_get,
    settings_sections,
)
from portal.accounts.scopes import reviewed_offices
from portal.core.views import form_flow

REVIEWERS = (Role.Kind.DEANERY, Role.Kind.ADMIN)
HISTORY_SHOWN = 100


@login_required
@role_required(*REVIEWERS)
def office_settings_home_view(request):
    """A deanery reviewer's own office; an admin, who may change any, chooses one."""
    offices = list(reviewed_offices(request.user).order_by("name"))
    if not offices:
        raise Http404("No local office")
    if len(offices) == 1:
        return redirect("office:settings", code=offices[0].code)
    return render(request, "office/choose.html", {"offices": offices})


@login_required
@role_required(*REVIEWERS)
def office_settings_view(request, code):
    """Every section's current values, each with a link to change it."""
    office = settings_office_get(user=request.user, code=code)
    sections = [
        (section, [(s, values[s.name]) for s in section.settings])
        for section in settings_sections()
        for values in [section.current(office)]
    ]
    others = reviewed_offices(request.user).exclude(pk=office.pk).order_by("name")
    return render(
        request,
        "office/settings.html",
        {"office": office, "sections": sections, "other_offices": others},
    )


@login_required
@role_required(*REVIEWERS)
def office_settings_section_view(request, code, section):
    office = settings_office_get(user=request.user, code=code)
    section = settings_section_get(section)
    page_url = reverse("office:section", args=[office.code, section.key])
    return form_flow(
        request,
        OfficeSettingsForm,
        form_kwargs={"section": section, "initial": section.current(office)},
        act=lambda form: section.save(office=office, actor=request.user, **form.changed_values()),
        success_message=f"{section.title} saved. They apply from now on.",
        success_url=page_url,
        template="office/settings_section.html",
        heading=section.title,
        caption=office.name,
        intro=section.summary,
        back_url=reverse("office:settings", args=[office.code]),
        section=section,
        history=office_setting_history(office=office, section=section)[:HISTORY_SHOWN],
    )
