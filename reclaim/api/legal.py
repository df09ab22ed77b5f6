"""Legal matters API: open and read a case's matters, change details, move along the steps, close, deadlines,
matter types with their steps, and a matter's documents (multipart upload; download stays on the documents
endpoint) and notes. Same gates and actions as the pages; step notes, the note about the outcome and note
bodies follow the privileged rule (`has_privileged_access`, and the notes and documents rules of their apps)."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from reclaim.accounts.http import request_user
from reclaim.accounts.models import User
from reclaim.accounts.selectors import active_membership
from reclaim.api.cases import NoteOut
from reclaim.api.documents import UPLOAD_RESPONSES, DocumentOut
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.cases.access import access_case_by_id, access_notes_for_case
from reclaim.cases.models import NOTE_MAX_LENGTH, NoteKind
from reclaim.cases.selectors import assignable_staff
from reclaim.core.errors import DomainError
from reclaim.documents.models import DocumentKind
from reclaim.documents.selectors import versions_of
from reclaim.legal import actions, matter_selectors, selectors
from reclaim.legal.access import access_matter_by_id
from reclaim.legal.models import DeadlineKind, LegalDeadline, LegalMatter, MatterStepChange, StepDefinition
from reclaim.referrals.directory_selectors import directory_organizations
from reclaim.referrals.models import Organization

router = Router(tags=["legal"])

MAX_TEXT = actions.MAX_TEXT
MAX_NOTE = actions.MAX_NOTE


class MatterOut(Schema):
    id: UUID
    case_id: UUID
    survivor_id: UUID
    matter_type_id: UUID
    matter_type: str  # the type's code
    matter_type_label: str
    kind: str
    jurisdiction: str
    current_step: str  # the step's code
    current_step_label: str
    next_steps: list[str]
    status: str
    opened_on: date
    closed_on: date | None
    outcome: str
    relief_obtained: str
    outcome_note: str | None  # privileged: null unless the caller has privileged access
    advocate_id: UUID | None
    counsel_organization_id: UUID | None
    counsel_name: str
    reference: str
    court_or_body: str
    summary: str
    version: int

    @staticmethod
    def from_matter(matter: LegalMatter, *, privileged: bool) -> MatterOut:
        return MatterOut(
            id=matter.pk,
            case_id=matter.case_id,
            survivor_id=matter.survivor_id,
            matter_type_id=matter.matter_type_id,
            matter_type=matter.matter_type.code,
            matter_type_label=matter.matter_type.label,
            kind=matter.matter_type.kind,
            jurisdiction=matter.jurisdiction,
            current_step=matter.current_step.code,
            current_step_label=matter.current_step.label,
            next_steps=list(matter.current_step.next_steps) if matter.is_open else [],
            status=matter.status,
            opened_on=matter.opened_on,
            closed_on=matter.closed_on,
            outcome=matter.outcome,
            relief_obtained=matter.relief_obtained,
            outcome_note=(matter.outcome_note or "") if privileged else None,
            advocate_id=matter.advocate_id,
            counsel_organization_id=matter.counsel_organization_id,
            counsel_name=matter.counsel_name or "",
            reference=matter.reference or "",
            court_or_body=matter.court_or_body or "",
            summary=matter.summary or "",
            version=matter.version,
        )


class StepChangeOut(Schema):
    from_step: str | None
    to_step: str
    to_step_label: str
    on: date
    by_id: UUID | None
    note: str | None  # privileged: null unless the caller has privileged access

    @staticmethod
    def from_change(change: MatterStepChange, *, privileged: bool) -> StepChangeOut:
        return StepChangeOut(
            from_step=change.from_step.code if change.from_step else None,
            to_step=change.to_step.code,
            to_step_label=change.to_step.label,
            on=change.on,
            by_id=change.by_id,
            note=(change.note or "") if privileged else None,
        )


class MatterDetailOut(MatterOut):
    path: list[StepChangeOut]


class MatterOpenIn(Schema):
    matter_type_id: UUID
    opened_on: date | None = None  # today when left out
    start_step: str = Field(default="", max_length=60, description="For a matter already under way: a step code")
    deadline_on: date | None = None
    expiry_on: date | None = None
    advocate_id: UUID | None = None
    counsel_organization_id: UUID | None = None
    counsel_name: str = Field(default="", max_length=MAX_TEXT)
    reference: str = Field(default="", max_length=MAX_TEXT)
    court_or_body: str = Field(default="", max_length=MAX_TEXT)
    summary: str = Field(default="", max_length=MAX_NOTE)


class MatterPatchIn(Schema):
    """Only the fields sent change; `version` is the one you read (409 when someone saved since)."""

    version: int
    advocate_id: UUID | None = None
    counsel_organization_id: UUID | None = None
    counsel_name: str | None = Field(default=None, max_length=MAX_TEXT)
    reference: str | None = Field(default=None, max_length=MAX_TEXT)
    court_or_body: str | None = Field(default=None, max_length=MAX_TEXT)
    summary: str | None = Field(default=None, max_length=MAX_NOTE)


class StepMoveIn(Schema):
    to_step: str = Field(max_length=60)
    on: date | None = None  # today when left out
    note: str = Field(default="", max_length=MAX_NOTE)
    deadline_on: date | None = None
    expiry_on: date | None = None
    version: int


class MatterCloseIn(Schema):
    outcome: Literal["withdrawn", "closed", "granted", "denied"]
    on: date | None = None  # today when left out
    note: str = Field(default="", max_length=MAX_NOTE)
    version: int


class MatterDeadlineOut(Schema):
    id: UUID
    matter_id: UUID
    step: str | None
    kind: str
    title: str
    due_on: date
    days_left: int  # negative: overdue by that many days
    overdue: bool
    reminder_offsets: list[int]
    done_on: date | None
    done_by_id: UUID | None
    version: int

    @staticmethod
    def from_deadline(deadline: LegalDeadline, today: date, step_code: str | None = None) -> MatterDeadlineOut:
        days_left = (deadline.due_on - today).days
        return MatterDeadlineOut(
            id=deadline.pk,
            matter_id=deadline.matter_id,
            step=step_code,
            kind=deadline.kind,
            title=deadline.title or "",
            due_on=deadline.due_on,
            days_left=days_left,
            overdue=deadline.is_open and days_left < 0,
            reminder_offsets=list(deadline.reminder_offsets),
            done_on=deadline.done_on,
            done_by_id=deadline.done_by_id,
            version=deadline.version,
        )


class DeadlineIn(Schema):
    kind: DeadlineKind
    title: str = Field(max_length=MAX_TEXT)
    due_on: date
    reminder_offsets: list[int] | None = Field(default=None, max_length=10, description="Leave out: agency default")


class DeadlinePatchIn(Schema):
    version: int
    due_on: date | None = None
    title: str | None = Field(default=None, max_length=MAX_TEXT)
    reminder_offsets: list[int] | None = Field(default=None, max_length=10)


class DeadlineDoneIn(Schema):
    version: int
    on: date | None = None  # today when left out


class StepOut(Schema):
    code: str
    label: str
    position: int
    next_steps: list[str]
    outcome: str
    due_in_days: int | None
    deadline_label: str
    deadline_kind: str
    expiry_months: int | None
    expiry_days: int | None
    expiry_label: str

    @staticmethod
    def from_step(step: StepDefinition) -> StepOut:
        return StepOut(
            code=step.code,
            label=step.label,
            position=step.position,
            next_steps=list(step.next_steps),
            outcome=step.outcome,
            due_in_days=step.due_in_days,
            deadline_label=step.deadline_label,
            deadline_kind=step.deadline_kind,
            expiry_months=step.expiry_months,
            expiry_days=step.expiry_days,
            expiry_label=step.expiry_label,
        )


class MatterTypeOut(Schema):
    id: UUID
    jurisdiction: str
    code: str
    kind: str
    label: str
    description: str
    relief: str
    shipped: bool
    set_name: str
    steps: list[StepOut]


class MatterDocumentIn(Schema):
    kind: DocumentKind = DocumentKind.LEGAL_FILING
    confidentiality: Literal["legal", "general"] = "legal"
    title: str = Field(default="", max_length=200)


class MatterNoteIn(Schema):
    body: str = Field(max_length=NOTE_MAX_LENGTH)
    confidentiality: Literal["legal", "general"] = "legal"
    kind: NoteKind = NoteKind.OTHER
    occurred_on: date | None = None


def _advocate(user: User, advocate_id: UUID | None) -> User | None:
    if advocate_id is None:
        return None
    advocate = assignable_staff(user).filter(pk=advocate_id).first()
    if advocate is None:
        raise DomainError(
            _("Choose a member of your agency."),
            code="legal.advocate_not_member",
            fields={"advocate_id": [_("Not a member of your agency who works cases.")]},
        )
    return advocate


def _counsel(user: User, organization_id: UUID | None) -> Organization | None:
    if organization_id is None:
        return None
    organization = directory_organizations(user).filter(pk=organization_id).first()
    if organization is None:
        raise DomainError(
            _("Choose an organisation of the directory."),
            code="legal.unknown_organization",
            fields={"counsel_organization_id": [_("Not in the directory.")]},
        )
    return organization


def _matter_out(user: User, matter: LegalMatter) -> MatterOut:
    return MatterOut.from_matter(matter, privileged=selectors.has_privileged_access(user, matter.case))


def _detail_out(user: User, matter: LegalMatter) -> MatterDetailOut:
    privileged = selectors.has_privileged_access(user, matter.case)
    base = MatterOut.from_matter(matter, privileged=privileged)
    path = [StepChangeOut.from_change(c, privileged=privileged) for c in matter_selectors.step_path_of(matter)]
    return MatterDetailOut(**base.model_dump(), path=path)


@router.post(
    "/cases/{uuid:case_id}/legal-matters",
    response={201: MatterDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Open a legal matter on a case (at its type's first step, or `start_step` for one under way)",
)
def open_matter(request: HttpRequest, case_id: UUID, payload: MatterOpenIn) -> Status[MatterDetailOut]:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    matter_type = selectors.matter_type_for(case.agency_id, payload.matter_type_id)
    if matter_type is None:
        raise DomainError(
            _("Choose a type of matter."), code="legal.invalid_type", fields={"matter_type_id": [_("Not a choice.")]}
        )
    details = actions.MatterDetails(
        advocate=_advocate(user, payload.advocate_id),
        counsel_organization=_counsel(user, payload.counsel_organization_id),
        counsel_name=payload.counsel_name,
        reference=payload.reference,
        court_or_body=payload.court_or_body,
        summary=payload.summary,
    )
    matter = actions.do_open_matter(
        actor=user,
        case=case,
        matter_type=matter_type,
        opened_on=payload.opened_on or timezone.localdate(),
        details=details,
        start_step=payload.start_step,
        deadline_on=payload.deadline_on,
        expiry_on=payload.expiry_on,
    )
    return Status(201, _detail_out(user, matter))


@router.get(
    "/cases/{uuid:case_id}/legal-matters",
    response={200: Page[MatterOut], 404: ErrorOut},
    summary="A case's legal matters, open ones first",
)
def list_case_matters(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    privileged = selectors.has_privileged_access(user, case)
    return paginate(
        matter_selectors.case_matters(case), page, lambda m: MatterOut.from_matter(m, privileged=privileged)
    )


@router.get(
    "/legal-matters/{uuid:matter_id}",
    response={200: MatterDetailOut, 404: ErrorOut},
    summary="One legal matter with its step path (audited read; step notes for the legal team only)",
)
def get_matter(request: HttpRequest, matter_id: UUID) -> MatterDetailOut:
    user = request_user(request)
    return _detail_out(user, access_matter_by_id(user, matter_id))


@router.patch(
    "/legal-matters/{uuid:matter_id}",
    response={200: MatterDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Change counsel, references or the summary (send `version`; 409 when someone else saved first)",
)
def patch_matter(request: HttpRequest, matter_id: UUID, payload: MatterPatchIn) -> MatterDetailOut:
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id, for_write=True)
    sent = payload.model_dump(exclude_unset=True)
    details = actions.MatterDetails(
        advocate=_advocate(user, payload.advocate_id) if "advocate_id" in sent else matter.advocate,
        counsel_organization=(
            _counsel(user, payload.counsel_organization_id)
            if "counsel_organization_id" in sent
            else matter.counsel_organization
        ),
        counsel_name=_text(sent, "counsel_name", matter.counsel_name),
        reference=_text(sent, "reference", matter.reference),
        court_or_body=_text(sent, "court_or_body", matter.court_or_body),
        summary=_text(sent, "summary", matter.summary),
    )
    matter = actions.do_update_matter(actor=user, matter=matter, details=details, expected_version=payload.version)
    return _detail_out(user, matter)


def _text(sent: dict[str, object], name: str, current: str | None) -> str:
    value = sent.get(name, current)
    return str(value) if value is not None else ""


@router.post(
    "/legal-matters/{uuid:matter_id}/transitions",
    response={200: MatterDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Move a matter to one of its current step's next steps (the step may bring a deadline or expiry)",
)
def move_matter(request: HttpRequest, matter_id: UUID, payload: StepMoveIn) -> MatterDetailOut:
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id, for_write=True)
    matter = actions.do_advance_step(
        actor=user,
        matter=matter,
        to_step=payload.to_step,
        on=payload.on or timezone.localdate(),
        expected_version=payload.version,
        note=payload.note,
        deadline_on=payload.deadline_on,
        expiry_on=payload.expiry_on,
    )
    return _detail_out(user, matter)


@router.post(
    "/legal-matters/{uuid:matter_id}/close",
    response={200: MatterDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Close a matter from any step: withdrawn, closed without a decision, granted or denied",
)
def close_matter(request: HttpRequest, matter_id: UUID, payload: MatterCloseIn) -> MatterDetailOut:
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id, for_write=True)
    matter = actions.do_close_matter(
        actor=user,
        matter=matter,
        outcome=payload.outcome,
        on=payload.on or timezone.localdate(),
        expected_version=payload.version,
        note=payload.note,
    )
    return _detail_out(user, matter)


@router.get(
    "/legal-matters/{uuid:matter_id}/deadlines",
    response={200: Page[MatterDeadlineOut], 404: ErrorOut},
    summary="A matter's deadlines, soonest first (open and done)",
)
def list_deadlines(request: HttpRequest, page: Query[PageQuery], matter_id: UUID) -> dict[str, Any]:
    matter = access_matter_by_id(request_user(request), matter_id)
    today = timezone.localdate()
    return paginate(
        selectors.deadlines_of(matter),
        page,
        lambda d: MatterDeadlineOut.from_deadline(d, today, d.step.code if d.step else None),
    )


@router.post(
    "/legal-matters/{uuid:matter_id}/deadlines",
    response={201: MatterDeadlineOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a deadline by hand (a hearing, a filing deadline, an expiry from an order)",
)
def add_deadline(request: HttpRequest, matter_id: UUID, payload: DeadlineIn) -> Status[MatterDeadlineOut]:
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id, for_write=True)
    deadline = actions.do_add_deadline(
        actor=user,
        matter=matter,
        kind=payload.kind,
        title=payload.title,
        due_on=payload.due_on,
        reminder_offsets=payload.reminder_offsets,
    )
    return Status(201, MatterDeadlineOut.from_deadline(deadline, timezone.localdate()))


def _deadline_for_write(user: User, deadline_id: UUID) -> LegalDeadline:
    """A deadline on a matter the user may see (else 404), through the matter's gate (403 for read-only)."""
    deadline = matter_selectors.deadline_for_user(user, deadline_id)
    if deadline is None:
        raise Http404
    deadline.matter = access_matter_by_id(user, deadline.matter_id, for_write=True)
    return deadline


