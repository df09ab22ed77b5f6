"""`{% outcome_readiness case as result %}`: the latest outcome rating's "ready for closure" guidance, for the
approval area of the case page (one query). Cases templates load this library at render time; the cases app
itself never imports assessments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from reclaim.assessments.outcome_selectors import latest_result_for_case

if TYPE_CHECKING:
    from reclaim.assessments.outcome_selectors import RatingResult
    from reclaim.cases.models import Case

register = template.Library()


@register.simple_tag
def outcome_readiness(case: Case) -> RatingResult | None:
    return latest_result_for_case(case)
