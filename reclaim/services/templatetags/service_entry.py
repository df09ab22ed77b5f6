"""The compact quick-entry form for a service, shown on the case overview to those who may edit the case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from reclaim.accounts.models import User
from reclaim.cases.access import can_edit_case
from reclaim.services.forms import ServiceForm

if TYPE_CHECKING:
    from reclaim.cases.models import Case

register = template.Library()


@register.inclusion_tag("services/quick_entry.html", takes_context=True)
def service_quick_entry(context: dict[str, Any], case: Case) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not can_edit_case(user, case):
        return {"show": False}
    return {
        "show": True,
        "case": case,
        "csrf_token": context.get("csrf_token"),
        "form": ServiceForm(user=user, case=case, compact=True),
    }