def _step_code(deadline: LegalDeadline) -> str | None:
    return deadline.step.code if deadline.step_id and deadline.step else None


@router.post(
    "/legal-deadlines/{uuid:deadline_id}/done",
    response={200: MatterDeadlineOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Mark a deadline met (or an expiry handled)",
)
def complete_deadline(request: HttpRequest, deadline_id: UUID, payload: DeadlineDoneIn) -> MatterDeadlineOut:
    user = request_user(request)
    deadline = _deadline_for_write(user, deadline_id)
    deadline = actions.do_complete_deadline(
        actor=user, deadline=deadline, on=payload.on or timezone.localdate(), expected_version=payload.version
    )
    return MatterDeadlineOut.from_deadline(deadline, timezone.localdate(), _step_code(deadline))


@router.patch(
    "/legal-deadlines/{uuid:deadline_id}",
    response={200: MatterDeadlineOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Move a deadline, rename it or change its reminders (send `version`; 409 when it changed since)",
)
def patch_deadline(request: HttpRequest, deadline_id: UUID, payload: DeadlinePatchIn) -> MatterDeadlineOut:
    user = request_user(request)
    deadline = _deadline_for_write(user, deadline_id)
    deadline = actions.do_change_deadline(
        actor=user,
        deadline=deadline,
        due_on=payload.due_on or deadline.due_on,
        expected_version=payload.version,
        title=payload.title,
        reminder_offsets=payload.reminder_offsets,
    )
    return MatterDeadlineOut.from_deadline(deadline, timezone.localdate(), _step_code(deadline))


@router.get(
    "/legal-matter-types",
    response={200: list[MatterTypeOut], 403: ErrorOut},
    summary="The matter types the caller's agency may open (shipped sets and its own), with their steps",
)
def list_matter_types(request: HttpRequest) -> list[MatterTypeOut]:
    membership = active_membership(request_user(request))
    if membership is None:
        raise PermissionDenied
    steps = matter_selectors.start_steps_for(membership.agency_id)
    return [
        MatterTypeOut(
            id=matter_type.pk,
            jurisdiction=matter_type.jurisdiction,
            code=matter_type.code,
            kind=matter_type.kind,
            label=matter_type.label,
            description=matter_type.description,
            relief=matter_type.relief,
            shipped=matter_type.agency_id is None,
            set_name=matter_type.set_name,
            steps=[StepOut.from_step(s) for s in group],
        )
        for matter_type, group in groupby(steps, key=lambda s: s.matter_type)
    ]


@router.get(
    "/legal-matters/{uuid:matter_id}/documents",
    response={200: Page[DocumentOut], 404: ErrorOut},
    summary="The matter's documents the caller may see (legal ones need the legal team); download them on "
    "/documents/{id}/versions/{number}/content",
)
def list_matter_documents(request: HttpRequest, page: Query[PageQuery], matter_id: UUID) -> dict[str, Any]:
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id)
    return paginate(
        matter_selectors.documents_of_matter(user, matter),
        page,
        lambda d: DocumentOut.from_document(d, list(d.versions.all())),
    )


@router.post(
    "/legal-matters/{uuid:matter_id}/documents",
    response=UPLOAD_RESPONSES,
    summary="Upload a document to a matter (multipart: file, kind, confidentiality legal (default) or general, "
    "title); 413 when too large, 415 for a refused type",
)
def upload_matter_document(
    request: HttpRequest, matter_id: UUID, file: File[UploadedFile], payload: Form[MatterDocumentIn]
) -> Status[DocumentOut]:
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id, for_write=True)
    document = actions.do_add_matter_document(
        actor=user,
        matter=matter,
        upload=file,
        kind=payload.kind,
        confidentiality=payload.confidentiality,
        title=payload.title,
    )
    return Status(201, DocumentOut.from_document(document, list(versions_of(document))))


@router.get(
    "/legal-matters/{uuid:matter_id}/notes",
    response={200: Page[NoteOut], 404: ErrorOut},
    summary="The matter's notes the caller may read (legal notes for the legal team only; audited read)",
)
def list_matter_notes(request: HttpRequest, page: Query[PageQuery], matter_id: UUID) -> dict[str, Any]:
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id)
    notes = matter_selectors.notes_of_matter(user, matter, access_notes_for_case(user, matter.case))
    return paginate(notes, page, NoteOut.from_note)


@router.post(
    "/legal-matters/{uuid:matter_id}/notes",
    response={201: NoteOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a note to a matter: legal (privileged, the default; legal team only) or general",
)
def add_matter_note(request: HttpRequest, matter_id: UUID, payload: MatterNoteIn) -> Status[NoteOut]:
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id, for_write=True)
    note = actions.do_add_matter_note(
        actor=user,
        matter=matter,
        body=payload.body,
        confidentiality=payload.confidentiality,
        kind=payload.kind,
        occurred_on=payload.occurred_on,
    )
    return Status(201, NoteOut.from_note(note))
