"""CSRF on every state-changing form and API operation: a signed-in browser's POST (PUT, PATCH, DELETE) without a
token is refused with 403.

Generated from the permission matrix (every project route of the URL configuration, and every API write): each
route gets a POST from a persona that the matrix lets through (so a 403 here is the CSRF check, not the access gate),
with `enforce_csrf_checks` on, as a browser on another site would send it. Routes the matrix lists as GET get the POST
too: most serve their form's POST on the same URL, and a view marked csrf_exempt would answer it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, login_client
from tests.test_permission_matrix import API_MATRIX, MATRIX

# The only route that takes a POST without a token: the portal's quick-exit beacon (reclaim/portal/views/public.py),
# sent as the page is already gone, and able only to end the sender's own portal session.
EXEMPT = {"portal:quick_exit"}
STAFF_ORDER = [
    "case_manager",
    "supervisor",
    "program_director",
    "clinician",
    "legal_advocate",
    "agency_admin",
    "outreach_coordinator",
    "analyst",
    "volunteer",
    "partner_user",
    "other_agency_user",
    "other_agency_admin",
    "platform_operator",
]
BATCHES = 3


def _persona(table: dict[str, int]) -> str | None:
    """A persona the matrix lets past the gate: a survivor on portal routes, staff elsewhere, else anonymous."""
    order = ["survivor", "other_survivor", "anonymous"] if table["survivor"] != 404 else STAFF_ORDER
    for persona in order:
        if table[persona] not in (401, 403, 404):
            return persona
    return None


def _cases() -> list[tuple[str, Any, str]]:
    cases = [
        ("route", name, persona) for name, (_m, _u, table) in sorted(MATRIX.items()) if (persona := _persona(table))
    ]
    cases += [
        ("api", op, persona)
        for op, entry in sorted(API_MATRIX.items())
        if op[0] != "get" and (persona := _persona(entry[1])) and persona in STAFF_ORDER
    ]
    return cases


CASES = _cases()


def _without_token(user: Any) -> Client:
    client = login_client(user)
    client.handler.enforce_csrf_checks = True
    return client


def _send(kind: str, key: Any, user: Any, objects: dict[str, Any]) -> int:
    client = _without_token(user)
    if kind == "route":
        return client.post(MATRIX[key][1](objects), {"reason": "x"}).status_code
    entry = API_MATRIX[key]
    body = entry[2](objects) if len(entry) > 2 and entry[2] is not None else {}
    if len(entry) > 3 and entry[3] == "multipart":
        return getattr(client, key[0])(entry[0](objects), body).status_code
    return getattr(client, key[0])(entry[0](objects), body, content_type="application/json").status_code


def test_every_write_is_tried():
    # given the matrix; then every POST route and API write is among the cases
    routes = {key for kind, key, _p in CASES if kind == "route"}
    operations = {key for kind, key, _p in CASES if kind == "api"}
    assert {name for name, (method, _u, _t) in MATRIX.items() if method == "post"} <= routes
    assert {op for op in API_MATRIX if op[0] != "get"} - operations == set()
    assert len(routes) > 300


@pytest.mark.parametrize("batch", range(BATCHES))
def test_post_without_csrf_token_is_refused(batch, personas, objects):
    # given a persona that gets past each route's gate, in a browser that sends no CSRF token
    accepted = {}
    for kind, key, persona in CASES[batch::BATCHES]:
        # when it posts
        status = _send(kind, key, personas[persona], objects)
        # then the CSRF check refuses it, unless the route is the one exempt beacon
        if (status == 403) == (key in EXEMPT):
            accepted[f"{kind} {key} as {persona}"] = status
    assert accepted == {}


def test_the_token_is_what_the_check_wants(personas, objects):
    # given the same browser, this time with the CSRF token a page of ours would have given it
    client = _without_token(personas["case_manager"])
    client.get(reverse("home"))
    token = client.cookies["csrftoken"].value
    url = reverse("cases:note_add", args=[objects["case"].pk])
    # when it posts the same form with and without the token
    refused = client.post(url, {"body": "Called back."})
    accepted = client.post(url, {"body": "Called back.", "csrfmiddlewaretoken": token})
    # then only the token makes the difference
    assert refused.status_code == 403
    assert accepted.status_code != 403


@pytest.mark.parametrize("url_name", ["account_login", "account_reset_password"])
def test_sign_in_and_password_reset_need_the_token(url_name, personas):
    # given a browser on another site that posts a staff member's credentials to our sign-in (login CSRF)
    client = Client(enforce_csrf_checks=True)
    # when
    response = client.post(reverse(url_name), {"login": "case_manager@a.example", "password": PASSWORD, "email": "x"})
    # then
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_portal_sign_in_needs_the_token(personas, objects):
    # given the portal's sign-in form posted from another site
    client = Client(enforce_csrf_checks=True)
    # when
    response = client.post(reverse("portal:sign_in"), {"username": "matrix-survivor", "passphrase": "x"})
    # then
    assert response.status_code == 403
