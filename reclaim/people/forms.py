from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.people.models import (
    ChildLocation,
    ContactChannel,
    Gender,
    NationalityClass,
    RelationKind,
    Relationship,
    SafeToContact,
    TriState,
)


class SurvivorSearchForm(forms.Form):
    """Search terms travel in a POST body, never in the URL (no PII in logs, history or Referer)."""

    reference = forms.CharField(label=_("Reference"), required=False, max_length=20)
    name = forms.CharField(
        label=_("Full name"), required=False, max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(key) for key in ("reference", "name", "date_of_birth")):
            raise forms.ValidationError(_("Enter a reference, a name or a date of birth to search."))
        return data


NOT_SAID = [("", _("Prefer not to say / not known"))]


class PersonDetailsFields(forms.Form):
    """The person's own details, asked at intake (cases.forms.OpenCaseForm) and changed on the "Person's details"
    page: one definition, so the two ask the same questions with the same words. Every one may be skipped."""

    given_name = forms.CharField(
        label=_("Given name"), required=False, max_length=100, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    family_name = forms.CharField(
        label=_("Family name"), required=False, max_length=100, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    chosen_name = forms.CharField(
        label=_("Name they want us to use"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"})
    )
    pronouns = forms.CharField(label=_("Pronouns"), required=False, max_length=40)
    preferred_language = forms.CharField(
        label=_("Preferred language (ISO 639 code, e.g. spa)"), required=False, max_length=8
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False, initial=Gender.UNKNOWN)
    nationality_class = forms.ChoiceField(
        label=_("Citizenship or immigration status"),
        choices=NOT_SAID + NationalityClass.choices,
        required=False,
        help_text=_("Only if the person chose to say. Funders count it; it never decides what help is offered."),
    )


class PersonDetailsForm(PersonDetailsFields):
    """The "Person's details" page: the intake questions, sent back with the version they were loaded at."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def changes(self, survivor: Any) -> dict[str, Any]:
        """Only the answers that differ from what is recorded (the audit row names exactly these fields)."""
        changed = {}
        for name in PersonDetailsFields.base_fields:
            value = self.cleaned_data.get(name)
            if name == "gender" and not value:
                value = Gender.UNKNOWN  # "prefer not to say" is a coded answer for gender, never blank
            if (value or None) != (getattr(survivor, name) or None):
                changed[name] = value if value is not None else ""
        return changed


class RelationForm(forms.Form):
    """A family member, dependant or contact. Only the kind is pre-chosen; every other question may be skipped."""

    kind = forms.ChoiceField(label=_("Who is this person to the survivor?"), choices=RelationKind.choices)
    relationship = forms.ChoiceField(label=_("Relationship"), choices=NOT_SAID + Relationship.choices, required=False)
    name = forms.CharField(
        label=_("Name"), required=False, max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.EmailField(
        label=_("Email"), required=False, max_length=200, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    address = forms.CharField(
        label=_("Address"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    safe_to_contact = forms.ChoiceField(
        label=_("Is it safe to contact this person?"),
        choices=SafeToContact.choices,
        initial=SafeToContact.UNKNOWN,
        widget=forms.RadioSelect,
    )
    unsafe_reason = forms.CharField(
        label=_("Why not?"),
        help_text=_("Needed when it is not safe. Say only what colleagues need to know to keep everyone safe."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    safe_channel = forms.ChoiceField(
        label=_("Safe way to reach them"), choices=NOT_SAID + ContactChannel.choices, required=False
    )
    safe_times = forms.CharField(
        label=_("Safe times"),
        help_text=_("For example: weekdays 10:00 to 12:00, never evenings."),
        required=False,
        max_length=500,
    )
    connected_to_trafficking = forms.BooleanField(
        label=_("This person may be connected to the trafficking"),
        help_text=_("They will be shown as “Do not contact” and can never be marked safe."),
        required=False,
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"})
    )
    lives_with_survivor = forms.ChoiceField(
        label=_("Lives with the survivor"), choices=TriState.choices, initial=TriState.UNKNOWN
    )
    child_location = forms.ChoiceField(
        label=_("Where the child is now"), choices=NOT_SAID + ChildLocation.choices, required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    CONTACT_FIELDS = ("name", "relationship", "phone", "email", "address")
    SAFETY_FIELDS = ("safe_to_contact", "unsafe_reason", "safe_channel", "safe_times", "connected_to_trafficking")
    DEPENDANT_FIELDS = ("date_of_birth", "lives_with_survivor", "child_location")

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    def group(self, names: tuple[str, ...]) -> list[forms.BoundField]:
        return [self[name] for name in names]

    def contact_fields(self) -> list[forms.BoundField]:
        return self.group(self.CONTACT_FIELDS)

    def safety_fields(self) -> list[forms.BoundField]:
        return self.group(self.SAFETY_FIELDS)

    def dependant_fields(self) -> list[forms.BoundField]:
        return self.group(self.DEPENDANT_FIELDS)


class ContactSafetyForm(forms.Form):
    """How to reach the survivor without putting them at risk."""

    safe_to_contact = forms.ChoiceField(
        label=_("Is it safe to contact the survivor?"), choices=TriState.choices, initial=TriState.UNKNOWN
    )
    safe_channel = forms.ChoiceField(
        label=_("Safe way to reach them"), choices=NOT_SAID + ContactChannel.choices, required=False
    )
    safe_times = forms.CharField(
        label=_("Safe times"),
        help_text=_("For example: weekdays 10:00 to 12:00, never evenings."),
        required=False,
        max_length=500,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
