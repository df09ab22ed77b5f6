"""Cases API: list, open, read, stage moves, timeline, notes and approvals, with the UI's permissions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.accounts.models import User
from reclaim.accounts.selectors import active_membership, teams_for_user
from reclaim.api.pagination import Page, PageQuery, checked_sort, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.api.survivors import SurvivorIn, checked_new_person
from reclaim.cases import access, actions, selectors
from reclaim.cases.models import (
    NOTE_MAX_LENGTH,
    STRIKE_REASON_MAX_LENGTH,
    Case,
    CaseNote,
    DecisionOrg,
    FlagKind,
    IdentificationSource,
    ImmediateNeed,
    Indicator,
    NeedKind,
    NeedStatus,
    NoteConfidentiality,
    NoteKind,
    Screening,
    ScreeningTool,
    StatusDetermination,
    TimelineCategory,
    TraffickingStatus,
)
from reclaim.cases.state import CaseStatus
from reclaim.core.errors import DomainError
from reclaim.people.access import access_survivor_by_id
from reclaim.people.ages import AgeBand
from reclaim.people.selectors import search_survivors

router = Router(tags=["cases"])


class CaseOut(Schema):
    id: UUID
    number: str
    status: str
    survivor_id: UUID
    team_id: UUID | None
    lead_worker_id: UUID | None
    identified_on: date | None
    identification_source: str
    campaign_id: UUID | None
    is_minor: bool | None
    age_band: str
    danger_now: bool
    services_consent_on: date | None
    intake_on: date | None
    closed_at: datetime | None
    close_reason: str
    version: int

    @staticmethod
    def from_case(case: Case) -> CaseOut:
        return CaseOut(
            id=case.pk,
            number=case.number,
            status=case.status,
            survivor_id=case.survivor_id,
            team_id=case.team_id,
            lead_worker_id=case.lead_worker_id,
            identified_on=case.identified_on,
            identification_source=case.identification_source,
            campaign_id=case.campaign_id,
            is_minor=case.is_minor,
            age_band=case.age_band,
            danger_now=case.danger_now,
            services_consent_on=case.services_consent_on,
            intake_on=case.intake_on,
            closed_at=case.closed_at,
            close_reason=case.close_reason,
            version=case.version,
        )


class CaseListOut(Page[CaseOut]):
    pass


class CaseOpenIn(Schema):
    """Open a case on a known survivor (`survivor_id`) or on a new person described inline (`survivor`)."""

    survivor_id: UUID | None = None
    survivor: SurvivorIn | None = None
    team_id: UUID | None = None  # for survivor_id; an inline survivor carries its own team_id
    identified_on: date | None = None
    identification_source: IdentificationSource | None = None
    campaign_id: UUID | None = None  # the agency's awareness campaign that led to the identification
    is_minor: bool | None = None
    danger_now: bool = False
    trafficking_status: TraffickingStatus | None = None
    indicators: list[Indicator] = Field(default_factory=list, max_length=100)
    screening_tool: ScreeningTool | None = None
    urgent_needs: list[NeedKind] = Field(default_factory=list, max_length=100)


class CasePatchIn(Schema):
    """Only the fields sent are changed; `version` is the one you read (409 when someone saved since)."""

    version: int
    identified_on: date | None = None
    identification_source: IdentificationSource | Literal[""] | None = None
    identification_place: str | None = Field(default=None, max_length=200)
    campaign_id: UUID | None = None
    is_minor: bool | None = None
    danger_now: bool | None = None
    services_consent_on: date | None = None
    intake_on: date | None = None


class TransitionIn(Schema):
    to: CaseStatus
    version: int
    services_consent_on: date | None = None


class ApprovalIn(Schema):
    kind: str = Field(pattern="^(close|exit_to_follow_up)$")
    close_reason: str = ""
    living_situation: str = ""
    relief_obtained: str = ""
    referred_on: bool | None = None


class ApprovalOut(Schema):
    id: UUID
    kind: str
    status: str


class TimelineEventOut(Schema):
    type: str
    at: datetime
    actor_id: UUID | None
    parameters: dict[str, str]


def _page(user: User, filters: selectors.CaseFilters, page: PageQuery) -> dict[str, Any]:
    return paginate(selectors.case_list_plain(user, filters), page, CaseOut.from_case)


class CaseQuery(PageQuery):
    """The case list's filters; none carries personal details (name search is POST /cases/search)."""

    status: CaseStatus | None = None
    mine: bool = False
    danger: bool = False
    number: str = Field(default="", max_length=24)
    worker: UUID | None = None
    age_band: AgeBand | None = None
    minors: bool = False
    urgent: bool = False
    overdue: bool = False
    flag: FlagKind | Literal["any"] | None = None
    exploitation_type: str = Field(default="", max_length=64)
    sort: str = Field(
        default="-updated_at", description=f"One of {', '.join(sorted(selectors.SORTS))} (- is descending)."
    )


