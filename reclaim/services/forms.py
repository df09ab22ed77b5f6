"""Forms of the service delivery log. They only validate; the write path (actions) checks everything again."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reclaim.cases.models import NoteConfidentiality
from reclaim.cases.selectors import assignable_staff, note_levels_for
from reclaim.core.refdata import SERVICE_CATEGORY, SERVICE_TYPE, shipped_label
from reclaim.services.actions import (
    LOCATION_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    ORGANISATION_MAX_LENGTH,
    VOID_REASON_MAX_LENGTH,
    ServiceEntry,
)
from reclaim.services.models import MAX_DURATION_MINUTES, DeliveryMode, Provision, ServiceOutcome
from reclaim.services.selectors import categories, goals_for_case, grants_for_services, service_types
from reclaim.services.taxonomy import CATEGORIES, type_code

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.funding.models import Grant
    from reclaim.plans.models import Goal

DATE = forms.DateInput(attrs={"type": "date"})
GOAL_LABEL_LENGTH = 70


def type_choices() -> list[Any]:
    """Service types in use grouped by category (one query), for a <select> with <optgroup>s."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for service_type in service_types():
        groups.setdefault(service_type.category.display_label, []).append(
            (service_type.code, service_type.display_label)
        )
    return [("", _("Choose a kind of service")), *groups.items()]


def shipped_type_choices() -> list[Any]:
    """The same list from the taxonomy Reclaim ships (taxonomy.py, which its data migration installs), without
    a query: the case overview's compact form uses it to stay within the overview's query budget. The write
    path still refuses a type that is no longer in use."""
    return [
        ("", _("Choose a kind of service")),
        *(
            (
                shipped_label(spec.label, SERVICE_CATEGORY),
                [(type_code(spec.code, suffix), shipped_label(label, SERVICE_TYPE)) for suffix, label in spec.types],
            )
            for spec in CATEGORIES
        ),
    ]


def category_choices(empty: str) -> list[tuple[str, str]]:
    return [("", empty), *((category.code, category.display_label) for category in categories())]


def goal_label(goal: Goal) -> str:
    wording = (goal.staff_wording or goal.survivor_words or "").strip().replace("\n", " ")
    if len(wording) > GOAL_LABEL_LENGTH:
        wording = wording[: GOAL_LABEL_LENGTH - 1] + "…"
    return wording or str(_("Goal without wording"))


def grant_choices(grants: Iterable[Grant]) -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = [("", str(_("Not charged to a grant")))]
    for grant in grants:
        label = grant.name + (f" ({grant.funder_name})" if grant.funder_name else "")
        choices.append((str(grant.pk), label))
    return choices


def _uuid(value: str) -> UUID | None:
    return UUID(value) if value else None


