"""POST /survivors and POST /cases with an inline person: search before create, same agency only."""

from __future__ import annotations

from datetime import date

from conftest import login_client
from reclaim.cases.models import Case
from reclaim.core.models import AuditEvent
from reclaim.people.actions import do_create_survivor
from reclaim.people.models import Survivor


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_register_a_survivor_refuses_a_likely_duplicate_until_confirmed(personas, survivor_a):
    client = login_client(personas["case_manager"])
    body = {"given_name": "Marisol", "family_name": "Quintanila", "date_of_birth": "1996-04-17"}
    refused = _post(client, "/api/v1/survivors", body)
    assert refused.status_code == 400
    assert refused.json()["code"] == "survivors.possible_duplicates"
    assert "A-000001" in refused.json()["fields"]["confirmed_new_person"][0]
    assert Survivor.objects.count() == 1
    created = _post(client, "/api/v1/survivors", {**body, "confirmed_new_person": True})
    assert created.status_code == 201
    assert created.json()["reference"] == "P000002"
    survivor = Survivor.objects.get(pk=created.json()["id"])
    assert survivor.family_name == "Quintanila"
    assert AuditEvent.objects.filter(action="survivor.created", object_id=str(survivor.pk)).exists()
    # the person who registered them can read the record
    assert client.get(f"/api/v1/survivors/{survivor.pk}").status_code == 200


def test_only_a_name_near_several_different_names_is_refused_until_a_birth_date_tells_them_apart(agency, personas):
    # given two people whose family names are each one slip of the keyboard from "Tanro"
    for reference, family, born in [("A-000101", "Tanra", date(1990, 4, 2)), ("A-000102", "Danro", date(1971, 11, 23))]:
        do_create_survivor(
            actor=None, agency=agency, reference=reference, given_name="Jose", family_name=family, date_of_birth=born
        )
    client = login_client(personas["case_manager"])
    # when a client registers "Jose Tanro" with no birth date, then it is refused and neither record is named
    refused = _post(client, "/api/v1/survivors", {"given_name": "Jose", "family_name": "Tanro"})
    assert refused.status_code == 400
    assert refused.json()["code"] == "survivors.name_needs_date_of_birth"
    assert "date_of_birth" in refused.json()["fields"]
    assert "A-000101" not in refused.content.decode() and "A-000102" not in refused.content.decode()
    assert (
        _post(client, "/api/v1/survivors/duplicate-check", {"given_name": "Jose", "family_name": "Tanro"}).json() == []
    )
    # and an inline person of a new case is checked the same way
    case = _post(
        client,
        "/api/v1/cases",
        {"survivor": {"given_name": "Jose", "family_name": "Tanro"}, "identified_on": "2026-11-01"},
    )
    assert case.status_code == 400
    assert case.json()["code"] == "survivors.name_needs_date_of_birth"
    assert Survivor.objects.count() == 2
    # when the birth date is added, then the right record is named
    dated = _post(
        client, "/api/v1/survivors", {"given_name": "Jose", "family_name": "Tanro", "date_of_birth": "1990-04-02"}
    )
    assert dated.json()["code"] == "survivors.possible_duplicates"
    assert dated.json()["fields"]["confirmed_new_person"] == ["A-000101"]
    # and a caller sure it is someone new registers them as before
    created = _post(
        client, "/api/v1/survivors", {"given_name": "Jose", "family_name": "Tanro", "confirmed_new_person": True}
    )
    assert created.status_code == 201
    assert Survivor.objects.count() == 3


def test_a_duplicate_in_another_agency_is_never_hinted_at(personas, survivor_b):
    client = login_client(personas["case_manager"])
    response = _post(client, "/api/v1/survivors", {"given_name": "Teodora", "family_name": "Vasquez-Lindqvist"})
    assert response.status_code == 201
    assert "B-000001" not in response.content.decode()


def test_register_rejects_bad_input_and_foreign_teams(personas, other_team):
    client = login_client(personas["case_manager"])
    assert _post(client, "/api/v1/survivors", {"date_of_birth": "1996-13-01"}).status_code == 422
    assert _post(client, "/api/v1/survivors", {"gender": "Robot"}).status_code == 422
    assert _post(client, "/api/v1/survivors", {"nationality_class": "martian"}).status_code == 422
    foreign = _post(client, "/api/v1/survivors", {"team_id": str(other_team.pk), "confirmed_new_person": True})
    assert foreign.status_code == 400
    assert foreign.json()["code"] == "people.foreign_team"
    assert not Survivor.objects.exists()


def test_open_a_case_with_an_inline_person(personas):
    client = login_client(personas["case_manager"])
    response = _post(
        client,
        "/api/v1/cases",
        {
            "survivor": {
                "chosen_name": "Ana",
                "date_of_birth": "2010-05-05",
                "phone": "+1 555 123 4567",
                "nationality_class": "lpr",
            },
            "identified_on": "2026-11-01",
            "identification_source": "hotline",
        },
    )
    assert response.status_code == 201
    case = Case.objects.get(pk=response.json()["id"])
    assert case.survivor.chosen_name == "Ana"
    assert case.survivor.phone == "+1 555 123 4567"
    assert case.survivor.nationality_class == "lpr"
    assert client.get(f"/api/v1/survivors/{case.survivor_id}").json()["nationality_class"] == "lpr"
    assert case.age_band == "12-17"
    assert response.json()["age_band"] == "12-17"


def test_open_a_case_needs_exactly_one_way_to_name_the_person(personas, survivor_a):
    client = login_client(personas["case_manager"])
    neither = _post(client, "/api/v1/cases", {"identified_on": "2026-11-01"})
    assert neither.status_code == 400
    both = _post(client, "/api/v1/cases", {"survivor_id": str(survivor_a.pk), "survivor": {"given_name": "X"}})
    assert both.status_code == 400
    assert not Case.objects.exists()


def test_approvals_are_listed_for_case_readers(personas, survivor_a):
    client = login_client(personas["case_manager"])
    case_id = _post(client, "/api/v1/cases", {"survivor_id": str(survivor_a.pk)}).json()["id"]
    _post(client, f"/api/v1/cases/{case_id}/approvals", {"kind": "close", "close_reason": "relocated"})
    listed = login_client(personas["program_director"]).get(f"/api/v1/cases/{case_id}/approvals")
    assert listed.status_code == 200
    assert [(a["kind"], a["status"], a["close_reason"]) for a in listed.json()["items"]] == [
        ("close", "pending", "relocated")
    ]
    assert login_client(personas["other_agency_user"]).get(f"/api/v1/cases/{case_id}/approvals").status_code == 404
