"""Reads of legal matters, already limited to what the user may see: a matter is visible with its case.
Privileged material (legal-level notes and documents) needs `sees_legal` or a live LegalAccessGrant on the
case: `has_privileged_access` and `privileged_case_ids` are that one rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Case as DbCase
from django.db.models import Exists, OuterRef, Q, QuerySet, When
from django.utils import timezone

from reclaim.accounts.models import Membership, OrganisationType, TeamMember, User
from reclaim.accounts.roles import CAPABILITIES, Scope
from reclaim.accounts.selectors import capabilities
from reclaim.cases.models import CaseAssignment
from reclaim.cases.selectors import cases_for_user
from reclaim.consent.models import ConsentRecord
from reclaim.consent.models import Purpose as ConsentPurpose
from reclaim.consent.selectors import consents_for_survivor, directory_organizations
from reclaim.legal.models import (
    LawEnforcementContact,
    LegalAccessGrant,
    LegalDeadline,
    LegalMatter,
    LegalPolicy,
    MatterStatus,
    MatterType,
    StepDefinition,
)

if TYPE_CHECKING:
    import datetime
    from uuid import UUID

    from reclaim.cases.models import Case
    from reclaim.referrals.models import Organization


def matter_types_for(agency_id: Any, *, include_retired: bool = False) -> QuerySet[MatterType]:
    """The shipped types and the agency's own, in set order. An agency type with the same jurisdiction and
    code as a shipped one (the agency loaded its own copy of a set) replaces it."""
    own = MatterType.objects.filter(agency_id=agency_id, jurisdiction=OuterRef("jurisdiction"), code=OuterRef("code"))
    types = MatterType.objects.filter(Q(agency_id=agency_id) | Q(Q(agency__isnull=True) & ~Exists(own)))
    if not include_retired:
        types = types.filter(retired=False)
    return types.order_by("jurisdiction", "position", "label")


def matter_type_for(agency_id: Any, matter_type_id: Any) -> MatterType | None:
    return matter_types_for(agency_id).filter(pk=matter_type_id).first()


def steps_of(matter_type: MatterType) -> QuerySet[StepDefinition]:
    return StepDefinition.objects.filter(matter_type=matter_type).order_by("position")


def step_by_code(matter_type: MatterType, code: str) -> StepDefinition | None:
    return StepDefinition.objects.filter(matter_type=matter_type, code=code).first()


def next_steps_of(step: StepDefinition) -> list[StepDefinition]:
    """The steps a matter standing on `step` may move to, in the order the set lists them."""
    by_code = {
        s.code: s
        for s in StepDefinition.objects.filter(matter_type_id=step.matter_type_id).select_related("matter_type")
    }
    return [by_code[code] for code in step.next_steps if code in by_code]


def matters_for_user(user: User) -> QuerySet[LegalMatter]:
    return LegalMatter.objects.filter(case__in=cases_for_user(user)).select_related(
        "matter_type", "current_step__matter_type", "advocate", "counsel_organization", "case"
    )


def matters_for_case(case: Case) -> QuerySet[LegalMatter]:
    return (
        LegalMatter.objects.filter(agency_id=case.agency_id, case=case)
        .select_related("matter_type", "current_step__matter_type", "advocate", "counsel_organization")
        .order_by("status", "-opened_on", "pk")
    )


def open_deadlines_of(matter: LegalMatter) -> QuerySet[LegalDeadline]:
    return LegalDeadline.objects.filter(matter=matter, done_on__isnull=True).order_by("due_on", "pk")


def deadlines_of(matter: LegalMatter) -> QuerySet[LegalDeadline]:
    return (
        LegalDeadline.objects.filter(matter=matter)
        .select_related("matter__matter_type", "step", "done_by")
        .order_by("due_on", "pk")
    )


def deadlines_for_user(
    user: User, *, due_before: datetime.date | None = None, open_only: bool = True
) -> QuerySet[LegalDeadline]:
    """Deadlines on the matters of every case the user may read, soonest first."""
    deadlines = LegalDeadline.objects.filter(matter__case__in=cases_for_user(user))
    if open_only:
        # an expiry stays live after its matter closes (a granted status still ends)
        deadlines = deadlines.filter(Q(matter__status=MatterStatus.OPEN) | Q(kind="expiry"), done_on__isnull=True)
    if due_before is not None:
        deadlines = deadlines.filter(due_on__lt=due_before)
    return deadlines.select_related("matter__matter_type", "matter__case", "matter__advocate", "step").order_by(
        "due_on", "pk"
    )


def policy_for(agency_id: UUID) -> LegalPolicy:
    """The agency's legal policy, or an unsaved one with the defaults."""
    policy = LegalPolicy.objects.filter(agency_id=agency_id).first()
    return policy or LegalPolicy(agency_id=agency_id, reminder_offsets=list(LegalPolicy.DEFAULT_OFFSETS))


def privileged_case_ids(user: User) -> QuerySet[LegalAccessGrant, Any]:
    """Ids of the cases on which this user holds a live grant to privileged material (a subquery)."""
    return LegalAccessGrant.objects.filter(user=user, revoked_at__isnull=True).values("case_id")


def has_privileged_access(user: User, case: Case) -> bool:
    """The one rule: the legal team (`sees_legal`), or a live grant on this case."""
    if capabilities(user).sees_legal:
        return True
    return LegalAccessGrant.objects.filter(user=user, case=case, revoked_at__isnull=True).exists()


