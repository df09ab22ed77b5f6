"""Forms of awareness campaigns (they only validate; the actions check again)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.outreach.campaigns_actions import (
    COUNT_MAX,
    GOAL_MAX_LENGTH,
    LANGUAGE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    CampaignValues,
    MaterialValues,
    PartnerValues,
    TallyValues,
)
from reclaim.outreach.campaigns_selectors import CampaignFilters
from reclaim.outreach.models import Audience, CampaignStatus, Channel, LawEnforcementKind, MaterialKind

DATE = forms.DateInput(attrs={"type": "date"})
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal(0)}


def _uuid(value: str) -> UUID:
    return UUID(str(value))


def _uuid_choice(label: Any, choices: list[tuple[str, str]], *, empty: Any, **kwargs: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=[("", empty), *choices], coerce=_uuid, empty_value=None, required=False, **kwargs
    )


class PeriodMixin(forms.Form):
    start = forms.DateField(label=_("Running from"), required=False, widget=DATE)
    end = forms.DateField(label=_("to"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period cannot end before it starts."))
        return data


class CampaignFilterForm(PeriodMixin):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *CampaignStatus.choices], required=False
    )
    field_order = ("status", "start", "end")

    def filters(self) -> CampaignFilters:
        data = self.cleaned_data
        return CampaignFilters(status=data.get("status") or "", start=data.get("start"), end=data.get("end"))


class ComparisonForm(PeriodMixin):
    def filters(self) -> CampaignFilters:
        return CampaignFilters(start=self.cleaned_data.get("start"), end=self.cleaned_data.get("end"))


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Campaign name"), max_length=NAME_MAX_LENGTH)
    goal = forms.CharField(
        label=_("Goal"),
        required=False,
        max_length=GOAL_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the campaign should change, and for whom. No names or stories of survivors here."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=CampaignStatus.choices, initial=CampaignStatus.PLANNED)
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"), choices=Audience.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    budget = forms.DecimalField(label=_("Budget"), required=False, **MONEY)  # type: ignore[arg-type]

    def __init__(self, *args: Any, grants: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grant_id"] = _uuid_choice(
            _("Grant paying for it"),
            grants,
            empty=_("— no grant —"),
            help_text=_("From your agency's funding sources."),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The campaign cannot end before it starts."))
        return data

    def values(self) -> CampaignValues:
        data = self.cleaned_data
        return CampaignValues(
            name=data["name"],
            goal=data.get("goal") or "",
            status=data["status"],
            audiences=list(data.get("audiences") or []),
            channels=list(data.get("channels") or []),
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            budget=data.get("budget"),
            grant_id=data.get("grant_id"),
        )


class CampaignEditForm(CampaignForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PartnerForm(forms.Form):
    name = forms.CharField(
        label=_("Or a law-enforcement partner: name of the agency or unit"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=_("For example: County Sheriff's Office, anti-trafficking unit. Not a person's name."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of law-enforcement partner"),
        choices=[("", _("Choose…")), *LawEnforcementKind.choices],
        required=False,
    )

    def __init__(self, *args: Any, organizations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization_id"] = _uuid_choice(
            _("An organisation of the partner directory"), organizations, empty=_("— choose —")
        )
        self.order_fields(["organization_id", "name", "kind"])

    def values(self) -> PartnerValues:
        data = self.cleaned_data
        return PartnerValues(
            organization_id=data.get("organization_id"), name=data.get("name") or "", kind=data.get("kind") or ""
        )


class MaterialForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("Posters, leaflets, slides, videos: no personal data."))
    title = forms.CharField(label=_("Title"), max_length=NAME_MAX_LENGTH, required=False)
    language = forms.CharField(
        label=_("Language"),
        max_length=LANGUAGE_MAX_LENGTH,
        required=False,
        help_text=_("A language code such as eng, spa or fr."),
    )
    kind = forms.ChoiceField(label=_("Kind of material"), choices=MaterialKind.choices, initial=MaterialKind.POSTER)

    def __init__(self, *args: Any, current: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["replaces_id"] = _uuid_choice(
            _("A newer version of"),
            current,
            empty=_("— a new material —"),
            help_text=_("The older version is kept and marked as superseded. Title and language default to its own."),
        )
        self.order_fields(["file", "replaces_id", "title", "language", "kind"])

    def values(self) -> MaterialValues:
        data = self.cleaned_data
        return MaterialValues(
            title=data.get("title") or "",
            language=data.get("language") or "",
            kind=data["kind"],
            replaces_id=data.get("replaces_id"),
        )


def _count(label: Any, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=COUNT_MAX, initial=0, required=False, **kwargs)


class TallyForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("Choose…")), *Channel.choices])
    reached_in_person = _count(
        _("People reached in person"),
        help_text=_("Do not count people at events recorded under Events: they are counted from there."),
    )
    reached_online = _count(_("Estimated online reach"))
    materials_distributed = _count(_("Materials distributed"))
    hotline_contacts = _count(_("Hotline contacts"), help_text=_("Counts only: no names, numbers or stories."))
    cost = forms.DecimalField(label=_("Cost of this activity"), required=False, **MONEY)  # type: ignore[arg-type]

    def values(self) -> TallyValues:
        data = self.cleaned_data
        return TallyValues(
            on=data["on"],
            channel=data["channel"],
            reached_in_person=data.get("reached_in_person") or 0,
            reached_online=data.get("reached_online") or 0,
            materials_distributed=data.get("materials_distributed") or 0,
            hotline_contacts=data.get("hotline_contacts") or 0,
            cost=data.get("cost"),
        )
