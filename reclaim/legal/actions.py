"""Writes of legal matters: open a matter, move it along its steps, close it, change its details.

Entering a step follows its definition: it may open a deadline (`due_in_days`, or a date the worker gives)
and an expiry (`expiry_months` / `expiry_days`, or a date given); leaving a step marks that step's open
non-expiry deadlines done; a new expiry supersedes the matter's earlier open expiry. A step with an outcome
sets the matter's outcome; a final step closes the matter. Every write is one transaction with its
timeline event and audit row; a stale version is an EditConflict.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.core.errors import DomainError, InvalidTransition, check_version
from reclaim.legal import events
from reclaim.legal.models import (
    DeadlineKind,
    LegalDeadline,
    LegalMatter,
    MatterDocument,
    MatterNote,
    MatterStatus,
    MatterStepChange,
    MatterType,
    StepDefinition,
    StepOutcome,
)
from reclaim.legal.selectors import policy_for, step_by_code

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, CaseNote
    from reclaim.documents.models import Document
    from reclaim.referrals.models import Organization

MAX_NOTE = 5000
MAX_TEXT = 500


def _check_day(on: datetime.date, field: str) -> None:
    if on > timezone.localdate():
        raise DomainError(
            _("This date is in the future."), code="legal.future_date", fields={field: [_("Not later than today.")]}
        )


def _check_length(values: dict[str, str], limit: int = MAX_TEXT) -> None:
    errors = {
        name: [_("Keep this under %(n)s characters.") % {"n": limit}] for name, v in values.items() if len(v) > limit
    }
    if errors:
        raise DomainError(_("Some answers are too long."), code="legal.too_long", fields=errors)


def _check_advocate(advocate: User | None, agency_id: Any) -> None:
    if advocate is None:
        return
    if not advocate.memberships.filter(agency_id=agency_id, is_active=True).exists():
        raise DomainError(
            _("Choose a member of your agency."),
            code="legal.advocate_not_member",
            fields={"advocate": [_("Not in your agency.")]},
        )


MAX_OFFSET_DAYS = 3650
MAX_OFFSETS = 10


def clean_offsets(offsets: list[int]) -> list[int]:
    """Reminder offsets as stored: distinct whole days from 0 to 3650, latest reminder last; else a field error."""
    if len(offsets) > MAX_OFFSETS or any(
        not isinstance(n, int) or isinstance(n, bool) or n < 0 or n > MAX_OFFSET_DAYS for n in offsets
    ):
        raise DomainError(
            _("Reminders are up to ten whole numbers of days before the date, from 0 to 3650."),
            code="legal.invalid_offsets",
            fields={"reminder_offsets": [_("Use whole numbers of days.")]},
        )
    return sorted(set(offsets), reverse=True)


def create_deadline(
    *,
    actor: User | None,
    matter: LegalMatter,
    kind: str,
    title: str,
    due_on: datetime.date,
    step: StepDefinition | None = None,
    reminder_offsets: list[int] | None = None,
) -> LegalDeadline:
    """A deadline with the agency's reminder offsets unless given; callers hold the transaction."""
    if kind not in DeadlineKind.values:
        raise DomainError(
            _("Choose a kind of deadline."), code="legal.invalid_kind", fields={"kind": [_("Not a choice.")]}
        )
    offsets = clean_offsets(
        reminder_offsets if reminder_offsets is not None else list(policy_for(matter.agency_id).reminder_offsets)
    )
    deadline = LegalDeadline.objects.create(
        agency_id=matter.agency_id,
        matter=matter,
        step=step,
        kind=kind,
        title=title,
        due_on=due_on,
        reminder_offsets=offsets,
        created_by=actor,
    )
    events.deadline_set(
        case=matter.case, actor=actor, matter_id=str(matter.pk), deadline_id=str(deadline.pk), kind=kind
    )
    return deadline


