"""Template tags for NHS.UK forms: ``{% error_summary form %}``, ``form|has_errors`` and the
helpers the crispy ``nhsuk`` template pack uses to render each field."""

import copy
from dataclasses import dataclass, field

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.nhsuk.forms import DATE_PARTS, DateInput, merge_classes
from portal.nhsuk.labels import shown_label

register = template.Library()

FIELD_TEMPLATES = {
    "radios": "nhsuk/fields/choices.html",
    "checkboxes": "nhsuk/fields/choices.html",
    "date": "nhsuk/fields/fieldset.html",
    "multi": "nhsuk/fields/fieldset.html",
    "checkbox": "nhsuk/fields/checkbox.html",
}
DEFAULT_FIELD_TEMPLATE = "nhsuk/fields/control.html"

CONTROL_CLASSES = {
    "input": "nhsuk-input",
    "password": "nhsuk-input nhsuk-password-input__input nhsuk-js-password-input-input",
    "textarea": "nhsuk-textarea",
    "select": "nhsuk-select",
    "file": "nhsuk-file-upload__input",
    "checkbox": "nhsuk-checkboxes__input",
}
ERROR_CLASSES = {
    "input": "nhsuk-input--error",
    "password": "nhsuk-input--error",
    "textarea": "nhsuk-textarea--error",
    "select": "nhsuk-select--error",
}


# The kind of control each widget draws, the first that matches: subclasses come before their
# bases (DateInput is a MultiWidget, CheckboxSelectMultiple a RadioSelect).
WIDGET_KINDS = (
    (DateInput, "date"),
    (forms.CheckboxSelectMultiple, "checkboxes"),
    (forms.RadioSelect, "radios"),
    (forms.CheckboxInput, "checkbox"),
    (forms.PasswordInput, "password"),
    (forms.FileInput, "file"),
    (forms.Textarea, "textarea"),
    (forms.Select, "select"),
    (forms.MultiWidget, "multi"),
)


def field_kind(widget):
    return next((kind for cls, kind in WIDGET_KINDS if isinstance(widget, cls)), "input")


def _base_id(bound_field):
    return bound_field.field.widget.attrs.get("id") or bound_field.auto_id or ""


def field_target_id(bound_field):
    """The id of the element an error summary link should focus, or "" when there is none."""
    kind = field_kind(bound_field.field.widget)
    if kind in ("date", "multi"):
        base = _base_id(bound_field)
        return f"{base}_0" if base else ""
    if kind in ("radios", "checkboxes"):
        subwidgets = bound_field.subwidgets
        if subwidgets:
            return subwidgets[0].data["attrs"].get("id", "")
        return ""
    return bound_field.id_for_label or ""


def _date_error_parts(bound_field):
    parts = []
    for error in bound_field.errors.as_data():
        error_parts = (getattr(error, "params", None) or {}).get("date_parts") or DATE_PARTS
        parts.extend(part for part in error_parts if part not in parts)
    return " ".join(parts)


@dataclass
class Option:
    id: str
    label: str
    input: str
    hint: str = ""
    hint_id: str = ""


@dataclass
class FieldView:
    """Everything a field template needs, worked out once in Python."""

    bound_field: object
    kind: str
    template: str
    id: str
    label: str
    group_class: str
    hint_id: str = ""
    error_id: str = ""
    errors: list = field(default_factory=list)
    described_by: str = ""
    size: str = ""
    page_heading: bool = False
    label_class: str = ""
    widget_html: str = ""
    container_class: str = ""
    options: list = field(default_factory=list)
    # The NHS character count: its limit, and the id of the message that counts.
    count_limit: int | None = None
    count_id: str = ""

    @property
    def count_limit_text(self) -> str:
        return f"{self.count_limit:,}" if self.count_limit else ""


