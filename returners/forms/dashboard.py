"""The returners dashboard's filters: a GET form, so a filtered dashboard can be bookmarked."""

from crispy_forms.layout import Column, Layout, Row
from django import forms

from portal.nhsuk.forms import BaseForm, LongSelect
from returners.selectors.dashboard import (
    DashboardFilters,
    dashboard_programmes,
    dashboard_specialties,
)


class _NameChoiceField(forms.ModelChoiceField):
    widget = LongSelect

    def label_from_instance(self, obj):
        return obj.name


def _optional_choice(label: str, every: str) -> _NameChoiceField:
    """A filter left empty by default; its choices are the reviewer's (set per form)."""
    return _NameChoiceField(
        queryset=None,
        required=False,
        label=label,
        empty_label=every,
        # A message for the person, not SQL.
        error_messages={"invalid_choice": f"Select a {label.lower()} from the list"},  # noqa: S608
    )


class DashboardFilterForm(BaseForm):
    submit_text = "Filter"

    specialty = _optional_choice("Specialty", "All specialties")
    programme = _optional_choice("Programme", "All programmes")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the offices the reviewer works for: another office's programme is not a choice.
        self.fields["specialty"].queryset = dashboard_specialties(user=user)
        self.fields["programme"].queryset = dashboard_programmes(user=user)
        self.helper.form_method = "get"
        self.helper.attrs = {"novalidate": True, "id": "dashboard-filters"}
        half = "nhsuk-grid-column-one-half"
        self.helper.layout = Layout(
            Row(Column("specialty", css_class=half), Column("programme", css_class=half))
        )

    def filters(self) -> DashboardFilters:
        """What to filter by; nothing when the form is unbound or has errors (the page says
        what was wrong and shows everyone)."""
        if not self.is_bound or not self.is_valid():
            return DashboardFilters()
        return DashboardFilters(**self.cleaned_data)
