"""The private calendar feed: a settings page to create, change or turn off one's feed address, and the
feed itself, which needs no sign-in (calendar apps cannot sign in) but only answers to a live token."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.scheduling import access, actions, ical, selectors
from reclaim.scheduling.forms import FeedForm

if TYPE_CHECKING:
    from django.http import HttpRequest


@require_http_methods(["GET", "POST"])
def feed_settings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_calendar(user)
    token = selectors.live_feed_token(user)
    form = FeedForm(request.POST or None, initial={"include_places": token.include_places if token else False})
    feed_url = None
    if request.method == "POST" and form.is_valid():
        include_places = form.cleaned_data["include_places"]
        if request.POST.get("action") == "save" and token is not None:
            actions.do_set_feed_places(actor=user, include_places=include_places)
            messages.success(request, _("Calendar feed settings saved."))
            return redirect("scheduling:feed_settings")
        token, secret = actions.do_create_feed_token(actor=user, include_places=include_places)
        feed_url = request.build_absolute_uri(reverse("scheduling:ical_feed", args=[secret]))
    return render(request, "scheduling/feed_settings.html", {"token": token, "form": form, "feed_url": feed_url})


@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_calendar(user)
    if actions.do_revoke_feed_token(actor=user):
        messages.success(request, _("Calendar feed turned off. Its address no longer works."))
    return redirect("scheduling:feed_settings")


@login_not_required
@require_GET
def ical_feed(request: HttpRequest, secret: str) -> HttpResponse:
    token = access.access_feed_by_secret(secret)
    now = timezone.now()
    actions.note_feed_used(token, now)
    response = HttpResponse(ical.feed_bytes(token, now), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="appointments.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
