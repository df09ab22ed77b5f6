"""Every write to a case: one transaction with its timeline event and audit row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.models import Agency, Membership, Team, User
from reclaim.cases import events, state
from reclaim.cases.models import (
    RESOLVED_NEED_STATUSES,
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Case,
    CaseAssignment,
    DecisionOrg,
    ImmediateNeed,
    Indicator,
    NeedKind,
    NeedStatus,
    Screening,
    ScreeningIndicator,
    ScreeningTool,
    StatusDetermination,
    TraffickingStatus,
)
from reclaim.cases.state import CaseStatus
from reclaim.core.errors import DomainError, InvalidTransition, check_version
from reclaim.people.actions import do_create_survivor, do_link_staff, next_reference

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable

    from reclaim.people.models import Survivor


class TransitionRefused(InvalidTransition):
    """The move exists but its entry criteria are not met; `missing` lists codes for each gap."""

    code = "cases.transition_refused"

    def __init__(self, missing: tuple[str, ...]) -> None:
        self.missing = missing
        super().__init__(
            _("This move cannot happen yet."),
            fields={"to": [str(state.MISSING_TEXT[m]) for m in missing]},
        )


def _next_number(agency: Agency) -> str:
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # serialise numbering per agency
    count = Case.objects.filter(agency=agency).count()
    return f"C{timezone.now().year}-{count + 1:05d}"


@transaction.atomic
def do_open_case(
    *,
    actor: User,
    survivor: Survivor,
    identified_on: datetime.date | None = None,
    identification_source: str = "",
    identification_place: str = "",
    is_minor: bool | None = None,
    danger_now: bool = False,
    team: Team | None = None,
    lead_worker: User | None = None,
    trafficking_status: str = "",
    decided_by: str = "",
    indicators: Iterable[str] = (),
    screening_tool: str = "",
    urgent_needs: Iterable[str] = (),
) -> Case:
    """Open a case on a survivor of the actor's agency with only what is known; it starts as `identified`.

    Without a team, the case joins the survivor's team so their supervisor sees it. The seven rows of
    the immediate-needs checklist are created with it ("not yet met"; those in `urgent_needs` marked
    urgent), and ticked `indicators` become a first screening, linked to the status decided, if any."""
    indicators = _checked_codes(indicators, Indicator.values, "indicators")
    urgent = set(_checked_codes(urgent_needs, NeedKind.values, "urgent_needs"))
    _check_code(screening_tool, ScreeningTool.values, "screening_tool")
    team = team or survivor.team
    if team is not None and team.agency_id != survivor.agency_id:
        raise DomainError(
            _("Choose a team of your agency."),
            code="cases.foreign_team",
            fields={"team": [_("Not one of your teams.")]},
        )
    case = Case(
        agency_id=survivor.agency_id,
        survivor=survivor,
        number=_next_number(survivor.agency),
        identified_on=identified_on,
        identification_source=identification_source,
        identification_place=identification_place or None,
        is_minor=is_minor,
        danger_now=danger_now,
        team=team,
        lead_worker=lead_worker or actor,
    )
    case.full_clean()
    case.save()
    workers = [w for w in {lead_worker or actor, actor} if w is not None]
    CaseAssignment.objects.bulk_create([CaseAssignment(agency_id=case.agency_id, case=case, user=w) for w in workers])
    do_link_staff(survivor=survivor, users=workers, team=team)
    events.case_opened(case=case, actor=actor, source=identification_source)
    determination = None
    if trafficking_status:
        determination = do_record_determination(
            actor=actor,
            case=case,
            status=trafficking_status,
            decided_by=decided_by or "NGO",
            decided_on=identified_on or timezone.localdate(),
        )
    _create_needs(case, urgent=urgent)
    if indicators:
        _create_screening(
            actor=actor,
            case=case,
            screened_on=identified_on or timezone.localdate(),
            tool=screening_tool or ScreeningTool.OBSERVATION,
            indicators=indicators,
            determination=determination,
        )
    return case


def _check_code(value: str, allowed: Iterable[str], field: str) -> None:
    if value and value not in allowed:
        raise DomainError(
            _("Choose one of the options offered."),
            code="cases.unknown_code",
            fields={field: [_("Not one of the options offered.")]},
        )


def _checked_codes(values: Iterable[str], allowed: Iterable[str], field: str) -> list[str]:
    """The codes without repeats, in the order given; a DomainError naming the field for any unknown one."""
    codes = list(dict.fromkeys(str(v) for v in values))
    for code in codes:
        _check_code(code, allowed, field)
    return codes


def _create_needs(case: Case, *, urgent: set[str]) -> None:
    """The stabilisation checklist: one row per need, all "not yet met" until someone assesses them."""
    now = timezone.now()
    ImmediateNeed.objects.bulk_create(
        ImmediateNeed(agency_id=case.agency_id, case=case, need=need, urgent=need in urgent, opened_at=now)
        for need in NeedKind.values
    )


def _create_screening(
    *,
    actor: User,
    case: Case,
    screened_on: datetime.date | None,
    tool: str,
    indicators: list[str],
    determination: StatusDetermination | None,
) -> Screening:
    screening = Screening(
        agency_id=case.agency_id,
        case=case,
        screened_on=screened_on,
        tool=tool,
        screener=actor,
        determination=determination,
    )
    screening.full_clean()
    screening.save()
    ScreeningIndicator.objects.bulk_create(
        ScreeningIndicator(agency_id=case.agency_id, screening=screening, code=code) for code in indicators
    )
    events.screening_recorded(
        case=case,
        actor=actor,
        screening_id=str(screening.pk),
        tool=tool,
        indicator_count=len(indicators),
        determination_id=str(determination.pk) if determination else "",
    )
    return screening


@transaction.atomic
def do_record_screening(
    *,
    actor: User,
    case: Case,
    screened_on: datetime.date | None = None,
    tool: str = "",
    indicators: Iterable[str] = (),
    trafficking_status: str = "",
    decided_by: str = "",
) -> Screening:
    """Record a screening and the indicators seen. Indicators suggest; a person decides: the outcome is
    only a trafficking status when the screener records one, and it goes into the status history."""
    codes = _checked_codes(indicators, Indicator.values, "indicators")
    _check_code(tool, ScreeningTool.values, "tool")
    _check_code(trafficking_status, TraffickingStatus.values, "trafficking_status")
    _check_code(decided_by, DecisionOrg.values, "decided_by")
    determination = None
    if trafficking_status:
        determination = do_record_determination(
            actor=actor,
            case=case,
            status=trafficking_status,
            decided_by=decided_by or DecisionOrg.NGO,
            decided_on=screened_on or timezone.localdate(),
        )
    return _create_screening(
        actor=actor, case=case, screened_on=screened_on, tool=tool, indicators=codes, determination=determination
    )


@transaction.atomic
def do_update_need(
    *,
    actor: User,
    need: ImmediateNeed,
    expected_version: int,
    status: str,
    urgent: bool,
    handled_by: User | None = None,
    details: str = "",
) -> ImmediateNeed:
    """Update one checklist row. Moving to met, declined or not needed stamps the resolution time;
    moving back to an open status clears it and restarts the clock (the need has come back)."""
    need = ImmediateNeed.objects.select_for_update(of=("self",)).select_related("case").get(pk=need.pk)
    check_version(
        need.version,
        expected_version,
        {
            "status": need.status,
            "urgent": need.urgent,
            "handled_by": str(need.handled_by_id or ""),
            "details": need.details or "",
        },
    )
    if status not in NeedStatus.values:
        raise DomainError(
            _("Choose a status from the list."),
            code="cases.need_status_unknown",
            fields={"status": [_("Not one of the statuses offered.")]},
        )
    if (
        handled_by is not None
        and not Membership.objects.filter(user=handled_by, agency_id=need.agency_id, is_active=True).exists()
    ):
        raise DomainError(
            _("Choose someone from your agency."),
            code="cases.foreign_worker",
            fields={"handled_by": [_("Not a member of your agency.")]},
        )
    now = timezone.now()
    was_resolved, resolved = need.status in RESOLVED_NEED_STATUSES, status in RESOLVED_NEED_STATUSES
    if resolved and not was_resolved:
        need.resolved_at = now
    elif was_resolved and not resolved:
        need.resolved_at, need.opened_at = None, now
    need.status, need.urgent, need.handled_by = status, urgent, handled_by
    need.details = details or None
    need.updated_by = actor
    need.version += 1
    need.full_clean()
    need.save()
    events.need_updated(case=need.case, actor=actor, need=need.need, status=status)
    return need


@transaction.atomic
def do_record_determination(
    *, actor: User, case: Case, status: str, decided_by: str, decided_on: datetime.date
) -> StatusDetermination:
    determination = StatusDetermination(
        agency_id=case.agency_id,
        case=case,
        status=status,
        decided_by=decided_by,
        decided_on=decided_on,
        recorded_by=actor,
    )
    determination.full_clean()
    determination.save()
    events.determination_recorded(case=case, actor=actor, status=status, decided_by=decided_by)
    return determination


def _facts(case: Case, *, approved: bool = False) -> state.Facts:
    return state.Facts(
        services_consent=case.services_consent_on is not None, approved=approved, close_reason=case.close_reason
    )


@transaction.atomic
def do_transition_case(
    *,
    actor: User,
    case: Case,
    to: str,
    expected_version: int,
    services_consent_on: datetime.date | None = None,
    intake_on: datetime.date | None = None,
) -> Case:
    """Move a case to another stage; moves into follow-up or closed go through an approval instead."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    check_version(case.version, expected_version, {"status": case.status})
    if to in state.NEEDS_APPROVAL:
        raise TransitionRefused(("approval",))
    if services_consent_on is not None:
        case.services_consent_on = services_consent_on
    if intake_on is not None:
        case.intake_on = intake_on
    verdict = state.check(case.status, to, _facts(case))
    if not verdict.allowed:
        raise TransitionRefused(verdict.missing)
    return _move(actor=actor, case=case, to=to)


