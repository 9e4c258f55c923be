"""The report's filter form (a GET form: the report is a page anyone in scope may bookmark) and
the export form."""

import datetime as dt

from crispy_forms.layout import Column, Layout, Row
from django import forms

from portal.accounts.models import Role
from portal.accounts.scopes import role_kinds
from portal.nhsuk.forms import BaseForm, DateField, LongSelect
from portal.reports.filters import ReportFilters, office_scope
from portal.reports.periods import Period, latest_complete_quarter, quarter_choices, quarter_period
from portal.reports.reference import ReferenceLists, report_reference

# A custom range longer than this is refused: two years is the longest comparison asked for,
# and it bounds what one report or export can ask of the database.
MAX_RANGE_DAYS = 731
FILTER_FIELDS = ("quarter", "date_from", "date_to", "office", "specialty", "grade", "programme")


class _ListChoiceField(forms.ChoiceField):
    """An optional filter: one of a list of model instances already read (from the cache),
    cleaned to the instance: a ModelChoiceField would query for its choices and again to
    clean. Left empty, it does not filter."""

    widget = LongSelect

    def __init__(self, *, label, empty_label, label_from_instance=str):
        super().__init__(
            label=label,
            required=False,
            # A message for the person, not SQL.
            error_messages={"invalid_choice": f"Select a {label.lower()} from the list"},  # noqa: S608
        )
        self.empty_label, self.label_from_instance = empty_label, label_from_instance
        self.instances = {}

    def set_instances(self, instances) -> None:
        self.instances = {str(obj.pk): obj for obj in instances}
        self.choices = [("", self.empty_label)] + [
            (pk, self.label_from_instance(obj)) for pk, obj in self.instances.items()
        ]

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return self.instances[value]
        except KeyError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

    def validate(self, value):
        # to_python has already checked the value is one of the choices.
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def prepare_value(self, value):
        return str(value.pk) if hasattr(value, "pk") else value


def _name(obj) -> str:
    return obj.name


class ReportForm(BaseForm):
    submit_text = "Show report"

    quarter = forms.ChoiceField(
        label="Quarter",
        # Left out of an address, it means the last complete quarter.
        required=False,
        help_text="NHS financial-year quarters: Q1 is April to June.",
        error_messages={"invalid_choice": "Select a quarter from the list"},
    )
    date_from = DateField(
        # Messages are built from the label, so it names the date in words ("First day of the
        # custom range must be a real date").
        label="First day of the custom range",
        required=False,
        help_text="Optional. To report on other dates than a quarter, enter both dates, "
        "for example 1 4 2025.",
    )
    date_to = DateField(
        label="Last day of the custom range", required=False, help_text="For example 30 6 2025."
    )
    office = _ListChoiceField(label="Local office", empty_label="All local offices")
    specialty = _ListChoiceField(
        label="Specialty", empty_label="All specialties", label_from_instance=_name
    )
    grade = _ListChoiceField(label="Grade", empty_label="All grades")
    programme = _ListChoiceField(
        label="Programme", empty_label="All programmes", label_from_instance=_name
    )

    def __init__(
        self,
        *args,
        user,
        today: dt.date | None = None,
        reference: ReferenceLists | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.user = user
        self.scope = office_scope(user)
        reference = reference or report_reference()
        self.scope_offices = reference.offices_in(self.scope)
        self.fields["quarter"].choices = quarter_choices(today)
        self.fields["quarter"].initial = latest_complete_quarter(today)
        self.fields["specialty"].set_instances(reference.specialties)
        self.fields["grade"].set_instances(reference.grades)
        self.fields["programme"].set_instances(reference.programmes_in(self.scope))
        # Local office is an admin's filter; a deanery reviewer's report is their own office.
        if Role.Kind.ADMIN in role_kinds(user):
            self.fields["office"].set_instances(self.scope_offices)
        else:
            del self.fields["office"]
        self.helper.form_method = "get"
        self.helper.attrs = {"novalidate": True, "id": "report-filters"}
        half = "nhsuk-grid-column-one-half"
        self.helper.layout = Layout(
            Row(Column("quarter", css_class=half)),
            Row(Column("date_from", css_class=half), Column("date_to", css_class=half)),
            Row(
                *([Column("office", css_class=half)] if "office" in self.fields else []),
                Column("specialty", css_class=half),
            ),
            Row(Column("grade", css_class=half), Column("programme", css_class=half)),
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and not end and "date_to" not in self.errors:
            self.add_error("date_to", "Enter the last day of the custom range")
        if end and not start and "date_from" not in self.errors:
            self.add_error("date_from", "Enter the first day of the custom range")
        if start and end:
            if end < start:
                self.add_error("date_to", "The last day must be the same as or after the first")
            elif (end - start).days + 1 > MAX_RANGE_DAYS:
                self.add_error("date_to", "Choose a custom range of 2 years or less")
        office, programme = data.get("office"), data.get("programme")
        if office and programme and programme.local_office_id != office.pk:
            self.add_error("programme", "Select a programme in the local office you chose")
        return data

    def filters(self) -> ReportFilters:
        """The report's filters; call after is_valid(), or on an unbound form for defaults."""
        data = self.cleaned_data if self.is_bound else {}
        if data.get("date_from") and data.get("date_to"):
            period = Period(data["date_from"], data["date_to"])
        else:
            period = quarter_period(data.get("quarter") or self.fields["quarter"].initial)
        if self.scope is None:
            scope_label = "All local offices"
        else:
            scope_label = ", ".join(o.name for o in self.scope_offices) or "None"
        return ReportFilters(
            period=period,
            scope=self.scope,
            office=data.get("office"),
            specialty=data.get("specialty"),
            grade=data.get("grade"),
            programme=data.get("programme"),
            scope_label=scope_label,
        )


def report_form(params, *, user, today=None) -> ReportForm:
    """Bound to the query string when it holds any filter, otherwise the defaults."""
    keys = {*FILTER_FIELDS, "date_from_0", "date_to_0"}
    bound = any(key in params for key in keys)
    return ReportForm(params if bound else None, user=user, today=today)


EXPORT_CHOICES = [
    ("summary:csv", "Summary (CSV)"),
    ("summary:xlsx", "Summary (Excel, one sheet per section)"),
]


class ExportForm(forms.Form):
    """What to download. Rendered as buttons by the page, so it has no crispy helper."""

    export = forms.ChoiceField(error_messages={"invalid_choice": "Choose a file to download"})
    shared = forms.BooleanField(
        label="This file is for sharing outside the team",
        required=False,
        help_text="Counts from 1 to 4, and figures that would reveal them, are replaced by [c]. "
        "Only summaries can be shared.",
    )

    def __init__(self, *args, row_exports=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = list(EXPORT_CHOICES)
        for row_export in row_exports:
            choices += [
                (f"rows:{row_export.key}:csv", f"{row_export.title}, one row each (CSV)"),
                (f"rows:{row_export.key}:xlsx", f"{row_export.title}, one row each (Excel)"),
            ]
        self.fields["export"].choices = choices

    def clean(self):
        data = super().clean()
        choice = data.get("export", "")
        if data.get("shared") and choice.startswith("rows:"):
            # Only aggregates, with small numbers hidden, may leave the team (docs/rules.md §10).
            self.add_error(
                "shared",
                "Row-level files cannot be shared outside the team. Download a summary instead",
            )
        return data

    @property
    def kind(self) -> str:
        return self.cleaned_data["export"].rsplit(":", 1)[0]

    @property
    def file_format(self) -> str:
        return self.cleaned_data["export"].rsplit(":", 1)[1]
