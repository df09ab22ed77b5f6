"""PUT /cases/{id}/assignment: the case page's "Assign" form through the API (same picker, gate and action)."""

from __future__ import annotations

from typing import Any

from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment


def _put(client, url, body):
    return client.put(url, body, content_type="application/json")


def _case(personas, survivor_a):
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=None)


def test_set_lead_worker_and_team_then_clear_them(personas, survivor_a, team, client_as):
    # given a case led by the case manager who opened it
    case = _case(personas, survivor_a)
    url = f"/api/v1/cases/{case.pk}/assignment"
    clinician = personas["clinician"]
    # when the supervisor assigns the clinician as lead worker, in the team
    response = _put(
        client_as("supervisor"),
        url,
        {"version": case.version, "lead_worker_id": str(clinician.pk), "team_id": str(team.pk)},
    )
    # then the case carries both, the version moved on, and the clinician works the case
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["lead_worker_id"], body["team_id"], body["version"]) == (str(clinician.pk), str(team.pk), 2)
    assert CaseAssignment.objects.filter(case=case, user=clinician).exists()
    # and the timeline says so
    timeline = client_as("supervisor").get(f"/api/v1/cases/{case.pk}/timeline").json()["items"]
    assert timeline[0]["type"] == "assigned"
    # when both are cleared with nulls
    cleared = _put(client_as("supervisor"), url, {"version": 2, "lead_worker_id": None, "team_id": None})
    assert cleared.status_code == 200
    assert (cleared.json()["lead_worker_id"], cleared.json()["team_id"]) == (None, None)


def test_stale_version_is_409_and_changes_nothing(personas, survivor_a, client_as):
    case = _case(personas, survivor_a)
    body = {"version": case.version + 5, "lead_worker_id": str(personas["clinician"].pk), "team_id": None}
    response = _put(client_as("case_manager"), f"/api/v1/cases/{case.pk}/assignment", body)
    assert response.status_code == 409
    assert response.json()["code"] == "edit_conflict"
    case.refresh_from_db()
    assert case.lead_worker_id == personas["case_manager"].pk  # the opener, as before


def test_someone_outside_the_picker_is_refused_and_nothing_saved(personas, survivor_a, other_team, client_as):
    case = _case(personas, survivor_a)
    team_before = case.team_id
    url = f"/api/v1/cases/{case.pk}/assignment"
    client = client_as("case_manager")
    refused: list[tuple[dict[str, Any], int, str]] = [
        # another agency's worker, and an analyst of ours (not a case worker): not in the picker
        ({"lead_worker_id": str(personas["other_agency_user"].pk), "team_id": None}, 400, "lead_worker_id"),
        ({"lead_worker_id": str(personas["analyst"].pk), "team_id": None}, 400, "lead_worker_id"),
        ({"lead_worker_id": None, "team_id": str(other_team.pk)}, 400, "team_id"),
        ({"lead_worker_id": "not-a-uuid", "team_id": None}, 422, "lead_worker_id"),
        ({"team_id": None}, 422, "lead_worker_id"),  # both keys are required: a missing one never clears
    ]
    for values, status, field in refused:
        response = _put(client, url, {"version": case.version, **values})
        assert response.status_code == status, (values, response.content)
        assert field in response.json()["fields"], response.json()
    case.refresh_from_db()
    assert (case.lead_worker_id, case.team_id, case.version) == (personas["case_manager"].pk, team_before, 1)
    assert not CaseAssignment.objects.filter(case=case, user=personas["analyst"]).exists()


def test_readers_get_403_and_other_agencies_404(personas, survivor_a, client_as):
    case = _case(personas, survivor_a)
    url = f"/api/v1/cases/{case.pk}/assignment"
    body = {"version": case.version, "lead_worker_id": str(personas["supervisor"].pk), "team_id": None}
    assert _put(client_as("program_director"), url, body).status_code == 403
    assert _put(client_as("other_agency_user"), url, body).status_code == 404
    assert _put(client_as("analyst"), url, body).status_code == 404
    case.refresh_from_db()
    assert (case.lead_worker_id, case.version) == (personas["case_manager"].pk, 1)
