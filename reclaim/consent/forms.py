"""Forms of the consent pages. Every rule is checked again in actions.do_record_consent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.consent.models import Channel, DataClass, GivenBy, InformedOf, Method, Purpose, RecipientKind, RevokedHow


def data_classes_field(label: Any) -> forms.MultipleChoiceField:
    """The classes of information a consent covers: the same field on a consent record and on a template."""
    return forms.MultipleChoiceField(
        label=label,
        choices=DataClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what is needed. Not used for contact consents."),
    )


def channels_field(label: Any) -> forms.MultipleChoiceField:
    """The ways of contact a consent allows: the same field on a consent record and on a template."""
    return forms.MultipleChoiceField(
        label=label,
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For contact and follow-up consents."),
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("What is this consent for?"), choices=Purpose.choices)
    recipient_kind = forms.ChoiceField(
        label=_("Who may receive the information?"),
        choices=[("", _("Not needed for contact consents")), *RecipientKind.choices],
        required=False,
    )
    recipient_agency = forms.ChoiceField(label=_("Agency"), required=False)
    recipient_organization = forms.ChoiceField(label=_("Organisation of the directory"), required=False)
    recipient_name = forms.CharField(
        label=_("Or the name of an organisation or person"),
        required=False,
        max_length=200,
        help_text=_("Only if it is neither an agency on Reclaim nor in the directory."),
    )
    data_classes = data_classes_field(_("Information it covers"))
    channels = channels_field(_("Ways we may contact them"))
    starts_on = forms.DateField(label=_("Starts"), widget=forms.DateInput(attrs={"type": "date"}))
    expires_on = forms.DateField(
        label=_("Ends"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Every consent ends. Twelve months unless they want it shorter; at most 36 months."),
    )
    informed_of = forms.MultipleChoiceField(
        label=_("I explained, in a language they understand"),
        choices=InformedOf.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    given_by = forms.ChoiceField(label=_("Who agreed"), choices=GivenBy.choices)
    signer_name = forms.CharField(label=_("Their name"), max_length=200, required=False)
    second_signer_name = forms.CharField(
        label=_("The young person's name (for a minor, both sign)"), max_length=200, required=False
    )
    method = forms.ChoiceField(label=_("How they agreed"), choices=Method.choices, widget=forms.RadioSelect)
    signature = forms.CharField(
        label=_("Signature"),
        required=False,
        widget=forms.HiddenInput(attrs={"data-signature-target": "1"}),
    )
    typed_signature = forms.CharField(label=_("Or type their name as a signature"), required=False, max_length=200)
    witness_name = forms.CharField(label=_("Witness (for a verbal consent)"), max_length=200, required=False)
    document = forms.ChoiceField(label=_("Uploaded consent form"), required=False)
    summary_language = forms.CharField(label=_("Language of the summary they receive"), max_length=10, required=False)
    # The template version the form was started from (consent:add?template=<id>), kept on the record.
    template = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        agencies: list[tuple[str, str]],
        organizations: list[tuple[str, str]],
        documents: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        organization = self.fields["recipient_organization"]
        organization.choices = [("", _("Choose an organisation")), *organizations]  # type: ignore[attr-defined]
        self.fields["recipient_agency"].choices = [("", _("Choose an agency")), *agencies]  # type: ignore[attr-defined]
        self.fields["document"].choices = [("", _("Choose a document")), *documents]  # type: ignore[attr-defined]
        for name in ("signer_name", "witness_name", "typed_signature", "second_signer_name", "recipient_name"):
            self.fields[name].widget.attrs["autocomplete"] = "off"


class ChooseTemplateForm(forms.Form):
    """A GET form above the consent form: reload it with a template's defaults."""

    template = forms.ChoiceField(label=_("Start from one of your agency's templates"), required=False)

    def __init__(self, *args: Any, templates: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [("", _("No template: fill in by hand")), *templates]  # type: ignore[attr-defined]


class RevokeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    by_whom = forms.ChoiceField(label=_("Who took it back"), choices=GivenBy.choices)
    how = forms.ChoiceField(label=_("How they told us"), choices=RevokedHow.choices)
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ConsentTemplateForm(forms.Form):
    """An agency admin's consent template (template_actions checks every rule again)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("What your staff will pick, e.g. 'Referral to a shelter'.")
    )
    purpose = forms.ChoiceField(label=_("What is this consent for?"), choices=Purpose.choices)
    data_classes = data_classes_field(_("Information it covers, unless changed"))
    channels = channels_field(_("Ways we may contact them, unless changed"))
    length_days = forms.IntegerField(
        label=_("Lasts (days)"),
        min_value=1,
        max_value=1095,
        initial=365,
        help_text=_("The end date is counted from the start. At most 1,095 days (36 months)."),
    )
    informed_of = forms.MultipleChoiceField(
        label=_("What staff explain, ticked in advance"),
        choices=InformedOf.choices,
        required=False,
        initial=list(InformedOf.values),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Staff still confirm each point with the person before the consent is saved."),
    )
    requires_second_signer = forms.BooleanField(
        label=_("A second person signs (for a minor: the young person and a parent or guardian)"), required=False
    )
    text_en = forms.CharField(
        label=_("Text read to or with the person, in English"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain words: what is shared, with whom, why, for how long, and that they can say no."),
    )
    text_es = forms.CharField(
        label=_("The same text in Spanish (optional)"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "lang": "es"}),
    )
    text_fr = forms.CharField(
        label=_("The same text in French (optional)"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "lang": "fr"}),
    )
    text_ar = forms.CharField(
        label=_("The same text in Arabic (optional)"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "lang": "ar", "dir": "rtl"}),
    )


class RetireTemplateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
