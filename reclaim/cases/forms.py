"""Case forms only validate; every question may be skipped (no narrative is ever required)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import Team, User
from reclaim.accounts.selectors import teams_for_user
from reclaim.cases.models import (
    NOTE_MAX_LENGTH,
    STRIKE_REASON_MAX_LENGTH,
    CloseReason,
    DecisionOrg,
    IdentificationSource,
    LivingSituation,
    NoteConfidentiality,
    NoteKind,
    ReliefObtained,
    TimelineCategory,
    TraffickingStatus,
)
from reclaim.cases.selectors import SORTS, assignable_staff, note_levels_for
from reclaim.cases.state import CaseStatus
from reclaim.people.models import Gender

NOT_SAID = [("", _("Prefer not to say / not known"))]


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Stage"), choices=[("", _("Any stage")), *CaseStatus.choices], required=False)
    mine = forms.BooleanField(label=_("Only cases I work on"), required=False)
    danger = forms.BooleanField(label=_("In danger now"), required=False)
    number = forms.CharField(label=_("Case number"), required=False, max_length=24)
    sort = forms.ChoiceField(label=_("Sort"), choices=[(s, s) for s in sorted(SORTS)], required=False)


class OpenCaseForm(forms.Form):
    """Identify and open a case in under two minutes: every field is optional."""

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
    identified_on = forms.DateField(
        label=_("Identified on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    identification_source = forms.ChoiceField(
        label=_("How the person was identified"), choices=NOT_SAID + IdentificationSource.choices, required=False
    )
    identification_place = forms.CharField(label=_("Where (optional)"), required=False, max_length=200)
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
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    existing_survivor = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams_for_user(user)  # type: ignore[attr-defined]


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