def live_grants_for_case(case: Case) -> QuerySet[LegalAccessGrant]:
    return LegalAccessGrant.objects.filter(case=case, revoked_at__isnull=True).select_related("user", "granted_by")


def _case_readers(case: Case) -> QuerySet[Membership]:
    """Active memberships whose role's scope reaches this case (the same rule as `cases_for_user`), one query."""

    def roles(scope: Scope) -> list[str]:
        return [role for role, caps in CAPABILITIES.items() if caps.case_scope == scope]

    assigned = Exists(CaseAssignment.objects.filter(case_id=case.pk, user_id=OuterRef("user_id")))
    team = TeamMember.objects.filter(membership_id=OuterRef("pk"))
    in_team = Exists(team.filter(team_id=case.team_id) if case.team_id else team.none())
    return Membership.objects.filter(
        Q(role__in=roles(Scope.AGENCY))
        | (Q(role__in=roles(Scope.TEAM)) & (in_team | assigned))
        | (Q(role__in=roles(Scope.ASSIGNED)) & assigned),
        agency_id=case.agency_id,
        is_active=True,
        agency__is_active=True,
        user__is_active=True,
    )


def _legal_roles() -> list[str]:
    return [role for role, caps in CAPABILITIES.items() if caps.sees_legal]


def legal_team_for_case(case: Case) -> QuerySet[User]:
    """The legal team members who read this case, and so its privileged material, by their role."""
    readers = _case_readers(case).filter(role__in=_legal_roles())
    return User.objects.filter(pk__in=readers.values("user_id")).order_by("display_name", "pk")


def grantable_users(case: Case) -> QuerySet[User]:
    """Who the legal team may grant privileged access on this case: colleagues who read the case, are not on
    the legal team, and hold no live grant on it already."""
    readers = _case_readers(case).exclude(role__in=_legal_roles())
    return (
        User.objects.filter(pk__in=readers.values("user_id"))
        .exclude(pk__in=LegalAccessGrant.objects.filter(case=case, revoked_at__isnull=True).values("user_id"))
        .order_by("display_name", "pk")
    )


def past_grants_for_case(case: Case) -> QuerySet[LegalAccessGrant]:
    """Revoked grants, latest first (the page shows who had access and until when)."""
    return (
        LegalAccessGrant.objects.filter(case=case, revoked_at__isnull=False)
        .select_related("user", "granted_by", "revoked_by")
        .order_by("-revoked_at", "pk")
    )


def grants_for_user(user: User) -> QuerySet[LegalAccessGrant]:
    """Grants on the cases this user may read (the gate's queryset)."""
    return LegalAccessGrant.objects.filter(case__in=cases_for_user(user)).select_related(
        "case", "user", "granted_by", "revoked_by"
    )


def colleague_by_id(agency_id: Any, user_id: Any) -> User | None:
    """A person with an active membership in this agency, or None (the grant action says why it refuses)."""
    return User.objects.filter(pk=user_id, memberships__agency_id=agency_id, memberships__is_active=True).first()


# --- Law-enforcement contact log ----------------------------------------------------------------------------


def le_contacts_for_case(case: Case) -> QuerySet[LawEnforcementContact]:
    """A case's law-enforcement contacts, newest first, with what the list shows (constant query count)."""
    return (
        LawEnforcementContact.objects.filter(agency_id=case.agency_id, case=case)
        .select_related("consent", "organization", "matter__matter_type", "recorded_by")
        .order_by("-occurred_on", "-created_at")
    )


def le_contacts_for_user(user: User) -> QuerySet[LawEnforcementContact]:
    """The contacts on every case the user may read (the gate for one contact reads through this)."""
    return LawEnforcementContact.objects.filter(case__in=cases_for_user(user)).select_related(
        "case__survivor", "consent", "organization", "matter__matter_type"
    )


def le_consents_for_case(case: Case, *, on: datetime.date | None = None) -> QuerySet[ConsentRecord]:
    """The survivor's consents to share with law enforcement that are live on `on` (default today), whoever
    they name (ConsentRecord.is_live_on: not taken back, started, not expired)."""
    day = on or timezone.localdate()
    return consents_for_survivor(case.survivor).filter(
        purpose=ConsentPurpose.LAW_ENFORCEMENT, revoked_at__isnull=True, starts_on__lte=day, expires_on__gte=day
    )


def le_consent_choices(case: Case, *, keep: Any = None) -> QuerySet[ConsentRecord]:
    """The survivor's consents to share with law enforcement that are not taken back (the action checks each
    is live on the contact's date), plus `keep` (the consent a contact already names), newest first."""
    rows = consents_for_survivor(case.survivor).filter(purpose=ConsentPurpose.LAW_ENFORCEMENT)
    keep_q = Q(pk=keep) if keep else Q(pk__in=[])
    return rows.filter(Q(revoked_at__isnull=True) | keep_q).order_by("-starts_on", "-created_at")


def le_organizations() -> QuerySet[Organization]:
    """Directory organisations a contact can name: law-enforcement ones first, then the rest by name."""
    first = DbCase(When(org_type=OrganisationType.LAW_ENFORCEMENT, then=0), default=1)
    return directory_organizations().order_by(first, "name")
