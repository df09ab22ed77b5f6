"""A survivor takes back a sharing consent in the portal (issue 9 item 4).

It is the same revocation as a staff member's (`do_revoke_consent`: stamped at once, so every disclosure
check — the referral packet among them — stops covering it), recorded as taken back by the survivor through
the portal with no staff actor. The case team is told: a notice on the task list of the case's lead worker
and assigned workers until acknowledged, and a PORTAL_CONSENT_REVOKED timeline event."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.connect import events as portal_events
from reclaim.connect.models import PortalConsentNotice
from reclaim.consent.actions import do_revoke_consent
from reclaim.consent.models import CONTACT_PURPOSES, ConsentStatus, GivenBy, Purpose, RevokedHow
from reclaim.core.errors import DomainError

if TYPE_CHECKING:
    import datetime

    from reclaim.connect.models import PortalAccount
    from reclaim.consent.models import ConsentRecord

PORTAL_NOTE = "Taken back by the person in the portal."
# Consents that let information go outside the agency: the ones a survivor can take back in the portal.
SHARING_PURPOSES = frozenset(set(Purpose.values) - set(CONTACT_PURPOSES) - {Purpose.AGGREGATE_REPORTING})


def is_sharing(consent: ConsentRecord) -> bool:
    return consent.purpose in SHARING_PURPOSES


def can_take_back_in_portal(consent: ConsentRecord, today: datetime.date) -> bool:
    """A sharing consent the survivor gave themselves that is in force or not started yet. One a parent,
    guardian or legal representative gave is changed with the case manager."""
    return (
        is_sharing(consent)
        and consent.given_by == GivenBy.SURVIVOR
        and consent.status_on(today) in (ConsentStatus.LIVE, ConsentStatus.NOT_STARTED)
    )


@transaction.atomic
def do_revoke_consent_in_portal(*, account: PortalAccount, consent: ConsentRecord) -> ConsentRecord:
    if consent.survivor_id != account.survivor_id or consent.agency_id != account.agency_id:
        raise DomainError(_("This consent is not yours."), code="consent.not_yours")
    if not can_take_back_in_portal(consent, timezone.localdate()):
        raise DomainError(
            _("This one cannot be taken back here. Your case manager can help."), code="consent.not_in_portal"
        )
    revoked = do_revoke_consent(
        actor=None,
        consent=consent,
        by_whom=GivenBy.SURVIVOR,
        how=RevokedHow.PORTAL,
        note=PORTAL_NOTE,
        expected_version=consent.version,
    )
    PortalConsentNotice.objects.create(
        agency_id=account.agency_id,
        account=account,
        case_id=account.case_id,
        consent=revoked,
        raised_at=revoked.revoked_at or timezone.now(),
    )
    portal_events.consent_taken_back(account=account, consent_id=str(revoked.pk), purpose=revoked.purpose)
    return revoked
