from django import template

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


@register.inclusion_tag("requests_ltft/partials/_status_tag.html")
def status_tag(application):
    return {
        "label": application.get_status_display(),
        "colour": _TAG_COLOURS.get(application.status, "grey"),
    }


@register.filter
def status_label(value: str) -> str:
    from requests_ltft.choices import Status

    return Status(value).label if value in Status.values else value
