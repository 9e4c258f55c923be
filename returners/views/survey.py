"""The returners' survey pages (docs/rules.md §14), reached from the invitation's link.

Answers are kept in the session, page by page, until the last page sends them: nothing is
written before then, so a survey left half-way leaves nothing behind."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from portal.core.views import form_flow
from portal.reports.periods import latest_complete_quarter, quarter_choices, quarter_period
from returners.forms.survey import SUPPORTED_STEPS, UNSUPPORTED_STEPS
from returners.selectors import survey_absence_get, survey_comments
from returners.services.survey import (
    ALREADY_ANSWERED,
    had_support,
    survey_answer_submit,
    survey_dates_for,
)

CAPTION = "Your return to training"


def _session_key(absence) -> str:
    return f"returners-survey:{absence.pk}"


def _steps(absence) -> dict:
    return SUPPORTED_STEPS if had_support(absence) else UNSUPPORTED_STEPS


def _is_open(absence) -> bool:
    dates = survey_dates_for(absence)
    return dates is not None and dates.is_open(timezone.localdate())


@login_required
def survey_start_view(request, pk):
    absence = survey_absence_get(user=request.user, pk=pk)
    dates = survey_dates_for(absence)
    return render(
        request,
        "returners/survey/start.html",
        {
            "absence": absence,
            "dates": dates,
            "is_open": _is_open(absence),
            "already_answered": absence.survey_used,
            "already_answered_text": ALREADY_ANSWERED,
            "first_step": next(iter(_steps(absence))),
            "caption": CAPTION,
            "today": timezone.localdate(),
        },
    )


@login_required
def survey_step_view(request, pk, step):
    absence = survey_absence_get(user=request.user, pk=pk)
    steps = _steps(absence)
    if step not in steps:
        raise Http404("No such question page")
    start_url = reverse("returners:survey_start", args=[absence.pk])
    if absence.survey_used or not _is_open(absence):
        # The start page says why: already answered, not open yet, or closed.
        return redirect(start_url)
    names = list(steps)
    index = names.index(step)
    is_last = index == len(names) - 1
    key = _session_key(absence)

    def act(form):
        answers = {**request.session.get(key, {}), **form.answers()}
        if is_last:
            survey_answer_submit(absence=absence, actor=request.user, answers=answers)
            request.session.pop(key, None)
        else:
            request.session[key] = answers

    next_url = (
        start_url
        if is_last
        else reverse("returners:survey_step", args=[absence.pk, names[index + 1]])
    )
    back_url = (
        start_url
        if index == 0
        else reverse("returners:survey_step", args=[absence.pk, names[index - 1]])
    )
    form_class = steps[step]
    saved = request.session.get(key, {})
    return form_flow(
        request,
        form_class,
        act=act,
        success_message="Thank you. Your answers have been sent." if is_last else "",
        success_url=next_url,
        form_kwargs={"initial": {name: saved.get(name) for name in form_class.base_fields}},
        heading=form_class.heading,
        caption=f"{CAPTION}: question {index + 1} of {len(names)}",
        back_url=back_url,
        intro="Every question is optional. Your answers are anonymous.",
    )


@login_required
@role_required(Role.Kind.DEANERY)
def survey_comments_view(request):
    """What returners wrote, for a quarter of returns: the office's deanery reviewers only."""
    choices = quarter_choices()
    quarter = request.GET.get("quarter")
    if quarter not in dict(choices):
        quarter = latest_complete_quarter()
    comments = survey_comments(user=request.user, quarter_starts_on=quarter_period(quarter).start)
    return render(
        request,
        "returners/survey/comments.html",
        {"choices": choices, "quarter": quarter, "comments": comments},
    )
