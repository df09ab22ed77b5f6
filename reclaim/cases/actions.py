"""Every write to a case: one transaction with its timeline event and audit row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.models import Agency, Membership, Team, User
from reclaim.cases import events, history, schedule, selectors, state
from reclaim.cases.models import (
    NOTE_MAX_LENGTH,
    RESOLVED_NEED_STATUSES,
    STRIKE_REASON_MAX_LENGTH,
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Case,
    CaseAssignment,
    CaseFlag,
    CaseNote,
    DatePrecision,
    DecisionOrg,
    EventCoding,
    FlagKind,
    FollowUp,
    FollowUpChannel,
    FollowUpIndicatorCheck,
    FollowUpOutcome,
    FollowUpPolicy,
    FollowUpStatus,
    HistoricEvent,
    ImmediateNeed,
    Indicator,
    NeedKind,
    NeedStatus,
    NoteConfidentiality,
    NoteKind,
    Screening,
    ScreeningIndicator,
    ScreeningTool,
    StatusDetermination,
    TraffickingStatus,
)
from reclaim.cases.selectors import note_levels_for
from reclaim.cases.state import CaseStatus
from reclaim.core import htcds
from reclaim.core import vocabulary as vocab
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, InvalidTransition, check_version
from reclaim.core.iso3166 import is_country_code
from reclaim.people.actions import do_link_staff, do_register_survivor
from reclaim.people.ages import age_band

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable, Sequence

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
    campaign_id: Any = None,
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
    if campaign_id is not None:
        _check_campaign(survivor.agency_id, campaign_id)
    case = Case(
        agency_id=survivor.agency_id,
        survivor=survivor,
        number=_next_number(survivor.agency),
        identified_on=identified_on,
        identification_source=identification_source,
        identification_place=identification_place or None,
        is_minor=is_minor,
        age_band=age_band(survivor.date_of_birth, identified_on or timezone.localdate(), is_minor=is_minor),
        danger_now=danger_now,
        team=team,
        lead_worker=lead_worker or actor,
        campaign_id=campaign_id,
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
    *, actor: User, case: Case, status: str, decided_by: str, decided_on: datetime.date, basis: str = ""
) -> StatusDetermination:
    """Add a dated decision to the case's trafficking-status history (DOMAIN.md §3.1); never overwrites one."""
    if decided_on > timezone.localdate():
        raise DomainError(
            _("A decision cannot be dated in the future."),
            code="cases.determination_in_future",
            fields={"decided_on": [_("Use today's date or an earlier one.")]},
        )
    determination = StatusDetermination(
        agency_id=case.agency_id,
        case=case,
        status=status,
        decided_by=decided_by,
        decided_on=decided_on,
        basis=basis.strip() or None,
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


def _move(*, actor: User, case: Case, to: str, approval_id: str = "", reason: str = "") -> Case:
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
    events.status_changed(case=case, actor=actor, old=old, new=to, approval_id=approval_id, reason=reason)
    if reopening:
        events.reopened(case=case, actor=actor, reason=reason)
    if to == CaseStatus.INTAKE and old in {CaseStatus.CLOSED, CaseStatus.FOLLOW_UP}:
        _withdraw_pending_approvals(actor=actor, case=case)
    if old == CaseStatus.FOLLOW_UP and to != CaseStatus.FOLLOW_UP:
        _end_follow_up(actor=actor, case=case, reason=to)
    if to == CaseStatus.FOLLOW_UP:
        _schedule_follow_ups(actor=actor, case=case, exit_on=timezone.localdate())
    return case


def _withdraw_pending_approvals(*, actor: User, case: Case) -> None:
    """A reopened case starts again: a request made before (to close it, say) no longer stands."""
    for approval in ApprovalRequest.objects.select_for_update().filter(case=case, status=ApprovalStatus.PENDING):
        approval.status, approval.decided_at = ApprovalStatus.WITHDRAWN, timezone.now()
        approval.save(update_fields=["status", "decided_at", "updated_at"])
        events.approval_decided(
            case=case, actor=actor, approval_id=str(approval.pk), kind=approval.kind, outcome=approval.status
        )


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
    phone: str = "",
    pronouns: str = "",
    preferred_language: str = "",
    gender: str = "",
    nationality_class: str = "",
    team: Team | None = None,
    **case_fields: Any,
) -> Case:
    """Intake of someone not yet known to the agency: the person record and the case, in one transaction."""
    survivor = do_register_survivor(
        actor=actor,
        agency=agency,
        team=team,
        given_name=given_name,
        family_name=family_name,
        chosen_name=chosen_name,
        date_of_birth=date_of_birth,
        phone=phone,
        pronouns=pronouns,
        preferred_language=preferred_language,
        gender=gender,
        nationality_class=nationality_class,
    )
    return do_open_case(actor=actor, survivor=survivor, team=team, **case_fields)


