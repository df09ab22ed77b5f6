"""Funding sources that services, groups and appointments are tagged to.

For now a grant is the agency's own list of funding sources (name, funder, period, the service categories
it may pay for). The funding issue adds funders, budget lines, costs and reporting cadence to these rows;
records tagged here keep their grant."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import TenantModel


class Grant(TenantModel):
    name = models.CharField(_("grant name"), max_length=200)
    funder_name = models.CharField(_("funder"), max_length=200, blank=True)
    reference = models.CharField(_("grant or award number"), max_length=60, blank=True)
    starts_on = models.DateField(_("period starts"), null=True, blank=True)
    ends_on = models.DateField(_("period ends"), null=True, blank=True)
    # Service category codes (services.ServiceCategory.code) the grant may pay for; empty = any category.
    allowed_categories = models.JSONField(_("service categories it pays for"), default=list, blank=True)
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
        ]

    def __str__(self) -> str:
        return self.name

    def covers(self, category_code: str, on: Any) -> bool:
        """Whether a service of this category on this date may be charged to the grant."""
        if self.allowed_categories and category_code not in self.allowed_categories:
            return False
        if self.starts_on and on < self.starts_on:
            return False
        return not (self.ends_on and on > self.ends_on)
