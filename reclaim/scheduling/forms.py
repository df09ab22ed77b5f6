"""Appointment forms only validate; the date and times are entered in the agency's time zone."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import User
from reclaim.cases.selectors import assignable_staff, interpreter_needed_for_case
from reclaim.scheduling.actions import AppointmentValues
from reclaim.scheduling.models import (
    LANGUAGE_MAX_LENGTH,
    OUTCOME_NOTE_MAX_LENGTH,
    PARTNER_MAX_LENGTH,
    PLACE_MAX_LENGTH,
    PURPOSE_MAX_LENGTH,
    VIDEO_LINK_MAX_LENGTH,
    AppointmentMode,
    AppointmentStatus,
)
from reclaim.services.selectors import service_types

if TYPE_CHECKING:
    from reclaim.cases.models import Case

_DATE = forms.DateInput(attrs={"type": "date"})
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AppointmentForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=_DATE)
    starts = forms.TimeField(label=_("From"), widget=_TIME)
    ends = forms.TimeField(label=_("To"), widget=_TIME)
    attendees = forms.ModelMultipleChoiceField(
        label=_("With (staff)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one staff member, or name a partner agency below."),
    )
    partner_name = forms.CharField(label=_("Partner agency"), required=False, max_length=PARTNER_MAX_LENGTH)
    service_type = forms.ChoiceField(label=_("Kind of service"), required=False)
    purpose = forms.CharField(
        label=_("What it is for"),
        required=False,
        max_length=PURPOSE_MAX_LENGTH,
        help_text=_("A few words. Stored encrypted; never shown in calendar apps or reminders."),
    )
    mode = forms.ChoiceField(label=_("How"), choices=AppointmentMode.choices, initial=AppointmentMode.IN_PERSON)
    place = forms.CharField(label=_("Place"), required=False, max_length=PLACE_MAX_LENGTH)
    place_confidential = forms.BooleanField(
        label=_("The place is confidential (for example a shelter address)"),
        required=False,
        help_text=_("A confidential place never appears in calendar feeds."),
    )
    video_link = forms.CharField(label=_("Video link"), required=False, max_length=VIDEO_LINK_MAX_LENGTH)
    interpreter_needed = forms.BooleanField(
        label=_("An interpreter is needed"),
        required=False,
        help_text=_(
            "For this appointment only. A new appointment starts from the case's immediate needs and the "
            "preferred language in the person's details; change those to change them everywhere."
        ),
    )
    interpreter_language = forms.CharField(label=_("Language"), required=False, max_length=LANGUAGE_MAX_LENGTH)
    allow_conflict = forms.BooleanField(
        label=_("Book anyway, although the time overlaps the appointments listed above"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = assignable_staff(user)  # type: ignore[attr-defined]
        self.fields["service_type"].choices = [  # type: ignore[attr-defined]
            ("", _("None / not a service")),
            *[(t.code, f"{t.category.display_label}: {t.display_label}") for t in service_types()],
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts is not None and ends is not None and ends <= starts:
            self.add_error("ends", _("The end must be after the start."))
        return data

    def values(self) -> AppointmentValues:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        on: datetime.date = data["on"]
        return AppointmentValues(
            starts_at=datetime.datetime.combine(on, data["starts"], tzinfo=tz),
            ends_at=datetime.datetime.combine(on, data["ends"], tzinfo=tz),
            attendee_ids=[user.pk for user in data["attendees"]],
            partner_name=data["partner_name"],
            service_type=data["service_type"],
            purpose=data["purpose"],
            mode=data["mode"],
            place=data["place"],
            place_confidential=data["place_confidential"],
            video_link=data["video_link"],
            interpreter_needed=data["interpreter_needed"],
            interpreter_language=data["interpreter_language"],
        )

    @staticmethod
    def initial_for_new(case: Case) -> dict[str, Any]:
        """Tell once: a new appointment starts from what the case already records (interpreter need from the
        immediate-needs checklist, language from the person's record), never from blank questions."""
        needed = interpreter_needed_for_case(case.pk)
        language = case.survivor.preferred_language
        return {"interpreter_needed": bool(needed), "interpreter_language": language if needed else ""}

    @staticmethod
    def initial_for(values: AppointmentValues, version: int) -> dict[str, Any]:
        if values.starts_at is None or values.ends_at is None:
            return {"version": version}
        starts, ends = timezone.localtime(values.starts_at), timezone.localtime(values.ends_at)
        return {
            "on": starts.date(),
            "starts": starts.time().replace(second=0, microsecond=0),
            "ends": ends.time().replace(second=0, microsecond=0),
            "attendees": values.attendee_ids,
            "partner_name": values.partner_name,
            "service_type": values.service_type,
            "purpose": values.purpose,
            "mode": values.mode,
            "place": values.place,
            "place_confidential": values.place_confidential,
            "video_link": values.video_link,
            "interpreter_needed": values.interpreter_needed,
            "interpreter_language": values.interpreter_language,
            "version": version,
        }


# Keys of the action's field errors that the form names differently.
FIELD_ALIASES = {"starts_at": "starts", "ends_at": "ends", "attendee_ids": "attendees"}


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Was it kept?"),
        choices=[
            (AppointmentStatus.KEPT, _("Kept")),
            (AppointmentStatus.NO_SHOW, _("Missed: the person did not come")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=OUTCOME_NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    record_service = forms.BooleanField(
        label=_("Add it to the service log (kept appointments with a kind of service)"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CancelForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Who cancelled?"),
        choices=[("survivor", _("The survivor")), ("agency", _("Our agency"))],
        widget=forms.RadioSelect,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CalendarPickForm(forms.Form):
    """Filters carrying no personal details, so they may sit in the URL: a date and whose calendar."""

    date = forms.DateField(label=_("Date"), required=False, widget=_DATE)
    staff = forms.ModelChoiceField(label=_("Whose calendar"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = people  # type: ignore[attr-defined]
        self.fields["staff"].empty_label = _("My calendar")  # type: ignore[attr-defined]


class FeedForm(forms.Form):
    include_places = forms.BooleanField(
        label=_("Show places in my calendar app"),
        required=False,
        help_text=_(
            "Off by default. Confidential places (such as shelters) are never shown, whatever you choose here."
        ),
    )