EDITABLE_DETAILS = (
    "identified_on",
    "identification_source",
    "identification_place",
    "is_minor",
    "danger_now",
    "services_consent_on",
    "intake_on",
    "campaign_id",
)


@transaction.atomic
def do_update_case(*, actor: User, case: Case, expected_version: int, changes: dict[str, Any]) -> Case:
    """Change a case's own details. A stale version raises EditConflict carrying the values saved now.

    The timeline records which fields changed, never their values (a place is PII)."""
    unknown = sorted(set(changes) - set(EDITABLE_DETAILS))
    if unknown:
        raise DomainError(
            _("These details cannot be changed here."),
            code="cases.not_editable",
            fields={name: [_("Not an editable case detail.")] for name in unknown},
        )
    case = Case.objects.select_for_update().get(pk=case.pk)
    check_version(
        case.version,
        expected_version,
        {
            name: _display(case.campaign.name if name == "campaign_id" and case.campaign else getattr(case, name))
            for name in changes
        },
    )
    if changes.get("campaign_id"):
        _check_campaign(case.agency_id, changes["campaign_id"])
    changed = sorted(
        name for name, value in changes.items() if getattr(case, name) != (value if value != "" else _empty(name))
    )
    if not changed:
        return case
    for name in changed:
        setattr(case, name, changes[name] if changes[name] != "" else _empty(name))
    case.age_band = age_band(
        case.survivor.date_of_birth, case.identified_on or case.created_at.date(), is_minor=case.is_minor
    )
    case.version += 1
    case.full_clean()
    case.save()
    events.details_updated(case=case, actor=actor, fields=changed)
    return case


def _check_campaign(agency_id: Any, campaign_id: Any) -> None:
    """The campaign that led to an identification must be one of the case's agency's campaigns."""
    from reclaim.outreach.campaigns_selectors import campaign_of_agency

    if campaign_of_agency(agency_id, campaign_id) is None:
        raise DomainError(
            _("Choose one of your agency's campaigns."),
            code="cases.foreign_campaign",
            fields={"campaign_id": [_("Not one of your agency's campaigns.")]},
        )


def _empty(name: str) -> Any:
    return "" if name == "identification_source" else None


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


# Follow-up after program exit (DOMAIN.md §10) --------------------------------------------------------


def _schedule_follow_ups(*, actor: User | None, case: Case, exit_on: datetime.date) -> list[FollowUp]:
    """Create the contacts of a new follow-up period from the agency's policy, counted from the exit date."""
    policy = selectors.follow_up_policy_for(case.agency_id)
    try:
        offsets = schedule.validate_offsets(policy.offsets_months)
        window = schedule.validate_window(policy.window_days)
    except schedule.ScheduleError:  # a stored policy is validated on save; never follow up for less than the default
        offsets, window = list(schedule.DEFAULT_OFFSETS_MONTHS), schedule.DEFAULT_WINDOW_DAYS
    FollowUp.objects.filter(case=case, is_current=True).update(is_current=False)
    period = (FollowUp.objects.filter(case=case).aggregate(last=Max("period"))["last"] or 0) + 1
    rows = [
        FollowUp(
            agency_id=case.agency_id,
            case=case,
            period=period,
            sequence=contact.sequence,
            offset_months=contact.offset_months,
            due_on=contact.due_on,
            window_days=contact.window_days,
            closes_on=contact.closes_on,
        )
        for contact in schedule.plan(exit_on, offsets, window)
    ]
    for row in rows:
        row.full_clean(validate_unique=False, validate_constraints=False)  # new period: nothing to clash with
    FollowUp.objects.bulk_create(rows)
    events.follow_up_scheduled(
        case=case, actor=actor, period=period, count=len(rows), first_due=rows[0].due_on.isoformat()
    )
    return rows