@router.get(
    "/cases",
    response={200: CaseListOut, 403: ErrorOut, 422: ErrorOut},
    summary="Cases the caller may see, newest first",
)
def list_cases(request: HttpRequest, query: Query[CaseQuery]) -> dict[str, Any]:
    user = request_user(request)
    access.require_case_worker(user)
    filters = selectors.CaseFilters(
        status=query.status or "",
        mine=query.mine,
        danger=query.danger,
        number=query.number,
        worker=query.worker,
        age_band=query.age_band or "",
        minors=query.minors,
        urgent=query.urgent,
        overdue=query.overdue,
        flag=query.flag or "",
        exploitation_type=query.exploitation_type,
        sort=checked_sort(query.sort, selectors.SORTS),
    )
    return _page(user, filters, query)


class CaseSearchIn(Schema):
    name: str = Field(default="", max_length=200)
    date_of_birth: date | None = None


@router.post(
    "/cases/search",
    response={200: CaseListOut, 403: ErrorOut, 422: ErrorOut},
    summary="Cases of a person found by full name and/or birth date (in the body, never the URL)",
)
def search_cases(request: HttpRequest, payload: CaseSearchIn, page: Query[PageQuery]) -> dict[str, Any]:
    user = request_user(request)
    access.require_case_worker(user)
    if not payload.name.strip() and payload.date_of_birth is None:
        raise DomainError(
            _("Enter a full name, a date of birth or both."),
            code="cases.search_empty",
            fields={"name": [_("Enter a full name, a date of birth or both.")]},
        )
    found = search_survivors(user, name=payload.name, date_of_birth=payload.date_of_birth)
    ids = tuple(found.values_list("pk", flat=True)[:500])
    return _page(user, selectors.CaseFilters(survivor_ids=ids), page)


