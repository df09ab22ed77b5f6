"""Gates of awareness campaigns. Outreach coordinators and agency admins run them; program directors and data
analysts read them and their results (aggregates). Anyone else in the agency gets 403 (campaign rows hold no case
data, so a refusal discloses nothing); another agency's campaign is 404. Reading a campaign's results is audited,
since they include a (suppressed) count of identifications."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from reclaim.accounts.selectors import active_membership
from reclaim.core.access import gate
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.outreach.access import can_read_outreach, can_run_outreach, require
from reclaim.outreach.campaigns_selectors import campaigns_for_agency, materials_of, partners_of

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User
    from reclaim.outreach.models import Campaign, CampaignMaterial, CampaignPartner


def require_campaign_reader(user: User) -> Agency:
    """The reader's agency, or 403."""
    require(can_read_outreach(user))
    membership = active_membership(user)
    if membership is None:  # pragma: no cover - can_read_outreach needs a membership
        raise PermissionDenied
    return membership.agency


def require_campaign_runner(user: User) -> Agency:
    """The agency of someone who may plan and change campaigns, or 403."""
    require(can_run_outreach(user))
    return require_campaign_reader(user)


def access_campaign_by_id(user: User, campaign_id: Any, *, for_write: bool = False) -> Campaign:
    """One of the user's agency's campaigns: 403 without the right to read campaigns, 404 when it is not the
    agency's, 403 for a reader who asks to write."""
    agency = require_campaign_reader(user)
    return gate(
        campaigns_for_agency(agency.pk), campaign_id, for_write=for_write, can_write=lambda _c: can_run_outreach(user)
    )


def audit_results_read(user: User, agency_id: Any, object_type: str, object_id: str = "") -> None:
    write_audit(
        AuditEntry(
            "campaign.results_read", actor_id=user.pk, agency_id=agency_id, object_type=object_type, object_id=object_id
        )
    )


def access_campaign_results(user: User, campaign_id: Any) -> Campaign:
    """The campaign whose dashboard the user reads; the read is audited."""
    campaign = access_campaign_by_id(user, campaign_id)
    audit_results_read(user, campaign.agency_id, "campaign", str(campaign.pk))
    return campaign


def access_comparison(user: User) -> Agency:
    """The agency whose campaigns are compared; the read is audited."""
    agency = require_campaign_reader(user)
    audit_results_read(user, agency.pk, "campaign_comparison")
    return agency


def access_partner(user: User, campaign_id: Any, partner_id: Any) -> tuple[Campaign, CampaignPartner]:
    campaign = access_campaign_by_id(user, campaign_id, for_write=True)
    return campaign, gate(partners_of(campaign, with_removed=True), partner_id)


def access_material(user: User, campaign_id: Any, material_id: Any) -> tuple[Campaign, CampaignMaterial]:
    campaign = access_campaign_by_id(user, campaign_id)
    return campaign, gate(materials_of(campaign), material_id)
