"""NHS.UK form building blocks for the crispy ``nhsuk`` template pack.

Forms subclass ``BaseForm`` / ``BaseModelForm`` (or mix ``NhsFormMixin`` into a Django form) and
render with ``{% crispy form %}``; page templates put ``{% error_summary form %}`` above the h1.
"""

import datetime
import re
from html import escape

from crispy_forms import layout
from crispy_forms.helper import FormHelper
from crispy_forms.utils import TEMPLATE_PACK, render_field
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt, pretty_name
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from portal.nhsuk.labels import limit_text_length

DATE_PARTS = ("day", "month", "year")

_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}


def merge_classes(*class_strings):
    """Join CSS class strings, dropping blanks and repeats but keeping their order."""
    seen = []
    for classes in class_strings:
        for name in (classes or "").split():
            if name not in seen:
                seen.append(name)
    return " ".join(seen)


def _lower_first(text):
    # Keep acronyms intact: "CCT date" must not become "cCT date".
    if len(text) > 1 and text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


class LongSelect(forms.Select):
    """A select for long, flat lists, written here rather than through Django's per-option
    templates and option dictionaries: the report filters offer every programme in the country
    (about 900), and drawing those options took longer than the rest of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        # Plain escaping of plain text: labels are names, never markup.
        options = "\n".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in self.choices
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html(
            '<select name="{}"{}>\n{}\n</select>',
            name,
            attrs,
            mark_safe(options),  # noqa: S308
        )


class DateInput(forms.MultiWidget):
    """Day, month and year boxes, as the NHS date input pattern.

    The boxes are named ``<name>_0``, ``<name>_1`` and ``<name>_2`` with ids ``id_<name>_0`` and so
    on; the error summary links to the day box. Pass ``autocomplete="bday"`` for a date of birth.
    """

    template_name = "nhsuk/widgets/date_input.html"
    part_labels = (_("Day"), _("Month"), _("Year"))
    part_widths = (2, 2, 4)
    # Passed by the template pack through ``attrs`` so only the boxes that caused the error are
    # marked; it never reaches the HTML.
    error_parts_attr = "data-nhsuk-error-parts"

    def __init__(self, attrs=None, autocomplete=None):
        widgets = []
        for part, width in zip(DATE_PARTS, self.part_widths, strict=True):
            part_attrs = {
                "class": f"nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}",
                "inputmode": "numeric",
            }
            if autocomplete:
                part_attrs["autocomplete"] = f"{autocomplete}-{part}"
            widgets.append(forms.TextInput(attrs=part_attrs))
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        error_parts = attrs.pop(self.error_parts_attr, None)
        whole_invalid = attrs.pop("aria-invalid", None)
        if error_parts is None:
            error_parts = DATE_PARTS if whole_invalid else ()
        else:
            error_parts = error_parts.split()
        context = super().get_context(name, value, attrs)
        subwidgets = context["widget"]["subwidgets"]
        for index, (part, subwidget) in enumerate(zip(DATE_PARTS, subwidgets, strict=True)):
            has_error = part in error_parts
            sub_attrs = subwidget["attrs"]
            # MultiWidget copies the parent's attrs over each box; keep each box's own classes.
            sub_attrs["class"] = merge_classes(
                self.widgets[index].attrs.get("class"),
                sub_attrs.get("class"),
                "nhsuk-input--error" if has_error else "",
            )
            if has_error:
                sub_attrs["aria-invalid"] = "true"
            subwidget["nhsuk_label"] = self.part_labels[index]
            subwidget["nhsuk_has_error"] = has_error
        return context


class DateField(forms.Field):
    """A date typed into three boxes, returning ``datetime.date``.

    Error messages follow the NHS date input guidance and can be overridden through
    ``error_messages``; ``%(label)s`` and ``%(label_lower)s`` are available in each.
    """

    widget = DateInput
    default_error_messages = {
        "required": _("Enter %(label_lower)s"),
        "incomplete": _("%(label)s must include a %(parts)s"),
        "invalid": _("%(label)s must be a real date"),
        "year_digits": _("Year must include 4 numbers"),
        "year_range": _("Year must be between %(min_year)s and %(max_year)s"),
    }
    # Dates outside these years are typing mistakes here, and date arithmetic near year 1 or
    # 9999 overflows; refusing them keeps every date field free of that failure.
    min_year = 1900
    max_year = 2100

    def __init__(self, **kwargs):
        self._name_label = None
        super().__init__(**kwargs)

    def get_bound_field(self, form, field_name):
        # Messages need the label, and a field declared without one only learns its name here.
        self._name_label = pretty_name(field_name)
        return super().get_bound_field(form, field_name)

    def _label_params(self):
        label = str(self.label or self._name_label or _("Date"))
        return {"label": label, "label_lower": _lower_first(label)}

    def _error(self, code, date_parts, **params):
        return ValidationError(
            self.error_messages[code],
            code=code,
            params={**self._label_params(), "date_parts": tuple(date_parts), **params},
        )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                raise self._error("invalid", DATE_PARTS) from None

        values = [("" if v is None else str(v).strip()) for v in list(value)[:3]]
        values += [""] * (3 - len(values))
        if not any(values):
            return None
        missing = [part for part, text in zip(DATE_PARTS, values, strict=True) if not text]
        if missing:
            raise self._error("incomplete", missing, parts=_(" and ").join(missing))

        day, month, year = values
        month_number = (
            int(month) if re.fullmatch(r"[0-9]{1,2}", month) else _MONTH_NAMES.get(month.lower())
        )
        bad = [
            part
            for part, ok in (
                ("day", re.fullmatch(r"[0-9]{1,2}", day)),
                ("month", month_number),
                ("year", re.fullmatch(r"[0-9]+", year)),
            )
            if not ok
        ]
        if bad:
            raise self._error("invalid", bad)
        if len(year) != 4:
            raise self._error("year_digits", ["year"])
        if not self.min_year <= int(year) <= self.max_year:
            raise self._error(
                "year_range", ["year"], min_year=self.min_year, max_year=self.max_year
            )
        try:
            return datetime.date(int(year), month_number, int(day))
        except ValueError:
            raise self._error("invalid", DATE_PARTS) from None

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise self._error("required", DATE_PARTS)


# Layout objects --------------------------------------------------------------------------------


class Submit(layout.Submit):
    """Primary NHS button. An empty ``name`` gives a button that posts no name/value pair."""

    field_classes = "nhsuk-button"


class SecondarySubmit(layout.Submit):
    field_classes = "nhsuk-button nhsuk-button--secondary"


class Button(layout.Button):
    field_classes = "nhsuk-button nhsuk-button--secondary"


class Fieldset(layout.Fieldset):
    """A fieldset with an NHS legend. ``size`` is s/m/l/xl; ``page_heading`` wraps it in an h1."""

    def __init__(self, legend, *fields, size=None, page_heading=False, **kwargs):
        super().__init__(legend, *fields, **kwargs)
        self.size = size or ("l" if page_heading else None)
        self.page_heading = page_heading


class NhsField(layout.Field):
    """A field with NHS presentation options.

    ``size`` sizes the label or legend; ``page_heading=True`` makes it the page's h1 (the
    single-question pattern); ``label`` replaces the field's label text for this rendering.
    """

    def __init__(self, *fields, size=None, page_heading=False, label=None, **kwargs):
        super().__init__(*fields, **kwargs)
        self.nhsuk_options = {
            "nhsuk_size": size or ("l" if page_heading else None),
            "nhsuk_page_heading": page_heading,
            "nhsuk_label": label,
        }

    def render(self, form, context, template_pack=TEMPLATE_PACK, extra_context=None, **kwargs):
        extra_context = {**(extra_context or {}), **self.nhsuk_options}
        return super().render(form, context, template_pack, extra_context=extra_context, **kwargs)


class PageFieldset(layout.LayoutObject):
    """Every field of the form under one page-heading legend, decided at render time.

    A form whose only visible field is already a group (radios, checkboxes, date) gets that
    group's own legend as the h1, because a fieldset inside a fieldset makes screen readers
    announce two legends for one question.
    """

    template = "%s/layout/fieldset.html"

    def __init__(self, legend, size="l"):
        self.legend = legend
        self.size = size
        self.page_heading = True
        self.fields = []
        self.css_class = None
        self.css_id = None
        self.flat_attrs = ""

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        names = list(form.fields)
        visible = [name for name in names if not form.fields[name].widget.is_hidden]
        promoted = visible[0] if len(visible) == 1 else None
        if promoted and getattr(form.fields[promoted].widget, "use_fieldset", False):
            heading = {
                "nhsuk_size": self.size,
                "nhsuk_page_heading": True,
                "nhsuk_label": self.legend or None,
            }
            return SafeString(
                "".join(
                    render_field(
                        name,
                        form,
                        context,
                        template_pack=template_pack,
                        extra_context=heading if name == promoted else None,
                    )
                    for name in names
                )
            )
        fields = SafeString(
            "".join(
                render_field(name, form, context, template_pack=template_pack) for name in names
            )
        )
        context.update({"fieldset": self, "legend": self.legend, "fields": fields})
        return render_to_string(self.get_template_name(template_pack), context.flatten())


# Forms ------------------------------------------------------------------------------------------


class NhsFormMixin:
    """Gives a Django form ``self.helper`` for ``{% crispy form %}``: POST, ``novalidate`` (the
    server's NHS-styled errors replace the browser's), a primary button and an optional
    secondary one. Views may set ``form.helper.form_action``.
    """

    submit_text = _("Continue")
    # (name, text) of a secondary submit button, e.g. ("save_draft", "Save as draft").
    secondary_submit = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_length(self)
        self.helper = self.get_helper()

    def get_helper(self):
        helper = FormHelper()
        helper.form_tag = True
        helper.form_method = "post"
        helper.attrs = {"novalidate": True}
        helper.add_input(Submit("", self.submit_text))
        if self.secondary_submit:
            name, text = self.secondary_submit
            helper.add_input(SecondarySubmit(name, text))
        return helper


class BaseForm(NhsFormMixin, forms.Form):
    pass


class BaseModelForm(NhsFormMixin, forms.ModelForm):
    pass


class FieldsetForm(BaseForm):
    """Single-question page: the question (``legend_text``) is the page's h1, so page templates
    using this form must not print another h1."""

    legend_text = ""
    legend_size = "l"

    def get_helper(self):
        helper = super().get_helper()
        helper.layout = layout.Layout(PageFieldset(self.legend_text, size=self.legend_size))
        return helper
