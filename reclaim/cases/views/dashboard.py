"""The signed-in home page: accounts' panels plus, for casework roles, urgent needs not yet resolved, plus
the panels that domains built on cases register in reclaim/cases/panels.py (e.g. assessment alerts).

It lives in cases because accounts may not import cases (dependencies run accounts -> people -> cases)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render
from django.utils import timezone

from reclaim.accounts.http import request_user
from reclaim.accounts.views import home_context
from reclaim.cases import selectors
from reclaim.cases.panels import home_panels
from reclaim.core.memo import shared_reads

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    # the panels and the task counts ask for some of the same lists (urgent needs, alerts, deadlines,
    # check-ins): each is read once for this page
    with shared_reads(user):
        context = home_context(user)
        context["urgent_cases"] = selectors.urgent_needs_for_user(user) if context["caps"].works_cases else []
        context["extra_panels"] = home_panels(user)
        context["now"] = timezone.now()
        return render(request, "cases/home.html", context)
