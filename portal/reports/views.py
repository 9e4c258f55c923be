from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from portal.core.exceptions import ApplicationError
from portal.core.ratelimit import per_user_limit
from portal.reports import selectors, services
from portal.reports.charts import bar_chart
from portal.reports.exports.builders import CONTENT_TYPES, build, filename, row_count
from portal.reports.forms import FILTER_FIELDS, ExportForm, report_form
from portal.reports.suppression import suppress

REPORT_ROLES = (Role.Kind.ADMIN, Role.Kind.DEANERY)
THIS, EARLIER = "This period", "A year earlier"


def _page(request, form, export_form=None, status=200):
    context = {
        "form": form,
        "exports": selectors.report_export_list(user=request.user),
        # Read with the form's cached lists (reference.py), so the table costs no query.
        "offices": form.scope_offices,
        "threshold": services.background_threshold(),
    }
    if form.is_bound and not form.is_valid():
        context["page_has_errors"] = True
        return render(request, "reports/home.html", context, status=status)
    filters = form.filters()
    worked_out = selectors.worked_out_report(filters=filters)
    export_form = export_form or ExportForm(row_exports=selectors.row_exports())
    context.update(
        filters=filters,
        sections=worked_out.sections,
        sections_html=_sections_html(worked_out),
        worked_out_at=worked_out.worked_out_at,
        export_form=export_form,
        page_has_errors=export_form.is_bound and bool(export_form.errors),
        query=request.GET.urlencode(),
    )
    return render(request, "reports/home.html", context, status=status)


def _sections_html(worked_out) -> str:
    """The figures as tables and charts. They depend on the figures alone, so they are drawn
    once per version of the figures and kept beside them: drawing them took longer than
    reading the figures from the cache."""
    key = f"{worked_out.key}:html"
    html = cache.get(key)
    if html is None:
        sections = [
            {
                "report": report,
                "tables": [
                    (
                        table,
                        bar_chart(
                            table,
                            chart_id=f"chart-{report.key}-{table.key}",
                            section=report.title,
                            this_label=THIS,
                            earlier_label=EARLIER,
                        ),
                    )
                    for table in report.tables
                ],
            }
            for report in worked_out.sections
        ]
        html = render_to_string("reports/partials/_sections.html", {"sections": sections})
        cache.set(key, html, selectors.FIGURES_TIMEOUT)
    return mark_safe(html)  # noqa: S308 - rendered by our own template, escaped there


@login_required
@role_required(*REPORT_ROLES)
@require_GET
def home_view(request):
    return _page(request, report_form(request.GET, user=request.user))


@login_required
@role_required(*REPORT_ROLES)
@require_POST
def export_view(request):
    """Download the summary or the rows for the filters in the query string: streamed straight
    back, or prepared in the background when there are too many rows."""
    refused = per_user_limit(request, "export")
    if refused:
        return refused
    form = report_form(request.GET, user=request.user)
    export_form = ExportForm(request.POST, row_exports=selectors.row_exports())
    if not form.is_valid() or not export_form.is_valid():
        return _page(request, form, export_form)
    filters, kind, file_format = form.filters(), export_form.kind, export_form.file_format
    shared = export_form.cleaned_data["shared"]
    name = filename(filters, file_format, shared=shared)
    if kind == "summary":
        reports = selectors.report_sections(filters=filters)
        if shared:
            reports = [suppress(report) for report in reports]
        rows, stream = (
            None,
            build(kind, file_format, reports=reports, filters=filters, shared=shared),
        )
    else:
        row_export = selectors.row_export_get(kind.removeprefix("rows:"))
        if row_export is None:
            raise Http404("No such export")
        name = filename(filters, file_format, row_export.title)
        rows = row_count(row_export, filters)
        if rows > services.background_threshold():
            return _queue(request, kind, file_format, filters, rows, name, row_export.title)
        stream = build(
            kind,
            file_format,
            row_export=row_export,
            filters=filters,
            carried=services.carried_classes(request.user, shared=shared),
        )
    services.report_export_audit(
        user=request.user,
        request=request,
        kind=kind,
        file_format=file_format,
        filters=filters,
        shared=shared,
        rows=rows,
    )
    response = StreamingHttpResponse(stream, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _queue(request, kind, file_format, filters, rows, name, title):
    params = {key: request.GET.getlist(key) for key in request.GET if _is_filter(key)}
    description = f"{title} ({file_format.upper()}), {filters.period.label}, {rows:,} rows"
    try:
        export = services.report_export_queue(
            user=request.user,
            request=request,
            kind=kind,
            file_format=file_format,
            shared=False,
            params=params,
            filters=filters,
            rows_total=rows,
            description=description,
            filename=name,
        )
    except ApplicationError as error:
        messages.info(request, error.message)
        return redirect(f"{reverse('reports:home')}?{request.GET.urlencode()}")
    messages.info(
        request,
        f"There are {rows:,} rows, so the file is being prepared. You will get a notification "
        "with a link when it is ready; progress is shown under Your downloads.",
    )
    return redirect(f"{reverse('reports:home')}?{request.GET.urlencode()}#export-{export.pk}")


def _is_filter(key: str) -> bool:
    # Date fields arrive as three boxes: date_from_0, date_from_1, date_from_2.
    return key in FILTER_FIELDS or key.rstrip("012").rstrip("_") in FILTER_FIELDS


@login_required
@role_required(*REPORT_ROLES)
@require_GET
def export_status_view(request, pk):
    """Progress of one of the reader's background exports, for the page's script."""
    export = selectors.report_export_get(user=request.user, pk=pk)
    if export is None:
        raise Http404("No such export")
    return JsonResponse(
        {
            "status": export.status,
            "status_label": export.get_status_display(),
            "percent": export.percent_done,
            "rows_done": export.rows_done,
            "rows_total": export.rows_total,
            "download_url": reverse("reports:export_download", args=[export.pk])
            if export.status == export.Status.READY
            else None,
        }
    )


@login_required
@role_required(*REPORT_ROLES)
@require_GET
def export_download_view(request, pk):
    """Only the person who asked for a file can download it; anyone else gets 404."""
    export = selectors.report_export_get(user=request.user, pk=pk)
    if export is None or export.status != export.Status.READY or not export.file:
        raise Http404("No such file")
    refused = per_user_limit(request, "export")
    if refused:
        return refused
    services.report_export_downloaded(export=export, user=request.user, request=request)
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type=CONTENT_TYPES[export.file_format],
    )
