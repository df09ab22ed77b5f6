"""The Legal tab of a case file and the pages of one legal matter: opening it, its step path and the move to
the next step, deadlines, closing, details, and its documents and notes.

A matter (type, step, deadlines) is seen by everyone who reads the case; step notes, the note about the outcome
and legal-level notes and documents are privileged (`has_privileged_access`, and the notes and documents rules
of their apps). Only case editors (`can_work_matter`) get the write forms; every write goes through an action."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.cases.access import access_case_by_id, access_notes_for_case, can_edit_case
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.legal import actions, matter_selectors
from reclaim.legal.access import access_matter_by_id, can_work_matter
from reclaim.legal.matter_forms import (
    CloseForm,
    DeadlineDoneForm,
    DeadlineEditForm,
    DeadlineForm,
    EditMatterForm,
    MatterDocumentForm,
    MatterNoteForm,
    OpenMatterForm,
    StepForm,
)
from reclaim.legal.selectors import deadlines_of, has_privileged_access, next_steps_of

if TYPE_CHECKING:
    import datetime
    from uuid import UUID

    from django.forms import Form
    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.legal.models import LegalDeadline, LegalMatter


@dataclass(frozen=True)
class DeadlineRow:
    """A deadline with its distance from today: negative `days_left` is overdue (said in words, not colour)."""

    deadline: LegalDeadline
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.deadline.is_open and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def _row(deadline: LegalDeadline, today: datetime.date) -> DeadlineRow:
    return DeadlineRow(deadline, (deadline.due_on - today).days)


@dataclass(frozen=True)
class MatterRow:
    matter: LegalMatter
    next_deadline: DeadlineRow | None


def case_matters(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The case's Legal tab: open matters first, then closed ones, each with its next open deadline."""
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    today = timezone.localdate()
    rows = []
    for matter in matter_selectors.case_matters(case):
        upcoming = matter.open_deadline_list  # type: ignore[attr-defined]  # prefetched, soonest first
        rows.append(MatterRow(matter, _row(upcoming[0], today) if upcoming else None))
    return render(
        request,
        "legal/case_matters.html",
        {
            "case": case,
            "tab": "legal",
            "open_rows": [r for r in rows if r.matter.is_open],
            "closed_rows": [r for r in rows if not r.matter.is_open],
            "can_edit": can_edit_case(user, case),
        },
    )


