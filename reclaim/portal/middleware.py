"""Keep a survivor's session inside the portal: every other route answers 404 to it (DOMAIN.md §13).

A portal session is not a staff sign-in, so staff pages would only send it to the staff login page; this
makes the answer the same as for a page that does not exist, for pages and the API alike. It also switches
the language to the survivor's own choice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.http import Http404
from django.utils import translation

from reclaim.portal import auth

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse

PORTAL_PREFIX = "/portal/"


class PortalSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if auth.has_portal_session(request):
            if not (request.path.startswith(PORTAL_PREFIX) or request.path.startswith(settings.STATIC_URL)):
                raise Http404
            account = auth.current_account(request)
            if account is not None and account.language:
                translation.activate(account.language)
                request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