def _expiry_date(step: StepDefinition, on: datetime.date) -> datetime.date | None:
    if step.expiry_months:
        expires: datetime.date = on + relativedelta(months=step.expiry_months)
        return expires
    if step.expiry_days:
        return on + datetime.timedelta(days=step.expiry_days)
    return None


def _enter_step(
    *,
    actor: User | None,
    matter: LegalMatter,
    step: StepDefinition,
    on: datetime.date,
    deadline_on: datetime.date | None,
    expiry_on: datetime.date | None,
) -> None:
    """The deadlines a step brings with it; `deadline_on` / `expiry_on` override the set's durations."""
    due = deadline_on or (on + datetime.timedelta(days=step.due_in_days) if step.due_in_days else None)
    if due is not None:
        if due < on:
            raise DomainError(
                _("A deadline cannot fall before the step it belongs to."),
                code="legal.deadline_before_step",
                fields={"deadline_on": [_("On or after the step's date.")]},
            )
        create_deadline(
            actor=actor,
            matter=matter,
            kind=step.deadline_kind or DeadlineKind.DUE,
            title=step.deadline_label or step.label,
            due_on=due,
            step=step,
        )
    expires = expiry_on or _expiry_date(step, on)
    if expires is not None:
        if expires < on:
            raise DomainError(
                _("An expiry cannot fall before the step it belongs to."),
                code="legal.expiry_before_step",
                fields={"expiry_on": [_("On or after the step's date.")]},
            )
        LegalDeadline.objects.filter(matter=matter, kind=DeadlineKind.EXPIRY, done_on__isnull=True).update(
            done_on=on, done_by=actor
        )
        create_deadline(
            actor=actor,
            matter=matter,
            kind=DeadlineKind.EXPIRY,
            title=step.expiry_label or step.label,
            due_on=expires,
            step=step,
        )


@dataclass(frozen=True)
class MatterDetails:
    """What a worker may change on a matter besides its step."""

    advocate: User | None = None
    counsel_organization: Organization | None = None
    counsel_name: str = ""
    reference: str = ""
    court_or_body: str = ""
    summary: str = ""


def _apply_details(matter: LegalMatter, details: MatterDetails) -> list[str]:
    _check_length(
        {"counsel_name": details.counsel_name, "reference": details.reference, "court_or_body": details.court_or_body}
    )
    _check_length({"summary": details.summary}, MAX_NOTE)
    _check_advocate(details.advocate, matter.agency_id)
    changed = []
    for field in fields(details):
        value = getattr(details, field.name)
        if getattr(matter, field.name) != value:
            setattr(matter, field.name, value)
            changed.append(field.name)
    return changed


@transaction.atomic
def do_open_matter(
    *,
    actor: User,
    case: Case,
    matter_type: MatterType,
    opened_on: datetime.date,
    details: MatterDetails | None = None,
    start_step: str = "",
    deadline_on: datetime.date | None = None,
    expiry_on: datetime.date | None = None,
) -> LegalMatter:
    """Open a matter on a case at its type's first step (or `start_step`, for a matter already under way)."""
    if matter_type.retired or matter_type.agency_id not in (None, case.agency_id):
        raise DomainError(
            _("Choose a type of matter."), code="legal.invalid_type", fields={"matter_type": [_("Not a choice.")]}
        )
    _check_day(opened_on, "opened_on")
    step = step_by_code(matter_type, start_step) if start_step else matter_type.steps.order_by("position").first()
    if step is None:
        raise DomainError(
            _("Choose a step of this matter."),
            code="legal.invalid_step",
            fields={"start_step": [_("Not a step of this matter.")]},
        )
    matter = LegalMatter(
        agency_id=case.agency_id,
        case=case,
        survivor_id=case.survivor_id,
        matter_type=matter_type,
        jurisdiction=matter_type.jurisdiction,
        current_step=step,
        opened_on=opened_on,
        created_by=actor,
    )
    _apply_details(matter, details or MatterDetails())
    matter.save()
    MatterStepChange.objects.create(
        agency_id=case.agency_id, matter=matter, from_step=None, to_step=step, on=opened_on, by=actor
    )
    events.matter_opened(case=case, actor=actor, matter_id=str(matter.pk), matter_type=matter_type.code, step=step.code)
    _enter_step(actor=actor, matter=matter, step=step, on=opened_on, deadline_on=deadline_on, expiry_on=expiry_on)
    if step.outcome:
        _settle(actor, matter, step, opened_on)
    return matter