def _choice_options(bound_field, kind):
    widget = bound_field.field.widget
    input_type = "radio" if kind == "radios" else "checkbox"
    item_hints = getattr(widget, "item_hints", None) or {}
    options = []
    for subwidget in bound_field.subwidgets:
        data = subwidget.data
        attrs = dict(data["attrs"])
        option_id = attrs.get("id", "")
        # Modifiers such as nhsuk-radios--inline belong on the container, not on each input.
        attrs["class"] = merge_classes(
            f"nhsuk-{kind}__input",
            *(
                name
                for name in attrs.get("class", "").split()
                if not name.startswith(f"nhsuk-{kind}--")
            ),
        )
        hint = item_hints.get(str(data["value"]), "")
        hint_id = f"{option_id}-item-hint" if hint and option_id else ""
        if hint_id:
            attrs["aria-describedby"] = hint_id
        attrs.update({"type": input_type, "name": data["name"], "value": str(data["value"])})
        options.append(
            Option(
                id=option_id,
                label=subwidget.choice_label,
                input=format_html("<input{}>", flatatt(attrs)),
                hint=hint,
                hint_id=hint_id,
            )
        )
    return options


def build_field_view(bound_field, context=None):
    context = context or {}
    widget = bound_field.field.widget
    kind = field_kind(widget)
    show_errors = context.get("form_show_errors", True)
    base_id = _base_id(bound_field)
    id_stem = base_id or bound_field.html_name

    errors = list(bound_field.errors) if show_errors else []
    hint_id = f"{id_stem}-hint" if bound_field.help_text else ""
    error_id = f"{id_stem}-error" if errors else ""
    count_limit = getattr(bound_field.field, "max_length", None) if kind == "textarea" else None
    count_id = f"{id_stem}-info" if count_limit else ""
    described_by = merge_classes(widget.attrs.get("aria-describedby"), count_id, hint_id, error_id)

    group_class = merge_classes(
        "nhsuk-form-group",
        "nhsuk-form-group--error" if errors else "",
        "nhsuk-file-upload" if kind == "file" else "",
        "nhsuk-password-input" if kind == "password" else "",
        "nhsuk-character-count" if count_limit else "",
        context.get("wrapper_class") or "",
    )
    label_class = merge_classes(
        context.get("labelclass") or "",
        "" if context.get("form_show_labels", True) else "nhsuk-u-visually-hidden",
    )
    view = FieldView(
        bound_field=bound_field,
        kind=kind,
        template=FIELD_TEMPLATES.get(kind, DEFAULT_FIELD_TEMPLATE),
        id=base_id if kind in ("date", "multi") else (bound_field.id_for_label or ""),
        label=shown_label(bound_field.field, context.get("nhsuk_label") or bound_field.label),
        group_class=group_class,
        hint_id=hint_id,
        error_id=error_id,
        errors=errors,
        described_by=described_by,
        size=context.get("nhsuk_size") or "",
        page_heading=bool(context.get("nhsuk_page_heading")),
        label_class=label_class,
        count_limit=count_limit,
        count_id=count_id,
    )

    if kind in ("radios", "checkboxes"):
        modifiers = [
            name
            for name in (widget.attrs.get("class") or "").split()
            if name.startswith(f"nhsuk-{kind}--")
        ]
        if getattr(widget, "inline", False):
            modifiers.append(f"nhsuk-{kind}--inline")
        view.container_class = merge_classes(f"nhsuk-{kind}", *modifiers)
        view.options = _choice_options(bound_field, kind)
    elif kind == "date":
        attrs = {DateInput.error_parts_attr: _date_error_parts(bound_field) if errors else ""}
        view.widget_html = bound_field.as_widget(attrs=attrs)
    elif kind == "multi":
        view.widget_html = bound_field.as_widget()
    else:
        attrs = {
            "class": merge_classes(
                CONTROL_CLASSES[kind],
                widget.attrs.get("class"),
                ERROR_CLASSES.get(kind, "") if errors else "",
                "nhsuk-js-character-count" if count_limit else "",
            )
        }
        if described_by:
            attrs["aria-describedby"] = described_by
        render_widget = None
        if "maxlength" in widget.attrs:
            # A browser stops typing and cuts pasted text at maxlength without a word; the
            # character count and the server's message say so instead.
            render_widget = copy.copy(widget)
            render_widget.attrs = {k: v for k, v in widget.attrs.items() if k != "maxlength"}
        if kind == "password":
            attrs.setdefault("spellcheck", "false")
            attrs.setdefault("autocapitalize", "none")
        elif kind == "file":
            # ClearableFileInput adds a "Currently:" link and a clear checkbox the NHS
            # pattern has no place for; keep only the <input type="file">.
            render_widget = render_widget or copy.copy(widget)
            render_widget.template_name = "nhsuk/widgets/file_input.html"
        elif isinstance(widget, forms.EmailInput):
            attrs.setdefault("spellcheck", "false")
        view.widget_html = bound_field.as_widget(widget=render_widget, attrs=attrs)
    return view