def _end_follow_up(*, actor: User | None, case: Case, reason: str) -> int:
    """The case left follow-up (closed or reopened): cancel the contacts still scheduled, keep the rest as history."""
    current = FollowUp.objects.filter(case=case, is_current=True)
    cancelled = current.filter(status=FollowUpStatus.SCHEDULED).update(
        status=FollowUpStatus.CANCELLED, version=F("version") + 1, updated_at=timezone.now()
    )
    current.update(is_current=False)
    if cancelled:
        events.follow_up_cancelled(case=case, actor=actor, count=cancelled, reason=reason)
    return cancelled


@transaction.atomic
def do_set_follow_up_policy(
    *, actor: User, agency: Agency, offsets_months: list[int], window_days: int, expected_version: int
) -> FollowUpPolicy:
    """Set the agency's follow-up schedule; refused if it would end before 24 months (DOMAIN.md §10)."""
    errors: dict[str, list[str]] = {}
    offsets: list[int] = []
    window = 0
    try:
        offsets = schedule.validate_offsets(offsets_months)
    except schedule.ScheduleError as exc:
        errors[exc.field] = [exc.message]
    try:
        window = schedule.validate_window(window_days)
    except schedule.ScheduleError as exc:
        errors[exc.field] = [exc.message]
    if errors:
        message = next(iter(errors.values()))[0]
        raise DomainError(message, code="cases.follow_up_policy_invalid", fields=errors)
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # serialise the first save per agency
    policy = FollowUpPolicy.objects.filter(agency=agency).first() or FollowUpPolicy(agency=agency, version=0)
    check_version(
        policy.version,
        expected_version,
        {"offsets_months": ", ".join(str(m) for m in policy.offsets_months), "window_days": str(policy.window_days)},
    )
    policy.offsets_months, policy.window_days, policy.updated_by = offsets, window, actor
    policy.version += 1
    policy.full_clean()
    policy.save()
    write_audit(
        AuditEntry(
            "cases.follow_up_policy_changed",
            actor_id=actor.pk,
            agency_id=agency.pk,
            object_type="follow_up_policy",
            object_id=str(policy.pk),
            detail={"offsets_months": offsets, "window_days": window},
        )
    )
    return policy


def _follow_up_values(follow_up: FollowUp) -> dict[str, Any]:
    return {
        "status": follow_up.status,
        "outcome": follow_up.outcome,
        "contacted_on": follow_up.contacted_on.isoformat() if follow_up.contacted_on else "",
        "channel": follow_up.channel,
    }


