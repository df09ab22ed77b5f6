"""`{% assessment_alerts case %}`: the banner of open assessment alerts on every case page.

One query, and only for users who may see screen results (others get nothing, not even that an alert
exists). The case was gated by the view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from reclaim.assessments import presentation
from reclaim.assessments.access import can_record_assessments
from reclaim.assessments.selectors import open_alerts_for_case, sees_results

if TYPE_CHECKING:
    from reclaim.cases.models import Case

register = template.Library()


@register.inclusion_tag("assessments/alert_banner.html", takes_context=True)
def assessment_alerts(context: template.Context, case: Case) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"alerts": []}
    alerts = open_alerts_for_case(user, case)
    for alert in alerts:
        definition = alert.assessment.instrument_version.definition
        alert.message = presentation.alert_message(definition, alert.rule_code, alert.assessment.language)  # type: ignore[attr-defined]
    return {"case": case, "alerts": alerts, "can_acknowledge": bool(alerts) and can_record_assessments(user, case)}


@register.simple_tag(takes_context=True)
def sees_assessments(context: template.Context) -> bool:
    """Whether to show the Assessments tab (no query: the membership is cached for the request)."""
    user = getattr(context.get("request"), "user", None)
    return user is not None and user.is_authenticated and sees_results(user)
