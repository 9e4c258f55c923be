"""Upload → preview (the dry run) → confirm → progress → result, for deanery reviewers (their
own office) and admins. The rules live in trainees.importing.runs."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from portal.core.views import form_flow, post_action
from trainees.forms import ImportUploadForm
from trainees.importing.outcome import SHOWN, Outcome, error_report_csv
from trainees.importing.runs import confirm_run, end_missing, importable_offices, start_run
from trainees.models import ImportRun

REVIEWERS = (Role.Kind.DEANERY, Role.Kind.ADMIN)


def _run_in_scope(request, pk) -> ImportRun:
    offices = importable_offices(request.user)
    run = ImportRun.objects.select_related("local_office").filter(pk=pk).first()
    if run is None or run.local_office.code not in offices:
        raise Http404("No such import")
    return run


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
        "percent": int(100 * run.rows_done / run.rows_total) if run.rows_total else 0,
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
@require_POST
@role_required(*REVIEWERS)
def import_end_missing_view(request, pk):
    run = _run_in_scope(request, pk)
    return post_action(
        request,
        act=lambda: end_missing(run=run),
        success_message=lambda count: f"{count} memberships ended today.",
        success_url=reverse("trainees:import_detail", args=[run.pk]),
    )


@login_required
@role_required(*REVIEWERS)
def import_errors_view(request, pk):
    run = _run_in_scope(request, pk)
    outcome = Outcome.from_json(run.result or run.preview)
    response = HttpResponse(error_report_csv(outcome.errors), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="import-errors-{run.pk}.csv"'
    return response