@transaction.atomic
def do_record_follow_up(
    *,
    actor: User,
    follow_up: FollowUp,
    expected_version: int,
    outcome: str,
    contacted_on: datetime.date | None = None,
    channel: str = "",
    indicators: list[str] | tuple[str, ...] = (),
    indicators_checked: bool = False,
    notes: str = "",
) -> FollowUp:
    """Record how a follow-up contact went (also late, after it was marked missed, or to correct it).

    The outcome is required; everything else may be skipped. Only codes reach the timeline."""
    follow_up = FollowUp.objects.select_for_update().select_related("case").get(pk=follow_up.pk)
    check_version(follow_up.version, expected_version, _follow_up_values(follow_up))
    case = follow_up.case
    if case.status != CaseStatus.FOLLOW_UP or not follow_up.is_current or not follow_up.is_open:
        raise DomainError(
            _("This contact is no longer part of a follow-up under way, so it cannot be recorded."),
            code="cases.follow_up_not_open",
        )
    today = timezone.localdate()
    contacted_on = contacted_on or today
    errors: dict[str, list[str]] = {}
    if outcome not in FollowUpOutcome.values:
        errors["outcome"] = [_("Choose how the contact went.")]
    if channel and channel not in FollowUpChannel.values:
        errors["channel"] = [_("Choose one of the channels listed.")]
    if contacted_on > today:
        errors["contacted_on"] = [_("The date of contact cannot be in the future.")]
    elif contacted_on < timezone.localdate(follow_up.created_at):
        errors["contacted_on"] = [_("The date of contact cannot be before the person left the program.")]
    if any(code not in Indicator.values for code in indicators):
        errors["indicators"] = [_("Choose indicators from the list.")]
    if errors:
        raise DomainError(_("Some answers need another look."), code="cases.follow_up_invalid", fields=errors)
    codes = [code for code in Indicator.values if code in set(indicators)]
    follow_up.status = FollowUpStatus.COMPLETED
    follow_up.outcome, follow_up.channel, follow_up.contacted_on = outcome, channel, contacted_on
    follow_up.indicators_checked = indicators_checked or bool(codes)
    follow_up.notes = notes.strip() or None
    follow_up.recorded_by = actor
    follow_up.version += 1
    follow_up.full_clean()
    follow_up.save()
    follow_up.indicator_checks.all().delete()
    FollowUpIndicatorCheck.objects.bulk_create(
        [FollowUpIndicatorCheck(agency_id=follow_up.agency_id, follow_up=follow_up, code=code) for code in codes]
    )
    events.follow_up_recorded(
        case=case,
        actor=actor,
        follow_up_id=str(follow_up.pk),
        sequence=follow_up.sequence,
        outcome=outcome,
        channel=channel,
        indicators=codes,
    )
    return follow_up


@transaction.atomic
def do_stop_follow_up(*, actor: User, case: Case) -> int:
    """The person asked us to stop contacting them: the contacts still scheduled end as `stopped_by_survivor`."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    current = FollowUp.objects.filter(case=case, is_current=True)
    if case.status != CaseStatus.FOLLOW_UP or not current.filter(status=FollowUpStatus.SCHEDULED).exists():
        raise DomainError(
            _("No follow-up contacts are scheduled for this case, so there is nothing to stop."),
            code="cases.follow_up_nothing_to_stop",
        )
    stopped = current.filter(status=FollowUpStatus.SCHEDULED).update(
        status=FollowUpStatus.STOPPED_BY_SURVIVOR, version=F("version") + 1, updated_at=timezone.now()
    )
    current.update(is_current=False)  # missed contacts are no longer a task either
    events.follow_up_stopped(case=case, actor=actor, count=stopped)
    return stopped


MISSED_BATCH = 200


def mark_missed_follow_ups(*, today: datetime.date | None = None) -> int:
    """Mark scheduled contacts whose window has closed as missed, each with a timeline event for the
    case's workers. Idempotent. Never alerts anyone outside the case team (DOMAIN.md §10)."""
    today = today or timezone.localdate()
    marked = 0
    while True:
        with transaction.atomic():
            rows = list(
                FollowUp.objects.select_for_update()
                .filter(status=FollowUpStatus.SCHEDULED, is_current=True, closes_on__lt=today)
                .select_related("case")
                .order_by("closes_on", "pk")[:MISSED_BATCH]
            )
            for row in rows:
                row.status = FollowUpStatus.MISSED
                row.version += 1
                row.save(update_fields=["status", "version", "updated_at"])
                events.follow_up_missed(case=row.case, follow_up_id=str(row.pk), sequence=row.sequence)
        marked += len(rows)
        if len(rows) < MISSED_BATCH:
            return marked


def _clean_note_fields(*, body: str, kind: str, occurred_on: datetime.date) -> str:
    """Check what a note's author typed; every problem is a field error, and nothing is saved."""
    errors: dict[str, list[str]] = {}
    body = (body or "").strip()
    if not body:
        errors["body"] = [_("Write the note before saving it.")]
    elif len(body) > NOTE_MAX_LENGTH:
        errors["body"] = [_("A note can be at most %(limit)d characters.") % {"limit": NOTE_MAX_LENGTH}]
    if kind not in NoteKind.values:
        errors["kind"] = [_("Choose a kind of note from the list.")]
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("The date of the contact cannot be in the future.")]
    if errors:
        raise DomainError(_("The note was not saved."), code="cases.note_invalid", fields=errors)
    return body


