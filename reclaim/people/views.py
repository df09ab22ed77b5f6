"""Survivor list, search (POST) and record view; every read goes through access.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from reclaim.accounts.models import User
from reclaim.people import access, selectors
from reclaim.people.forms import SurvivorSearchForm

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.core.http import AuthedHttpRequest


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 — LoginRequiredMiddleware guarantees it
    return user


@sensitive_post_parameters("name", "date_of_birth")
@require_http_methods(["GET", "POST"])
def survivor_list(request: AuthedHttpRequest) -> HttpResponse:
    user = _user(request)
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


def survivor_detail(request: HttpRequest, survivor_id: UUID) -> HttpResponse:
    user = _user(request)
    survivor = access.access_survivor_by_id(user, survivor_id)
    return render(
        request,
        "people/survivor_detail.html",
        {"survivor": survivor, "can_edit": access.can_edit_survivor(user, survivor)},
    )
