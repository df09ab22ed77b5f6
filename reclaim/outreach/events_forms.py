"""Forms of the events pages (they only validate; the actions check again). Dates and times are entered in the
agency's time zone."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reclaim.outreach import events_survey
from reclaim.outreach.events_actions import FOLLOW_UP_MAX_LENGTH, PLACE_MAX_LENGTH, TITLE_MAX_LENGTH, EventValues
from reclaim.outreach.models import Audience, EventFormat, SurveyPhase

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
# Domain error fields -> this form's fields.
FIELD_ALIASES = {
    "starts_at": "starts",
    "ends_at": "ends",
    "campaign_id": "campaign",
    "facilitator_ids": "facilitators",
    "owner_id": "owner",
}


def _uuid(value: str) -> UUID:
    return UUID(str(value))


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    campaign = forms.TypedChoiceField(label=_("Campaign"), required=False, coerce=_uuid, empty_value=None)
    format = forms.ChoiceField(label=_("Format"), choices=EventFormat.choices, initial=EventFormat.IN_PERSON)
    audience = forms.ChoiceField(
        label=_("Audience"),
        choices=[("", _("Not set")), *Audience.choices],
        required=False,
        help_text=_("Community trainings are events too: choose who they are for, such as police or health workers."),
    )
    on = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(label=_("Starts at"), widget=TIME)
    ends = forms.TimeField(label=_("Ends at"), widget=TIME, required=False)
    ends_on = forms.DateField(
        label=_("Ends on another day"), widget=DATE, required=False, help_text=_("Only for events over several days.")
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=PLACE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("An address, a room, or the link of an online event."),
    )
    place_is_confidential = forms.BooleanField(
        label=_("The place is confidential (only those running outreach and the facilitators see it)"), required=False
    )
    facilitators = forms.TypedMultipleChoiceField(
        label=_("Facilitators"), required=False, coerce=_uuid, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        campaign_choices: list[tuple[str, str]],
        staff_choices: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", _("No campaign")), *campaign_choices]  # type: ignore[attr-defined]
        self.fields["facilitators"].choices = staff_choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("ends_on") and not data.get("ends"):
            self.add_error("ends", _("Enter the time it ends on that day."))
        return data

    def values(self) -> EventValues:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        starts_at = datetime.datetime.combine(data["on"], data["starts"], tzinfo=tz)
        ends_at = None
        if data.get("ends"):
            ends_at = datetime.datetime.combine(data.get("ends_on") or data["on"], data["ends"], tzinfo=tz)
        return EventValues(
            title=data["title"],
            starts_at=starts_at,
            ends_at=ends_at,
            format=data["format"],
            audience=data.get("audience") or "",
            place=data.get("place") or "",
            place_is_confidential=bool(data.get("place_is_confidential")),
            campaign_id=data.get("campaign"),
            facilitator_ids=list(data.get("facilitators") or []),
        )

    @staticmethod
    def initial_for(event: Any) -> dict[str, Any]:
        starts = timezone.localtime(event.starts_at)
        ends = timezone.localtime(event.ends_at) if event.ends_at else None
        return {
            "title": event.title,
            "campaign": str(event.campaign_id) if event.campaign_id else "",
            "format": event.format,
            "audience": event.audience,
            "on": starts.date(),
            "starts": starts.time().replace(second=0, microsecond=0),
            "ends": ends.time().replace(second=0, microsecond=0) if ends else None,
            "ends_on": ends.date() if ends and ends.date() != starts.date() else None,
            "place": event.place or "",
            "place_is_confidential": event.place_is_confidential,
            "facilitators": [str(person.pk) for person in event.facilitators.all()],
            "version": event.version,
        }


class EventEditForm(EventForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttendanceForm(forms.Form):
    audience_size = forms.IntegerField(
        label=_("People who came"),
        min_value=0,
        required=False,
        help_text=_("Leave empty to use the sum of the groups below."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in Audience.choices:
            self.fields[f"group_{code}"] = forms.IntegerField(label=label, min_value=0, required=False)

    def group_fields(self) -> list[Any]:
        return [self[f"group_{code}"] for code in Audience.values]

    def by_group(self) -> dict[str, int]:
        return {
            code: self.cleaned_data[f"group_{code}"]
            for code in Audience.values
            if self.cleaned_data.get(f"group_{code}") is not None
        }

    @staticmethod
    def initial_for(event: Any) -> dict[str, Any]:
        groups = {f"group_{code}": count for code, count in (event.attendance_by_group or {}).items()}
        return {"audience_size": event.audience_size, "version": event.version, **groups}


class SurveyForm(forms.Form):
    """The knowledge survey: when it was answered, then each statement true / false / not sure (skippable)."""

    phase = forms.ChoiceField(label=_("When are you answering?"), choices=SurveyPhase.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item_ids: list[str] = []
        for item_id, text, options in events_survey.items():
            self.item_ids.append(item_id)
            self.fields[f"item_{item_id}"] = forms.TypedChoiceField(
                label=text,
                choices=[*((str(value), label) for value, label in options), ("", _("Not sure"))],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )

    def answers(self) -> list[int | None]:
        return [self.cleaned_data.get(f"item_{item_id}") for item_id in self.item_ids]


class SurveyLinkForm(forms.Form):
    open = forms.TypedChoiceField(choices=[("1", "open"), ("0", "close")], coerce=lambda v: v == "1")


class FollowUpForm(forms.Form):
    what = forms.CharField(
        label=_("What needs doing"), max_length=FOLLOW_UP_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.TypedChoiceField(label=_("Who does it"), coerce=_uuid, empty_value=None)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)

    def __init__(self, *args: Any, staff_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Choose…")), *staff_choices]  # type: ignore[attr-defined]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