@sensitive_post_parameters("counsel_name", "reference", "court_or_body", "summary")
@require_http_methods(["GET", "POST"])
def matter_open(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    form = OpenMatterForm(request.POST or None, user=user, agency_id=case.agency_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matter = actions.do_open_matter(
                actor=user,
                case=case,
                matter_type=data["matter_type"],
                opened_on=data["opened_on"],
                details=form.details(),
                start_step=data["start_step"],
                deadline_on=data.get("deadline_on"),
                expiry_on=data.get("expiry_on"),
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Legal matter opened."))
            return redirect("legal:matter", matter_id=matter.pk)
    return render(request, "legal/matter_open.html", {"case": case, "tab": "legal", "form": form})


def _matter_page(
    request: HttpRequest,
    user: User,
    matter: LegalMatter,
    *,
    conflict: EditConflict | None = None,
    done_error: tuple[Any, str] | None = None,
    **forms: Form,
) -> HttpResponse:
    today = timezone.localdate()
    can_work = can_work_matter(user, matter)
    privileged = has_privileged_access(user, matter.case)
    deadlines = [_row(d, today) for d in deadlines_of(matter)]
    next_steps = next_steps_of(matter.current_step) if matter.is_open else []
    notes = matter_selectors.notes_of_matter(user, matter, access_notes_for_case(user, matter.case))
    context: dict[str, Any] = {
        "case": matter.case,
        "tab": "legal",
        "matter": matter,
        "path": list(matter_selectors.step_path_of(matter)),
        "privileged": privileged,
        "open_deadlines": [r for r in deadlines if r.deadline.is_open],
        "done_deadlines": [r for r in deadlines if not r.deadline.is_open],
        "next_steps": next_steps,
        "documents": list(matter_selectors.documents_of_matter(user, matter)),
        "notes": list(notes),
        "can_work": can_work,
        "conflict": conflict,
        "done_error": done_error,
        "today": today,
    }
    if can_work:
        version = {"version": matter.version}
        context.update(
            step_form=forms.get("step_form") or StepForm(prefix="step", next_steps=next_steps, initial=version),
            close_form=forms.get("close_form") or CloseForm(prefix="close", initial=version),
            deadline_form=forms.get("deadline_form") or DeadlineForm(prefix="deadline"),
            document_form=forms.get("document_form") or MatterDocumentForm(prefix="document", user=user),
            note_form=forms.get("note_form") or MatterNoteForm(prefix="note", user=user),
        )
    return render(request, "legal/matter_detail.html", context)


def matter_detail(request: HttpRequest, matter_id: UUID) -> HttpResponse:
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id)
    return _matter_page(request, user, matter)


@sensitive_post_parameters("step-note")
@require_POST
def matter_step(request: HttpRequest, matter_id: UUID) -> HttpResponse:
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id, for_write=True)
    form = StepForm(request.POST, prefix="step", next_steps=next_steps_of(matter.current_step))
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_advance_step(
                actor=user,
                matter=matter,
                to_step=data["to_step"],
                on=data["on"],
                expected_version=data["version"],
                note=data["note"],
                deadline_on=data.get("deadline_on"),
                expiry_on=data.get("expiry_on"),
            )
        except EditConflict as exc:
            matter.refresh_from_db()
            return _matter_page(request, user, matter, conflict=exc)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Step recorded."))
            return redirect("legal:matter", matter_id=matter.pk)
    return _matter_page(request, user, matter, step_form=form)


@sensitive_post_parameters("close-note")
@require_POST
def matter_close(request: HttpRequest, matter_id: UUID) -> HttpResponse:
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id, for_write=True)
    form = CloseForm(request.POST, prefix="close")
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_close_matter(
                actor=user,
                matter=matter,
                outcome=data["outcome"],
                on=data["on"],
                expected_version=data["version"],
                note=data["note"],
            )
        except EditConflict as exc:
            matter.refresh_from_db()
            return _matter_page(request, user, matter, conflict=exc)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Matter closed."))
            return redirect("legal:matter", matter_id=matter.pk)
    return _matter_page(request, user, matter, close_form=form)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    return str(getattr(value, "display_name", None) or getattr(value, "name", None) or value)


