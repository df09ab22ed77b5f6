"""Survivor list, search (POST), record view, and the survivor's family and contacts; every read goes through access.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.core.errors import EditConflict
from reclaim.people import access, relation_pages, selectors
from reclaim.people.actions import DETAIL_FIELDS, do_update_survivor_identity
from reclaim.people.forms import PersonDetailsForm, SurvivorSearchForm

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.core.http import AuthedHttpRequest
    from reclaim.people.models import Survivor


@sensitive_post_parameters("name", "date_of_birth")
@require_http_methods(["GET", "POST"])
def survivor_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_case_worker(user)
    form = SurvivorSearchForm(request.POST or None)
    survivors = selectors.survivor_list(user)
    searching = request.method == "POST"
    if searching and form.is_valid():
        survivors = selectors.search_survivors(user, **form.cleaned_data)
    elif searching:
        survivors = survivors.none()
    page = Paginator(survivors, 50).get_page(request.GET.get("page"))
    template = "people/survivor_list.html#results" if request.htmx else "people/survivor_list.html"
    return render(request, template, {"form": form, "page": page, "searching": searching})


ROUTES = {
    "list": "people:detail",
    "add": "people:relation_add",
    "edit": "people:relation_edit",
    "archive": "people:relation_archive",
    "safety": "people:contact_safety",
}


def _detail_context(user: User, survivor: Survivor, **extra: Any) -> dict[str, Any]:
    context = relation_pages.list_context(
        survivor, can_edit=access.can_edit_survivor(user, survivor), routes=ROUTES, owner_id=survivor.pk
    )
    context.setdefault("safety_form", relation_pages.contact_safety_form_for(survivor))
    context.update(extra)
    return context


def survivor_detail(request: HttpRequest, survivor_id: UUID) -> HttpResponse:
    user = request_user(request)
    survivor = access.access_survivor_by_id(user, survivor_id)
    return render(request, "people/survivor_detail.html", _detail_context(user, survivor))


def _render_form(
    request: HttpRequest, survivor: Survivor, form: Any, relation: Any, conflict: Any = None
) -> HttpResponse:
    return render(
        request,
        "people/relation_form.html",
        {
            "survivor": survivor,
            "form": form,
            "relation": relation,
            "conflict": conflict,
            "routes": ROUTES,
            "owner_id": survivor.pk,
        },
    )


@sensitive_post_parameters(*relation_pages.SENSITIVE_RELATION_POST)
@require_http_methods(["GET", "POST"])
def relation_add(request: HttpRequest, survivor_id: UUID) -> HttpResponse:
    user = request_user(request)
    survivor = access.access_survivor_by_id(user, survivor_id, for_write=True)
    if request.method != "POST":
        return _render_form(request, survivor, relation_pages.relation_form_for(None), None)
    outcome = relation_pages.save_relation(request, user=user, survivor=survivor, relation=None)
    if outcome.saved is None:
        return _render_form(request, survivor, outcome.form, None)
    messages.success(request, _("Person added."))
    return redirect("people:detail", survivor_id=survivor.pk)


@sensitive_post_parameters(*relation_pages.SENSITIVE_RELATION_POST)
@require_http_methods(["GET", "POST"])
def relation_edit(request: HttpRequest, survivor_id: UUID, relation_id: UUID) -> HttpResponse:
    user = request_user(request)
    survivor = access.access_survivor_by_id(user, survivor_id, for_write=True)
    relation = access.access_relation(survivor, relation_id)
    if request.method != "POST":
        return _render_form(request, survivor, relation_pages.relation_form_for(relation), relation)
    outcome = relation_pages.save_relation(request, user=user, survivor=survivor, relation=relation)
    if outcome.saved is None:
        return _render_form(request, survivor, outcome.form, relation, outcome.conflict)
    messages.success(request, _("Changes saved."))
    return redirect("people:detail", survivor_id=survivor.pk)


@require_POST
def relation_archive(request: HttpRequest, survivor_id: UUID, relation_id: UUID) -> HttpResponse:
    user = request_user(request)
    survivor = access.access_survivor_by_id(user, survivor_id, for_write=True)
    relation = access.access_relation(survivor, relation_id, include_archived=True)
    if relation_pages.archive_relation(request, user=user, relation=relation):
        messages.success(request, _("Removed from the list. The record is kept in the history."))
    else:
        messages.warning(request, _("Someone else changed this person's details just now. Check them, then try again."))
    return redirect("people:detail", survivor_id=survivor.pk)


@sensitive_post_parameters("safe_times")
@require_POST
def contact_safety(request: HttpRequest, survivor_id: UUID) -> HttpResponse:
    user = request_user(request)
    survivor = access.access_survivor_by_id(user, survivor_id, for_write=True)
    outcome = relation_pages.save_contact_safety(request, user=user, survivor=survivor)
    if outcome.saved is None:
        survivor.refresh_from_db()
        return render(
            request,
            "people/survivor_detail.html",
            _detail_context(user, survivor, safety_form=outcome.form, conflict=outcome.conflict),
        )
    messages.success(request, _("Contact safety saved."))
    return redirect("people:detail", survivor_id=survivor.pk)


def _back_to(request: HttpRequest) -> str:
    """Where the page returns to: the page that linked here (a path on this site only), or "" for the record."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


def _person_details_form(survivor: Survivor) -> PersonDetailsForm:
    initial: dict[str, Any] = {name: getattr(survivor, name) or "" for name in DETAIL_FIELDS}
    initial["date_of_birth"] = survivor.date_of_birth
    initial["version"] = survivor.version
    return PersonDetailsForm(initial=initial)


@sensitive_post_parameters("given_name", "family_name", "chosen_name", "date_of_birth", "pronouns")
@require_http_methods(["GET", "POST"])
def survivor_edit(request: HttpRequest, survivor_id: UUID) -> HttpResponse:
    """The one staff page for the person's own details after intake (tell once: other forms link here)."""
    user = request_user(request)
    survivor = access.access_survivor_by_id(user, survivor_id, for_write=True, purpose="person's details")
    back = _back_to(request)
    conflict: list[tuple[str, Any]] = []
    if request.method != "POST":
        form = _person_details_form(survivor)
    else:
        form = PersonDetailsForm(request.POST)
        if form.is_valid():
            try:
                do_update_survivor_identity(
                    actor=user,
                    survivor=survivor,
                    expected_version=form.cleaned_data["version"],
                    changes=form.changes(survivor),
                )
            except EditConflict as exc:
                # Their values are shown; what this user typed stays in the form, now on the current version.
                data = request.POST.copy()
                data["version"] = str(exc.current_version)
                form = PersonDetailsForm(data)
                form.is_valid()
                shown = {name: value for name, value in exc.current.items() if name in form.fields}
                conflict = relation_pages.conflict_rows(form, shown)
            else:
                messages.success(request, _("The person's details are saved."))
                if back:
                    return redirect(back)
                return redirect("people:detail", survivor_id=survivor.pk)
    status = 409 if conflict else 200
    context = {"survivor": survivor, "form": form, "conflict": conflict, "next": back}
    return render(request, "people/survivor_edit.html", context, status=status)
