"""Case notes (list, add, edit with a conflict screen, strike out) and the case's full timeline.

Every read goes through `access_notes_for_case` / `access_note_by_id` / `timeline_for_case`, which apply
the one confidentiality rule: clinical notes to clinicians, legal notes to the legal team and to whoever
they granted access on that case (reading only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.cases import access, actions, selectors
from reclaim.cases.forms import NoteEditForm, NoteForm, NoteStrikeForm, TimelineFilterForm
from reclaim.cases.models import NoteConfidentiality
from reclaim.cases.state import CaseStatus
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.core.memo import shared_reads

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, CaseNote

PAGE_SIZE = 50


def timeline_labels() -> dict[str, Any]:
    """What the timeline partial needs to name stages and note levels (ids and codes are all events carry)."""
    return {"stage_choices": CaseStatus.choices, "confidentiality_choices": NoteConfidentiality.choices}


def _notes_context(request: HttpRequest, user: User, case: Case, form: NoteForm) -> dict[str, Any]:
    page = Paginator(access.access_notes_for_case(user, case), PAGE_SIZE).get_page(request.GET.get("page"))
    levels = selectors.note_levels_on_case(user, case)
    return {
        "case": case,
        "tab": "notes",
        "page": page,
        "form": form,
        "can_edit": access.can_edit_case(user, case),
        "editable": {note.pk for note in page.object_list if access.can_edit_note(user, note)},
        "levels": levels,
        # read through a legal-access grant on this case: reading only, never writing legal notes
        "legal_by_grant": NoteConfidentiality.LEGAL in levels
        and NoteConfidentiality.LEGAL not in selectors.note_levels_for(user),
    }


def case_notes(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id)
    return render(request, "cases/case_notes.html", _notes_context(request, user, case, NoteForm(user=user)))


@sensitive_post_parameters("body")
@require_POST
def case_note_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    form = NoteForm(request.POST, user=user)
    if form.is_valid():
        try:
            actions.do_add_note(actor=user, case=case, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Note saved."))
            return redirect("cases:notes", case_id=case.pk)
    return render(request, "cases/case_notes.html", _notes_context(request, user, case, form))


def _fresh(user: User, case: Case, note: CaseNote) -> CaseNote:
    """The note as saved now, read through the same visibility rule."""
    return selectors.notes_for_case(user, case).get(pk=note.pk)


@sensitive_post_parameters("body")
@require_http_methods(["GET", "POST"])
def case_note_edit(request: HttpRequest, case_id: UUID, note_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    note = access.access_note_by_id(user, case, note_id, for_write=True)
    if note.is_struck:
        messages.error(request, _("This note is struck out and cannot be edited."))
        return redirect("cases:notes", case_id=case.pk)
    conflict = False
    if request.method == "POST":
        form = NoteEditForm(request.POST)
        if form.is_valid():
            try:
                actions.do_edit_note(
                    actor=user,
                    note=note,
                    expected_version=form.cleaned_data["version"],
                    body=form.cleaned_data["body"],
                    kind=form.cleaned_data["kind"],
                    occurred_on=form.cleaned_data["occurred_on"],
                )
            except EditConflict:
                # Keep what they typed, show what is saved now, and let a second save work on the new version.
                note = _fresh(user, case, note)
                data = request.POST.copy()
                data["version"] = str(note.version)
                form, conflict = NoteEditForm(data), True
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("Note updated."))
                return redirect("cases:notes", case_id=case.pk)
    else:
        form = NoteEditForm(
            initial={"kind": note.kind, "occurred_on": note.occurred_on, "body": note.body, "version": note.version}
        )
    return render(
        request,
        "cases/case_note_edit.html",
        {"case": case, "tab": "notes", "note": note, "form": form, "conflict": conflict},
    )


@sensitive_post_parameters("reason")
@require_http_methods(["GET", "POST"])
def case_note_strike(request: HttpRequest, case_id: UUID, note_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    note = access.access_note_by_id(user, case, note_id, for_write=True)
    if note.is_struck:
        messages.info(request, _("This note is already struck out."))
        return redirect("cases:notes", case_id=case.pk)
    conflict = False
    form = NoteStrikeForm(request.POST or None, initial={"version": note.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_strike_note(
                actor=user, note=note, expected_version=form.cleaned_data["version"], reason=form.cleaned_data["reason"]
            )
        except EditConflict:
            note = _fresh(user, case, note)
            data = request.POST.copy()
            data["version"] = str(note.version)
            form, conflict = NoteStrikeForm(data), True
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Note struck out. It stays on the case with your reason."))
            return redirect("cases:notes", case_id=case.pk)
    return render(
        request,
        "cases/case_note_strike.html",
        {"case": case, "tab": "notes", "note": note, "form": form, "conflict": conflict},
    )


def case_timeline(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    with shared_reads(user):  # the gate and the timeline's re-check of it start from one cases_for_user
        case = access.access_case_by_id(user, case_id)
        form = TimelineFilterForm(request.GET or None)
        filters = selectors.TimelineFilters()
        if form.is_bound and form.is_valid():
            filters = selectors.TimelineFilters(**form.cleaned_data)
        events = selectors.timeline_for_case(user, case, filters)
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {"case": case, "tab": "timeline", "form": form, "page": page, "query": query.urlencode()}
        return render(request, "cases/case_timeline.html", {**context, **timeline_labels()})
