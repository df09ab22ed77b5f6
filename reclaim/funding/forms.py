"""Forms of the funding-source list (they only validate; the actions check again)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.funding.actions import (
    NAME_MAX_LENGTH,
    REFERENCE_MAX_LENGTH,
    BudgetLineValues,
    DirectCostValues,
    FunderValues,
    GrantValues,
    InKindValues,
    StaffTimeValues,
)
from reclaim.funding.models import BudgetCategory, FunderKind, InKindKind, ReportingCadence

DATE = forms.DateInput(attrs={"type": "date"})
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal(0)}


def _uuid(value: str) -> UUID:
    return UUID(str(value))


def _uuid_choice(label: Any, choices: list[tuple[str, str]], *, required: bool = False) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", _("— none —")), *choices] if not required else [("", _("Choose…")), *choices],
        coerce=_uuid,
        empty_value=None,
        required=required,
    )


class GrantForm(forms.Form):
    name = forms.CharField(label=_("Grant name"), max_length=NAME_MAX_LENGTH)
    funder_name = forms.CharField(label=_("Funder"), max_length=NAME_MAX_LENGTH, required=False)
    reference = forms.CharField(label=_("Grant or award number"), max_length=REFERENCE_MAX_LENGTH, required=False)
    starts_on = forms.DateField(label=_("Period starts"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Period ends"), required=False, widget=DATE)
    allowed_categories = forms.MultipleChoiceField(
        label=_("Service categories it pays for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked if the grant may pay for any kind of service."),
    )

    amount_awarded = forms.DecimalField(label=_("Amount awarded"), required=False, **MONEY)  # type: ignore[arg-type]
    currency = forms.CharField(label=_("Currency code"), max_length=3, initial="USD", required=False)
    reporting_cadence = forms.ChoiceField(
        label=_("Reporting cadence"), choices=[("", _("Not set")), *ReportingCadence.choices], required=False
    )
    fiscal_notes = forms.CharField(label=_("Fiscal notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self,
        *args: Any,
        category_choices: list[tuple[str, str]],
        funder_choices: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["allowed_categories"].choices = category_choices  # type: ignore[attr-defined]
        self.fields["funder_id"] = _uuid_choice(_("Funder from your list"), funder_choices or [])
        self.order_fields(["name", "funder_id", "funder_name"])
        self.fields["funder_name"].label = _("Or the funder's name")

    def values(self) -> GrantValues:
        data = self.cleaned_data
        return GrantValues(
            funder_id=data.get("funder_id"),
            amount_awarded=data.get("amount_awarded"),
            currency=data.get("currency") or "USD",
            reporting_cadence=data.get("reporting_cadence") or "",
            fiscal_notes=data.get("fiscal_notes") or "",
            name=data["name"],
            funder_name=data.get("funder_name") or "",
            reference=data.get("reference") or "",
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            allowed_categories=list(data.get("allowed_categories") or []),
        )


class GrantEditForm(GrantForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class GrantActiveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class FunderForm(forms.Form):
    name = forms.CharField(label=_("Funder name"), max_length=NAME_MAX_LENGTH)
    kind = forms.ChoiceField(label=_("Kind of funder"), choices=FunderKind.choices, initial=FunderKind.OTHER)
    contact_notes = forms.CharField(label=_("Contact notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def values(self) -> FunderValues:
        data = self.cleaned_data
        return FunderValues(name=data["name"], kind=data["kind"], contact_notes=data.get("contact_notes") or "")


class BudgetLineForm(forms.Form):
    category = forms.ChoiceField(label=_("Budget category"), choices=BudgetCategory.choices)
    label = forms.CharField(label=_("Label (optional)"), max_length=NAME_MAX_LENGTH, required=False)
    amount = forms.DecimalField(label=_("Amount"), **MONEY)  # type: ignore[arg-type]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def values(self) -> BudgetLineValues:
        data = self.cleaned_data
        return BudgetLineValues(category=data["category"], amount=data["amount"], label=data.get("label") or "")


class StaffTimeForm(forms.Form):
    worked_on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), max_digits=6, decimal_places=2, min_value=Decimal("0.01"))
    hourly_cost = forms.DecimalField(label=_("Hourly cost"), **MONEY)  # type: ignore[arg-type]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, staff: list[tuple[str, str]], lines: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff_id"] = _uuid_choice(_("Staff member"), staff, required=True)
        self.fields["budget_line_id"] = _uuid_choice(_("Budget line (optional)"), lines)
        self.order_fields(["staff_id", "worked_on", "hours", "hourly_cost", "budget_line_id"])

    def values(self) -> StaffTimeValues:
        data = self.cleaned_data
        return StaffTimeValues(
            staff_id=data["staff_id"],
            worked_on=data["worked_on"],
            hours=data["hours"],
            hourly_cost=data["hourly_cost"],
            budget_line_id=data.get("budget_line_id"),
        )


class DirectCostForm(forms.Form):
    spent_on = forms.DateField(label=_("Date"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount"), **MONEY)  # type: ignore[arg-type]
    description = forms.CharField(
        label=_("What it paid for (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, categories: list[tuple[str, str]], lines: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_category"] = forms.ChoiceField(
            label=_("Kind of service (optional)"),
            choices=[("", _("Shared by all services")), *categories],
            required=False,
        )
        self.fields["budget_line_id"] = _uuid_choice(_("Budget line (optional)"), lines)

    def values(self) -> DirectCostValues:
        data = self.cleaned_data
        return DirectCostValues(
            spent_on=data["spent_on"],
            amount=data["amount"],
            description=data.get("description") or "",
            service_category=data.get("service_category") or "",
            budget_line_id=data.get("budget_line_id"),
        )


class InKindForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of contribution"), choices=InKindKind.choices)
    received_on = forms.DateField(label=_("Date"), widget=DATE)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    unit = forms.CharField(
        label=_("Unit (optional)"), max_length=40, required=False, help_text=_("For example nights, hours, boxes.")
    )
    value = forms.DecimalField(label=_("Valued at"), **MONEY)  # type: ignore[arg-type]
    valuation_note = forms.CharField(
        label=_("How it was valued (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, grants: list[tuple[str, str]], organizations: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grant_id"] = _uuid_choice(_("Grant (optional)"), grants)
        self.fields["organization_id"] = _uuid_choice(_("Partner organisation (optional)"), organizations)

    def values(self) -> InKindValues:
        data = self.cleaned_data
        return InKindValues(
            kind=data["kind"],
            received_on=data["received_on"],
            quantity=data["quantity"],
            value=data["value"],
            unit=data.get("unit") or "",
            valuation_note=data.get("valuation_note") or "",
            grant_id=data.get("grant_id"),
            organization_id=data.get("organization_id"),
        )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args: Any, grants: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grant"] = forms.TypedChoiceField(
            label=_("Grant"),
            choices=[("", _("All grants")), *grants],
            coerce=_uuid,
            empty_value=None,
            required=False,
        )
        self.order_fields(["grant", "start", "end"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period cannot end before it starts."))
        return data