@transaction.atomic
def do_add_note(
    *,
    actor: User,
    case: Case,
    confidentiality: str,
    kind: str,
    body: str,
    occurred_on: datetime.date | None = None,
) -> CaseNote:
    """Add a note to a case at a level the actor may read (clinical needs `sees_clinical`, legal `sees_legal`)."""
    if confidentiality not in NoteConfidentiality.values or confidentiality not in note_levels_for(actor):
        raise DomainError(
            _("You cannot write a note at this level."),
            code="cases.note_level_not_allowed",
            fields={"confidentiality": [_("Choose a level you may write.")]},
        )
    occurred_on = occurred_on or timezone.localdate()
    body = _clean_note_fields(body=body, kind=kind, occurred_on=occurred_on)
    note = CaseNote(
        agency_id=case.agency_id,
        case=case,
        confidentiality=confidentiality,
        kind=kind,
        occurred_on=occurred_on,
        body=body,
        author=actor,
    )
    note.full_clean()
    note.save()
    events.note_added(case=case, actor=actor, note_id=str(note.pk), confidentiality=confidentiality)
    return note


def _lock_note_for_author(actor: User, note: CaseNote, expected_version: int) -> CaseNote:
    note = CaseNote.objects.select_for_update().get(pk=note.pk)
    if note.author_id != actor.pk or note.confidentiality not in note_levels_for(actor):
        raise DomainError(_("Only the author can change a note."), code="cases.note_not_author")
    check_version(
        note.version,
        expected_version,
        {"kind": note.kind, "occurred_on": note.occurred_on.isoformat(), "struck": note.struck_at is not None},
    )
    if note.struck_at is not None:
        raise DomainError(_("This note is struck out and cannot change."), code="cases.note_struck")
    return note


@transaction.atomic
def do_edit_note(
    *, actor: User, note: CaseNote, expected_version: int, body: str, kind: str, occurred_on: datetime.date
) -> CaseNote:
    """The author corrects a note; a stale version raises EditConflict. Its level never changes."""
    note = _lock_note_for_author(actor, note, expected_version)
    note.body = _clean_note_fields(body=body, kind=kind, occurred_on=occurred_on)
    note.kind, note.occurred_on = kind, occurred_on
    note.edited_at = timezone.now()
    note.version += 1
    note.full_clean()
    note.save()
    events.note_edited(case=note.case, actor=actor, note_id=str(note.pk), confidentiality=note.confidentiality)
    return note


@transaction.atomic
def do_strike_note(*, actor: User, note: CaseNote, expected_version: int, reason: str) -> CaseNote:
    """The author strikes a note out with a reason; it stays on the case, shown struck through."""
    note = _lock_note_for_author(actor, note, expected_version)
    reason = (reason or "").strip()
    if not reason or len(reason) > STRIKE_REASON_MAX_LENGTH:
        raise DomainError(
            _("The note was not struck out."),
            code="cases.strike_reason_required",
            fields={
                "reason": [
                    _("Say why the note is struck out (at most %(limit)d characters).")
                    % {"limit": STRIKE_REASON_MAX_LENGTH}
                ]
            },
        )
    note.struck_at, note.struck_by, note.strike_reason = timezone.now(), actor, reason
    note.version += 1
    note.full_clean()
    note.save()
    events.note_struck(case=note.case, actor=actor, note_id=str(note.pk), confidentiality=note.confidentiality)
    return note


# --- Trafficking history, flags and re-trafficking (DOMAIN.md §4.2, §4.4, §10) ---

