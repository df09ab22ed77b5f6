"""The form of the FHIR export page: which live sharing consent (and so which recipient) the file is for. The
choice is checked again on the server by fhir_actions.do_export_fhir."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from reclaim.consent.models import DataClass
from reclaim.interop.fhir import recipient_label

if TYPE_CHECKING:
    from reclaim.consent.models import ConsentRecord


def consent_choice_label(consent: ConsentRecord) -> str:
    covers = ", ".join(str(DataClass(code).label) for code in consent.data_classes if code in DataClass.values)
    return str(
        _("%(purpose)s — to %(recipient)s — covers: %(covers)s — until %(until)s")
        % {
            "purpose": consent.get_purpose_display(),
            "recipient": recipient_label(consent),
            "covers": covers or _("nothing beyond the frame"),
            "until": date_format(consent.expires_on, "DATE_FORMAT"),
        }
    )


class FhirExportForm(forms.Form):
    # Not validated against the choices here: the action refuses anything but a live sharing consent of this
    # person, with the same message for the page and the API.
    consent_id = forms.CharField(label=_("Which consent is this for?"), required=False, widget=forms.RadioSelect)

    def __init__(self, *args: Any, consents: list[ConsentRecord], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = self.fields["consent_id"].widget
        widget.choices = [(str(consent.pk), consent_choice_label(consent)) for consent in consents]
