"""The crispy ``nhsuk`` template pack, the NHS form classes and ``{% error_summary %}``.

Assertions are about what a user (or their screen reader) meets: labels tied to inputs, hints
and errors announced with the field, a summary whose links land on the right input.
"""

import datetime

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from crispy_forms.layout import Submit as CrispySubmit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from portal.nhsuk.forms import (
    BaseForm,
    BaseModelForm,
    DateField,
    DateInput,
    Fieldset,
    FieldsetForm,
    NhsField,
    NhsFormMixin,
)

CRISPY = "{% crispy form %}"
SUMMARY = "{% error_summary form %}"


class ProfileForm(BaseForm):
    submit_text = "Save and continue"

    full_name = forms.CharField(
        label="Full name",
        help_text="As it appears on your GMC registration",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-20"}),
        error_messages={"required": "Enter your full name"},
    )
    email = forms.EmailField(label="Email address")
    grade = forms.ChoiceField(
        label="Grade",
        choices=[("", "Choose a grade"), ("ct1", "CT1"), ("st3", "ST3")],
        error_messages={"required": "Select your grade"},
    )
    wte = forms.ChoiceField(
        label="What percentage do you want to work?",
        help_text="Whole time equivalent",
        choices=[("50", "50%"), ("60", "60%"), ("80", "80%")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a percentage"},
    )
    reasons = forms.MultipleChoiceField(
        label="Why do you want to train less than full time?",
        choices=[("caring", "Caring responsibilities"), ("health", "Your own health")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one reason"},
    )
    details = forms.CharField(label="Tell us more", widget=forms.Textarea, required=False)
    start = DateField(label="Start date", help_text="For example, 15 3 2027")
    agree = forms.BooleanField(
        label="I have discussed this with my TPD",
        help_text="Your TPD must agree before you apply",
        error_messages={"required": "Confirm you have discussed this with your TPD"},
    )


class UploadForm(BaseForm):
    evidence = forms.FileField(label="Upload a letter", help_text="PDF, up to 10MB")


def invalid_profile(**overrides):
    data = {"full_name": "", "email": "not-an-email", "start_0": "31", "start_1": "2"}
    data.update(overrides)
    form = ProfileForm(data=data)
    assert not form.is_valid()
    return form


def described_by(node):
    return (node.attrs.get("aria-describedby") or "").split()


# Labels, hints and the NHS classes ---------------------------------------------------------------


def test_text_input_label_hint_and_width(render):
    _, dom = render(CRISPY, form=ProfileForm())
    field = dom.by_id("id_full_name")
    assert field.tag == "input"
    assert {"nhsuk-input", "nhsuk-input--width-20"} <= set(field.classes)
    label = dom.find("label", for_="id_full_name")
    assert label.text() == "Full name"
    assert "nhsuk-label" in label.classes
    hint = dom.by_id("id_full_name-hint")
    assert "nhsuk-hint" in hint.classes
    assert hint.text() == "As it appears on your GMC registration"
    assert described_by(field) == ["id_full_name-hint"]
    assert field.closest(class_="nhsuk-form-group") is not None


def test_fields_without_help_text_have_no_dangling_aria_describedby(render):
    _, dom = render(CRISPY, form=ProfileForm())
    assert "aria-describedby" not in dom.by_id("id_email").attrs
    assert dom.by_id("id_email-hint") is None


def test_textarea_and_select_use_nhs_classes(render):
    _, dom = render(CRISPY, form=ProfileForm())
    assert "nhsuk-textarea" in dom.by_id("id_details").classes
    select = dom.by_id("id_grade")
    assert select.tag == "select"
    assert "nhsuk-select" in select.classes
    assert dom.find("label", for_="id_grade").text() == "Grade"


def test_radios_are_a_fieldset_with_legend_and_labelled_options(render):
    _, dom = render(CRISPY, form=ProfileForm())
    first = dom.by_id("id_wte_0")
    assert first.attrs["type"] == "radio"
    assert "nhsuk-radios__input" in first.classes
    fieldset = first.closest("fieldset")
    assert "nhsuk-fieldset" in fieldset.classes
    legend = fieldset.find("legend")
    assert legend.text() == "What percentage do you want to work?"
    assert "nhsuk-fieldset__legend" in legend.classes
    assert described_by(fieldset) == ["id_wte-hint"]
    assert first.closest(class_="nhsuk-radios").attrs["data-module"] == "nhsuk-radios"
    labels = {label.attrs["for"]: label.text() for label in fieldset.find_all("label")}
    assert labels == {"id_wte_0": "50%", "id_wte_1": "60%", "id_wte_2": "80%"}


def test_radios_inline_modifier_from_widget(render):
    class InlineForm(BaseForm):
        answer = forms.ChoiceField(
            choices=[("yes", "Yes"), ("no", "No")],
            widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"}),
        )

    _, dom = render(CRISPY, form=InlineForm())
    container = dom.find(class_="nhsuk-radios")
    assert "nhsuk-radios--inline" in container.classes
    assert "nhsuk-radios--inline" not in dom.by_id("id_answer_0").classes


def test_checkboxes_group_is_a_fieldset(render):
    _, dom = render(CRISPY, form=ProfileForm(initial={"reasons": ["health"]}))
    box = dom.by_id("id_reasons_1")
    assert box.attrs["type"] == "checkbox"
    assert "checked" in box.attrs
    assert "checked" not in dom.by_id("id_reasons_0").attrs
    fieldset = box.closest("fieldset")
    assert fieldset.find("legend").text() == "Why do you want to train less than full time?"
    assert box.closest(class_="nhsuk-checkboxes").attrs["data-module"] == "nhsuk-checkboxes"
    assert dom.find("label", for_="id_reasons_1").text() == "Your own health"


def test_single_boolean_is_one_checkbox_with_its_own_label(render):
    _, dom = render(CRISPY, form=ProfileForm())
    box = dom.by_id("id_agree")
    assert box.attrs["type"] == "checkbox"
    assert "nhsuk-checkboxes__input" in box.classes
    assert box.closest("fieldset") is None
    assert dom.find("label", for_="id_agree").text() == "I have discussed this with my TPD"
    assert described_by(box) == ["id_agree-hint"]
    assert dom.by_id("id_agree-hint").text() == "Your TPD must agree before you apply"


def test_date_input_boxes(render):
    _, dom = render(CRISPY, form=ProfileForm(initial={"start": datetime.date(2027, 3, 15)}))
    boxes = [dom.by_id(f"id_start_{i}") for i in range(3)]
    assert [box.attrs["name"] for box in boxes] == ["start_0", "start_1", "start_2"]
    assert [box.attrs["value"] for box in boxes] == ["15", "3", "2027"]
    assert all(box.attrs["inputmode"] == "numeric" for box in boxes)
    widths = [next(c for c in box.classes if c.startswith("nhsuk-input--width")) for box in boxes]
    assert widths == ["nhsuk-input--width-2", "nhsuk-input--width-2", "nhsuk-input--width-4"]
    labels = [dom.find("label", for_=box.attrs["id"]).text() for box in boxes]
    assert labels == ["Day", "Month", "Year"]
    fieldset = boxes[0].closest("fieldset")
    assert fieldset.attrs["role"] == "group"
    assert fieldset.find("legend").text() == "Start date"
    assert described_by(fieldset) == ["id_start-hint"]
    assert boxes[0].closest(class_="nhsuk-date-input") is not None


def test_date_input_autocomplete_for_date_of_birth(parse):
    widget = DateInput(autocomplete="bday")
    html = widget.render("dob", datetime.date(1990, 1, 2), attrs={"id": "id_dob"})
    dom = parse(html)
    assert [dom.by_id(f"id_dob_{i}").attrs["autocomplete"] for i in range(3)] == [
        "bday-day",
        "bday-month",
        "bday-year",
    ]


def test_password_uses_the_nhs_password_input(render):
    class PasswordForm(BaseForm):
        password = forms.CharField(widget=forms.PasswordInput)

    _, dom = render(CRISPY, form=PasswordForm())
    field = dom.by_id("id_password")
    assert field.attrs["type"] == "password"
    assert "nhsuk-password-input__input" in field.classes
    group = field.closest(class_="nhsuk-password-input")
    assert group.attrs["data-module"] == "nhsuk-password-input"
    toggle = group.find("button")
    assert toggle.attrs["aria-controls"] == "id_password"
    assert toggle.attrs["type"] == "button"


def test_label_as_page_heading_and_legend_size_through_layout(render):
    form = ProfileForm()
    form.helper.layout = Layout(
        NhsField("full_name", page_heading=True),
        Fieldset("About the change", NhsField("wte", size="m"), "start"),
    )
    html, dom = render(CRISPY, form=form)
    label = dom.find("label", for_="id_full_name")
    assert label.parent.tag == "h1"
    assert "nhsuk-label--l" in label.classes
    wte_fieldset = dom.by_id("id_wte_0").closest("fieldset")
    assert "nhsuk-fieldset__legend--m" in wte_fieldset.find("legend").classes
    group = wte_fieldset.parent.closest("fieldset")
    assert group.find("legend").text() == "About the change"
    assert dom.by_id("id_start_0").closest("fieldset").closest("fieldset") is group
    assert html.count("<h1") == 1


# Errors on the field ---------------------------------------------------------------------------


def test_field_error_has_hidden_prefix_and_is_announced(render):
    _, dom = render(CRISPY, form=invalid_profile())
    field = dom.by_id("id_full_name")
    error = dom.by_id("id_full_name-error")
    assert "nhsuk-error-message" in error.classes
    prefix = error.find("span", class_="nhsuk-u-visually-hidden")
    assert prefix.text() == "Error:"
    assert error.text() == "Error: Enter your full name"
    assert described_by(field) == ["id_full_name-hint", "id_full_name-error"]
    assert "nhsuk-input--error" in field.classes
    assert "nhsuk-form-group--error" in field.closest(class_="nhsuk-form-group").classes


def test_valid_fields_in_an_invalid_form_are_not_marked(render):
    _, dom = render(CRISPY, form=invalid_profile(full_name="Ada Lovelace"))
    field = dom.by_id("id_full_name")
    assert field.attrs["value"] == "Ada Lovelace"
    assert "nhsuk-input--error" not in field.classes
    assert dom.by_id("id_full_name-error") is None
    assert "nhsuk-form-group--error" not in field.closest(class_="nhsuk-form-group").classes


def test_select_textarea_and_groups_get_their_error_classes(render):
    class DetailForm(BaseForm):
        details = forms.CharField(widget=forms.Textarea)

    _, dom = render(CRISPY, form=DetailForm(data={}))
    assert "nhsuk-textarea--error" in dom.by_id("id_details").classes

    _, dom = render(CRISPY, form=invalid_profile())
    assert "nhsuk-select--error" in dom.by_id("id_grade").classes
    for name in ("wte", "reasons"):
        fieldset = dom.by_id(f"id_{name}_0").closest("fieldset")
        assert f"id_{name}-error" in described_by(fieldset)
        assert "nhsuk-form-group--error" in fieldset.parent.classes
    assert dom.by_id("id_reasons-error").text() == "Error: Select at least one reason"
    assert described_by(dom.by_id("id_agree")) == ["id_agree-hint", "id_agree-error"]


def test_date_error_marks_only_the_missing_box(render):
    _, dom = render(CRISPY, form=invalid_profile(start_0="15", start_1="", start_2="2027"))
    assert dom.by_id("id_start-error").text() == "Error: Start date must include a month"
    marked = ["nhsuk-input--error" in dom.by_id(f"id_start_{i}").classes for i in range(3)]
    assert marked == [False, True, False]
    fieldset = dom.by_id("id_start_0").closest("fieldset")
    assert described_by(fieldset) == ["id_start-hint", "id_start-error"]


def test_date_error_for_impossible_date_marks_every_box(render):
    _, dom = render(CRISPY, form=invalid_profile(start_0="31", start_1="2", start_2="2027"))
    assert dom.by_id("id_start-error").text() == "Error: Start date must be a real date"
    assert all("nhsuk-input--error" in dom.by_id(f"id_start_{i}").classes for i in range(3))
    assert dom.by_id("id_start_0").attrs["value"] == "31"


def test_user_input_in_error_messages_is_escaped(render):
    html, dom = render(CRISPY + SUMMARY, form=invalid_profile(grade="<script>alert(1)</script>"))
    assert "<script>" not in html
    assert dom.find("script") is None
    assert "&lt;script&gt;" in html


def test_non_field_and_hidden_field_errors_are_shown(render):
    class ConfirmForm(BaseForm):
        token = forms.CharField(widget=forms.HiddenInput)
        name = forms.CharField()

        def clean(self):
            raise forms.ValidationError("These details do not match our records")

    html, dom = render(CRISPY + SUMMARY, form=ConfirmForm(data={"name": "x"}))
    messages = [node.text() for node in dom.find_all(class_="nhsuk-error-message")]
    assert "Error: These details do not match our records" in messages
    assert "Error: This field is required." in messages
    items = dom.find(class_="nhsuk-error-summary__list").find_all("li")
    assert [li.text() for li in items] == [
        "These details do not match our records",
        "This field is required.",
    ]
    assert all(li.find("a") is None for li in items)


# Error summary -----------------------------------------------------------------------------------


def test_error_summary_is_empty_without_errors(render):
    assert render(SUMMARY, form=ProfileForm())[0].strip() == ""
    valid = ProfileForm(
        data={
            "full_name": "Ada",
            "email": "ada@example.org",
            "grade": "st3",
            "wte": "80",
            "reasons": ["caring"],
            "start_0": "15",
            "start_1": "3",
            "start_2": "2027",
            "agree": "on",
        }
    )
    assert valid.is_valid(), valid.errors
    assert render(SUMMARY, form=valid)[0].strip() == ""
    assert render("{% error_summary missing %}")[0].strip() == ""


def test_error_summary_lists_each_error_linking_to_its_input(render):
    form = invalid_profile()
    _, dom = render(SUMMARY, form=form)
    summary = dom.find(class_="nhsuk-error-summary")
    assert summary.attrs["data-module"] == "nhsuk-error-summary"
    assert summary.find(role="alert") is not None
    assert summary.find("h2", class_="nhsuk-error-summary__heading").text() == "There is a problem"
    links = [(a.attrs["href"], a.text()) for a in summary.find_all("a")]
    assert links == [
        ("#id_full_name", "Enter your full name"),
        ("#id_email", "Enter a valid email address."),
        ("#id_grade", "Select your grade"),
        ("#id_wte_0", "Select a percentage"),
        ("#id_reasons_0", "Select at least one reason"),
        ("#id_start_0", "Start date must include a year"),
        ("#id_agree", "Confirm you have discussed this with your TPD"),
    ]


def test_every_summary_link_lands_on_an_input_in_the_form(render):
    html, dom = render(SUMMARY + CRISPY, form=invalid_profile())
    hrefs = [a.attrs["href"] for a in dom.find(class_="nhsuk-error-summary").find_all("a")]
    assert hrefs
    for href in hrefs:
        target = dom.by_id(href[1:])
        assert target is not None, href
        assert target.tag in ("input", "select", "textarea")


def test_error_summary_over_several_forms_and_custom_title(render):
    class OtherForm(BaseForm):
        code = forms.CharField(error_messages={"required": "Enter the code"})

    other = OtherForm(data={}, prefix="other")
    _, dom = render(
        '{% error_summary form other title="Check your answers" %}',
        form=invalid_profile(),
        other=other,
    )
    assert dom.find("h2").text() == "Check your answers"
    assert dom.find_all("a")[-1].attrs["href"] == "#id_other-code"


def test_error_summary_accepts_formsets(render):
    class LineForm(forms.Form):
        amount = forms.IntegerField(error_messages={"invalid": "Amount must be a number"})

    formset_class = forms.formset_factory(LineForm, extra=0)
    formset = formset_class(
        data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-amount": "lots"}
    )
    _, dom = render("{% error_summary formset %}", formset=formset)
    assert [(a.attrs["href"], a.text()) for a in dom.find_all("a")] == [
        ("#id_form-0-amount", "Amount must be a number")
    ]


def test_has_errors_filter_for_the_page_title(render):
    template = "{% if form|has_errors %}Error: {% endif %}Your details"
    assert render(template, form=ProfileForm())[0] == "Your details"
    assert render(template, form=invalid_profile())[0] == "Error: Your details"
    assert render(template, form=None)[0] == "Your details"


# Date field ------------------------------------------------------------------------------------


class DateForm(forms.Form):
    start = DateField(label="Start date")
    end = DateField(label="End date", required=False)
    dob = DateField(error_messages={"required": "Enter your date of birth"}, required=False)


def date_errors(start=("", "", ""), **extra):
    data = {f"start_{i}": value for i, value in enumerate(start)}
    data.update(extra)
    form = DateForm(data=data)
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("15", "3", "2027"), datetime.date(2027, 3, 15)),
        ((" 05 ", "03", "2027"), datetime.date(2027, 3, 5)),
        (("1", "Feb", "2028"), datetime.date(2028, 2, 1)),
        (("29", "february", "2028"), datetime.date(2028, 2, 29)),
    ],
)
def test_date_field_accepts_real_dates(parts, expected):
    form = date_errors(parts)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start"] == expected
    assert form.cleaned_data["end"] is None


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter start date"),
        (("", "3", "2027"), "Start date must include a day"),
        (("15", "", "2027"), "Start date must include a month"),
        (("15", "3", ""), "Start date must include a year"),
        (("", "", "2027"), "Start date must include a day and month"),
        (("15", "", ""), "Start date must include a month and year"),
        (("31", "2", "2027"), "Start date must be a real date"),
        (("29", "2", "2027"), "Start date must be a real date"),
        (("15", "13", "2027"), "Start date must be a real date"),
        (("x", "3", "2027"), "Start date must be a real date"),
        (("15", "3", "twenty"), "Start date must be a real date"),
        (("15", "3", "27"), "Year must include 4 numbers"),
        (("15", "3", "20277"), "Year must include 4 numbers"),
    ],
)
def test_date_field_refuses_with_a_message_that_says_what_to_do(parts, message):
    form = date_errors(parts)
    assert form.errors["start"] == [message]


