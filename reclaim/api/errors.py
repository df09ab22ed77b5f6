"""Django's 404 handler: the API keeps its JSON error body even for URLs that match no route."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.defaults import page_not_found

from reclaim.outreach.training_gate import case_data_blocked


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "message": "Not found.", "fields": {}}, status=404)
    if request.path.startswith("/portal/"):
        from reclaim.portal.http import render_portal

        return render_portal(request, "portal/404.html", status=404)
    if case_data_blocked(request.user):  # say why, instead of a bare "not found" (cached: no extra query)
        return render(request, "outreach/training_blocked_404.html", status=404)
    return page_not_found(request, exception)
