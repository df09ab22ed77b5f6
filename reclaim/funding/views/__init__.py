"""Funding pages: grants and funders (grants.py), costs and in-kind contributions (costs.py), and the
aggregates (reports.py: burn-down, cost per service, funding gap)."""

from __future__ import annotations

from reclaim.funding.views.costs import (
    budget_line_add,
    budget_line_edit,
    direct_cost_edit,
    direct_costs,
    in_kind,
    in_kind_edit,
    staff_time,
    staff_time_edit,
)
from reclaim.funding.views.grants import (
    funder_add,
    funder_edit,
    funders,
    grant_add,
    grant_edit,
    grant_list,
    grant_set_active,
)
from reclaim.funding.views.reports import burn_down, burn_down_csv, cost_per_service, cost_per_service_csv, gaps

__all__ = [
    "budget_line_add",
    "budget_line_edit",
    "burn_down",
    "burn_down_csv",
    "cost_per_service",
    "cost_per_service_csv",
    "direct_cost_edit",
    "direct_costs",
    "funder_add",
    "funder_edit",
    "funders",
    "gaps",
    "grant_add",
    "grant_edit",
    "grant_list",
    "grant_set_active",
    "in_kind",
    "in_kind_edit",
    "staff_time",
    "staff_time_edit",
]
