"""Funding: the agency's funders, grants (period, award, allowed service categories, reporting cadence),
budget lines, the costs charged to grants (staff time, direct costs) and in-kind contributions.

Services, group programs and appointments are tagged to a grant; the burn-down, cost per service and the
funding-gap view are computed from these rows (selectors.py). Money is Decimal (12 digits, 2 places) in the
grant's currency (ISO 4217 code, "USD" unless set)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import TenantModel
from reclaim.core.fields import EncryptedTextField

DEFAULT_CURRENCY = "USD"
CENT = Decimal("0.01")


def money(verbose_name: Any, **kwargs: Any) -> Any:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


class FunderKind(models.TextChoices):
    FEDERAL = "federal", _("Federal government")
    STATE = "state", _("State government")
    LOCAL = "local", _("Local government")
    FOUNDATION = "foundation", _("Foundation")
    CORPORATE = "corporate", _("Corporate")
    INDIVIDUAL = "individual", _("Individual donor")
    OTHER = "other", _("Other")


class Funder(TenantModel):
    name = models.CharField(_("funder name"), max_length=200)
    kind = models.CharField(_("kind of funder"), max_length=16, choices=FunderKind, default=FunderKind.OTHER)
    contact_notes = models.TextField(_("contact notes"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency", "name"], name="funding_funder_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ReportingCadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMIANNUAL = "semiannual", _("Every six months")
    ANNUAL = "annual", _("Once a year")


class Grant(TenantModel):
    name = models.CharField(_("grant name"), max_length=200)
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, null=True, blank=True, related_name="grants")
    # The funder's name as first typed (kept for rows made before funders were a list).
    funder_name = models.CharField(_("funder"), max_length=200, blank=True)
    reference = models.CharField(_("grant or award number"), max_length=60, blank=True)
    starts_on = models.DateField(_("period starts"), null=True, blank=True)
    ends_on = models.DateField(_("period ends"), null=True, blank=True)
    # Service category codes (services.ServiceCategory.code) the grant may pay for; empty = any category.
    allowed_categories = models.JSONField(_("service categories it pays for"), default=list, blank=True)
    amount_awarded = money(_("amount awarded"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default=DEFAULT_CURRENCY)
    reporting_cadence = models.CharField(_("reporting cadence"), max_length=12, choices=ReportingCadence, blank=True)
    fiscal_notes = models.TextField(_("fiscal notes"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency", "name"], name="funding_grant_unique_name"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="funding_grant_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(amount_awarded__isnull=True) | Q(amount_awarded__gte=0), name="funding_grant_award_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def funder_label(self) -> str:
        return self.funder.name if self.funder_id and self.funder else self.funder_name

    def in_period(self, on: Any) -> bool:
        if self.starts_on and on < self.starts_on:
            return False
        return not (self.ends_on and on > self.ends_on)

    def covers(self, category_code: str, on: Any) -> bool:
        """Whether a service of this category on this date may be charged to the grant."""
        if self.allowed_categories and category_code not in self.allowed_categories:
            return False
        return self.in_period(on)


class BudgetCategory(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel")
    FRINGE = "fringe", _("Fringe benefits")
    TRAVEL = "travel", _("Travel")
    SUPPLIES = "supplies", _("Supplies")
    CONTRACTUAL = "contractual", _("Contractual")
    DIRECT_ASSISTANCE = "direct_assistance", _("Direct assistance to survivors")
    OTHER = "other", _("Other")


class BudgetLine(TenantModel):
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="budget_lines")
    category = models.CharField(_("budget category"), max_length=20, choices=BudgetCategory)
    label = models.CharField(_("label"), max_length=200, blank=True)
    amount = money(_("amount"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["category", "label"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_budgetline_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.label or self.get_category_display()


class StaffTime(TenantModel):
    """Hours a staff member worked on a grant, at an hourly cost (staff pay: admins and directors only)."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="staff_time")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    worked_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    hourly_cost = money(_("hourly cost"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["-worked_on", "-created_at"]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["grant", "worked_on"], name="funding_stafftime_grant")]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="funding_stafftime_hours_positive"),
            models.CheckConstraint(condition=Q(hourly_cost__gte=0), name="funding_stafftime_cost_positive"),
        ]

    def __str__(self) -> str:
        return f"staff time {self.pk}"

    @property
    def cost(self) -> Any:
        return (self.hours * self.hourly_cost).quantize(CENT)


class DirectCost(TenantModel):
    """A cash cost charged to a grant. The description may name a survivor (rent for someone), so it is
    encrypted."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="direct_costs")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    spent_on = models.DateField(_("date"))
    description = EncryptedTextField(_("what it paid for"))
    amount = money(_("amount"))
    # services.ServiceCategory.code the cost belongs to; empty = shared by the grant's services.
    service_category = models.CharField(_("kind of service"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["-spent_on", "-created_at"]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["grant", "spent_on"], name="funding_directcost_grant")]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_directcost_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"direct cost {self.pk}"


class InKindKind(models.TextChoices):
    GOODS = "goods", _("Donated goods")
    HOUSING = "housing", _("Donated housing (nights)")
    PRO_BONO = "pro_bono", _("Pro bono hours from a partner")
    VOLUNTEER = "volunteer", _("Volunteer hours")
    OTHER = "other", _("Other")


class InKind(TenantModel):
    """A contribution in kind, valued so the full cost of a program (cash + in kind) is visible."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, null=True, blank=True, related_name="in_kind")
    kind = models.CharField(_("kind of contribution"), max_length=12, choices=InKindKind)
    organization = models.ForeignKey(
        "referrals.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField(_("date"))
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    value = money(_("valued at"))
    valuation_note = EncryptedTextField(_("how it was valued"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["-received_on", "-created_at"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="funding_inkind_quantity_positive"),
            models.CheckConstraint(condition=Q(value__gte=0), name="funding_inkind_value_positive"),
        ]

    def __str__(self) -> str:
        return f"in-kind {self.pk}"