@sensitive_post_parameters("counsel_name", "reference", "court_or_body", "summary")
@require_http_methods(["GET", "POST"])
def matter_edit(request: HttpRequest, matter_id: UUID) -> HttpResponse:
    """Change counsel and references; a stale save shows the other person's values and keeps the form."""
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id, for_write=True)
    initial = {
        "advocate": matter.advocate_id,
        "counsel_organization": matter.counsel_organization_id,
        "counsel_name": matter.counsel_name or "",
        "reference": matter.reference or "",
        "court_or_body": matter.court_or_body or "",
        "summary": matter.summary or "",
        "version": matter.version,
    }
    form = EditMatterForm(request.POST or None, user=user, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_matter(
                actor=user, matter=matter, details=form.details(), expected_version=form.cleaned_data["version"]
            )
        except EditConflict as exc:
            conflict = [(form.fields[name].label, _shown(value)) for name, value in exc.current.items()]
            matter.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(matter.version)
            form = EditMatterForm(data, user=user, initial=initial)
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Matter details saved."))
            return redirect("legal:matter", matter_id=matter.pk)
    return render(
        request,
        "legal/matter_edit.html",
        {"case": matter.case, "tab": "legal", "matter": matter, "form": form, "conflict": conflict},
    )


@sensitive_post_parameters("deadline-title")
@require_POST
def deadline_add(request: HttpRequest, matter_id: UUID) -> HttpResponse:
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id, for_write=True)
    form = DeadlineForm(request.POST, prefix="deadline")
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_add_deadline(
                actor=user,
                matter=matter,
                kind=data["kind"],
                title=data["title"],
                due_on=data["due_on"],
                reminder_offsets=data["reminder_offsets"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Deadline added."))
            return redirect("legal:matter", matter_id=matter.pk)
    return _matter_page(request, user, matter, deadline_form=form)


def _deadline(matter: LegalMatter, deadline_id: UUID) -> LegalDeadline:
    deadline = matter_selectors.deadline_of(matter, deadline_id)
    if deadline is None:
        raise Http404
    return deadline


@sensitive_post_parameters("title")
@require_http_methods(["GET", "POST"])
def deadline_edit(request: HttpRequest, matter_id: UUID, deadline_id: UUID) -> HttpResponse:
    """Move a deadline, rename it or change its reminders; a stale save shows what is saved now."""
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id, for_write=True)
    deadline = _deadline(matter, deadline_id)
    initial = {
        "title": deadline.title or "",
        "due_on": deadline.due_on,
        "reminder_offsets": ", ".join(str(n) for n in deadline.reminder_offsets),
        "version": deadline.version,
    }
    form = DeadlineEditForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_change_deadline(
                actor=user,
                deadline=deadline,
                due_on=data["due_on"],
                expected_version=data["version"],
                title=data["title"] or None,
                reminder_offsets=data["reminder_offsets"],
            )
        except EditConflict as exc:
            conflict = exc
            deadline.refresh_from_db()
            post = request.POST.copy()
            post["version"] = str(deadline.version)
            form = DeadlineEditForm(post, initial=initial)
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Deadline saved."))
            return redirect("legal:matter", matter_id=matter.pk)
    return render(
        request,
        "legal/deadline_edit.html",
        {
            "case": matter.case,
            "tab": "legal",
            "matter": matter,
            "deadline": deadline,
            "form": form,
            "conflict": conflict,
        },
    )


@require_POST
def deadline_done(request: HttpRequest, matter_id: UUID, deadline_id: UUID) -> HttpResponse:
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id, for_write=True)
    deadline = _deadline(matter, deadline_id)
    form = DeadlineDoneForm(request.POST)
    if not form.is_valid():
        return _matter_page(request, user, matter, done_error=(deadline.pk, _("Give the date it was done.")))
    try:
        actions.do_complete_deadline(
            actor=user, deadline=deadline, on=form.cleaned_data["on"], expected_version=form.cleaned_data["version"]
        )
    except EditConflict as exc:
        return _matter_page(request, user, matter, conflict=exc)
    except DomainError as exc:
        message = next(iter(exc.fields.get("on", [])), exc.message)
        return _matter_page(request, user, matter, done_error=(deadline.pk, message))
    messages.success(request, _("Deadline marked done."))
    return redirect("legal:matter", matter_id=matter.pk)


@sensitive_post_parameters("document-title")
@require_POST
def matter_document_add(request: HttpRequest, matter_id: UUID) -> HttpResponse:
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id, for_write=True)
    form = MatterDocumentForm(request.POST, request.FILES, prefix="document", user=user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_add_matter_document(
                actor=user,
                matter=matter,
                upload=data["file"],
                kind=data["kind"],
                confidentiality=data["confidentiality"],
                title=data["title"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Document added to the matter."))
            return redirect("legal:matter", matter_id=matter.pk)
    return _matter_page(request, user, matter, document_form=form)


@sensitive_post_parameters("note-body")
@require_POST
def matter_note_add(request: HttpRequest, matter_id: UUID) -> HttpResponse:
    user = request_user(request)
    matter = access_matter_by_id(user, matter_id, for_write=True)
    form = MatterNoteForm(request.POST, prefix="note", user=user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_add_matter_note(
                actor=user,
                matter=matter,
                body=data["body"],
                confidentiality=data["confidentiality"],
                kind=data["kind"],
                occurred_on=data["occurred_on"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Note added to the matter."))
            return redirect("legal:matter", matter_id=matter.pk)
    return _matter_page(request, user, matter, note_form=form)
