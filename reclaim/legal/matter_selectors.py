"""Reads for the matter pages and API: the Legal tab's list with each matter's next open deadline, a matter's
step path, and the documents and notes linked to it, already limited to what the user may see (the documents
rule and the notes rule of their apps apply: a linked item the user may not read is simply not there)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, QuerySet

from reclaim.cases.selectors import notes_for_case
from reclaim.documents.selectors import documents_for_case
from reclaim.legal.models import (
    LegalDeadline,
    LegalMatter,
    MatterDocument,
    MatterNote,
    MatterStepChange,
    StepDefinition,
)
from reclaim.legal.selectors import matter_types_for, matters_for_case, matters_for_user

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, CaseNote
    from reclaim.documents.models import Document


def case_matters(case: Case) -> QuerySet[LegalMatter]:
    """The case's matters, open ones first (newest first), then closed ones (latest closed first); each carries
    `open_deadline_list`, its open deadlines soonest first, in one extra query whatever the number of matters."""
    open_deadlines = LegalDeadline.objects.filter(done_on__isnull=True).order_by("due_on", "pk")
    return (
        matters_for_case(case)
        .prefetch_related(Prefetch("deadlines", queryset=open_deadlines, to_attr="open_deadline_list"))
        .order_by(F("closed_on").desc(nulls_first=True), "-opened_on", "pk")
    )


def step_path_of(matter: LegalMatter) -> QuerySet[MatterStepChange]:
    """The steps the matter went through, first to last."""
    return (
        MatterStepChange.objects.filter(matter=matter, agency_id=matter.agency_id)
        .select_related("from_step__matter_type", "to_step__matter_type", "by")
        .order_by("on", "created_at", "pk")
    )


def start_steps_for(agency_id: Any) -> QuerySet[StepDefinition]:
    """Every step of every type the agency may open, in set order (to start a matter already under way)."""
    return (
        StepDefinition.objects.filter(matter_type__in=matter_types_for(agency_id))
        .select_related("matter_type")
        .order_by("matter_type__jurisdiction", "matter_type__position", "matter_type__label", "position")
    )


def documents_of_matter(user: User, matter: LegalMatter) -> QuerySet[Document]:
    """The matter's documents this user may see (clinical or legal ones need the capability), newest first."""
    linked = MatterDocument.objects.filter(matter=matter, agency_id=matter.agency_id).values("document_id")
    return documents_for_case(user, matter.case).filter(pk__in=linked)


def notes_of_matter(user: User, matter: LegalMatter, notes: QuerySet[CaseNote] | None = None) -> QuerySet[CaseNote]:
    """The matter's notes this user may read (the case's one notes rule), newest contact first. Pass `notes`
    (the audited `access_notes_for_case`) to record the read."""
    linked = MatterNote.objects.filter(matter=matter, agency_id=matter.agency_id).values("note_id")
    return (notes if notes is not None else notes_for_case(user, matter.case)).filter(pk__in=linked)


def deadline_of(matter: LegalMatter, deadline_id: Any) -> LegalDeadline | None:
    """One deadline of this matter (the caller has passed the matter's gate), or None."""
    try:
        return LegalDeadline.objects.filter(matter=matter, agency_id=matter.agency_id).get(pk=deadline_id)
    except (LegalDeadline.DoesNotExist, ValueError, ValidationError):
        return None


def deadline_for_user(user: User, deadline_id: Any) -> LegalDeadline | None:
    """A deadline on a matter the user may see, or None (the caller then passes the matter's gate)."""
    try:
        return LegalDeadline.objects.filter(matter__in=matters_for_user(user)).get(pk=deadline_id)
    except (LegalDeadline.DoesNotExist, ValueError, ValidationError):
        return None
