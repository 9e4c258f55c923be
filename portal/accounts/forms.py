import math

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils import timezone
from django_otp import devices_for_user, match_token

from portal.nhsuk.forms import BaseForm, NhsFormMixin


class LoginForm(NhsFormMixin, AuthenticationForm):
    submit_text = "Sign in"
    error_messages = {
        "invalid_login": (
            "Enter a correct email address and password. Passwords are case-sensitive."
        ),
        "inactive": "This account has been switched off. Contact your local office.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"] = forms.EmailField(
            label="Email address",
            widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
            error_messages={
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@nhs.net",
            },
        )
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean_username(self):
        return self.cleaned_data["username"].lower()


class MfaCodeForm(BaseForm):
    """Checks a TOTP code against the user's confirmed devices (or the one being set up)."""

    submit_text = "Continue"
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code shown in your authenticator app",
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "nhsuk-input--width-10",
            }
        ),
        error_messages={"required": "Enter the 6-digit security code from your authenticator app"},
    )

    def __init__(self, *args, user, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device
        self.verified_device = None

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError("Enter the security code as 6 numbers, like 123456")
        self._refuse_while_paused()
        if self.device is not None:
            verified = self.device if self.device.verify_token(token) else None
        else:
            verified = match_token(self.user, token)
        if verified is None:
            raise forms.ValidationError(
                "The security code is not right or has expired. Enter the code shown now."
            )
        self.verified_device = verified
        return token

    def _refuse_while_paused(self):
        """After a wrong code the device refuses every code, the right one too, for a second or
        more (doubling with each failure): say so, or a right code looks wrong."""
        devices = [self.device] if self.device is not None else devices_for_user(self.user)
        for device in devices:
            allowed, data = device.verify_is_allowed()
            if not allowed and data and data.get("locked_until"):
                wait = max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))
                raise forms.ValidationError(
                    f"A wrong code was entered just now. Wait {wait} second"
                    f"{'' if wait == 1 else 's'}, then enter the code shown now."
                )


class PortalPasswordResetForm(NhsFormMixin, PasswordResetForm):
    submit_text = "Send reset link"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@nhs.net",
        }


class PortalSetPasswordForm(NhsFormMixin, SetPasswordForm):
    submit_text = "Save new password"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rules of AUTH_PASSWORD_VALIDATORS in one plain list, in place of Django's four
        # generic sentences.
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = (
            "Use at least 12 characters. It cannot be only numbers, a commonly used password, "
            "or too like your name or email. A few unrelated words together make a strong "
            "password."
        )
        self.fields["new_password2"].label = "Confirm your new password"


SHOWN = "shown_"


class OfficeSettingsForm(BaseForm):
    """One whole number per setting of a section, each with its bounds and what it changes."""

    submit_text = "Save the settings"

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        for setting in section.settings:
            self.fields[setting.name] = forms.IntegerField(
                label=setting.heading,
                help_text=f"{setting.help_text} From {setting.min_value} to "
                f"{setting.max_value} {setting.unit}.",
                min_value=setting.min_value,
                max_value=setting.max_value,
                widget=forms.TextInput(
                    attrs={"class": "nhsuk-input--width-3", "inputmode": "numeric"}
                ),
                error_messages={
                    "required": f"{setting.label}: enter a number of {setting.unit}",
                    "invalid": f"{setting.label}: enter a whole number of {setting.unit}",
                    "min_value": setting.bounds_message,
                    "max_value": setting.bounds_message,
                },
            )

            # The value the page showed travels with it, so a save changes only what this
            # person changed, never what someone else saved meanwhile in another tab.
            self.fields[SHOWN + setting.name] = forms.CharField(
                required=False,
                widget=forms.HiddenInput,
                initial=self.initial.get(setting.name),
            )
        self.setting_names = section.names

    def changed_values(self) -> dict[str, int]:
        """The numbers changed on this page (every one when it did not say what it showed)."""
        return {
            name: self.cleaned_data[name]
            for name in self.setting_names
            if self.cleaned_data.get(SHOWN + name, "").strip() != str(self.cleaned_data[name])
        }