# Multi-valued codes on a history event: form/API field → vocabulary.
CODING_FIELDS: dict[str, str] = {
    "exploitation_types": htcds.TYPE_OF_EXPLOITATION,
    "sex_exploitation_types": htcds.TYPE_OF_SEX_EXPLOITATION,
    "means_of_control": htcds.METHODS_OF_CONTROL,
    "recruitment_methods": htcds.METHOD_OF_RECRUITMENT,
}
# Single codes stored on the event itself: field → vocabulary.
SINGLE_CODE_FIELDS: dict[str, str] = {
    "type": htcds.HISTORIC_EVENT_TYPE,
    "relationship_to_trafficker": htcds.RELATIONSHIP_TO_TRAFFICKER,
    "forced_labour_industry": htcds.FORCED_LABOUR_INDUSTRY,
}
MAX_AGE = 120


@dataclass(frozen=True)
class HistoryEventData:
    """What a person may say about one step of their history; everything but the kind may be left out."""

    type: str
    started_on: datetime.date | None = None
    started_precision: str = DatePrecision.DAY
    ended_on: datetime.date | None = None
    ended_precision: str = DatePrecision.DAY
    country: str = ""
    place: str = ""
    description: str = ""
    relationship_to_trafficker: str = ""
    forced_labour_industry: str = ""
    age_when_trafficked: int | None = None
    exploitation_types: Sequence[str] = ()
    sex_exploitation_types: Sequence[str] = ()
    means_of_control: Sequence[str] = ()
    recruitment_methods: Sequence[str] = ()


def history_data_of(event: HistoricEvent) -> HistoryEventData:
    """The stored answers of an event, for a partial update (API PATCH)."""
    codes: dict[str, list[str]] = {}
    for coding in event.codings.all():
        codes.setdefault(coding.vocabulary, []).append(coding.code)
    return HistoryEventData(
        type=event.type,
        started_on=event.started_on,
        started_precision=event.started_precision,
        ended_on=event.ended_on,
        ended_precision=event.ended_precision,
        country=event.country,
        place=event.place or "",
        description=event.description or "",
        relationship_to_trafficker=event.relationship_to_trafficker,
        forced_labour_industry=event.forced_labour_industry,
        age_when_trafficked=event.age_when_trafficked,
        **{field: tuple(codes.get(vocabulary, [])) for field, vocabulary in CODING_FIELDS.items()},
    )


def _clean_dates(
    data: HistoryEventData, errors: dict[str, list[str]]
) -> tuple[datetime.date | None, datetime.date | None]:
    """A start as the first day of its period, an end as the last day (DOMAIN.md §10 compares them)."""
    for which in ("started", "ended"):
        if getattr(data, f"{which}_precision") not in DatePrecision.values:
            errors[f"{which}_precision"] = [_("Choose day, month or year.")]
    started = ended = None
    if "started_precision" not in errors and data.started_on is not None:
        started = history.period_start(data.started_on, data.started_precision)
    if "ended_precision" not in errors and data.ended_on is not None:
        ended = history.period_end(data.ended_on, data.ended_precision)
    if started is not None and ended is not None and ended < started:
        errors["ended_on"] = [_("The end cannot be before the start.")]
    return started, ended


def _clean_history(case: Case, data: HistoryEventData) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Field values ready to store and the codings, or DomainError listing every bad field at once."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    if not data.type:
        errors["type"] = [_("Choose what kind of event this was.")]
    for field, vocabulary_code in SINGLE_CODE_FIELDS.items():
        try:
            values[field] = vocab.validate_code(vocabulary_code, getattr(data, field), case.agency_id, field=field)
        except DomainError as exc:
            errors.update(exc.fields)
    codings: dict[str, list[str]] = {}
    for field, vocabulary_code in CODING_FIELDS.items():
        try:
            codings[vocabulary_code] = vocab.validate_codes(
                vocabulary_code, getattr(data, field), case.agency_id, field=field
            )
        except DomainError as exc:
            errors.update(exc.fields)
    country = data.country.strip().upper()
    if country and not is_country_code(country):
        errors["country"] = [_("Use a two-letter ISO 3166 country code, e.g. TH or MX.")]
    started, ended = _clean_dates(data, errors)
    if data.age_when_trafficked is not None and not 0 <= data.age_when_trafficked <= MAX_AGE:
        errors["age_when_trafficked"] = [_("Give an age between 0 and 120, or leave it out.")]
    if errors:
        raise DomainError(
            _("Some answers need another look. Nothing was saved."), code="cases.invalid_history", fields=errors
        )
    values.update(
        started_on=started,
        started_precision=data.started_precision,
        ended_on=ended,
        ended_precision=data.ended_precision,
        country=country,
        place=data.place.strip() or None,
        description=data.description.strip() or None,
        age_when_trafficked=data.age_when_trafficked,
    )
    return values, codings