def test_date_field_required_message_can_be_overridden():
    form = DateForm(data={"start_0": "1", "start_1": "1", "start_2": "2027"})
    form.fields["dob"].required = True
    assert not form.is_valid()
    assert form.errors["dob"] == ["Enter your date of birth"]


def test_date_field_without_label_uses_its_name():
    form = date_errors(("1", "1", "2027"), dob_0="1")
    assert form.errors["dob"] == ["Dob must include a month and year"]


def test_date_field_keeps_acronyms_in_the_required_message():
    class CctForm(forms.Form):
        cct = DateField(label="CCT date")

    form = CctForm(data={})
    assert form.errors["cct"] == ["Enter CCT date"]


# Form mixin, buttons, form tag -----------------------------------------------------------------


def test_form_tag_method_novalidate_and_submit_text(render):
    _, dom = render(CRISPY, form=ProfileForm())
    form = dom.find("form")
    assert form.attrs["method"] == "post"
    assert "novalidate" in form.attrs
    assert "enctype" not in form.attrs
    buttons = form.find_all("button", type="submit")
    assert [b.text() for b in buttons] == ["Save and continue"]
    assert buttons[0].classes == ["nhsuk-button"]
    assert buttons[0].attrs["data-module"] == "nhsuk-button"


def test_default_submit_text_and_secondary_button(render):
    class DraftForm(BaseForm):
        secondary_submit = ("save_draft", "Save as draft")
        name = forms.CharField()

    _, dom = render(CRISPY, form=DraftForm())
    primary, secondary = dom.find_all("button", type="submit")
    assert primary.text() == "Continue"
    assert "name" not in primary.attrs
    assert secondary.text() == "Save as draft"
    assert "nhsuk-button--secondary" in secondary.classes
    assert (secondary.attrs["name"], secondary.attrs["value"]) == ("save_draft", "Save as draft")


