"""Roles and what each may do, in one table (DOMAIN.md §1). Access code asks these flags, never role names."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENCY_ADMIN = "agency_admin", _("Agency admin")
    PROGRAM_DIRECTOR = "program_director", _("Program director")
    SUPERVISOR = "supervisor", _("Supervisor")
    CASE_MANAGER = "case_manager", _("Case manager")
    CLINICIAN = "clinician", _("Clinician / therapist")
    LEGAL_ADVOCATE = "legal_advocate", _("Legal advocate")
    OUTREACH_COORDINATOR = "outreach_coordinator", _("Outreach coordinator")
    DATA_ANALYST = "data_analyst", _("Data analyst")
    VOLUNTEER = "volunteer", _("Volunteer")
    PARTNER_USER = "partner_user", _("Partner-agency user")


class Scope(models.TextChoices):
    NONE = "none", _("No case records")
    ASSIGNED = "assigned", _("Assigned records")
    TEAM = "team", _("Team's records")
    AGENCY = "agency", _("All of the agency's records")


@dataclass(frozen=True)
class Capabilities:
    case_scope: Scope = Scope.NONE
    edits_cases: bool = False
    sees_clinical: bool = False
    sees_legal: bool = False
    # Results of screens and outcome scales (totals, bands, alerts; DOMAIN.md §6): the clinician, the case
    # manager, supervisors and directors. Item-level answers need sees_clinical as well.
    sees_screen_results: bool = False
    approves_closure: bool = False
    manages_staff: bool = False
    views_audit: bool = False
    views_aggregates: bool = False
    runs_outreach: bool = False
    receives_referrals: bool = False
    # Send a referral with data classes no live consent covers, with a stated reason (DOMAIN.md §8).
    overrides_consent: bool = False
    # Takes volunteer assignments (issue 10): "My assignments" and "My hours", their own and nothing else.
    takes_volunteer_assignments: bool = False
    # Data retention (issue 13, docs/retention.md): the agency's retention policy, what the next purge would remove,
    # and the decision on a survivor's erasure request. Agency-wide and needs no case data: the agency admin.
    manages_retention: bool = False
    # Place and lift a legal hold on a case, which stops the purge and erasure (issue 13): the legal team on their
    # cases, and the agency admin by case number.
    places_legal_holds: bool = False
    requires_mfa: bool = True

    @property
    def works_cases(self) -> bool:
        return self.case_scope != Scope.NONE


CAPABILITIES: dict[str, Capabilities] = {
    Role.AGENCY_ADMIN: Capabilities(
        manages_staff=True, views_audit=True, views_aggregates=True, manages_retention=True, places_legal_holds=True
    ),
    Role.PROGRAM_DIRECTOR: Capabilities(
        case_scope=Scope.AGENCY,
        approves_closure=True,
        views_aggregates=True,
        sees_screen_results=True,
        overrides_consent=True,
    ),
    Role.SUPERVISOR: Capabilities(
        case_scope=Scope.TEAM,
        edits_cases=True,
        approves_closure=True,
        sees_screen_results=True,
        overrides_consent=True,
    ),
    Role.CASE_MANAGER: Capabilities(case_scope=Scope.ASSIGNED, edits_cases=True, sees_screen_results=True),
    Role.CLINICIAN: Capabilities(
        case_scope=Scope.ASSIGNED, edits_cases=True, sees_clinical=True, sees_screen_results=True
    ),
    Role.LEGAL_ADVOCATE: Capabilities(
        case_scope=Scope.ASSIGNED, edits_cases=True, sees_legal=True, places_legal_holds=True
    ),
    Role.OUTREACH_COORDINATOR: Capabilities(runs_outreach=True),
    Role.DATA_ANALYST: Capabilities(views_aggregates=True, requires_mfa=False),
    Role.VOLUNTEER: Capabilities(takes_volunteer_assignments=True, requires_mfa=False),
    Role.PARTNER_USER: Capabilities(receives_referrals=True),
}

NO_CAPABILITIES = Capabilities(requires_mfa=False)


def capabilities_for(role: str | None) -> Capabilities:
    if role is None:
        return NO_CAPABILITIES
    return CAPABILITIES.get(role, NO_CAPABILITIES)
