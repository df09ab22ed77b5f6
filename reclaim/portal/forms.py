"""Portal forms: nothing a browser should remember (autocomplete off, no spellcheck sent away)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

PRIVATE = {"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false", "autocorrect": "off"}


def _text(**attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={**PRIVATE, **attrs})


def _secret() -> forms.PasswordInput:
    return forms.PasswordInput(attrs={**PRIVATE, "autocomplete": "off"})


class ActivateForm(forms.Form):
    code = forms.CharField(label=_("Code from your case manager"), max_length=20, widget=_text())
    username = forms.CharField(
        label=_("Choose a sign-in name"),
        max_length=40,
        widget=_text(),
        help_text=_("Not your real name. Something only you will remember."),
    )
    passphrase = forms.CharField(
        label=_("Choose a passphrase"),
        max_length=200,
        widget=_secret(),
        help_text=_("At least 12 characters. A few words you can remember are good."),
        strip=False,
    )
    confirm = forms.CharField(label=_("Type the passphrase again"), max_length=200, widget=_secret(), strip=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("passphrase") and data.get("confirm") and data["passphrase"] != data["confirm"]:
            self.add_error("confirm", _("The two passphrases are not the same."))
        return data


class SignInForm(forms.Form):
    username = forms.CharField(label=_("Sign-in name"), max_length=40, widget=_text())
    passphrase = forms.CharField(label=_("Passphrase"), max_length=200, widget=_secret(), strip=False)
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        required=False,
        widget=_text(inputmode="numeric"),
        help_text=_("Only if you turned the authenticator app on."),
    )


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)
    safe_contact = forms.CharField(
        label=_("The safest way to reach me"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={**PRIVATE, "rows": 3}),
        help_text=_(
            "For example: “text only, after 6 pm” or “call the shelter's front desk”. Your case team sees this if you ask for help."
        ),
    )
    notify_email = forms.CharField(
        label=_("E-mail for a short “you have a new message” note"),
        max_length=254,
        required=False,
        widget=_text(inputmode="email"),
        help_text=_(
            "Optional. The note never says who it is from or what it is about. Leave this empty if someone else reads your e-mail."
        ),
    )

    def __init__(self, *args: object, languages: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [("", _("The language of this device")), *languages]
        self.fields["language"].choices = choices  # type: ignore[attr-defined]


class TotpForm(forms.Form):
    code = forms.CharField(label=_("Code shown in the app"), max_length=10, widget=_text(inputmode="numeric"))


class PassphraseCheckForm(forms.Form):
    passphrase = forms.CharField(label=_("Your passphrase"), max_length=200, widget=_secret(), strip=False)


class ChangePassphraseForm(forms.Form):
    current = forms.CharField(label=_("Your passphrase now"), max_length=200, widget=_secret(), strip=False)
    new = forms.CharField(label=_("New passphrase"), max_length=200, widget=_secret(), strip=False)
