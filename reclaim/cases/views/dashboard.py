"""The signed-in home page: accounts' panels plus, for casework roles, urgent needs not yet resolved.

It lives in cases because accounts may not import cases (dependencies run accounts -> people -> cases)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render
from django.utils import timezone

from reclaim.accounts.views import home_context
from reclaim.cases import selectors
from reclaim.cases.views.case import _user

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = home_context(user)
    context["urgent_cases"] = selectors.urgent_needs_for_user(user) if context["caps"].works_cases else []
    context["now"] = timezone.now()
    return render(request, "cases/home.html", context)