def _settle(actor: User | None, matter: LegalMatter, step: StepDefinition, on: datetime.date) -> None:
    """Apply a step's outcome; a final step closes the matter and its open non-expiry deadlines."""
    matter.outcome = step.outcome
    if step.is_final:
        _close(actor, matter, on)
    matter.save()


def _close(actor: User | None, matter: LegalMatter, on: datetime.date) -> None:
    matter.status = MatterStatus.CLOSED
    matter.closed_on = on
    LegalDeadline.objects.filter(matter=matter, done_on__isnull=True).exclude(kind=DeadlineKind.EXPIRY).update(
        done_on=on, done_by=actor
    )
    events.matter_closed(
        case=matter.case,
        actor=actor,
        matter_id=str(matter.pk),
        matter_type=matter.matter_type.code,
        outcome=matter.outcome,
    )


@transaction.atomic
def do_advance_step(
    *,
    actor: User,
    matter: LegalMatter,
    to_step: str,
    on: datetime.date,
    expected_version: int,
    note: str = "",
    deadline_on: datetime.date | None = None,
    expiry_on: datetime.date | None = None,
) -> LegalMatter:
    """Move an open matter to one of its current step's next steps."""
    matter = (
        LegalMatter.objects.select_for_update(of=("self",))
        .select_related("matter_type", "current_step", "case")
        .get(pk=matter.pk)
    )
    check_version(matter.version, expected_version, {"current_step": matter.current_step.code})
    if not matter.is_open:
        raise InvalidTransition(_("This matter is closed."), code="legal.closed")
    step = step_by_code(matter.matter_type, to_step)
    if step is None or to_step not in matter.current_step.next_steps:
        raise InvalidTransition(
            _("This matter cannot move to that step from where it is."),
            code="legal.invalid_transition",
            fields={"to_step": [_("Choose one of the next steps.")]},
        )
    _check_day(on, "on")
    if on < matter.opened_on:
        raise DomainError(
            _("A step cannot come before the matter was opened."),
            code="legal.before_opening",
            fields={"on": [_("On or after the opening date.")]},
        )
    _check_length({"note": note}, MAX_NOTE)
    old = matter.current_step
    LegalDeadline.objects.filter(matter=matter, step=old, done_on__isnull=True).exclude(
        kind=DeadlineKind.EXPIRY
    ).update(done_on=on, done_by=actor)
    MatterStepChange.objects.create(
        agency_id=matter.agency_id, matter=matter, from_step=old, to_step=step, on=on, by=actor, note=note
    )
    matter.current_step = step
    matter.version += 1
    events.step_changed(
        case=matter.case,
        actor=actor,
        matter_id=str(matter.pk),
        matter_type=matter.matter_type.code,
        old=old.code,
        new=step.code,
    )
    _enter_step(actor=actor, matter=matter, step=step, on=on, deadline_on=deadline_on, expiry_on=expiry_on)
    if step.outcome:
        _settle(actor, matter, step, on)
    else:
        matter.save()
    return matter


CLOSING_OUTCOMES = (StepOutcome.GRANTED, StepOutcome.DENIED, StepOutcome.WITHDRAWN, StepOutcome.CLOSED)


