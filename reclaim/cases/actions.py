"""Every write to a case: one transaction with its timeline event and audit row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.models import Agency, Team, User
from reclaim.cases import events, history, state
from reclaim.cases.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Case,
    CaseAssignment,
    CaseFlag,
    DatePrecision,
    EventCoding,
    FlagKind,
    HistoricEvent,
    StatusDetermination,
)
from reclaim.cases.state import CaseStatus
from reclaim.core import htcds
from reclaim.core import vocabulary as vocab
from reclaim.core.errors import DomainError, InvalidTransition, check_version
from reclaim.core.iso3166 import is_country_code
from reclaim.people.actions import do_create_survivor, do_link_staff, next_reference

if TYPE_CHECKING:
    import datetime
    from collections.abc import Sequence

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
