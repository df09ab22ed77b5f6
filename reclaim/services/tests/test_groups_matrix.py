"""The "facilitator volunteer" persona: the `volunteer` made a facilitator of the matrix group reaches the
group, its sessions and the attendance sheet (page and API), and nothing of the cases or the management."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.services.tests.groups_support import group_objects, make_facilitator

pytestmark = pytest.mark.django_db

# route or API path -> (method, url builder, expected status for the facilitator volunteer, body)
FACILITATOR_VOLUNTEER: dict[str, tuple[str, Any, int, Any]] = {
    "services:group_list": ("get", lambda o: reverse("services:group_list"), 200, None),
    "services:group_create": ("get", lambda o: reverse("services:group_create"), 403, None),
    "services:group_detail": ("get", lambda o: reverse("services:group_detail", args=[o["group"].pk]), 200, None),
    "services:group_edit": ("get", lambda o: reverse("services:group_edit", args=[o["group"].pk]), 403, None),
    "services:group_sessions": ("get", lambda o: reverse("services:group_sessions", args=[o["group"].pk]), 200, None),
    "services:group_generate_sessions": (
        "post",
        lambda o: reverse("services:group_generate_sessions", args=[o["group"].pk]),
        403,
        None,
    ),
    "services:group_add_session": (
        "post",
        lambda o: reverse("services:group_add_session", args=[o["group"].pk]),
        403,
        None,
    ),
    "services:group_session_cancel": (
        "post",
        lambda o: reverse("services:group_session_cancel", args=[o["group"].pk, o["group_session"].pk]),
        403,
        None,
    ),
    "services:group_attendance": (
        "get",
        lambda o: reverse("services:group_attendance", args=[o["group"].pk, o["group_session"].pk]),
        200,
        None,
    ),
    "services:group_attendance (save)": (
        "post",
        lambda o: reverse("services:group_attendance", args=[o["group"].pk, o["group_session"].pk]),
        302,
        {},
    ),
    "services:group_enrol": ("post", lambda o: reverse("services:group_enrol", args=[o["group"].pk]), 403, None),
    "services:group_leave": (
        "get",
        lambda o: reverse("services:group_leave", args=[o["group"].pk, o["group_enrolment"].pk]),
        403,
        None,
    ),
    "services:group_complete": (
        "post",
        lambda o: reverse("services:group_complete", args=[o["group"].pk, o["group_enrolment"].pk]),
        403,
        None,
    ),
    "services:group_certificate": (
        "get",
        lambda o: reverse("services:group_certificate", args=[o["group"].pk, o["group_enrolment"].pk]),
        404,
        None,
    ),
    "services:group_certificate_issue": (
        "post",
        lambda o: reverse("services:group_certificate_issue", args=[o["group"].pk, o["group_enrolment"].pk]),
        403,
        None,
    ),
    "cases:detail": ("get", lambda o: reverse("cases:detail", args=[o["case"].pk]), 404, None),
    "cases:timeline": ("get", lambda o: reverse("cases:timeline", args=[o["case"].pk]), 404, None),
    "GET /api/v1/groups": ("get", lambda o: "/api/v1/groups", 200, None),
    "POST /api/v1/groups": ("post", lambda o: "/api/v1/groups", 403, {"name": "x", "starts_on": "2026-01-05"}),
    "GET /api/v1/groups/{id}": ("get", lambda o: f"/api/v1/groups/{o['group'].pk}", 200, None),
    "PUT /api/v1/groups/{id}": (
        "put",
        lambda o: f"/api/v1/groups/{o['group'].pk}",
        403,
        {"name": "x", "starts_on": "2026-01-05", "version": 1},
    ),
    "GET sessions": ("get", lambda o: f"/api/v1/groups/{o['group'].pk}/sessions", 200, None),
    "POST sessions/plan": (
        "post",
        lambda o: f"/api/v1/groups/{o['group'].pk}/sessions/plan",
        403,
        {"weekdays": [1], "start_time": "10:00", "count": 2},
    ),
    "POST enrolments": ("post", lambda o: f"/api/v1/groups/{o['group'].pk}/enrolments", 403, {"case_number": "x"}),
    "POST leave": (
        "post",
        lambda o: f"/api/v1/groups/{o['group'].pk}/enrolments/{o['group_enrolment'].pk}/leave",
        403,
        {"reason": "moved", "version": 1},
    ),
    "GET attendance": (
        "get",
        lambda o: f"/api/v1/groups/{o['group'].pk}/sessions/{o['group_session'].pk}/attendance",
        200,
        None,
    ),
    "PUT attendance": (
        "put",
        lambda o: f"/api/v1/groups/{o['group'].pk}/sessions/{o['group_session'].pk}/attendance",
        200,
        {"marks": []},
    ),
    "GET /api/v1/cases/{id}": ("get", lambda o: f"/api/v1/cases/{o['case'].pk}", 404, None),
}


@pytest.fixture
def objects(personas, agency, survivor_a) -> dict[str, Any]:
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    found = {"case": case, **group_objects(personas, agency, case)}
    make_facilitator(found["group"], personas["volunteer"])
    return found


def test_the_facilitator_volunteer_persona(personas, objects):
    client = login_client(personas["volunteer"])
    failures = {}
    for name, (method, build_url, expected, body) in FACILITATOR_VOLUNTEER.items():
        url = build_url(objects)
        if body is None:
            response = getattr(client, method)(url)
        elif url.startswith("/api/"):
            response = getattr(client, method)(url, body, content_type="application/json")
        else:
            response = getattr(client, method)(url, body)
        if response.status_code != expected:
            failures[name] = (expected, response.status_code)
    assert failures == {}


def test_every_group_route_has_a_facilitator_expectation():
    from reclaim.services.urls import urlpatterns

    group_routes = {f"services:{p.name}" for p in urlpatterns if p.name and p.name.startswith("group_")}
    assert group_routes
    assert group_routes <= set(FACILITATOR_VOLUNTEER)
