"""Case forms only validate; every question may be skipped (no narrative is ever required)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms
from django.utils import dates
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import Team, User
from reclaim.accounts.selectors import active_membership, teams_for_user
from reclaim.cases import schedule
from reclaim.cases.actions import CODING_FIELDS, HistoryEventData
from reclaim.cases.models import (
    NOTE_MAX_LENGTH,
    STRIKE_REASON_MAX_LENGTH,
    CloseReason,
    DatePrecision,
    DecisionOrg,
    FlagKind,
    FollowUpChannel,
    FollowUpOutcome,
    HistoricEvent,
    IdentificationSource,
    Indicator,
    LivingSituation,
    NeedKind,
    NeedStatus,
    NoteConfidentiality,
    NoteKind,
    ReliefObtained,
    ScreeningTool,
    TimelineCategory,
    TraffickingStatus,
)
from reclaim.cases.selectors import SORTS, CaseFilters, assignable_staff, note_levels_for
from reclaim.cases.state import CaseStatus
from reclaim.core import htcds
from reclaim.core import vocabulary as vocab
from reclaim.core.forms import ShortModelChoiceField
from reclaim.core.iso3166 import country_choices
from reclaim.people.ages import AgeBand
from reclaim.people.forms import PersonDetailsFields

NOT_SAID = [("", _("Prefer not to say / not known"))]


class CaseFilterForm(forms.Form):
    """Filters that carry no personal details, so they may sit in the URL (bookmarkable)."""

    status = forms.ChoiceField(label=_("Stage"), choices=[("", _("Any stage")), *CaseStatus.choices], required=False)
    worker = ShortModelChoiceField(  # one SELECT for the staff list, not a server-side cursor's four round trips
        label=_("Assigned worker"), queryset=User.objects.none(), required=False, empty_label=_("Anyone")
    )
    age_band = forms.ChoiceField(
        label=_("Age band when identified"), choices=[("", _("Any age")), *AgeBand.choices], required=False
    )
    number = forms.CharField(label=_("Case number"), required=False, max_length=24)
    flag = forms.ChoiceField(
        label=_("Flag"),
        choices=[("", _("Any or none")), ("any", _("Any active flag")), *FlagKind.choices],
        required=False,
    )
    exploitation_type = forms.ChoiceField(label=_("Type of exploitation"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), choices=[(s, s) for s in sorted(SORTS)], required=False)
    mine = forms.BooleanField(label=_("Only cases I work on"), required=False)
    danger = forms.BooleanField(label=_("In danger now"), required=False)
    minors = forms.BooleanField(label=_("Under 18 when identified"), required=False)
    urgent = forms.BooleanField(label=_("Urgent needs not yet resolved"), required=False)
    overdue = forms.BooleanField(
        label=_("Overdue"),
        required=False,
        help_text=_("A missed follow-up contact, or an urgent need open for more than three days."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = assignable_staff(user)  # type: ignore[attr-defined]
        membership = active_membership(user)
        self.fields["exploitation_type"].choices = [  # type: ignore[attr-defined]
            ("", _("Any type")),
            *vocab.choices(htcds.TYPE_OF_EXPLOITATION, membership.agency_id if membership else None),
        ]

    def filters(self, **extra: Any) -> CaseFilters:
        data = {k: v for k, v in self.cleaned_data.items() if v}
        if "worker" in data:
            data["worker"] = data["worker"].pk
        return CaseFilters(**data, **extra)


class PersonSearchForm(forms.Form):
    """Find cases by the person's full name and/or birth date. Sent in a POST body, never in the URL."""

    name = forms.CharField(
        label=_("Full name"), required=False, max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("name") and not data.get("date_of_birth"):
            raise forms.ValidationError(_("Enter a full name, a date of birth or both."))
        return data


class OpenCaseForm(PersonDetailsFields):
    """Identify and open a case in under two minutes: every field is optional (the person's own details are
    the ones the "Person's details" page changes later: people.forms.PersonDetailsFields)."""

    identified_on = forms.DateField(
        label=_("Identified on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    identification_source = forms.ChoiceField(
        label=_("How the person was identified"), choices=NOT_SAID + IdentificationSource.choices, required=False
    )
    identification_place = forms.CharField(label=_("Where (optional)"), required=False, max_length=200)
    campaign_id = forms.TypedChoiceField(
        label=_("Campaign that led to this identification"),
        choices=[],
        coerce=uuid.UUID,
        empty_value=None,
        required=False,
        help_text=_("Only if one of our awareness campaigns led the person to us. It is counted, never listed."),
    )
    is_minor = forms.NullBooleanField(
        label=_("Under 18?"),
        required=False,
        widget=forms.Select(choices=[("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]),
    )
    danger_now = forms.BooleanField(label=_("In danger now"), required=False)
    trafficking_status = forms.ChoiceField(
        label=_("Trafficking status"), choices=NOT_SAID + TraffickingStatus.choices, required=False
    )
    decided_by = forms.ChoiceField(label=_("Decided by"), choices=NOT_SAID + DecisionOrg.choices, required=False)
    indicators = forms.MultipleChoiceField(
        label=_("Indicators noticed"),
        choices=Indicator.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick only what you have noticed or been told. Indicators suggest; a person decides."),
    )
    screening_tool = forms.ChoiceField(
        label=_("Screening tool used"), choices=NOT_SAID + ScreeningTool.choices, required=False
    )
    urgent_needs = forms.MultipleChoiceField(
        label=_("Urgent needs now"),
        choices=NeedKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("These show on the dashboard until they are met, declined or no longer needed."),
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    existing_survivor = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, campaigns: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams_for_user(user)  # type: ignore[attr-defined]
        if campaigns:
            self.fields["campaign_id"].choices = [("", _("— none —")), *campaigns]  # type: ignore[attr-defined]
        else:  # an agency with no campaigns is not asked
            del self.fields["campaign_id"]


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("Move to"), choices=CaseStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)
    services_consent_on = forms.DateField(
        label=_("Consent to services recorded on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ApprovalRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Request"), choices=[("close", _("Close the case")), ("exit_to_follow_up", _("Exit to follow-up"))]
    )
    close_reason = forms.ChoiceField(label=_("Closure reason"), choices=NOT_SAID + CloseReason.choices, required=False)
    living_situation = forms.ChoiceField(
        label=_("Living situation at exit"), choices=NOT_SAID + LivingSituation.choices, required=False
    )
    relief_obtained = forms.ChoiceField(
        label=_("Immigration relief obtained"), choices=NOT_SAID + ReliefObtained.choices, required=False
    )
    referred_on = forms.NullBooleanField(label=_("Referred for continued case management?"), required=False)


class ApprovalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return with comments"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(forms.Form):
    lead_worker = forms.ModelChoiceField(label=_("Lead worker"), queryset=User.objects.none(), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_worker"].queryset = assignable_staff(user)  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams_for_user(user)  # type: ignore[attr-defined]


class DeterminationForm(forms.Form):
    """A new dated trafficking-status decision; the history keeps every earlier one."""

    status = forms.ChoiceField(label=_("Trafficking status"), choices=TraffickingStatus.choices)
    decided_by = forms.ChoiceField(label=_("Decided by"), choices=DecisionOrg.choices, initial=DecisionOrg.NGO)
    decided_on = forms.DateField(label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"}))
    basis = forms.CharField(
        label=_("Basis (optional)"),
        required=False,
        max_length=500,
        help_text=_("For example: law enforcement certification, our own assessment. Stored encrypted."),
    )


class CaseDetailsForm(forms.Form):
    """The case's own details after intake; every field may stay empty."""

    identified_on = forms.DateField(
        label=_("Identified on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    identification_source = forms.ChoiceField(
        label=_("How the person was identified"), choices=NOT_SAID + IdentificationSource.choices, required=False
    )
    identification_place = forms.CharField(label=_("Where (optional)"), required=False, max_length=200)
    is_minor = forms.NullBooleanField(
        label=_("Under 18 when identified?"),
        required=False,
        widget=forms.Select(choices=[("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]),
    )
    danger_now = forms.BooleanField(label=_("In danger now"), required=False)
    services_consent_on = forms.DateField(
        label=_("Consent to services recorded on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    intake_on = forms.DateField(label=_("Intake date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    campaign_id = forms.TypedChoiceField(
        label=_("Campaign that led to this identification"),
        choices=[],
        coerce=uuid.UUID,
        empty_value=None,
        required=False,
        help_text=_("Only if one of our awareness campaigns led the person to us. It is counted, never listed."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, campaigns: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign_id"].choices = [("", _("— none —")), *(campaigns or [])]  # type: ignore[attr-defined]
        self.order_fields(["identified_on", "identification_source", "identification_place", "campaign_id"])

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version")
        return data


class FollowUpRecordForm(forms.Form):
    """How a follow-up contact went. Only the outcome is needed; the indicator check is offered, never forced."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("How did the contact go?"), choices=FollowUpOutcome.choices, widget=forms.RadioSelect
    )
    contacted_on = forms.DateField(
        label=_("Date of contact"),
        required=False,
        help_text=_("Leave empty for today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    channel = forms.ChoiceField(
        label=_("Channel used"),
        choices=NOT_SAID + FollowUpChannel.choices,
        required=False,
        help_text=_("Filled in from how they asked to be reached. Change it if you used another way this time."),
    )
    indicators_checked = forms.BooleanField(label=_("We went through the short indicator check"), required=False)
    indicators = forms.MultipleChoiceField(
        label=_("Indicators noticed"),
        help_text=_("Indicators suggest; a person decides. Tick only what came up, if anything."),
        choices=Indicator.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=4000,
        help_text=_("Only what helps the next contact. Stored encrypted."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class StopFollowUpForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("The person asked us to stop follow-up contacts"),
        help_text=_("The contacts still scheduled are cancelled. Records of past contacts are kept."),
    )


class FollowUpPolicyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    offsets_months = forms.CharField(
        label=_("Contacts, in months after exit"),
        max_length=200,
        help_text=_(
            "Whole months, in increasing order, separated by commas. The last contact must be at 24 months or later."
        ),
    )
    window_days = forms.IntegerField(
        label=_("Window, in days either side of each due date"),
        min_value=1,
        max_value=schedule.MAX_WINDOW_DAYS,
        help_text=_(
            "A contact not recorded by the end of its window is marked missed and shown to the case's workers."
        ),
    )

    def clean_offsets_months(self) -> list[int]:
        try:
            return schedule.parse_offsets(self.cleaned_data["offsets_months"])
        except schedule.ScheduleError as exc:
            raise forms.ValidationError(exc.message, code="invalid") from None


class ScreeningForm(forms.Form):
    """Record a screening; every question may be skipped. The status is a person's decision, not a score."""

    screened_on = forms.DateField(
        label=_("Screened on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tool = forms.ChoiceField(label=_("Screening tool used"), choices=NOT_SAID + ScreeningTool.choices, required=False)
    indicators = forms.MultipleChoiceField(
        label=_("Indicators noticed"), choices=Indicator.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    trafficking_status = forms.ChoiceField(
        label=_("Trafficking status decided (optional)"),
        choices=[("", _("No decision yet")), *TraffickingStatus.choices],
        required=False,
        help_text=_("Only if someone has made this decision. The indicators do not decide it."),
    )
    decided_by = forms.ChoiceField(label=_("Decided by"), choices=NOT_SAID + DecisionOrg.choices, required=False)


class NeedForm(forms.Form):
    """One row of the immediate-needs checklist; each row's form has its own prefix (the need's code).

    `staff` is the list of people who may handle a need (from a selector), loaded once for all rows."""

    status = forms.ChoiceField(label=_("Status"), choices=NeedStatus.choices)
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    handled_by = forms.ChoiceField(label=_("Who is handling it"), required=False)
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only what the team needs to act. A placement address is protected, but write it only if needed."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {str(person.pk): person for person in staff}
        self.fields["handled_by"].choices = [("", _("Nobody yet"))] + [  # type: ignore[attr-defined]
            (pk, person.display_name) for pk, person in self.staff.items()
        ]

    def clean_handled_by(self) -> User | None:
        value = self.cleaned_data.get("handled_by") or ""
        return self.staff.get(value) if value else None


class NoteForm(forms.Form):
    """A new note. The levels offered are only those the user may write; the action checks again."""

    confidentiality = forms.ChoiceField(
        label=_("Who may read this note"),
        widget=forms.RadioSelect,
        initial=NoteConfidentiality.GENERAL,
        help_text=_("Clinical notes are read by clinicians only, legal notes by the legal team only."),
    )
    kind = forms.ChoiceField(label=_("Kind of note"), choices=NoteKind.choices, initial=NoteKind.CONTACT)
    occurred_on = forms.DateField(
        label=_("Date of the contact"),
        required=False,
        help_text=_("Leave empty for today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    body = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off", "spellcheck": "true"}),
        error_messages={"required": _("Write the note before saving it.")},
        help_text=_("Write only what the work needs. Record facts and the person's own words where it helps."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = note_levels_for(user)
        self.fields["confidentiality"].choices = [  # type: ignore[attr-defined]
            (code, label) for code, label in NoteConfidentiality.choices if code in levels
        ]


class NoteEditForm(forms.Form):
    """The author corrects a note; its level stays as it was written."""

    kind = forms.ChoiceField(label=_("Kind of note"), choices=NoteKind.choices)
    occurred_on = forms.DateField(label=_("Date of the contact"), widget=forms.DateInput(attrs={"type": "date"}))
    body = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 10, "autocomplete": "off", "spellcheck": "true"}),
        error_messages={"required": _("Write the note before saving it.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class NoteStrikeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this note struck out?"),
        max_length=STRIKE_REASON_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: written on the wrong case. The note stays on the case, struck through."),
        error_messages={"required": _("Say why the note is struck out.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class TimelineFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Show"), choices=[("", _("Everything")), *TimelineCategory.choices], required=False
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


MONTHS = [
    ("", _("Month not known")),
    *[(str(number), name) for number, name in enumerate(dates.MONTHS.values(), start=1)],
]


def _partial_date(form: forms.Form, data: dict[str, Any], prefix: str) -> tuple[datetime.date | None, str]:
    """A remembered date from year, month and day boxes: any of them may be left out, from the right."""
    year, month, day = data.get(f"{prefix}_year"), data.get(f"{prefix}_month"), data.get(f"{prefix}_day")
    if year is None:
        if month or day:
            form.add_error(f"{prefix}_year", _("Add the year, or leave the whole date out."))
        return None, DatePrecision.DAY
    if not month:
        if day:
            form.add_error(f"{prefix}_month", _("Add the month, or leave the day out."))
        return datetime.date(year, 1, 1), DatePrecision.YEAR
    if not day:
        return datetime.date(year, int(month), 1), DatePrecision.MONTH
    try:
        return datetime.date(year, int(month), day), DatePrecision.DAY
    except ValueError:
        form.add_error(f"{prefix}_day", _("This day does not exist in that month."))
        return None, DatePrecision.DAY


class HistoryEventForm(forms.Form):
    """One step of the trafficking history. Only the kind of event is needed; every other answer is optional
    and the person decides what to share."""

    type = forms.ChoiceField(label=_("What kind of event was it?"), choices=(), widget=forms.RadioSelect)
    started_year = forms.IntegerField(label=_("Started: year"), required=False, min_value=1900, max_value=2100)
    started_month = forms.ChoiceField(label=_("Started: month"), choices=MONTHS, required=False)
    started_day = forms.IntegerField(label=_("Started: day"), required=False, min_value=1, max_value=31)
    ended_year = forms.IntegerField(label=_("Ended: year"), required=False, min_value=1900, max_value=2100)
    ended_month = forms.ChoiceField(label=_("Ended: month"), choices=MONTHS, required=False)
    ended_day = forms.IntegerField(label=_("Ended: day"), required=False, min_value=1, max_value=31)
    country = forms.ChoiceField(label=_("Country"), required=False, choices=())
    place = forms.CharField(
        label=_("Place"), required=False, max_length=300, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    age_when_trafficked = forms.IntegerField(label=_("Age at the time"), required=False, min_value=0, max_value=120)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, agency: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event_types = self.fields["type"]
        event_types.choices = vocab.choices(htcds.HISTORIC_EVENT_TYPE, agency)  # type: ignore[attr-defined]
        self.fields["country"].choices = [("", _("Not known")), *country_choices()]  # type: ignore[attr-defined]
        self.fields["exploitation_types"] = vocab.vocabulary_field(
            htcds.TYPE_OF_EXPLOITATION, agency, label=_("Types of exploitation")
        )
        self.fields["sex_exploitation_types"] = vocab.vocabulary_field(
            htcds.TYPE_OF_SEX_EXPLOITATION, agency, label=_("If sexual exploitation: which kinds")
        )
        self.fields["forced_labour_industry"] = vocab.vocabulary_field(
            htcds.FORCED_LABOUR_INDUSTRY, agency, multiple=False, label=_("If labour: which industry")
        )
        self.fields["means_of_control"] = vocab.vocabulary_field(
            htcds.METHODS_OF_CONTROL, agency, label=_("Means of control")
        )
        self.fields["recruitment_methods"] = vocab.vocabulary_field(
            htcds.METHOD_OF_RECRUITMENT, agency, label=_("How the person was recruited")
        )
        self.fields["relationship_to_trafficker"] = vocab.vocabulary_field(
            htcds.RELATIONSHIP_TO_TRAFFICKER, agency, multiple=False, label=_("Relationship to the trafficker")
        )
        self.fields["description"] = forms.CharField(
            label=_("Anything else the person wants recorded"),
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Optional. Never ask for a full account: record only what the person chooses to share."),
        )
        self.order_fields(
            [
                "type",
                "started_year",
                "started_month",
                "started_day",
                "ended_year",
                "ended_month",
                "ended_day",
                "country",
                "place",
                "exploitation_types",
                "sex_exploitation_types",
                "forced_labour_industry",
                "means_of_control",
                "recruitment_methods",
                "relationship_to_trafficker",
                "age_when_trafficked",
                "description",
            ]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["started_on"], data["started_precision"] = _partial_date(self, data, "started")
        data["ended_on"], data["ended_precision"] = _partial_date(self, data, "ended")
        return data

    def history_data(self) -> HistoryEventData:
        data = self.cleaned_data
        return HistoryEventData(
            type=data["type"],
            started_on=data["started_on"],
            started_precision=data["started_precision"],
            ended_on=data["ended_on"],
            ended_precision=data["ended_precision"],
            country=data["country"],
            place=data["place"],
            description=data["description"],
            relationship_to_trafficker=data["relationship_to_trafficker"],
            forced_labour_industry=data["forced_labour_industry"],
            age_when_trafficked=data["age_when_trafficked"],
            exploitation_types=data["exploitation_types"],
            sex_exploitation_types=data["sex_exploitation_types"],
            means_of_control=data["means_of_control"],
            recruitment_methods=data["recruitment_methods"],
        )

    @staticmethod
    def initial_for(event: HistoricEvent) -> dict[str, Any]:
        codes: dict[str, list[str]] = {}
        for coding in event.codings.all():
            codes.setdefault(coding.vocabulary, []).append(coding.code)
        initial: dict[str, Any] = {
            "type": event.type,
            "country": event.country,
            "place": event.place or "",
            "description": event.description or "",
            "relationship_to_trafficker": event.relationship_to_trafficker,
            "forced_labour_industry": event.forced_labour_industry,
            "age_when_trafficked": event.age_when_trafficked,
            "version": event.version,
            **{field: codes.get(vocabulary, []) for field, vocabulary in CODING_FIELDS.items()},
        }
        for prefix, value, precision in (
            ("started", event.started_on, event.started_precision),
            ("ended", event.ended_on, event.ended_precision),
        ):
            if value is not None:
                initial[f"{prefix}_year"] = value.year
                if precision != DatePrecision.YEAR:
                    initial[f"{prefix}_month"] = str(value.month)
                if precision == DatePrecision.DAY:
                    initial[f"{prefix}_day"] = value.day
        return initial


class RemoveHistoryEventForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RaiseFlagForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of flag"), choices=FlagKind.choices)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What colleagues need to know to keep the person safe. Shown on every page of the case."),
    )


class ClearFlagForm(forms.Form):
    reason = forms.CharField(
        label=_("Why can it be cleared?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
