"""Forms of staff training (they only validate; the actions check again). Every question that is not needed to
identify the record can be left empty."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.roles import Role
from reclaim.outreach.models import CourseTopic, ParticipantKind, ParticipantStatus
from reclaim.outreach.training_actions import (
    MAX_CAPACITY,
    MAX_VALID_MONTHS,
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    CourseValues,
    ExternalCertificateValues,
    ParticipantValues,
    SessionValues,
)

DATE = forms.DateInput(attrs={"type": "date"})


def _uuid(value: str) -> UUID:
    return UUID(str(value))


def _choice(label: Any, choices: list[tuple[str, str]], *, required: bool = False, help_text: Any = "") -> Any:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", _("Choose…") if required else _("— none —")), *choices],
        coerce=_uuid,
        empty_value=None,
        required=required,
        help_text=help_text,
    )


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    topic = forms.ChoiceField(label=_("Topic"), choices=CourseTopic.choices, initial=CourseTopic.OTHER)
    provider = forms.CharField(
        label=_("Provider"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=_("Who teaches it: your agency, a partner, an online platform."),
    )
    description = forms.CharField(
        label=_("Description"), max_length=TEXT_MAX_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    hours = forms.DecimalField(
        label=_("Hours"), required=False, max_digits=5, decimal_places=1, min_value=Decimal("0.1")
    )
    valid_months = forms.IntegerField(
        label=_("Certificate valid for (months)"),
        required=False,
        min_value=1,
        max_value=MAX_VALID_MONTHS,
        help_text=_("Leave empty if the certificate never expires."),
    )
    is_active = forms.BooleanField(label=_("Offered now"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def values(self) -> CourseValues:
        data = self.cleaned_data
        return CourseValues(
            title=data["title"],
            topic=data["topic"],
            provider=data.get("provider") or "",
            description=data.get("description") or "",
            hours=data.get("hours"),
            valid_months=data.get("valid_months"),
            is_active=bool(data.get("is_active")),
        )


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    is_online = forms.BooleanField(label=_("Online"), required=False)
    place = forms.CharField(
        label=_("Place"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        help_text=_("Where it takes place, or the link for an online session. Kept encrypted."),
    )
    trainer = forms.CharField(label=_("Trainer"), max_length=NAME_MAX_LENGTH, required=False)
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1, max_value=MAX_CAPACITY)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def values(self) -> SessionValues:
        data = self.cleaned_data
        return SessionValues(
            held_on=data["held_on"],
            is_online=bool(data.get("is_online")),
            place=data.get("place") or "",
            trainer=data.get("trainer") or "",
            capacity=data.get("capacity"),
        )


class ParticipantForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Who is taking part"), choices=ParticipantKind.choices, widget=forms.RadioSelect, initial="staff"
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=_("For a partner's staff member. A community member may give a name or not. Kept encrypted."),
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=_("For a partner: type the organisation, or choose it from the directory below."),
    )

    def __init__(
        self,
        *args: Any,
        staff_choices: list[tuple[str, str]],
        organisation_choices: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user_id"] = _choice(_("Staff member"), staff_choices, help_text=_("For staff of your agency."))
        self.fields["organization_id"] = _choice(_("Organisation from the partner directory"), organisation_choices)
        self.order_fields(["kind", "user_id", "name", "organisation_name", "organization_id"])

    def values(self) -> ParticipantValues:
        data = self.cleaned_data
        return ParticipantValues(
            kind=data["kind"],
            user_id=data.get("user_id"),
            name=data.get("name") or "",
            organisation_name=data.get("organisation_name") or "",
            organization_id=data.get("organization_id"),
        )


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(label=_("Attendance"), choices=ParticipantStatus.choices)
    completed_on = forms.DateField(
        label=_("Completed on"),
        required=False,
        widget=DATE,
        help_text=_("Only for a completion; the session's date if left empty."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ExternalCertificateForm(forms.Form):
    provider = forms.CharField(label=_("Provider"), max_length=NAME_MAX_LENGTH, required=False)
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)

    def __init__(
        self, *args: Any, staff_choices: list[tuple[str, str]], course_choices: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user_id"] = _choice(_("Staff member"), staff_choices, required=True)
        self.fields["course_id"] = _choice(
            _("Course it counts as"),
            course_choices,
            required=True,
            help_text=_("Add the course first if it is not in the list."),
        )
        self.order_fields(["user_id", "course_id", "completed_on", "provider"])

    def values(self) -> ExternalCertificateValues:
        data = self.cleaned_data
        return ExternalCertificateValues(
            user_id=data.get("user_id"),
            course_id=data.get("course_id"),
            completed_on=data.get("completed_on"),
            provider=data.get("provider") or "",
        )


class RequirementsForm(forms.Form):
    """One set of checkboxes per role: the courses that role must hold a current certificate of."""

    def __init__(self, *args: Any, course_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for role, label in Role.choices:
            self.fields[f"role_{role}"] = forms.MultipleChoiceField(
                label=label, choices=course_choices, required=False, widget=forms.CheckboxSelectMultiple
            )

    def required(self) -> dict[str, set[UUID]]:
        return {role: {UUID(value) for value in self.cleaned_data.get(f"role_{role}", [])} for role in Role.values}


class BlockForm(forms.Form):
    block_case_data = forms.BooleanField(
        label=_("Staff must complete trauma-informed care before seeing case data"),
        required=False,
        help_text=_(
            "When this is on, staff with a case role who hold no current certificate of a trauma-informed care "
            "course see no case records until they complete one."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