def _store_codings(event: HistoricEvent, codings: dict[str, list[str]]) -> None:
    EventCoding.objects.filter(event=event).delete()
    EventCoding.objects.bulk_create(
        [
            EventCoding(agency_id=event.agency_id, event=event, case_id=event.case_id, vocabulary=vocabulary, code=code)
            for vocabulary, codes in codings.items()
            for code in codes
        ]
    )


@dataclass(frozen=True)
class HistoryResult:
    """The saved event, plus what the re-trafficking check did (for the page to tell the worker)."""

    event: HistoricEvent
    re_trafficking_flags: tuple[CaseFlag, ...] = ()
    reopened: bool = False


@transaction.atomic
def do_record_history_event(*, actor: User, case: Case, data: HistoryEventData) -> HistoryResult:
    """Add one step of the trafficking history; a new exploitation after an exit marks re-trafficking."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    values, codings = _clean_history(case, data)
    event = HistoricEvent(agency_id=case.agency_id, case=case, recorded_by=actor, **values)
    event.full_clean()
    event.save()
    _store_codings(event, codings)
    events.history_event_added(case=case, actor=actor, event_id=str(event.pk), event_type=event.type)
    flags, reopened = _check_re_trafficking(actor=actor, case=case)
    return HistoryResult(event, flags, reopened)


def _history_snapshot(event: HistoricEvent) -> dict[str, Any]:
    """The stored values, for the conflict screen (never logged, never in an API error body)."""
    codes: dict[str, list[str]] = {}
    for coding in event.codings.all():
        codes.setdefault(coding.vocabulary, []).append(coding.code)
    return {
        "type": event.type,
        "started_on": event.started_on.isoformat() if event.started_on else "",
        "ended_on": event.ended_on.isoformat() if event.ended_on else "",
        "country": event.country,
        "place": event.place or "",
        "description": event.description or "",
        "relationship_to_trafficker": event.relationship_to_trafficker,
        "age_when_trafficked": "" if event.age_when_trafficked is None else str(event.age_when_trafficked),
        **{field: ", ".join(codes.get(vocabulary, [])) for field, vocabulary in CODING_FIELDS.items()},
    }


@transaction.atomic
def do_update_history_event(
    *, actor: User, event: HistoricEvent, data: HistoryEventData, expected_version: int
) -> HistoryResult:
    case = Case.objects.select_for_update().get(pk=event.case_id)
    event = HistoricEvent.objects.select_for_update().get(pk=event.pk)
    if event.archived_at is not None:
        raise DomainError(_("This event was removed."), code="cases.history_removed")
    check_version(event.version, expected_version, _history_snapshot(event))
    values, codings = _clean_history(case, data)
    for field, value in values.items():
        setattr(event, field, value)
    event.version += 1
    event.full_clean()
    event.save()
    _store_codings(event, codings)
    events.history_event_changed(case=case, actor=actor, event_id=str(event.pk), event_type=event.type)
    flags, reopened = _check_re_trafficking(actor=actor, case=case)
    return HistoryResult(event, flags, reopened)


@transaction.atomic
def do_archive_history_event(
    *, actor: User, event: HistoricEvent, expected_version: int | None = None
) -> HistoricEvent:
    """Remove an event from the history (kept, archived). Removing it twice changes nothing."""
    event = HistoricEvent.objects.select_for_update().get(pk=event.pk)
    if event.archived_at is not None:
        return event
    if expected_version is not None:
        check_version(event.version, expected_version, _history_snapshot(event))
    event.archived_at, event.archived_by = timezone.now(), actor
    event.version += 1
    event.save(update_fields=["archived_at", "archived_by", "version", "updated_at"])
    events.history_event_removed(case=event.case, actor=actor, event_id=str(event.pk))
    return event


def _check_re_trafficking(*, actor: User, case: Case) -> tuple[tuple[CaseFlag, ...], bool]:
    """Flag every exploitation that is re-trafficking and not flagged yet; reopen a case in follow-up or
    closed (into intake, a new enrollment). The caller holds the case row lock."""
    exploitation = list(
        HistoricEvent.objects.filter(case=case, type=htcds.EXPLOITATION, archived_at__isnull=True).order_by(
            "started_on", "created_at"
        )
    )
    spans = [history.Span(e.pk, e.started_on, e.ended_on) for e in exploitation]
    found = history.re_trafficking_events(spans, case.identified_on)
    already = set(
        CaseFlag.objects.filter(case=case, kind=FlagKind.RE_TRAFFICKING, history_event__isnull=False).values_list(
            "history_event_id", flat=True
        )
    )
    new = [e for e in exploitation if e.pk in found and e.pk not in already]
    raised: list[CaseFlag] = []
    reopened = False
    for event in new:
        exit_found = history.recorded_exit(
            history.Span(event.pk, event.started_on, event.ended_on), spans, case.identified_on
        )
        basis = exit_found[1] if exit_found else ""
        flag = _raise_flag(
            actor=actor,
            case=case,
            kind=FlagKind.RE_TRAFFICKING,
            reason=str(_("An exploitation was recorded that started after the person had left an earlier one.")),
            history_event=event,
        )
        old = case.status
        if old in {CaseStatus.FOLLOW_UP, CaseStatus.CLOSED}:
            case = _move(actor=actor, case=case, to=CaseStatus.INTAKE, reason="re_trafficking")
            reopened = True
        events.re_trafficking_recorded(
            case=case,
            actor=actor,
            event_id=str(event.pk),
            flag_id=str(flag.pk),
            exit_basis=basis,
            reopened_from=old if case.status != old else "",
        )
        raised.append(flag)
    return tuple(raised), reopened


def _raise_flag(
    *, actor: User, case: Case, kind: str, reason: str, history_event: HistoricEvent | None = None
) -> CaseFlag:
    if not reason.strip():
        raise DomainError(
            _("Say why the flag is raised."), code="cases.flag_reason_required", fields={"reason": [_("Required.")]}
        )
    flag = CaseFlag(
        agency_id=case.agency_id,
        case=case,
        kind=kind,
        reason=reason.strip(),
        history_event=history_event,
        raised_by=actor,
        raised_at=timezone.now(),
    )
    flag.full_clean()
    flag.save()
    events.flag_raised(case=case, actor=actor, flag_id=str(flag.pk), kind=kind)
    return flag


@transaction.atomic
def do_raise_flag(*, actor: User, case: Case, kind: str, reason: str) -> CaseFlag:
    """Put a warning on the case file, shown on every case page until cleared."""
    if kind not in FlagKind.values:
        raise DomainError(
            _("Choose a kind of flag."), code="cases.invalid_flag", fields={"kind": [_("Not a kind of flag.")]}
        )
    return _raise_flag(actor=actor, case=case, kind=kind, reason=reason)


@transaction.atomic
def do_clear_flag(*, actor: User, flag: CaseFlag, reason: str) -> CaseFlag:
    """Clear an active flag, saying why; the flag stays in the case's history."""
    flag = CaseFlag.objects.select_for_update().select_related("case").get(pk=flag.pk)
    if flag.cleared_at is not None:
        raise DomainError(_("This flag was already cleared."), code="cases.flag_already_cleared")
    if not reason.strip():
        raise DomainError(
            _("Say why the flag can be cleared."),
            code="cases.clear_reason_required",
            fields={"reason": [_("Required.")]},
        )
    flag.cleared_by, flag.cleared_at, flag.clear_reason = actor, timezone.now(), reason.strip()
    flag.full_clean()
    flag.save()
    events.flag_cleared(case=flag.case, actor=actor, flag_id=str(flag.pk), kind=flag.kind)
    return flag