def _move(*, actor: User, case: Case, to: str, approval_id: str = "") -> Case:
    old = case.status
    reopening = old == CaseStatus.CLOSED and to == CaseStatus.INTAKE
    case.status = to
    if to == CaseStatus.INTAKE and case.intake_on is None:
        case.intake_on = timezone.localdate()
    if reopening:
        case.closed_at, case.close_reason = None, ""
    case.version += 1
    case.full_clean()
    case.save()
    events.status_changed(case=case, actor=actor, old=old, new=to, approval_id=approval_id)
    if reopening:
        events.reopened(case=case, actor=actor)
    return case


@transaction.atomic
def do_request_approval(
    *,
    actor: User,
    case: Case,
    kind: str,
    close_reason: str = "",
    living_situation: str = "",
    relief_obtained: str = "",
    referred_on: bool | None = None,
) -> ApprovalRequest:
    """Ask a supervisor to approve closing the case or exiting it to follow-up."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    target = CaseStatus.CLOSED if kind == ApprovalKind.CLOSE else CaseStatus.FOLLOW_UP
    if target not in state.targets(case.status):
        raise TransitionRefused(("not_a_move",))
    if kind == ApprovalKind.CLOSE and not close_reason:
        raise DomainError(
            _("Choose a closure reason."),
            code="cases.close_reason_required",
            fields={"close_reason": [_("Required to close a case.")]},
        )
    if ApprovalRequest.objects.filter(case=case, status=ApprovalStatus.PENDING).exists():
        raise DomainError(_("An approval request is already waiting for this case."), code="cases.approval_pending")
    approval = ApprovalRequest(
        agency_id=case.agency_id,
        case=case,
        kind=kind,
        requested_by=actor,
        close_reason=close_reason,
        living_situation=living_situation,
        relief_obtained=relief_obtained,
        referred_on=referred_on,
    )
    approval.full_clean()
    approval.save()
    events.approval_requested(case=case, actor=actor, approval_id=str(approval.pk), kind=kind)
    return approval


@transaction.atomic
def do_decide_approval(*, actor: User, approval: ApprovalRequest, approve: bool, comment: str = "") -> ApprovalRequest:
    """A supervisor approves (the case moves now) or returns the request with comments. Never one's own."""
    approval = ApprovalRequest.objects.select_for_update().get(pk=approval.pk)
    if approval.status != ApprovalStatus.PENDING:
        raise DomainError(_("This request was already decided."), code="cases.approval_decided")
    if approval.requested_by_id == actor.pk:
        raise DomainError(_("Someone else must decide on your own request."), code="cases.approval_own_request")
    if not approve and not comment.strip():
        raise DomainError(
            _("Say what needs to change."),
            code="cases.comment_required",
            fields={"comment": [_("Required when returning a request.")]},
        )
    approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.RETURNED
    approval.decided_by, approval.decided_at, approval.comment = actor, timezone.now(), comment or None
    approval.save()
    case = Case.objects.select_for_update().get(pk=approval.case_id)
    events.approval_decided(
        case=case, actor=actor, approval_id=str(approval.pk), kind=approval.kind, outcome=approval.status
    )
    if approve:
        target = CaseStatus.CLOSED if approval.kind == ApprovalKind.CLOSE else CaseStatus.FOLLOW_UP
        if target == CaseStatus.CLOSED:
            case.close_reason, case.closed_at = approval.close_reason, timezone.now()
        case.living_situation = approval.living_situation or case.living_situation
        case.relief_obtained = approval.relief_obtained or case.relief_obtained
        case.referred_on = approval.referred_on if approval.referred_on is not None else case.referred_on
        verdict = state.check(case.status, target, _facts(case, approved=True))
        if not verdict.allowed:
            raise TransitionRefused(verdict.missing)
        _move(actor=actor, case=case, to=target, approval_id=str(approval.pk))
    return approval


