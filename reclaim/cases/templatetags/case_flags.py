"""`{% case_flags case %}`: the banner of active flags, on every page that extends cases/case_base.html."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from reclaim.cases.selectors import active_flags_for_case

if TYPE_CHECKING:
    from reclaim.cases.models import Case

register = template.Library()


@register.inclusion_tag("cases/flag_banner.html", takes_context=True)
def case_flags(context: template.Context, case: Case) -> dict[str, Any]:
    """One query, unless the view already put `active_flags` in the context. The case was gated by the view."""
    flags = context.get("active_flags")
    if flags is None:
        flags = active_flags_for_case(case)
    return {"case": case, "flags": flags}
