"""`{% follow_up_alerts case as alerts %}`: missed contacts and a crisis found at the last contact, for
the notice every tab of a case file shows (DOMAIN.md §10)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from reclaim.cases.selectors import follow_up_alerts as select_alerts

if TYPE_CHECKING:
    from reclaim.cases.models import Case
    from reclaim.cases.selectors import FollowUpAlerts

register = template.Library()


@register.simple_tag
def follow_up_alerts(case: Case) -> FollowUpAlerts:
    return select_alerts(case)
