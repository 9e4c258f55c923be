"""What a field is called, once: in its label, in "(optional)" and in the messages about it.

A label is the field's name and nothing else. "(optional)" is drawn by the template pack for a
field marked with ``optional()``, so messages built from the label ("Alternative start date must
be a real date") never carry it.
"""

from django import forms
from django.forms.utils import pretty_name
from django.utils.translation import gettext_lazy as _

OPTIONAL_SUFFIX = _("(optional)")


def optional(field: forms.Field) -> forms.Field:
    """Mark a field the person may leave blank; the template pack adds "(optional)" to its label.

    Fields that become required by another answer ("If you selected other, describe…") are not
    optional in this sense: leave them unmarked.
    """
    field.required = False
    field.widget.is_required = False
    field.nhsuk_optional = True
    return field


def is_optional(field: forms.Field) -> bool:
    return getattr(field, "nhsuk_optional", False) and not field.required


def shown_label(field: forms.Field, label) -> str:
    """The label as the page shows it: with "(optional)" when the field is marked so."""
    return f"{label} {OPTIONAL_SUFFIX}" if label and is_optional(field) else label


def limit_text_length(form: forms.BaseForm) -> None:
    """Every text field with a limit says, in the service's words, that the text is too long.

    Django's default ("Ensure this value has at most 5000 characters (it has 5123).") names no
    field; the template pack also drops the browser's ``maxlength``, which cut long text without
    a word, so this message is how a person learns of the limit when scripts do not run.
    A message the form sets itself is kept.
    """
    for name, field in form.fields.items():
        limit = getattr(field, "max_length", None)
        if not isinstance(field, forms.CharField) or not limit:
            continue
        if "max_length" in field.error_messages:
            continue
        # The message is %-formatted with the validator's parameters: keep a "%" in a label.
        label = str(field.label or pretty_name(name)).replace("%", "%%")
        message = _("%(label)s must be %(limit)s characters or fewer")
        field.error_messages["max_length"] = message % {"label": label, "limit": f"{limit:,}"}