@transaction.atomic
def do_assign_case(
    *, actor: User, case: Case, lead_worker: User | None, team: Team | None, expected_version: int
) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    check_version(
        case.version, expected_version, {"lead_worker": str(case.lead_worker_id or ""), "team": str(case.team_id or "")}
    )
    if team is not None and team.agency_id != case.agency_id:
        raise DomainError(
            _("Choose a team of your agency."),
            code="cases.foreign_team",
            fields={"team": [_("Not one of your teams.")]},
        )
    case.lead_worker, case.team = lead_worker, team
    case.version += 1
    case.full_clean()
    case.save()
    if lead_worker is not None:
        CaseAssignment.objects.get_or_create(agency_id=case.agency_id, case=case, user=lead_worker)
        do_link_staff(survivor=case.survivor, users=[lead_worker], team=team)
    events.assigned(
        case=case,
        actor=actor,
        lead_worker_id=str(lead_worker.pk if lead_worker else ""),
        team_id=str(team.pk if team else ""),
    )
    return case


@transaction.atomic
def do_open_case_for_new_person(
    *,
    actor: User,
    agency: Agency,
    given_name: str = "",
    family_name: str = "",
    chosen_name: str = "",
    date_of_birth: datetime.date | None = None,
    pronouns: str = "",
    preferred_language: str = "",
    gender: str = "",
    team: Team | None = None,
    **case_fields: Any,
) -> Case:
    """Intake of someone not yet known to the agency: the person record and the case, in one transaction."""
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # serialise person references
    survivor = do_create_survivor(
        actor=actor,
        agency=agency,
        reference=next_reference(agency),
        given_name=given_name,
        family_name=family_name,
        chosen_name=chosen_name,
        date_of_birth=date_of_birth,
        pronouns=pronouns,
        preferred_language=preferred_language,
        gender=gender,
        team=team,
        assigned=[actor],
    )
    return do_open_case(actor=actor, survivor=survivor, team=team, **case_fields)