def test_view_can_set_form_action_and_csrf_token_is_included(render):
    form = ProfileForm()
    form.helper.form_action = "/applications/42/submit/"
    _, dom = render(CRISPY, form=form, csrf_token="tok123")
    assert dom.find("form").attrs["action"] == "/applications/42/submit/"
    assert dom.find("input", name="csrfmiddlewaretoken").attrs["value"] == "tok123"


def test_file_field_gets_multipart_form_and_nhs_file_upload(render):
    _, dom = render(CRISPY, form=UploadForm())
    assert dom.find("form").attrs["enctype"] == "multipart/form-data"
    field = dom.by_id("id_evidence")
    assert field.attrs["type"] == "file"
    assert "nhsuk-file-upload__input" in field.classes
    group = field.closest(class_="nhsuk-file-upload")
    assert group.attrs["data-module"] == "nhsuk-file-upload"
    assert dom.find("label", for_="id_evidence").text() == "Upload a letter"
    assert described_by(field) == ["id_evidence-hint"]


def test_file_field_error_and_uploaded_value(render):
    _, dom = render(CRISPY + SUMMARY, form=UploadForm(data={}, files={}))
    assert dom.find("a", href="#id_evidence").text() == "This field is required."
    assert "nhsuk-form-group--error" in dom.by_id("id_evidence").parent.classes

    upload = SimpleUploadedFile("letter.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert UploadForm(data={}, files={"evidence": upload}).is_valid()


def test_crispy_filter_renders_fields_without_form_tag(render):
    _, dom = render("{{ form|crispy }}", form=invalid_profile())
    assert dom.find("form") is None
    assert dom.find("button") is None
    assert dom.find("label", for_="id_full_name").text() == "Full name"
    assert dom.by_id("id_full_name-error").text() == "Error: Enter your full name"
    assert dom.by_id("id_start_0").closest("fieldset") is not None


def test_crispy_own_submit_is_restyled_as_nhs_button(render):
    class PlainForm(forms.Form):
        name = forms.CharField()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = FormHelper()
            self.helper.add_input(CrispySubmit("go", "Search"))

    _, dom = render(CRISPY, form=PlainForm())
    button = dom.find("button")
    assert button.text() == "Search"
    assert button.classes == ["nhsuk-button"]
    assert "id" not in button.attrs


@pytest.mark.django_db
def test_mixin_works_with_authentication_form(render):
    class LoginForm(NhsFormMixin, AuthenticationForm):
        submit_text = "Sign in"

    request = RequestFactory().post("/accounts/login/")
    form = LoginForm(request=request, data={"username": "nobody", "password": "wrong"})
    assert not form.is_valid()
    html, dom = render(SUMMARY + CRISPY, form=form)
    assert dom.find("button", type="submit").text() == "Sign in"
    assert dom.find("label", for_="id_username") is not None
    assert dom.find("label", for_="id_password") is not None
    assert dom.by_id("id_password").attrs["autocomplete"] == "current-password"
    summary_items = dom.find(class_="nhsuk-error-summary__list").find_all("li")
    assert len(summary_items) == 1
    assert summary_items[0].find("a") is None
    assert "correct" in summary_items[0].text()


# Single-question pages -------------------------------------------------------------------------


def test_fieldset_form_puts_the_question_in_an_h1_legend(render):
    class NameForm(FieldsetForm):
        legend_text = "What is your name?"
        first_name = forms.CharField()
        last_name = forms.CharField()

    html, dom = render(CRISPY, form=NameForm())
    legend = dom.find("legend")
    assert set(legend.classes) == {"nhsuk-fieldset__legend", "nhsuk-fieldset__legend--l"}
    h1 = legend.find("h1", class_="nhsuk-fieldset__heading")
    assert h1.text() == "What is your name?"
    assert dom.by_id("id_first_name").closest("fieldset") is legend.parent
    assert html.count("<h1") == 1


def test_fieldset_form_with_one_group_field_does_not_nest_fieldsets(render):
    class WhenForm(FieldsetForm):
        legend_text = "When do you want to start?"
        start = DateField(label="Start date")

    html, dom = render(CRISPY, form=WhenForm(data={}))
    assert len(dom.find_all("fieldset")) == 1
    assert dom.find("h1").text() == "When do you want to start?"
    assert dom.by_id("id_start-error").text() == "Error: Enter start date"
    assert html.count("<h1") == 1


# Accessibility invariants ----------------------------------------------------------------------


@pytest.mark.parametrize("source", [CRISPY, "{{ form|crispy }}"])
@pytest.mark.parametrize("bound", [False, True])
def test_ids_are_unique_and_every_reference_resolves(render, source, bound):
    form = invalid_profile() if bound else ProfileForm()
    _, dom = render(SUMMARY + source, form=form)
    ids = [node.attrs["id"] for node in dom.iter() if "id" in node.attrs]
    assert len(ids) == len(set(ids))
    for node in dom.iter():
        for ref in described_by(node):
            assert ref in ids, (node, ref)
        if node.tag == "label" and "for" in node.attrs:
            assert node.attrs["for"] in ids
        if node.attrs.get("aria-controls"):
            assert node.attrs["aria-controls"] in ids
    controls = [
        node
        for node in dom.iter()
        if node.tag in ("select", "textarea")
        or (node.tag == "input" and node.attrs.get("type") not in ("hidden",))
    ]
    for control in controls:
        label = dom.find("label", for_=control.attrs["id"])
        assert label is not None and label.text(), control
    for group in dom.find_all(class_="nhsuk-radios") + dom.find_all(class_="nhsuk-date-input"):
        fieldset = group.closest("fieldset")
        assert fieldset is not None and fieldset.find("legend").text()


def test_single_field_with_as_crispy_field(render):
    _, dom = render("{{ form.full_name|as_crispy_field }}", form=invalid_profile())
    assert dom.find("label", for_="id_full_name").text() == "Full name"
    assert dom.by_id("id_full_name-error").text() == "Error: Enter your full name"
    assert dom.by_id("id_email") is None


def test_layout_field_css_and_wrapper_class_are_kept(render):
    form = ProfileForm()
    form.helper.layout = Layout(
        NhsField("email", css_class="nhsuk-input--width-30", wrapper_class="app-email")
    )
    _, dom = render(CRISPY, form=form)
    field = dom.by_id("id_email")
    assert {"nhsuk-input", "nhsuk-input--width-30"} <= set(field.classes)
    assert "app-email" in field.closest(class_="nhsuk-form-group").classes


def test_base_model_form_renders_model_fields(render):
    class NameForm(BaseModelForm):
        submit_text = "Save"

        class Meta:
            model = User
            fields = ["first_name", "email"]

    _, dom = render(CRISPY, form=NameForm())
    assert dom.find("label", for_="id_first_name").text() == "First name"
    assert dom.find("button").text() == "Save"


def test_existing_file_renders_only_the_file_input(render):
    class StoredFile:
        url = "/files/letter.pdf"
        name = "letter.pdf"

        def __str__(self):
            return self.name

    class ReplaceForm(BaseForm):
        evidence = forms.FileField(widget=forms.ClearableFileInput, required=False)

    html, dom = render(CRISPY, form=ReplaceForm(initial={"evidence": StoredFile()}))
    field = dom.by_id("id_evidence")
    assert field.attrs["type"] == "file"
    assert "value" not in field.attrs
    assert dom.find("input", type="checkbox") is None
    assert "letter.pdf" not in html
