"""`{% follow_up_consent case as consent %}`: the live follow-up-contact consent of the case's survivor (or
None), so the follow-up tab can say which channels the person agreed to, without cases importing consent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from reclaim.consent.models import Purpose
from reclaim.consent.selectors import live_consents

if TYPE_CHECKING:
    from reclaim.cases.models import Case
    from reclaim.consent.models import ConsentRecord

register = template.Library()


@register.simple_tag
def follow_up_consent(case: Case) -> ConsentRecord | None:
    consents = live_consents(case.survivor_id, Purpose.FOLLOW_UP_CONTACT, recipient_agency_id=case.agency_id)
    return consents.order_by("-expires_on").first()
