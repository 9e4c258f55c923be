"""Small helpers the SuppoRTT views share."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render


def posted(request):
    """The POST data to bind a form to, or None on GET. (`request.POST or None` would leave a
    form unbound, and so silently valid-less, when a POST arrives with no fields at all.)"""
    return request.POST if request.method == "POST" else None


def require(allowed: bool) -> None:
    """For people who may see a record but not do this to it (a read-only role): 403."""
    if not allowed:
        raise PermissionDenied("Your role cannot do this to this record.")


def form_page(request, form, *, heading, caption="", back_url="", intro="", status=200):
    """A page whose job is one form: caption, h1, error summary, form, back link."""
    return render(
        request,
        "returners/form_page.html",
        {
            "form": form,
            "heading": heading,
            "caption": caption,
            "back_url": back_url,
            "intro": intro,
        },
        status=status,
    )