@register.simple_tag(takes_context=True)
def nhsuk_field(context, bound_field):
    """``{% nhsuk_field field as f %}``: the view-model the pack's field templates render."""
    return build_field_view(bound_field, context.flatten())


@register.simple_tag
def nhsuk_button_attrs(button):
    """Attributes for a crispy Submit/Button rendered as an NHS ``<button>``.

    crispy's own Submit carries Bootstrap classes; they are swapped for ``nhsuk-button``.
    """
    classes = [name for name in button.field_classes.split() if not name.startswith("btn")]
    if "nhsuk-button" not in classes:
        classes.insert(0, "nhsuk-button")
    attrs = {"class": " ".join(classes), "data-module": "nhsuk-button"}
    if button.input_type == "submit":
        attrs["data-prevent-double-click"] = "true"
    attrs["type"] = button.input_type
    # crispy invents an id for every button; two forms on a page would then share one.
    if button.id and not button.id.startswith(f"{button.input_type}-id-"):
        attrs["id"] = button.id
    if button.name:
        attrs["name"] = button.name
        attrs["value"] = button.value
    return flatatt(attrs)


def _forms_in(objects):
    for obj in objects:
        if isinstance(obj, BaseFormSet):
            yield obj, None
            yield from ((form, obj) for form in obj.forms)
        elif isinstance(obj, forms.BaseForm):
            yield obj, None


def summary_items(*form_objects):
    """``(href, message)`` pairs in page order; href is "" when nothing can take focus."""
    items = []
    for obj, _formset in _forms_in(form_objects):
        if isinstance(obj, BaseFormSet):
            if obj.is_bound:
                items.extend(("", str(message)) for message in obj.non_form_errors())
            continue
        if not obj.is_bound or not obj.errors:
            continue
        items.extend(("", str(message)) for message in obj.non_field_errors())
        for bound_field in obj:
            if not bound_field.errors:
                continue
            target = "" if bound_field.is_hidden else field_target_id(bound_field)
            href = f"#{target}" if target else ""
            items.extend((href, str(message)) for message in bound_field.errors)
    return items


@register.simple_tag
def error_summary(*form_objects, title=None):
    """``{% error_summary form [form2 ...] %}``: the NHS error summary, or nothing when every
    form is valid. Place it above the page's h1."""
    items = summary_items(*form_objects)
    if not items:
        return ""
    return render_to_string(
        "nhsuk/error_summary.html",
        {"items": items, "title": title or _("There is a problem")},
    )


@register.filter
def has_errors(form_object):
    """``{% if form|has_errors %}Error: {% endif %}`` for the page title."""
    if isinstance(form_object, BaseFormSet):
        return form_object.is_bound and form_object.total_error_count() > 0
    if isinstance(form_object, forms.BaseForm):
        return form_object.is_bound and bool(form_object.errors)
    return False


@register.filter
def in_sentence(label) -> str:
    """A label as it reads inside a sentence ("Change programme"): the first letter in lower
    case, unless the first word is an abbreviation ("Change TPD you discussed this with")."""
    text = str(label)
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]
