"""Forms of the volunteers part (they only validate the shape; the actions check the rules again)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.outreach.models import (
    AgreementKind,
    AssignmentStatus,
    ScreeningStatus,
    VolunteerRole,
    VolunteerStatus,
)
from reclaim.outreach.volunteers_actions import (
    ALIAS_MAX_LENGTH,
    NAME_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    VERSION_LABEL_MAX_LENGTH,
    AgreementValues,
    AssignmentValues,
    HoursValues,
    ScreeningValues,
    VolunteerValues,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})
HOURS = {"max_digits": 4, "decimal_places": 2}


def _uuid(value: str) -> UUID:
    return UUID(str(value))


class VolunteerForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name"), max_length=NAME_MAX_LENGTH, help_text=_("The name the volunteer goes by.")
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    languages = forms.CharField(label=_("Languages spoken"), required=False, max_length=900)
    skills = forms.CharField(label=_("Skills and experience"), required=False, widget=TEXT)
    roles = forms.MultipleChoiceField(
        label=_("Roles they may take"),
        choices=VolunteerRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.CharField(
        label=_("Availability"),
        required=False,
        widget=TEXT,
        help_text=_("Days and times, for example “weekday evenings, Saturday mornings”."),
    )
    motivation = forms.CharField(label=_("Why they want to volunteer"), required=False, widget=TEXT)
    applied_on = forms.DateField(label=_("Applied on"), required=False, widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def values(self) -> VolunteerValues:
        data = self.cleaned_data
        return VolunteerValues(
            display_name=data["display_name"],
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            languages=data.get("languages") or "",
            skills=data.get("skills") or "",
            availability=data.get("availability") or "",
            motivation=data.get("motivation") or "",
            roles=list(data.get("roles") or []),
            applied_on=data.get("applied_on"),
        )


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=VolunteerStatus.choices)
    reason = forms.CharField(label=_("Reason or note"), required=False, widget=TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ScreeningForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ScreeningStatus.choices)
    done_on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    note = forms.CharField(
        label=_("Note"), required=False, widget=TEXT, help_text=_("When you waive a step, say why here.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def values(self) -> ScreeningValues:
        data = self.cleaned_data
        return ScreeningValues(status=data["status"], done_on=data.get("done_on"), note=data.get("note") or "")


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Agreement"), choices=AgreementKind.choices)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    document_version = forms.CharField(
        label=_("Version of the text"), required=False, max_length=VERSION_LABEL_MAX_LENGTH
    )
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DATE)

    def values(self) -> AgreementValues:
        data = self.cleaned_data
        return AgreementValues(
            kind=data["kind"],
            signed_on=data["signed_on"],
            document_version=data.get("document_version") or "",
            expires_on=data.get("expires_on"),
        )


class AssignmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of task"), choices=VolunteerRole.choices)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), required=False, widget=DATETIME)
    place = forms.CharField(label=_("Place"), required=False, max_length=300)
    place_is_confidential = forms.BooleanField(label=_("The place is confidential"), required=False)
    person_alias = forms.CharField(
        label=_("Alias of the person helped"),
        required=False,
        max_length=ALIAS_MAX_LENGTH,
        help_text=_("An alias only, never a real name or a case reference."),
    )
    details = forms.CharField(label=_("What the volunteer needs to know"), required=False, widget=TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, event_choices: list[tuple[str, str]], with_status: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event_id"] = forms.TypedChoiceField(
            label=_("Event"),
            choices=[("", _("— none —")), *event_choices],
            coerce=_uuid,
            empty_value=None,
            required=False,
        )
        if with_status:
            self.fields["status"] = forms.ChoiceField(label=_("Status"), choices=AssignmentStatus.choices)
        self.order_fields(["kind", "title", "starts_at", "ends_at", "event_id", "place"])

    def values(self) -> AssignmentValues:
        data = self.cleaned_data
        return AssignmentValues(
            kind=data["kind"],
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data.get("ends_at"),
            place=data.get("place") or "",
            place_is_confidential=bool(data.get("place_is_confidential")),
            event_id=data.get("event_id"),
            person_alias=data.get("person_alias") or "",
            details=data.get("details") or "",
        )


class RespondForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    version = forms.IntegerField(widget=forms.HiddenInput)


class HoursForm(forms.Form):
    worked_on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), min_value=0, **HOURS)  # type: ignore[arg-type]
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT)

    def values(self) -> HoursValues:
        data = self.cleaned_data
        return HoursValues(worked_on=data["worked_on"], hours=data["hours"], note=data.get("note") or "")


class ApproveHoursForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Hours to approve"),
        min_value=0,
        help_text=_("Change the number to correct it; the volunteer's own entry is kept."),
        **HOURS,  # type: ignore[arg-type]
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ThanksForm(forms.Form):
    note = forms.CharField(label=_("Thank-you note"), widget=TEXT)
    written_on = forms.DateField(label=_("Date"), required=False, widget=DATE)


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *VolunteerStatus.choices], required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Any role")), *VolunteerRole.choices], required=False)
