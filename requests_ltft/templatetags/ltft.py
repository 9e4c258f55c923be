from django import template

from portal.nhsuk.components.base import tag_html
from requests_ltft.choices import Status

register = template.Library()

_TAG_COLOURS = {
    "DRAFT": "grey",
    "SUBMITTED": "blue",
    "TPD_SUPPORTED": "purple",
    "UNSUBMITTED": "orange",
    "APPROVED": "green",
    "REJECTED": "red",
    "WITHDRAWN": "grey",
    "ACTIVE": "aqua-green",
    "COMPLETED": "white",
    "RETURNED": "white",
}


@register.simple_tag
def status_tag(application):
    # A simple tag, not an inclusion tag: lists show one per row, and rendering a template
    # for each cost more than the rest of the row.
    return status_tag_html(application.status)


def status_tag_html(status: str):
    colour = _TAG_COLOURS.get(status, "grey")
    return tag_html(status_label(status), colour)


@register.filter
def status_label(value: str) -> str:
    return Status(value).label if value in Status.values else value
