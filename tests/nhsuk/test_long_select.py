"""The long-list select draws the same markup as Django's own: the chosen option selected,
labels escaped, and the attributes the bound field gives it."""

from django import forms

from portal.nhsuk.forms import LongSelect


class ProgrammeForm(forms.Form):
    programme = forms.ChoiceField(
        choices=[("", "All programmes"), ("7", "Surgery <core>"), ("12", "Paediatrics")],
        required=False,
        widget=LongSelect,
    )


def test_the_chosen_programme_is_selected_and_labels_are_escaped():
    html = str(ProgrammeForm({"programme": "12"})["programme"])
    assert '<select name="programme" id="id_programme">' in html
    assert '<option value="12" selected>Paediatrics</option>' in html
    assert '<option value="" >' not in html
    assert '<option value="">All programmes</option>' in html
    assert "Surgery &lt;core&gt;" in html


def test_with_nothing_chosen_the_empty_choice_is_selected():
    html = str(ProgrammeForm()["programme"])
    assert '<option value="" selected>All programmes</option>' in html
    assert html.count(" selected") == 1
