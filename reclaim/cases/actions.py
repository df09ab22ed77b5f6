"""Every write to a case: one transaction with its timeline event and audit row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.models import Agency, Team, User
from reclaim.cases import events, state
from reclaim.cases.models import (
    NOTE_MAX_LENGTH,
    STRIKE_REASON_MAX_LENGTH,
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Case,
    CaseAssignment,
    CaseNote,
    NoteConfidentiality,
    NoteKind,
    StatusDetermination,
)
from reclaim.cases.selectors import note_levels_for
from reclaim.cases.state import CaseStatus
from reclaim.core.errors import DomainError, InvalidTransition, check_version
from reclaim.people.actions import do_create_survivor, do_link_staff, next_reference

if TYPE_CHECKING:
    import datetime

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
) -> Case:
    """Open a case on a survivor of the actor's agency with only what is known; it starts as `identified`.

    Without a team, the case joins the survivor's team so their supervisor sees it."""
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
    if trafficking_status:
        do_record_determination(
            actor=actor,
            case=case,
            status=trafficking_status,
            decided_by=decided_by or "NGO",
            decided_on=identified_on or timezone.localdate(),
        )
    return case


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
