"""Forms for group programs: they only validate; pickers get their choices from selectors."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import User
from reclaim.funding.models import Grant
from reclaim.services.group_actions import GroupProgramData, SessionRule
from reclaim.services.group_selectors import facilitator_choices, grants_for_agency
from reclaim.services.models import MAX_SESSION_MINUTES, AttendanceStatus, GroupKind, GroupStatus, LeaveReason
from reclaim.services.selectors import service_types

if TYPE_CHECKING:
    from reclaim.services.models import GroupEnrolment

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"})


class GroupProgramForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("Shown in page titles and lists: do not put the place or anyone's name in it."),
    )
    kind = forms.ChoiceField(label=_("Kind of group"), choices=GroupKind.choices)
    service_type = forms.ChoiceField(
        label=_("Attendance counts as this service"),
        required=False,
        help_text=_("Leave as it is to use the usual service for this kind of group."),
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=2000, widget=forms.Textarea)
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Staff or volunteers who run the sessions and take attendance."),
    )
    capacity = forms.IntegerField(
        label=_("Places"), required=False, min_value=1, max_value=500, help_text=_("Leave empty for no limit.")
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    location = forms.CharField(
        label=_("Usual place"),
        required=False,
        max_length=300,
        help_text=_("Kept encrypted and shown only on the group's pages."),
    )
    grant = forms.ModelChoiceField(label=_("Funded by"), queryset=Grant.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=GroupStatus.choices, initial=GroupStatus.PLANNED)
    completion_percent = forms.IntegerField(
        label=_("Share of sessions to attend to complete (%)"), min_value=1, max_value=100, initial=75
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, agency_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = facilitator_choices(agency_id)  # type: ignore[attr-defined]
        self.fields["grant"].queryset = grants_for_agency(agency_id)  # type: ignore[attr-defined]
        self.fields["service_type"].choices = [("", _("The usual one for the kind of group"))] + [  # type: ignore[attr-defined]
            (t.code, f"{t.category.display_label}: {t.display_label}") for t in service_types()
        ]

    def data_object(self) -> GroupProgramData:
        data = self.cleaned_data
        return GroupProgramData(
            name=data["name"],
            kind=data["kind"],
            service_type=data["service_type"] or "",
            description=data["description"],
            facilitator_ids=[user.pk for user in data["facilitators"]],
            capacity=data["capacity"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            location=data["location"],
            grant_id=data["grant"].pk if data["grant"] else None,
            status=data["status"],
            completion_percent=data["completion_percent"],
        )


WEEKDAY_CHOICES = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class GenerateSessionsForm(forms.Form):
    weekdays = forms.MultipleChoiceField(
        label=_("On these days"), choices=WEEKDAY_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    interval = forms.IntegerField(label=_("Every how many weeks"), min_value=1, max_value=8, initial=1)
    start_time = forms.TimeField(label=_("Start time"), widget=TIME)
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=1, max_value=MAX_SESSION_MINUTES, initial=90
    )
    starts_on = forms.DateField(
        label=_("From"), required=False, widget=DATE, help_text=_("Leave empty to start when the group starts.")
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=DATE, help_text=_("Leave empty to use the group's end date.")
    )
    count = forms.IntegerField(label=_("Or this many sessions"), required=False, min_value=1, max_value=200)

    def rule(self) -> SessionRule:
        data = self.cleaned_data
        return SessionRule(
            weekdays=[int(day) for day in data["weekdays"]],
            start_time=data["start_time"],
            duration_minutes=data["duration_minutes"],
            interval=data["interval"],
            until=data["until"],
            count=data["count"],
            starts_on=data["starts_on"],
        )


class AddSessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    time = forms.TimeField(label=_("Start time"), widget=TIME)
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=1, max_value=MAX_SESSION_MINUTES, initial=90
    )
    topic = forms.CharField(label=_("Topic"), required=False, max_length=300)
    location = forms.CharField(
        label=_("Place, if not the usual one"), required=False, max_length=300, help_text=_("Kept encrypted.")
    )

    def starts_at(self) -> datetime.datetime:
        from django.utils import timezone

        moment = datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(moment, timezone.get_current_timezone())


class EnrolForm(forms.Form):
    case_number = forms.CharField(
        label=_("Case number"),
        max_length=24,
        help_text=_("The number of a case you can open, e.g. A-2026-0012."),
    )


class LeaveForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why they are leaving"), choices=LeaveReason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttendanceForm(forms.Form):
    """One radio group per person taking part; an unanswered row is left as it was."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, roster: list[GroupEnrolment], marks: dict[Any, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[GroupEnrolment, forms.BoundField]] = []
        for enrolment in roster:
            name = f"mark_{enrolment.pk}"
            self.fields[name] = forms.ChoiceField(
                label=_("Attendance"),
                choices=AttendanceStatus.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=marks.get(enrolment.pk, ""),
            )
            self.rows.append((enrolment, self[name]))

    def marks(self) -> dict[Any, str]:
        return {enrolment.pk: self.cleaned_data.get(f"mark_{enrolment.pk}") or "" for enrolment, _f in self.rows}