@router.post(
    "/cases",
    response={201: CaseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Open a case on an existing survivor, or on a new person given inline (search before create)",
)
def open_case(request: HttpRequest, payload: CaseOpenIn) -> Status[CaseOut]:
    user = request_user(request)
    access.require_can_open_cases(user)
    membership = active_membership(user)
    if membership is None:
        raise DomainError(_("No agency."), code="cases.no_agency")
    if (payload.survivor_id is None) == (payload.survivor is None):
        raise DomainError(
            "Send either survivor_id or survivor, not both.",
            code="cases.survivor_required",
            fields={"survivor_id": ["Send either survivor_id or survivor."]},
        )
    case_fields: dict[str, Any] = {
        "identified_on": payload.identified_on,
        "identification_source": payload.identification_source or "",
        "campaign_id": payload.campaign_id,
        "is_minor": payload.is_minor,
        "danger_now": payload.danger_now,
        "trafficking_status": payload.trafficking_status or "",
        "indicators": payload.indicators,
        "screening_tool": payload.screening_tool or "",
        "urgent_needs": payload.urgent_needs,
    }
    if payload.survivor is not None:
        identity, team = checked_new_person(user, payload.survivor)
        case = actions.do_open_case_for_new_person(
            actor=user, agency=membership.agency, team=team, **identity, **case_fields
        )
    else:
        survivor = access_survivor_by_id(user, payload.survivor_id, for_write=True)
        team = teams_for_user(user).filter(pk=payload.team_id).first() if payload.team_id else None
        if payload.team_id and team is None:
            raise DomainError(
                _("Choose a team of your agency."), code="cases.foreign_team", fields={"team_id": [_("Unknown team.")]}
            )
        case = actions.do_open_case(actor=user, survivor=survivor, team=team, **case_fields)
    return Status(201, CaseOut.from_case(case))


class ApprovalListOut(Schema):
    id: UUID
    kind: str
    status: str
    requested_by_id: UUID | None
    requested_at: datetime
    close_reason: str
    decided_by_id: UUID | None
    decided_at: datetime | None
    comment: str | None


@router.get(
    "/cases/{uuid:case_id}/approvals",
    response={200: Page[ApprovalListOut], 404: ErrorOut},
    summary="The case's approval requests, newest first",
)
def list_approvals(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    case = access.access_case_by_id(request_user(request), case_id)
    return paginate(
        selectors.approvals_for_case(case),
        page,
        lambda a: ApprovalListOut(
            id=a.pk,
            kind=a.kind,
            status=a.status,
            requested_by_id=a.requested_by_id,
            requested_at=a.created_at,
            close_reason=a.close_reason,
            decided_by_id=a.decided_by_id,
            decided_at=a.decided_at,
            comment=a.comment,
        ),
    )


@router.get("/cases/{uuid:case_id}", response={200: CaseOut, 404: ErrorOut}, summary="One case (audited read)")
def get_case(request: HttpRequest, case_id: UUID) -> CaseOut:
    return CaseOut.from_case(access.access_case_by_id(request_user(request), case_id))


@router.patch(
    "/cases/{uuid:case_id}",
    response={200: CaseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Change a case's details (send `version`; 409 when someone else saved first)",
)
def patch_case(request: HttpRequest, case_id: UUID, payload: CasePatchIn) -> CaseOut:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    if changes.get("danger_now", False) is None:
        changes["danger_now"] = False
    case = actions.do_update_case(actor=user, case=case, expected_version=version, changes=changes)
    return CaseOut.from_case(case)


class CaseAssignIn(Schema):
    """The case's lead worker and team, both sent: null clears one. `version` is the one you read."""

    version: int
    lead_worker_id: UUID | None = Field(description="a supervisor, case manager, clinician or legal advocate")
    team_id: UUID | None = Field(description="a team of your agency")


@router.put(
    "/cases/{uuid:case_id}/assignment",
    response={200: CaseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Set the case's lead worker and team (the lead worker joins the case's workers); 409 on a stale version",
)
def assign_case(request: HttpRequest, case_id: UUID, payload: CaseAssignIn) -> CaseOut:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    lead_worker = None
    if payload.lead_worker_id is not None:
        lead_worker = selectors.assignable_staff(user).filter(pk=payload.lead_worker_id).first()
        if lead_worker is None:
            raise DomainError(
                _("Choose someone of your agency who works cases."),
                code="cases.foreign_worker",
                fields={"lead_worker_id": [_("Not a case worker of your agency.")]},
            )
    team = None
    if payload.team_id is not None:
        team = teams_for_user(user).filter(pk=payload.team_id).first()
        if team is None:
            raise DomainError(
                _("Choose a team of your agency."), code="cases.foreign_team", fields={"team_id": [_("Unknown team.")]}
            )
    case = actions.do_assign_case(
        actor=user, case=case, lead_worker=lead_worker, team=team, expected_version=payload.version
    )
    return CaseOut.from_case(case)


@router.post(
    "/cases/{uuid:case_id}/transitions",
    response={200: CaseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Move a case to another stage; closing and exit to follow-up need an approval",
)
def transition_case(request: HttpRequest, case_id: UUID, payload: TransitionIn) -> CaseOut:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    case = actions.do_transition_case(
        actor=user,
        case=case,
        to=payload.to,
        expected_version=payload.version,
        services_consent_on=payload.services_consent_on,
    )
    return CaseOut.from_case(case)


class TimelineQuery(PageQuery):
    category: TimelineCategory | None = None
    date_from: date | None = None
    date_to: date | None = None


@router.get(
    "/cases/{uuid:case_id}/timeline",
    response={200: Page[TimelineEventOut], 400: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The case's timeline, newest first (events about notes the caller may not read are left out)",
)
def case_timeline(request: HttpRequest, case_id: UUID, query: Query[TimelineQuery]) -> dict[str, Any]:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id)
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise DomainError(
            _("The end date is before the start date."),
            code="cases.timeline_bad_range",
            fields={"date_to": [_("The end date is before the start date.")]},
        )
    filters = selectors.TimelineFilters(category=query.category or "", date_from=query.date_from, date_to=query.date_to)
    return paginate(
        selectors.timeline_for_case(user, case, filters),
        query,
        lambda e: TimelineEventOut(
            type=e.type, at=e.at, actor_id=e.actor_id, parameters={k: str(v) for k, v in e.parameters.items()}
        ),
    )


class NoteOut(Schema):
    id: UUID
    case_id: UUID
    confidentiality: str
    kind: str
    occurred_on: date
    body: str
    author_id: UUID
    created_at: datetime
    edited_at: datetime | None
    struck_at: datetime | None
    struck_by_id: UUID | None
    strike_reason: str | None
    version: int

    @staticmethod
    def from_note(note: CaseNote) -> NoteOut:
        return NoteOut(
            id=note.pk,
            case_id=note.case_id,
            confidentiality=note.confidentiality,
            kind=note.kind,
            occurred_on=note.occurred_on,
            body=note.body or "",
            author_id=note.author_id,
            created_at=note.created_at,
            edited_at=note.edited_at,
            struck_at=note.struck_at,
            struck_by_id=note.struck_by_id,
            strike_reason=note.strike_reason,
            version=note.version,
        )


class NoteListOut(Page[NoteOut]):
    pass


class NoteIn(Schema):
    confidentiality: NoteConfidentiality = NoteConfidentiality.GENERAL
    kind: NoteKind = NoteKind.CONTACT
    occurred_on: date | None = None
    body: str = Field(max_length=NOTE_MAX_LENGTH)


class NoteEditIn(Schema):
    version: int
    body: str | None = Field(default=None, max_length=NOTE_MAX_LENGTH)
    kind: NoteKind | None = None
    occurred_on: date | None = None


class NoteStrikeIn(Schema):
    version: int
    reason: str = Field(max_length=STRIKE_REASON_MAX_LENGTH)


@router.get(
    "/cases/{uuid:case_id}/notes",
    response={200: NoteListOut, 404: ErrorOut},
    summary="Notes the caller may read, newest contact first (audited read)",
)
def list_notes(request: HttpRequest, case_id: UUID, page: Query[PageQuery]) -> dict[str, Any]:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id)
    return paginate(access.access_notes_for_case(user, case), page, NoteOut.from_note)


@router.post(
    "/cases/{uuid:case_id}/notes",
    response={201: NoteOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a note; clinical needs a clinician, legal the legal team",
)
def add_note(request: HttpRequest, case_id: UUID, payload: NoteIn) -> Status[NoteOut]:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    note = actions.do_add_note(
        actor=user,
        case=case,
        confidentiality=payload.confidentiality,
        kind=payload.kind,
        occurred_on=payload.occurred_on,
        body=payload.body,
    )
    return Status(201, NoteOut.from_note(note))


@router.get(
    "/cases/{uuid:case_id}/notes/{uuid:note_id}",
    response={200: NoteOut, 404: ErrorOut},
    summary="One note (audited read); 404 for a note at a level the caller may not read",
)
def get_note(request: HttpRequest, case_id: UUID, note_id: UUID) -> NoteOut:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id)
    return NoteOut.from_note(access.access_note_by_id(user, case, note_id))


@router.patch(
    "/cases/{uuid:case_id}/notes/{uuid:note_id}",
    response={200: NoteOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="The author corrects a note; send the version you read (409 if it changed since)",
)
def edit_note(request: HttpRequest, case_id: UUID, note_id: UUID, payload: NoteEditIn) -> NoteOut:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    note = access.access_note_by_id(user, case, note_id, for_write=True)
    note = actions.do_edit_note(
        actor=user,
        note=note,
        expected_version=payload.version,
        body=payload.body if payload.body is not None else (note.body or ""),
        kind=payload.kind or note.kind,
        occurred_on=payload.occurred_on or note.occurred_on,
    )
    return NoteOut.from_note(note)


@router.post(
    "/cases/{uuid:case_id}/notes/{uuid:note_id}/strike",
    response={200: NoteOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="The author strikes a note out with a reason; it stays on the case",
)
def strike_note(request: HttpRequest, case_id: UUID, note_id: UUID, payload: NoteStrikeIn) -> NoteOut:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    note = access.access_note_by_id(user, case, note_id, for_write=True)
    note = actions.do_strike_note(actor=user, note=note, expected_version=payload.version, reason=payload.reason)
    return NoteOut.from_note(note)


@router.post(
    "/cases/{uuid:case_id}/approvals",
    response={201: ApprovalOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Ask a supervisor to approve closing or exit",
)
def request_approval(request: HttpRequest, case_id: UUID, payload: ApprovalIn) -> Status[ApprovalOut]:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    approval = actions.do_request_approval(actor=user, case=case, **payload.model_dump())
    return Status(201, ApprovalOut(id=approval.pk, kind=approval.kind, status=approval.status))


class DecisionIn(Schema):
    approve: bool
    comment: str = Field(default="", max_length=2000)


@router.post(
    "/cases/{uuid:case_id}/approvals/{uuid:approval_id}/decision",
    response={200: ApprovalOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Approve or return an approval request (supervisors; never one's own)",
)
def decide_approval(request: HttpRequest, case_id: UUID, approval_id: UUID, payload: DecisionIn) -> ApprovalOut:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id)
    approval = access.access_approval_for_decision(user, case, approval_id)
    approval = actions.do_decide_approval(
        actor=user, approval=approval, approve=payload.approve, comment=payload.comment
    )
    return ApprovalOut(id=approval.pk, kind=approval.kind, status=approval.status)


class NeedOut(Schema):
    id: UUID
    need: str
    status: str
    urgent: bool
    handled_by_id: UUID | None
    details: str
    opened_at: datetime
    resolved_at: datetime | None
    time_to_resolution_seconds: int | None
    updated_by_id: UUID | None
    version: int

    @staticmethod
    def from_need(need: ImmediateNeed) -> NeedOut:
        duration = need.time_to_resolution
        return NeedOut(
            id=need.pk,
            need=need.need,
            status=need.status,
            urgent=need.urgent,
            handled_by_id=need.handled_by_id,
            details=need.details or "",
            opened_at=need.opened_at,
            resolved_at=need.resolved_at,
            time_to_resolution_seconds=int(duration.total_seconds()) if duration is not None else None,
            updated_by_id=need.updated_by_id,
            version=need.version,
        )


class NeedUpdateIn(Schema):
    """Send the version you loaded; fields left out keep their current value."""

    version: int
    status: NeedStatus | None = None
    urgent: bool | None = None
    handled_by_id: UUID | None = None
    details: str | None = Field(default=None, max_length=4000)


@router.get(
    "/cases/{uuid:case_id}/needs",
    response={200: Page[NeedOut], 404: ErrorOut},
    summary="The case's immediate-needs checklist",
)
def case_needs(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    case = access.access_case_by_id(request_user(request), case_id)
    return paginate(selectors.needs_for_case(case), page, NeedOut.from_need)


@router.patch(
    "/cases/{uuid:case_id}/needs/{uuid:need_id}",
    response={200: NeedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Update one immediate need (status, urgency, who handles it, details); 409 on a stale version",
)
def update_need(request: HttpRequest, case_id: UUID, need_id: UUID, payload: NeedUpdateIn) -> NeedOut:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    need = access.access_need(case, need_id)
    sent = payload.model_dump(exclude_unset=True)
    handled_by = need.handled_by
    if "handled_by_id" in sent:
        handled_by = None
        if payload.handled_by_id is not None:
            handled_by = selectors.assignable_staff(user).filter(pk=payload.handled_by_id).first()
            if handled_by is None:
                raise DomainError(
                    _("Choose someone from your agency."),
                    code="cases.foreign_worker",
                    fields={"handled_by_id": [_("Not a member of your agency.")]},
                )
    need = actions.do_update_need(
        actor=user,
        need=need,
        expected_version=payload.version,
        status=payload.status if payload.status is not None else need.status,
        urgent=payload.urgent if payload.urgent is not None else need.urgent,
        handled_by=handled_by,
        details=payload.details if payload.details is not None else (need.details or ""),
    )
    return NeedOut.from_need(need)


class ScreeningIn(Schema):
    screened_on: date | None = None
    tool: ScreeningTool | None = None
    indicators: list[Indicator] = Field(default_factory=list, max_length=100)
    trafficking_status: TraffickingStatus | None = None
    decided_by: DecisionOrg | None = None


class ScreeningOut(Schema):
    id: UUID
    screened_on: date | None
    tool: str
    indicators: list[str]
    screener_id: UUID | None
    determination_id: UUID | None
    trafficking_status: str

    @staticmethod
    def from_screening(screening: Screening) -> ScreeningOut:
        determination = screening.determination
        return ScreeningOut(
            id=screening.pk,
            screened_on=screening.screened_on,
            tool=screening.tool,
            indicators=[i.code for i in screening.indicators.all()],
            screener_id=screening.screener_id,
            determination_id=screening.determination_id,
            trafficking_status=determination.status if determination else "",
        )


@router.get(
    "/cases/{uuid:case_id}/screenings",
    response={200: Page[ScreeningOut], 404: ErrorOut},
    summary="Screenings of the case, newest first",
)
def case_screenings(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    case = access.access_case_by_id(request_user(request), case_id)
    return paginate(selectors.screenings_for_case(case), page, ScreeningOut.from_screening)


@router.post(
    "/cases/{uuid:case_id}/screenings",
    response={201: ScreeningOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record a screening; indicators suggest, a person decides (the status only if one was decided)",
)
def record_screening(request: HttpRequest, case_id: UUID, payload: ScreeningIn) -> Status[ScreeningOut]:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    screening = actions.do_record_screening(
        actor=user,
        case=case,
        screened_on=payload.screened_on,
        tool=payload.tool or "",
        indicators=payload.indicators,
        trafficking_status=payload.trafficking_status or "",
        decided_by=payload.decided_by or "",
    )
    screening = selectors.screenings_for_case(case).get(pk=screening.pk)
    return Status(201, ScreeningOut.from_screening(screening))


class DeterminationIn(Schema):
    status: TraffickingStatus
    decided_by: DecisionOrg = DecisionOrg.NGO
    decided_on: date
    basis: str = Field(default="", max_length=500)


class DeterminationOut(Schema):
    id: UUID
    status: str
    decided_by: str
    decided_on: date
    basis: str | None
    recorded_by_id: UUID | None


def _determination_out(d: StatusDetermination) -> DeterminationOut:
    return DeterminationOut(
        id=d.pk,
        status=d.status,
        decided_by=d.decided_by,
        decided_on=d.decided_on,
        basis=d.basis,
        recorded_by_id=d.recorded_by_id,
    )


@router.get(
    "/cases/{uuid:case_id}/determinations",
    response={200: Page[DeterminationOut], 404: ErrorOut},
    summary="The case's trafficking-status decisions, newest first",
)
def list_determinations(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    case = access.access_case_by_id(request_user(request), case_id)
    return paginate(selectors.determinations_for_case(case), page, _determination_out)


@router.post(
    "/cases/{uuid:case_id}/determinations",
    response={201: DeterminationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record a new dated trafficking-status decision (earlier ones are kept)",
)
def record_determination(request: HttpRequest, case_id: UUID, payload: DeterminationIn) -> Status[DeterminationOut]:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    determination = actions.do_record_determination(actor=user, case=case, **payload.model_dump())
    return Status(201, _determination_out(determination))
