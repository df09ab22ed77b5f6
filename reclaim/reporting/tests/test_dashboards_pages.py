"""Dashboards by role: who sees which board, suppression for analysts, CSV equal to the table, API equal to the
page, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reclaim.cases.actions import do_open_case, do_request_approval

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(personas, survivor_a):
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, urgent_needs=["safe_accommodation"])


@pytest.mark.parametrize(
    ("persona", "board", "status"),
    [
        ("case_manager", "caseload", 200),
        ("clinician", "caseload", 200),
        ("legal_advocate", "caseload", 200),
        ("supervisor", "caseload", 200),
        ("supervisor", "team", 200),
        ("program_director", "team", 200),
        ("program_director", "program", 200),
        ("analyst", "program", 200),
        ("agency_admin", "program", 200),
        ("case_manager", "team", 403),
        ("case_manager", "program", 403),
        ("supervisor", "program", 403),
        ("analyst", "caseload", 403),
        ("volunteer", "caseload", 403),
        ("volunteer", "program", 403),
        ("outreach_coordinator", "caseload", 403),
        ("partner_user", "team", 403),
        ("partner_user", "program", 403),
    ],
)
def test_who_sees_which_board(client_as, case, persona, board, status):
    response = client_as(persona).get(reverse(f"reporting:dashboard_{board}"))
    assert response.status_code == status
    api = client_as(persona).get(f"/api/v1/dashboards/{board}")
    assert api.status_code == status


def test_caseload_counts_my_cases_and_links(client_as, case):
    response = client_as("case_manager").get(reverse("reporting:dashboard_caseload"))
    body = response.content.decode()
    assert 'role="img"' in body
    assert "Marisol" not in body and "Quintanilla" not in body
    data = client_as("case_manager").get("/api/v1/dashboards/caseload").json()
    stages = next(f for f in data["figures"] if f["code"] == "stages")
    identified = next(r for r in stages["rows"] if r["label"] == "Identified")
    assert identified["values"] == [1]
    attention = next(f for f in data["figures"] if f["code"] == "attention")
    urgent = attention["rows"][0]
    assert urgent["values"] == [1]
    assert urgent["url"] in body.replace("&amp;", "&")


def test_team_queue_counts_what_waits_on_the_supervisor(client_as, personas, case):
    # given the case manager asked for the case to be closed
    do_request_approval(actor=personas["case_manager"], case=case, kind="close", close_reason="goals_met")
    # when the supervisor opens the team board
    data = client_as("supervisor").get("/api/v1/dashboards/team").json()
    # then the approval is counted, and nothing else waits
    queue = next(f for f in data["figures"] if f["code"] == "queue")
    values = {row["label"]: row["values"] for row in queue["rows"]}
    assert values["Approvals waiting"] == [1]
    assert values["Plan reviews waiting for sign-off"] == [0]
    assert values["Referrals past their acknowledgement deadline"] == [0]
