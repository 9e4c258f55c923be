"""The two shapes every case-work view takes, written once.

A view finds its object in the user's scope (404 otherwise) and checks the role may act on it,
then hands over to one of these:

- `form_flow`: a page with a form. GET shows it; a valid POST calls the service; a refusal from
  the service (`ApplicationError`) re-renders the form with what was typed and the reason, so
  nothing typed is lost; success flashes a message and redirects.
- `post_action`: a button with nothing to type (support, opt in, cancel). A refusal is flashed
  and the person goes back where they came from.

Decorator order everywhere: `@login_required` outermost, then `@require_POST` (or none).
Forms are bound with `posted(request)`, never `request.POST or None`.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from portal.core.exceptions import ApplicationError

FORM_PAGE_TEMPLATE = "layouts/form_page.html"


def posted(request):
    """The POST data to bind a form to, or None on GET. (`request.POST or None` would leave a
    form unbound, and so silently never valid, when a POST arrives with no fields at all.)"""
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None


def require(allowed: bool) -> None:
    """For people who may see a record but not do this to it (a read-only role): 403."""
    if not allowed:
        raise PermissionDenied("Your role cannot do this to this record.")


def form_page(request, form, *, heading, caption="", back_url="", intro="", status=200, **extra):
    """A page whose job is one form: back link, caption, h1, error summary, form."""
    return render(
        request,
        extra.pop("template", FORM_PAGE_TEMPLATE),
        {
            "form": form,
            "heading": heading,
            "caption": caption,
            "back_url": back_url,
            "intro": intro,
            **extra,
        },
        status=status,
    )


def form_flow(
    request,
    form_class,
    *,
    act: Callable[[Any], Any],
    success_message: str | Callable[[Any], str],
    success_url: str | Callable[[Any], str],
    form_kwargs: dict | None = None,
    files: bool = False,
    error_field: str | None = None,
    render_page: Callable | None = None,
    **page,
):
    """Object in scope → form → service → message → redirect.

    `act(form)` calls the service with `form.cleaned_data` and returns what it made (passed to
    `success_url` and `success_message` when they are callables). `render_page(request, form)`
    draws a bespoke page; otherwise `page` (heading, caption, back_url, intro, template...) goes
    to `form_page`. A refusal that names no field of its own is shown against `error_field`
    (on the form as a whole when that is None).
    """
    form = form_class(
        posted(request), *([posted_files(request)] if files else []), **(form_kwargs or {})
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form)
        except ApplicationError as error:
            field = error.extra.get("field") or error_field
            form.add_error(field if field in form.fields else None, error.message)
        else:
            text = success_message(result) if callable(success_message) else success_message
            if text:
                messages.success(request, text)
            return redirect(success_url(result) if callable(success_url) else success_url)
    if render_page is not None:
        return render_page(request, form)
    return form_page(request, form, **page)


def post_action(
    request,
    *,
    act: Callable[[], Any],
    success_message: str | Callable[[Any], str],
    success_url: str | Callable[[Any], str],
    failure_url: str | None = None,
):
    """A button with nothing typed: call the service; on refusal flash why and go back."""
    try:
        result = act()
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(failure_url or (success_url if isinstance(success_url, str) else "/"))
    text = success_message(result) if callable(success_message) else success_message
    if text:
        messages.success(request, text)
    return redirect(success_url(result) if callable(success_url) else success_url)
