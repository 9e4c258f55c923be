from django import forms

from portal.nhsuk.forms import BaseForm
from trainees.importing.reading import MAX_BYTES
from trainees.models import ImportRun


class ImportUploadForm(BaseForm):
    submit_text = "Check the file"

    kind = forms.ChoiceField(
        label="What the file lists",
        choices=ImportRun.Kind.choices,
        widget=forms.RadioSelect,
        initial=ImportRun.Kind.PEOPLE,
        error_messages={"required": "Select what the file lists"},
    )
    office = forms.ChoiceField(
        label="Local office",
        error_messages={"required": "Select the local office the file is for"},
    )
    file = forms.FileField(
        label="File",
        help_text=(
            "A CSV (UTF-8) or XLSX file of up to 20 MB: the TIS export of trainees and their "
            "programmes, or the staff file."
        ),
        error_messages={
            "required": "Choose the file to import",
            "empty": "The file is empty. Choose a CSV or XLSX file with a header row.",
        },
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.offices = offices
        choices = [(code, o.name) for code, o in offices.items()]
        if len(offices) == 1:
            self.fields["office"].initial = next(iter(offices))
        else:
            # No office is chosen for the person: the file's rows must match the one they pick.
            choices.insert(0, ("", "Choose a local office"))
        self.fields["office"].choices = choices

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                "The file is larger than 20 MB. Split it into smaller files."
            )
        return upload
