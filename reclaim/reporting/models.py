"""The agency's reporting settings: the small-cell threshold k (DOMAIN.md §11) and its fiscal year."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import TenantModel

DEFAULT_K = 11
MIN_K = 5
MAX_K = 1000
FEDERAL_FISCAL_START = 10


class ReportingPolicy(TenantModel):
    """Per-agency reporting settings; an agency without a row gets the defaults (k = 11, October fiscal year)."""

    k = models.PositiveIntegerField(_("smallest number shown"), default=DEFAULT_K)
    fiscal_year_start_month = models.PositiveSmallIntegerField(_("fiscal year starts in"), default=FEDERAL_FISCAL_START)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency"], name="reporting_policy_one_per_agency"),
            models.CheckConstraint(condition=Q(k__gte=MIN_K), name="reporting_policy_k_at_least_5"),
            models.CheckConstraint(
                condition=Q(fiscal_year_start_month__gte=1, fiscal_year_start_month__lte=12),
                name="reporting_policy_fiscal_month",
            ),
        ]

    def __str__(self) -> str:
        return f"reporting policy {self.pk}"