@transaction.atomic
def do_close_matter(
    *, actor: User, matter: LegalMatter, outcome: str, on: datetime.date, expected_version: int, note: str = ""
) -> LegalMatter:
    """Close a matter from any step (withdrawn, closed without a decision, or a decision the steps do not
    list). The step stays where it was; the outcome says how it ended."""
    matter = (
        LegalMatter.objects.select_for_update(of=("self",))
        .select_related("matter_type", "current_step", "case")
        .get(pk=matter.pk)
    )
    check_version(matter.version, expected_version, {"status": matter.status})
    if not matter.is_open:
        raise InvalidTransition(_("This matter is already closed."), code="legal.closed")
    if outcome not in CLOSING_OUTCOMES:
        raise DomainError(
            _("Choose how the matter ended."), code="legal.invalid_outcome", fields={"outcome": [_("Not a choice.")]}
        )
    _check_day(on, "on")
    if on < matter.opened_on:
        raise DomainError(
            _("A matter cannot close before it was opened."),
            code="legal.before_opening",
            fields={"on": [_("On or after the opening date.")]},
        )
    _check_length({"note": note}, MAX_NOTE)
    matter.outcome = outcome
    matter.outcome_note = note
    matter.version += 1
    _close(actor, matter, on)
    matter.save()
    return matter


@transaction.atomic
def do_update_matter(*, actor: User, matter: LegalMatter, details: MatterDetails, expected_version: int) -> LegalMatter:
    matter = LegalMatter.objects.select_for_update(of=("self",)).select_related("case").get(pk=matter.pk)
    current = {f.name: getattr(matter, f.name) for f in fields(MatterDetails)}
    check_version(matter.version, expected_version, current)
    changed = _apply_details(matter, details)
    if changed:
        matter.version += 1
        matter.save()
        events.matter_updated(case=matter.case, actor=actor, matter_id=str(matter.pk), fields=changed)
    return matter


@transaction.atomic
def do_add_deadline(
    *,
    actor: User,
    matter: LegalMatter,
    kind: str,
    title: str,
    due_on: datetime.date,
    reminder_offsets: list[int] | None = None,
) -> LegalDeadline:
    """A deadline the worker adds by hand (a hearing, a filing deadline, an expiry from an order)."""
    if not title.strip():
        raise DomainError(_("Say what is due."), code="legal.title_required", fields={"title": [_("Required.")]})
    _check_length({"title": title})
    if due_on < matter.opened_on:
        raise DomainError(
            _("A deadline cannot fall before the matter was opened."),
            code="legal.before_opening",
            fields={"due_on": [_("On or after the opening date.")]},
        )
    return create_deadline(
        actor=actor,
        matter=matter,
        kind=kind,
        title=title.strip(),
        due_on=due_on,
        reminder_offsets=reminder_offsets,
    )


def _locked_deadline(deadline: LegalDeadline, expected_version: int) -> LegalDeadline:
    locked = LegalDeadline.objects.select_for_update(of=("self",)).select_related("matter__case").get(pk=deadline.pk)
    check_version(locked.version, expected_version, {"due_on": locked.due_on, "done_on": locked.done_on})
    return locked


@transaction.atomic
def do_complete_deadline(
    *, actor: User, deadline: LegalDeadline, on: datetime.date, expected_version: int
) -> LegalDeadline:
    """Mark a deadline met (or handled, for an expiry that was renewed or is no longer relevant)."""
    deadline = _locked_deadline(deadline, expected_version)
    if deadline.done_on is not None:
        raise InvalidTransition(_("This deadline is already marked done."), code="legal.deadline_done")
    _check_day(on, "on")
    deadline.done_on = on
    deadline.done_by = actor
    deadline.version += 1
    deadline.save()
    events.deadline_done(
        case=deadline.matter.case,
        actor=actor,
        matter_id=str(deadline.matter_id),
        deadline_id=str(deadline.pk),
        kind=deadline.kind,
    )
    return deadline


