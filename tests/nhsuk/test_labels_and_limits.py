"""Long text shows its limit (the NHS character count) and the server says when it is passed;
"(optional)" is drawn by the template pack, never part of the name that messages use."""

from django import forms
from django.urls import get_resolver

from portal.nhsuk.forms import BaseForm, DateField, NhsFormMixin
from portal.nhsuk.labels import optional

CRISPY = "{% crispy form %}"


class NotesForm(BaseForm):
    notes = forms.CharField(
        label="Notes", widget=forms.Textarea, max_length=5000, help_text="What you discussed"
    )
    title = forms.CharField(label="Title", max_length=20)
    comment = optional(forms.CharField(label="Your comment", widget=forms.Textarea))
    alternative = optional(DateField(label="Alternative date"))


def test_a_long_text_field_is_an_nhs_character_count(render):
    _, dom = render(CRISPY, form=NotesForm())
    textarea = dom.by_id("id_notes")
    group = textarea.closest(class_="nhsuk-form-group")
    assert "nhsuk-character-count" in group.classes
    assert group.attrs["data-module"] == "nhsuk-character-count"
    assert group.attrs["data-maxlength"] == "5000"
    assert "nhsuk-js-character-count" in textarea.classes
    message = dom.by_id("id_notes-info")
    assert message.text() == "You can enter up to 5,000 characters"
    assert {"nhsuk-hint", "nhsuk-character-count__message"} <= set(message.classes)
    assert message.closest(class_="nhsuk-character-count") is group
    assert textarea.attrs["aria-describedby"].split() == ["id_notes-info", "id_notes-hint"]


def test_no_field_has_a_maxlength_that_cuts_text_without_a_word(render):
    _, dom = render(CRISPY, form=NotesForm())
    assert "maxlength" not in dom.by_id("id_notes").attrs
    assert "maxlength" not in dom.by_id("id_title").attrs


def test_a_textarea_without_a_limit_has_no_count(render):
    _, dom = render(CRISPY, form=NotesForm())
    group = dom.by_id("id_comment").closest(class_="nhsuk-form-group")
    assert "nhsuk-character-count" not in group.classes
    assert dom.by_id("id_comment-info") is None


def test_too_long_text_is_refused_with_a_message_and_kept(render):
    too_long = "x" * 5001
    form = NotesForm(data={"notes": too_long, "title": "t" * 21})
    assert not form.is_valid()
    assert form.errors["notes"] == ["Notes must be 5,000 characters or fewer"]
    assert form.errors["title"] == ["Title must be 20 characters or fewer"]
    _, dom = render(CRISPY, form=form)
    assert dom.by_id("id_notes").text() == too_long
    assert "nhsuk-form-group--error" in dom.by_id("id_notes").closest("div").classes


def test_the_limit_message_names_a_field_declared_without_a_label():
    class Plain(NhsFormMixin, forms.Form):
        more_detail = forms.CharField(max_length=3)
        # A message the form sets itself is kept.
        code = forms.CharField(max_length=2, error_messages={"max_length": "Too long"})

    form = Plain(data={"more_detail": "abcd", "code": "abc"})
    assert not form.is_valid()
    assert form.errors == {
        "more_detail": ["More detail must be 3 characters or fewer"],
        "code": ["Too long"],
    }


def test_optional_shows_on_the_label_and_not_in_messages(render):
    form = NotesForm(data={"notes": "n", "title": "t", "alternative_0": "31", "alternative_1": "2"})
    assert form.errors["alternative"] == ["Alternative date must include a year"]
    _, dom = render(CRISPY, form=form)
    assert dom.find("label", for_="id_comment").text() == "Your comment (optional)"
    legend = dom.by_id("id_alternative_0").closest("fieldset").find("legend")
    assert legend.text() == "Alternative date (optional)"


def _project_forms():
    assert get_resolver().url_patterns  # imports every view, and so every form a page shows
    seen, stack = set(), list(forms.BaseForm.__subclasses__())
    while stack:
        form_class = stack.pop()
        if form_class in seen:
            continue
        seen.add(form_class)
        stack.extend(form_class.__subclasses__())
        if form_class.__module__.split(".")[0] in {
            "portal",
            "requests_ltft",
            "returners",
            "supervisors",
            "trainees",
        }:
            yield form_class


def test_no_label_carries_optional_into_messages():
    """Messages are built from labels: "(optional)" comes from ``optional()``, not the label."""
    project_forms = list(_project_forms())
    assert len(project_forms) > 20
    offenders = [
        f"{form_class.__module__}.{form_class.__qualname__}.{name}"
        for form_class in project_forms
        for name, field in form_class.base_fields.items()
        if "(optional)" in str(field.label or "")
    ]
    assert offenders == []