class ServiceForm(forms.Form):
    """One service on one case: the quick entry on the Services tab (all fields) and on the overview
    (compact: kind, date, time and notes; the rest takes its defaults: me, in person, given by us)."""

    service_type = forms.ChoiceField(label=_("Kind of service"))
    delivered_on = forms.DateField(label=_("Date"), widget=DATE)
    duration_minutes = forms.IntegerField(
        label=_("Time spent (minutes)"), required=False, min_value=1, max_value=MAX_DURATION_MINUTES
    )
    provision = forms.ChoiceField(
        label=_("Given by"), choices=Provision.choices, initial=Provision.DIRECT, widget=forms.RadioSelect
    )
    provider = forms.ChoiceField(label=_("Staff member"), required=False)
    provider_organisation = forms.CharField(
        label=_("Partner agency that gave it"),
        required=False,
        max_length=ORGANISATION_MAX_LENGTH,
        help_text=_("Only when a partner we referred to gave the service."),
    )
    mode = forms.ChoiceField(label=_("How"), choices=DeliveryMode.choices, initial=DeliveryMode.IN_PERSON)
    location = forms.CharField(
        label=_("Where"),
        required=False,
        max_length=LOCATION_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    goal = forms.ChoiceField(label=_("Plan goal it served"), required=False)
    grant = forms.ChoiceField(label=_("Funding source"), required=False)
    cost = forms.DecimalField(
        label=_("Direct cost"), required=False, min_value=Decimal(0), max_digits=10, decimal_places=2
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("Not recorded")), *ServiceOutcome.choices]
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=_("Only what the work needs."),
    )
    notes_confidentiality = forms.ChoiceField(
        label=_("Who may read the notes"), initial=NoteConfidentiality.GENERAL, widget=forms.RadioSelect
    )

    COMPACT_FIELDS = ("service_type", "delivered_on", "duration_minutes", "notes")

    def __init__(self, *args: Any, user: User, case: Case, compact: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {
            "delivered_on": timezone.localdate(),
            "provider": str(user.pk),
            "mode": DeliveryMode.IN_PERSON,
            "provision": Provision.DIRECT,
            "notes_confidentiality": NoteConfidentiality.GENERAL,
        } | kwargs["initial"]
        super().__init__(*args, **kwargs)
        self.user, self.case, self.compact = user, case, compact
        if compact:
            self.fields["service_type"].choices = shipped_type_choices()  # type: ignore[attr-defined]
            for name in list(self.fields):
                if name not in self.COMPACT_FIELDS:
                    del self.fields[name]
            return
        self.fields["service_type"].choices = type_choices()  # type: ignore[attr-defined]
        levels = note_levels_for(user)
        self.fields["notes_confidentiality"].choices = [  # type: ignore[attr-defined]
            (code, label) for code, label in NoteConfidentiality.choices if code in levels
        ]
        staff = [(str(person.pk), person.display_name) for person in assignable_staff(user)]
        if not any(pk == str(user.pk) for pk, _label in staff):
            staff.insert(0, (str(user.pk), user.display_name))
        self.fields["provider"].choices = [("", _("No staff member (a partner gave it)")), *staff]  # type: ignore[attr-defined]
        self.fields["goal"].choices = [  # type: ignore[attr-defined]
            ("", _("Not linked to a goal")),
            *((str(goal.pk), goal_label(goal)) for goal in goals_for_case(case)),
        ]
        self.fields["grant"].choices = grant_choices(grants_for_services(case.agency_id))  # type: ignore[attr-defined]

    def entry(self) -> ServiceEntry:
        data = self.cleaned_data
        if self.compact:
            return ServiceEntry(
                service_type=data["service_type"],
                delivered_on=data["delivered_on"],
                duration_minutes=data.get("duration_minutes"),
                provider_id=self.user.pk,
                notes=data.get("notes") or "",
            )
        return ServiceEntry(
            service_type=data["service_type"],
            delivered_on=data["delivered_on"],
            duration_minutes=data.get("duration_minutes"),
            provider_id=_uuid(data.get("provider") or ""),
            provider_organisation=data.get("provider_organisation") or "",
            provision=data["provision"],
            mode=data["mode"],
            location=data.get("location") or "",
            goal_id=_uuid(data.get("goal") or ""),
            grant_id=_uuid(data.get("grant") or ""),
            cost=data.get("cost"),
            outcome=data.get("outcome") or "",
            notes=data.get("notes") or "",
            notes_confidentiality=data["notes_confidentiality"],
        )


class CorrectServiceForm(ServiceForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, notes_readable: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not notes_readable:  # notes at a level this user may not read stay as they are
            del self.fields["notes"]
            del self.fields["notes_confidentiality"]

    def entry(self) -> ServiceEntry:
        self.cleaned_data.setdefault("notes", "")
        self.cleaned_data.setdefault("notes_confidentiality", NoteConfidentiality.GENERAL)
        return super().entry()


class VoidServiceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why is this record voided?"),
        max_length=VOID_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        error_messages={"required": _("Say why this record is voided.")},
        help_text=_("For example: recorded on the wrong case, or entered twice. The record stays, struck through."),
    )


class CaseServiceFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(str(_("Any category")))  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the range is before its start."))
        return data


class ServiceLogFilterForm(CaseServiceFilterForm):
    service_type = forms.ChoiceField(label=_("Kind of service"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = type_choices()
        choices[0] = ("", _("Any kind"))
        self.fields["service_type"].choices = choices  # type: ignore[attr-defined]


class DayForm(forms.Form):
    delivered_on = forms.DateField(label=_("Date of the work"), widget=DATE)


class DayRowForm(forms.Form):
    """One row of a day's work. An empty row is skipped; a partly filled one must be completed."""

    case_number = forms.CharField(label=_("Case number"), max_length=24, required=False)
    service_type = forms.ChoiceField(label=_("Kind of service"), required=False)
    duration_minutes = forms.IntegerField(
        label=_("Minutes"), required=False, min_value=1, max_value=MAX_DURATION_MINUTES
    )
    goal = forms.ChoiceField(label=_("Plan goal"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=NOTES_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes_confidentiality = forms.ChoiceField(label=_("Who may read the notes"), required=False)

    def __init__(
        self, *args: Any, type_options: list[Any], goal_options: list[Any], levels: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_type"].choices = type_options  # type: ignore[attr-defined]
        self.fields["goal"].choices = goal_options  # type: ignore[attr-defined]
        self.fields["notes_confidentiality"].choices = levels  # type: ignore[attr-defined]

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in ("case_number", "service_type", "duration_minutes", "notes", "goal"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_blank():
            return data
        if not (data.get("case_number") or "").strip():
            self.add_error("case_number", _("Enter the case number."))
        if not data.get("service_type"):
            self.add_error("service_type", _("Choose a kind of service."))
        return data


class BaseDayFormSet(forms.BaseFormSet[DayRowForm]):
    def filled_forms(self) -> list[tuple[int, DayRowForm]]:
        return [(index, form) for index, form in enumerate(self.forms) if not form.is_blank()]


DAY_ROWS = 5
MAX_DAY_ROWS = 100
DayRowFormSet = forms.formset_factory(
    DayRowForm,
    formset=BaseDayFormSet,
    extra=DAY_ROWS,
    max_num=MAX_DAY_ROWS,
    validate_max=True,
    absolute_max=MAX_DAY_ROWS,
)


def day_row_options(user: User, goals: Iterable[Goal]) -> dict[str, Any]:
    """The choices every row of the day form shares (built once, not per row)."""
    levels = note_levels_for(user)
    by_case: dict[str, list[tuple[str, str]]] = {}
    for goal in goals:
        by_case.setdefault(str(_("Case %(number)s") % {"number": goal.case.number}), []).append(
            (str(goal.pk), goal_label(goal))
        )
    return {
        "type_options": type_choices(),
        "goal_options": [("", _("Not linked to a goal")), *by_case.items()],
        "levels": [(code, label) for code, label in NoteConfidentiality.choices if code in levels],
    }


def today() -> datetime.date:
    return timezone.localdate()
