from __future__ import annotations

from datetime import date

from conftest import login_client
from reclaim.people.actions import do_create_survivor


def test_duplicate_check_returns_candidates_with_reasons(personas, survivor_a):
    client = login_client(personas["case_manager"])
    response = client.post(
        "/api/v1/survivors/duplicate-check",
        {"given_name": "Marisol", "family_name": "Quintanila", "date_of_birth": "1996-04-17"},
        content_type="application/json",
    )
    assert response.status_code == 200
    [candidate] = response.json()
    assert candidate["survivor_id"] == str(survivor_a.pk)
    assert "same date of birth" in candidate["reasons"]
    assert candidate["given_name"] == "Marisol"


def test_candidates_outside_the_callers_caseload_carry_no_identity(personas, agency):
    hidden = do_create_survivor(
        actor=None,
        agency=agency,
        reference="H-1",
        given_name="Rosalind",
        family_name="Achterberg",
        date_of_birth=date(1988, 5, 5),
    )
    client = login_client(personas["case_manager"])
    [candidate] = client.post(
        "/api/v1/survivors/duplicate-check",
        {"given_name": "Rosalind", "family_name": "Achterberg", "date_of_birth": "1988-05-05"},
        content_type="application/json",
    ).json()
    assert candidate["survivor_id"] == str(hidden.pk)
    assert candidate["may_open"] is False
    assert candidate["given_name"] is None


def test_duplicate_check_never_reveals_other_agencies(personas, survivor_b):
    client = login_client(personas["case_manager"])
    response = client.post(
        "/api/v1/survivors/duplicate-check",
        {"given_name": "Teodora", "family_name": "Vasquez-Lindqvist", "date_of_birth": "2001-09-03"},
        content_type="application/json",
    )
    assert response.json() == []
