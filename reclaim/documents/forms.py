"""Document forms only validate; the file itself is checked in actions (size and real type)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.documents import files
from reclaim.documents.models import Confidentiality, DocumentKind
from reclaim.documents.selectors import visible_levels

if TYPE_CHECKING:
    from reclaim.accounts.models import User

ACCEPT = ",".join([*files.ALLOWED_TYPES, ".pdf", ".png", ".jpg", ".jpeg", ".txt", ".docx", ".odt"])


def _file_field() -> forms.FileField:
    return forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG or JPEG image, plain text, Word (DOCX) or OpenDocument (ODT) text."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": _("The file is empty."), "required": _("Choose a file to upload.")},
    )


class UploadForm(forms.Form):
    file = _file_field()
    kind = forms.ChoiceField(label=_("Type of document"), choices=DocumentKind.choices, initial=DocumentKind.OTHER)
    confidentiality = forms.ChoiceField(
        label=_("Who may see it"), choices=Confidentiality.choices, initial=Confidentiality.GENERAL
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("A neutral description, e.g. “Passport copy”. Shown only to people who may see the document."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = visible_levels(user)
        self.fields["confidentiality"].choices = [  # type: ignore[attr-defined]
            (code, label) for code, label in Confidentiality.choices if code in levels
        ]


class NewVersionForm(forms.Form):
    file = _file_field()
    version = forms.IntegerField(widget=forms.HiddenInput)


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it archived?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: uploaded to the wrong record, or replaced by a newer document."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