@transaction.atomic
def do_change_deadline(
    *,
    actor: User,
    deadline: LegalDeadline,
    due_on: datetime.date,
    expected_version: int,
    title: str | None = None,
    reminder_offsets: list[int] | None = None,
) -> LegalDeadline:
    """Move a deadline (a hearing adjourned, an expiry corrected from the document) or change its reminders."""
    deadline = _locked_deadline(deadline, expected_version)
    if deadline.done_on is not None:
        raise InvalidTransition(_("This deadline is already marked done."), code="legal.deadline_done")
    if due_on < deadline.matter.opened_on:
        raise DomainError(
            _("A deadline cannot fall before the matter was opened."),
            code="legal.before_opening",
            fields={"due_on": [_("On or after the opening date.")]},
        )
    if title is not None:
        if not title.strip():
            raise DomainError(_("Say what is due."), code="legal.title_required", fields={"title": [_("Required.")]})
        _check_length({"title": title})
        deadline.title = title.strip()
    if reminder_offsets is not None:
        deadline.reminder_offsets = clean_offsets(reminder_offsets)
    deadline.due_on = due_on
    deadline.version += 1
    deadline.save()
    events.deadline_set(
        case=deadline.matter.case,
        actor=actor,
        matter_id=str(deadline.matter_id),
        deadline_id=str(deadline.pk),
        kind=deadline.kind,
        changed=True,
    )
    return deadline


# --- Documents and notes of a matter (helper "matters") ---------------------------------------------------------

MATTER_DOCUMENT_LEVELS = ("legal", "general")  # privileged by default; "general" when everyone on the case may read
MATTER_NOTE_LEVELS = ("legal", "general")


def _audit_link(actor: User, matter: LegalMatter, action: str, **detail: str) -> None:
    from reclaim.core.audit import AuditEntry, write_audit

    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk,
            agency_id=matter.agency_id,
            object_type="legal_matter",
            object_id=str(matter.pk),
            detail={"case_id": str(matter.case_id), **detail},
        )
    )


def _check_level(level: str, allowed: tuple[str, ...]) -> None:
    if level not in allowed:
        raise DomainError(
            _("Choose who may see it."), code="legal.invalid_level", fields={"confidentiality": [_("Not a choice.")]}
        )


def do_add_matter_document(
    *,
    actor: User,
    matter: LegalMatter,
    upload: UploadedFile | None,
    kind: str = "legal_filing",
    confidentiality: str = "legal",
    title: str = "",
) -> Document:
    """Upload a document to the matter's case (encrypted, versioned, audited downloads: the documents app) and
    link it to the matter. Privileged ("legal") by default. The documents app holds the one durable transaction
    (so a refused or failed upload leaves no stored file behind); the link is written inside it, so the
    document and its link are saved together or not at all."""
    from reclaim.documents.actions import do_upload_document

    _check_level(confidentiality, MATTER_DOCUMENT_LEVELS)

    def link(document: Document) -> None:
        MatterDocument.objects.create(agency_id=matter.agency_id, matter=matter, document=document)
        _audit_link(actor, matter, "legal_matter.document_linked", document_id=str(document.pk))

    return do_upload_document(
        actor=actor,
        survivor=matter.case.survivor,
        case=matter.case,
        kind=kind,
        confidentiality=confidentiality,
        title=title,
        upload=upload,
        within=link,
    )


@transaction.atomic
def do_add_matter_note(
    *,
    actor: User,
    matter: LegalMatter,
    body: str,
    confidentiality: str = "legal",
    kind: str = "other",
    occurred_on: datetime.date | None = None,
) -> CaseNote:
    """A case note about this matter, privileged ("legal") by default: the notes rule of the case applies to
    it everywhere (notes tab, API, timeline)."""
    from reclaim.cases.actions import do_add_note

    _check_level(confidentiality, MATTER_NOTE_LEVELS)
    note = do_add_note(
        actor=actor, case=matter.case, confidentiality=confidentiality, kind=kind, body=body, occurred_on=occurred_on
    )
    MatterNote.objects.create(agency_id=matter.agency_id, matter=matter, note=note)
    _audit_link(actor, matter, "legal_matter.note_linked", note_id=str(note.pk))
    return note
