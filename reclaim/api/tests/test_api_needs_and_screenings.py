"""API: intake with indicators and urgent needs, the needs checklist (GET, PATCH with version), screenings."""

from __future__ import annotations

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import Case, ImmediateNeed, Screening, StatusDetermination
from reclaim.core.models import AuditEvent


def _send(client, method, url, body):
    return getattr(client, method)(url, body, content_type="application/json")


def test_open_a_case_with_indicators_and_urgent_needs(personas, survivor_a):
    client = login_client(personas["case_manager"])
    created = _send(
        client,
        "post",
        "/api/v1/cases",
        {
            "survivor_id": str(survivor_a.pk),
            "indicators": ["debt", "threats"],
            "screening_tool": "hhs_ahtst",
            "urgent_needs": ["safety"],
        },
    )
    assert created.status_code == 201
    case = Case.objects.get(pk=created.json()["id"])
    assert set(Screening.objects.get(case=case).indicators.values_list("code", flat=True)) == {"debt", "threats"}
    needs = client.get(f"/api/v1/cases/{case.pk}/needs").json()["items"]
    assert next(n["need"] for n in needs) == "safety"
    assert len(needs) == 7
    assert [n["need"] for n in needs if n["urgent"]] == ["safety"]
    assert {n["status"] for n in needs} == {"unmet"}


def test_open_a_case_with_an_unknown_indicator_is_422_and_saves_nothing(personas, survivor_a):
    client = login_client(personas["case_manager"])
    response = _send(
        client, "post", "/api/v1/cases", {"survivor_id": str(survivor_a.pk), "indicators": ["debt", "vibes"]}
    )
    assert response.status_code == 422
    assert "vibes" not in response.content.decode()
    assert not Case.objects.exists()


def test_patch_a_need_resolves_it_and_a_stale_version_is_409(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, urgent_needs=["medical_care"])
    need = case.needs.get(need="medical_care")
    client = login_client(personas["case_manager"])
    url = f"/api/v1/cases/{case.pk}/needs/{need.pk}"
    # when the need is met and handed to the supervisor
    done = _send(client, "patch", url, {"version": 1, "status": "met", "handled_by_id": str(personas["supervisor"].pk)})
    # then it is resolved with a resolution time, urgency kept since it was not sent
    assert done.status_code == 200
    body = done.json()
    assert (body["status"], body["urgent"], body["version"]) == ("met", True, 2)
    assert body["resolved_at"] is not None
    assert body["time_to_resolution_seconds"] >= 0
    assert body["handled_by_id"] == str(personas["supervisor"].pk)
    # a second save from version 1 is a conflict and changes nothing
    stale = _send(client, "patch", url, {"version": 1, "status": "unmet"})
    assert stale.status_code == 409
    assert stale.json()["code"] == "edit_conflict"
    need.refresh_from_db()
    assert (need.status, need.version) == ("met", 2)


def test_patch_with_a_bad_status_or_foreign_worker_saves_nothing(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    need = case.needs.get(need="safety")
    client = login_client(personas["case_manager"])
    url = f"/api/v1/cases/{case.pk}/needs/{need.pk}"
    bad = _send(client, "patch", url, {"version": 1, "status": "done"})
    assert bad.status_code == 422
    assert "status" in bad.json()["fields"]
    foreign = _send(client, "patch", url, {"version": 1, "handled_by_id": str(personas["other_agency_user"].pk)})
    assert foreign.status_code == 400
    assert foreign.json()["code"] == "cases.foreign_worker"
    need.refresh_from_db()
    assert (need.status, need.version, need.handled_by_id) == ("unmet", 1, None)


def test_needs_are_not_found_across_agencies_and_reads_are_audited(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    need = case.needs.get(need="safety")
    outsider = login_client(personas["other_agency_user"])
    assert outsider.get(f"/api/v1/cases/{case.pk}/needs").status_code == 404
    assert _send(outsider, "patch", f"/api/v1/cases/{case.pk}/needs/{need.pk}", {"version": 1}).status_code == 404
    assert ImmediateNeed.objects.get(pk=need.pk).version == 1
    login_client(personas["supervisor"]).get(f"/api/v1/cases/{case.pk}/needs")
    assert AuditEvent.objects.filter(
        action="case.read", object_id=str(case.pk), actor_id=personas["supervisor"].pk
    ).exists()


def test_record_and_list_screenings(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    client = login_client(personas["case_manager"])
    created = _send(
        client,
        "post",
        f"/api/v1/cases/{case.pk}/screenings",
        {
            "screened_on": "2026-06-01",
            "tool": "tvit_long",
            "indicators": ["isolation", "substances"],
            "trafficking_status": "PossibleVictimOfTrafficking",
            "decided_by": "NGO",
        },
    )
    assert created.status_code == 201
    body = created.json()
    assert sorted(body["indicators"]) == ["isolation", "substances"]
    assert body["determination_id"] == str(StatusDetermination.objects.get(case=case).pk)
    listed = client.get(f"/api/v1/cases/{case.pk}/screenings").json()["items"]
    assert [s["id"] for s in listed] == [body["id"]]
    assert listed[0]["trafficking_status"] == "PossibleVictimOfTrafficking"


def test_recording_a_screening_with_unknown_codes_is_422_and_saves_nothing(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    client = login_client(personas["case_manager"])
    response = _send(client, "post", f"/api/v1/cases/{case.pk}/screenings", {"indicators": ["nope"], "tool": "x"})
    assert response.status_code == 422
    assert {"indicators.0", "tool"} <= set(response.json()["fields"])
    assert not Screening.objects.exists()
    reader = login_client(personas["program_director"])
    assert _send(reader, "post", f"/api/v1/cases/{case.pk}/screenings", {}).status_code == 403


def test_needs_and_screenings_lists_keep_a_flat_query_count(personas, survivor_a, assert_max_queries):
    from reclaim.cases.actions import do_record_screening

    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, indicators=["debt"])
    for _ in range(20):
        do_record_screening(
            actor=personas["case_manager"],
            case=case,
            indicators=["threats", "violence"],
            trafficking_status="PossibleVictimOfTrafficking",
        )
    client = login_client(personas["case_manager"])
    client.get(f"/api/v1/cases/{case.pk}")  # the first request after sign-in also saves the session
    with assert_max_queries(10):
        screenings = client.get(f"/api/v1/cases/{case.pk}/screenings")
    with assert_max_queries(10):
        needs = client.get(f"/api/v1/cases/{case.pk}/needs")
    assert len(screenings.json()["items"]) == 21
    assert len(needs.json()["items"]) == 7
