"""Upload → preview (the dry run) → confirm → progress → result, for deanery reviewers (their
own office) and admins. The rules live in trainees.importing.runs."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal.accounts.decorators import role_required
from portal.accounts.invitation_views import render_invitation_list
from portal.accounts.invitations import invitable_people, send_invitations
from portal.accounts.models import Role
from portal.core.views import form_flow, post_action
from trainees.forms import ImportUploadForm
from trainees.importing.outcome import SHOWN, Outcome, error_report_csv
from trainees.importing.runs import (
    confirm_run,
    end_missing,
    importable_offices,
    people_created_by,
    start_run,
)
from trainees.models import ImportRun

REVIEWERS = (Role.Kind.DEANERY, Role.Kind.ADMIN)
# Memberships listed per page on the page that confirms ending them.
MISSING_PAGE_SIZE = 100
# ... and on the result page, before "and N more".
MISSING_SHOWN = 20


def _run_in_scope(request, pk) -> ImportRun:
    offices = importable_offices(request.user)
    run = ImportRun.objects.select_related("local_office").filter(pk=pk).first()
    if run is None or run.local_office.code not in offices:
        raise Http404("No such import")
    return run


def _ended(run: ImportRun) -> dict | None:
    ended = (run.result or {}).get("ended")
    return ended and {"count": ended["count"], "on": date.fromisoformat(ended["on"])}


@login_required
@role_required(*REVIEWERS)
def import_start_view(request):
    offices = importable_offices(request.user)
    return form_flow(
        request,
        ImportUploadForm,
        files=True,
        form_kwargs={"offices": offices},
        act=lambda form: start_run(
            user=request.user,
            office=offices[form.cleaned_data["office"]],
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        ),
        success_message="",
        success_url=lambda run: reverse("trainees:import_detail", args=[run.pk]),
        heading="Import people from TIS",
        intro=(
            "Upload the TIS export of your trainees and their programmes, or your staff file. "
            "You will see what would change before anything is saved."
        ),
    )


@login_required
@role_required(*REVIEWERS)
def import_detail_view(request, pk):
    run = _run_in_scope(request, pk)
    done = run.status == ImportRun.Status.DONE
    working = run.status in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING)
    if request.headers.get("HX-Request") and not working:
        # The progress poll of a run that has ended: show the whole result page instead.
        return HttpResponse(headers={"HX-Refresh": "true"})
    outcome = Outcome.from_json(run.result if done else run.preview)
    context = {
        "run": run,
        "outcome": outcome,
        "created": outcome.created[:SHOWN],
        "changed": outcome.changed[:SHOWN],
        "errors": outcome.errors[:SHOWN],
        "shown": SHOWN,
        "working": working,
        "rows_done": min(run.rows_done, run.rows_total),
        "percent": min(100, int(100 * run.rows_done / run.rows_total)) if run.rows_total else 0,
        "ended": _ended(run) if done else None,
        "not_in_file": outcome.not_in_file[:MISSING_SHOWN],
        "missing_shown": MISSING_SHOWN,
    }
    return render(request, "trainees/import_detail.html", context)


@login_required
@require_POST
@role_required(*REVIEWERS)
def import_confirm_view(request, pk):
    run = _run_in_scope(request, pk)
    url = reverse("trainees:import_detail", args=[run.pk])
    return post_action(
        request,
        act=lambda: confirm_run(run=run),
        success_message="The import has started.",
        success_url=url,
    )


@login_required
@role_required(*REVIEWERS)
def import_end_missing_view(request, pk):
    """Ending the memberships a full export left out: a page listing every one of them, then
    the button. Ending is only right when the file was the office's full export."""
    run = _run_in_scope(request, pk)
    url = reverse("trainees:import_detail", args=[run.pk])
    if request.method == "POST":
        return post_action(
            request,
            act=lambda: end_missing(run=run),
            success_message=lambda count: (
                f"{count} membership{'' if count == 1 else 's'} ended today."
            ),
            success_url=url,
        )
    outcome = Outcome.from_json(run.result)
    if run.status != ImportRun.Status.DONE or not outcome.not_in_file or run.result.get("ended"):
        raise Http404("Nothing to end")
    page = Paginator(outcome.not_in_file, MISSING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "trainees/import_end_missing.html",
        {"run": run, "page": page, "count": len(outcome.not_in_file), "back": url},
    )


@login_required
@role_required(*REVIEWERS)
def import_invite_view(request, pk):
    """The people this import created, to invite one by one or all at once."""
    run = _run_in_scope(request, pk)
    people = invitable_people(request.user).filter(pk__in=people_created_by(run))
    url = reverse("trainees:import_invite", args=[run.pk])
    if request.method == "POST":
        return post_action(
            request,
            act=lambda: send_invitations(people=people, sent_by=request.user),
            success_message=lambda count: (
                f"{count} invitation{'' if count == 1 else 's'} sent. Each link works for 7 days."
            ),
            success_url=url,
        )
    return render_invitation_list(
        request,
        people,
        heading="Invite the people you imported",
        extra={
            "caption": run.file_name,
            "invite_all_url": url,
            "empty_text": "This import created nobody new: everyone in it already had an account.",
        },
    )


@login_required
@role_required(*REVIEWERS)
def import_errors_view(request, pk):
    run = _run_in_scope(request, pk)
    outcome = Outcome.from_json(run.result or run.preview)
    response = HttpResponse(error_report_csv(outcome.errors), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="import-errors-{run.pk}.csv"'
    return response
