"""The case file's "Family and contacts" tab: the survivor's relations (they belong to the person, not
this case) with who must not be contacted shown first, plus the survivor's own safe channel and times."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.cases import access
from reclaim.people import relation_pages
from reclaim.people.access import access_relation

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.cases.models import Case

ROUTES = {
    "list": "cases:family",
    "add": "cases:relation_add",
    "edit": "cases:relation_edit",
    "archive": "cases:relation_archive",
    "safety": "cases:contact_safety",
}


def _tab_context(request: HttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    user = request_user(request)
    survivor = case.survivor
    context = relation_pages.list_context(
        survivor, can_edit=access.can_edit_case(user, case), routes=ROUTES, owner_id=case.pk
    )
    context.update({"case": case, "tab": "family"})
    context.setdefault("safety_form", relation_pages.contact_safety_form_for(survivor))
    context.update(extra)
    return context


def family(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = access.access_case_by_id(request_user(request), case_id)
    return render(request, "cases/family.html", _tab_context(request, case))


def _render_form(request: HttpRequest, case: Case, form: Any, relation: Any, conflict: Any = None) -> HttpResponse:
    return render(
        request,
        "cases/relation_form.html",
        {
            "case": case,
            "survivor": case.survivor,
            "tab": "family",
            "form": form,
            "relation": relation,
            "conflict": conflict,
            "routes": ROUTES,
            "owner_id": case.pk,
        },
    )


@sensitive_post_parameters(*relation_pages.SENSITIVE_RELATION_POST)
@require_http_methods(["GET", "POST"])
def relation_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    if request.method != "POST":
        return _render_form(request, case, relation_pages.relation_form_for(None), None)
    outcome = relation_pages.save_relation(request, user=user, survivor=case.survivor, relation=None)
    if outcome.saved is None:
        return _render_form(request, case, outcome.form, None)
    messages.success(request, _("Person added."))
    return redirect("cases:family", case_id=case.pk)


@sensitive_post_parameters(*relation_pages.SENSITIVE_RELATION_POST)
@require_http_methods(["GET", "POST"])
def relation_edit(request: HttpRequest, case_id: UUID, relation_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    relation = access_relation(case.survivor, relation_id)
    if request.method != "POST":
        return _render_form(request, case, relation_pages.relation_form_for(relation), relation)
    outcome = relation_pages.save_relation(request, user=user, survivor=case.survivor, relation=relation)
    if outcome.saved is None:
        return _render_form(request, case, outcome.form, relation, outcome.conflict)
    messages.success(request, _("Changes saved."))
    return redirect("cases:family", case_id=case.pk)


@require_POST
def relation_archive(request: HttpRequest, case_id: UUID, relation_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    relation = access_relation(case.survivor, relation_id, include_archived=True)
    if relation_pages.archive_relation(request, user=user, relation=relation):
        messages.success(request, _("Removed from the list. The record is kept in the history."))
    else:
        messages.warning(request, _("Someone else changed this person's details just now. Check them, then try again."))
    return redirect("cases:family", case_id=case.pk)


@sensitive_post_parameters("safe_times")
@require_POST
def contact_safety(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    outcome = relation_pages.save_contact_safety(request, user=user, survivor=case.survivor)
    if outcome.saved is None:
        case.survivor.refresh_from_db()
        return render(
            request,
            "cases/family.html",
            _tab_context(request, case, safety_form=outcome.form, conflict=outcome.conflict),
        )
    messages.success(request, _("Contact safety saved."))
    return redirect("cases:family", case_id=case.pk)
