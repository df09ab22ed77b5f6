"""Editing case details with optimistic locking, the case list's filters and search, and caseloads."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.cases.actions import do_assign_case, do_open_case, do_update_case
from reclaim.cases.models import Case, CaseEvent
from reclaim.core.errors import DomainError, EditConflict
from reclaim.people.actions import do_create_survivor
from reclaim.people.ages import AgeBand, age_band


@pytest.mark.parametrize(
    ("born", "on", "is_minor", "band"),
    [
        (date(2010, 6, 1), date(2026, 5, 31), None, AgeBand.TEEN),
        (date(2010, 6, 1), date(2028, 6, 1), None, AgeBand.YOUNG_ADULT),
        (date(2020, 1, 1), date(2026, 1, 1), None, AgeBand.UNDER_12),
        (date(1976, 3, 1), date(2026, 3, 1), None, AgeBand.ADULT_50),
        (None, date(2026, 1, 1), True, AgeBand.MINOR),
        (None, date(2026, 1, 1), False, AgeBand.ADULT),
        (None, date(2026, 1, 1), None, AgeBand.UNKNOWN),
        (date(2030, 1, 1), date(2026, 1, 1), None, AgeBand.UNKNOWN),
    ],
)
def test_age_band_uses_the_birthday_and_what_is_known_of_majority(born, on, is_minor, band):
    assert age_band(born, on, is_minor=is_minor) == band


@pytest.fixture
def case(personas, survivor_a):
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, identified_on=date(2026, 1, 10))


def test_a_case_carries_the_age_band_when_identified_never_the_birth_date(case):
    # survivor_a was born 1996-04-17: 29 on 2026-01-10
    assert case.age_band == AgeBand.ADULT_25


def test_update_case_records_which_fields_changed_not_their_values(personas, case):
    updated = do_update_case(
        actor=personas["case_manager"],
        case=case,
        expected_version=case.version,
        changes={"identification_place": "Bus station on 5th", "danger_now": True},
    )
    assert updated.version == case.version + 1
    assert updated.danger_now is True
    event = CaseEvent.objects.get(case=case, type="details_updated")
    assert event.parameters == {"fields": "danger_now,identification_place"}
    assert "Bus station" not in json.dumps(event.parameters)


def test_a_stale_update_raises_a_conflict_with_the_values_saved_now(personas, case):
    do_update_case(actor=personas["supervisor"], case=case, expected_version=1, changes={"danger_now": True})
    with pytest.raises(EditConflict) as caught:
        do_update_case(actor=personas["case_manager"], case=case, expected_version=1, changes={"danger_now": False})
    assert caught.value.current_version == 2
    assert caught.value.current == {"danger_now": "Yes"}
    assert Case.objects.get(pk=case.pk).danger_now is True


def test_only_case_details_can_be_changed_this_way(personas, case):
    with pytest.raises(DomainError) as caught:
        do_update_case(actor=personas["case_manager"], case=case, expected_version=1, changes={"status": "closed"})
    assert "status" in caught.value.fields
    assert Case.objects.get(pk=case.pk).status == "identified"


def test_second_editor_in_the_ui_sees_a_conflict_screen_and_nothing_is_overwritten(personas, case):
    url = reverse("cases:edit", args=[case.pk])
    first, second = login_client(personas["supervisor"]), login_client(personas["case_manager"])
    form = first.get(url).context["form"]
    assert form.initial["version"] == 1
    # when both submit from version 1
    assert first.post(url, {"version": 1, "identified_on": "2026-01-09", "is_minor": "unknown"}).status_code == 302
    response = second.post(url, {"version": 1, "identified_on": "2026-01-11", "is_minor": "unknown"})
    # then the second sees both values and the first's change stays
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this case" in html
    assert "2026-01-09" in html
    assert 'value="2026-01-11"' in html
    assert Case.objects.get(pk=case.pk).identified_on == date(2026, 1, 9)


def test_ui_edit_rejects_bad_input_and_saves_nothing(personas, case):
    client = login_client(personas["case_manager"])
    response = client.post(reverse("cases:edit", args=[case.pk]), {"version": 1, "identified_on": "31/31/2026"})
    assert response.status_code == 200
    assert "identified_on" in response.context["form"].errors
    assert Case.objects.get(pk=case.pk).version == 1


def test_api_patch_saves_and_answers_409_with_current_values(personas, case):
    client = login_client(personas["case_manager"])
    url = f"/api/v1/cases/{case.pk}"
    ok = client.patch(url, {"version": 1, "danger_now": True}, content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["version"] == 2
    stale = client.patch(url, {"version": 1, "danger_now": False}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "edit_conflict"
    assert stale.json()["current_version"] == 2
    assert stale.json()["fields_to_compare"] == ["danger_now"]
    bad = client.patch(url, {"version": 2, "identification_source": "<script>"}, content_type="application/json")
    assert bad.status_code == 422
    assert Case.objects.get(pk=case.pk).identification_source == ""


def test_read_only_roles_cannot_patch(personas, case):
    response = login_client(personas["program_director"]).patch(
        f"/api/v1/cases/{case.pk}", {"version": 1, "danger_now": True}, content_type="application/json"
    )
    assert response.status_code == 403


@pytest.fixture
def two_more_cases(personas, agency, team):
    child = do_create_survivor(
        actor=None,
        agency=agency,
        reference="A-000002",
        given_name="Nadia",
        family_name="Koroma",
        date_of_birth=date(2012, 2, 2),
        team=team,
        assigned=[personas["case_manager"]],
    )
    adult = do_create_survivor(
        actor=None, agency=agency, reference="A-000003", given_name="Sefa", family_name="Mensah", team=team
    )
    return (
        do_open_case(actor=personas["case_manager"], survivor=child, identified_on=date(2026, 3, 1)),
        do_open_case(actor=personas["supervisor"], survivor=adult, is_minor=False),
    )


def test_case_list_filters_by_age_band_minors_and_worker(personas, case, two_more_cases):
    child_case, adult_case = two_more_cases
    client = login_client(personas["supervisor"])
    listed = lambda **q: {c.pk for c in client.get(reverse("cases:list"), q).context["page"].object_list}
    assert listed() == {case.pk, child_case.pk, adult_case.pk}
    assert listed(age_band="12-17") == {child_case.pk}
    assert listed(minors="on") == {child_case.pk}
    assert listed(age_band="adult") == {adult_case.pk}
    assert listed(worker=str(personas["case_manager"].pk)) == {case.pk, child_case.pk}
    assert listed(worker="not-a-user") == {case.pk, child_case.pk, adult_case.pk}  # invalid filter is ignored


def test_case_list_finds_a_person_by_name_and_birth_date_without_putting_them_in_the_url(
    personas, case, two_more_cases
):
    client = login_client(personas["supervisor"])
    response = client.post(reverse("cases:list"), {"name": "marisol  QUINTANILLA", "date_of_birth": "1996-04-17"})
    assert [c.pk for c in response.context["page"].object_list] == [case.pk]
    assert "Quintanilla" not in response.wsgi_request.get_full_path()
    nobody = client.post(reverse("cases:list"), {"name": "Marisol Quintanilla", "date_of_birth": "1996-04-18"})
    assert list(nobody.context["page"].object_list) == []
    empty = client.post(reverse("cases:list"), {})
    assert empty.context["person_form"].errors


def test_case_search_never_reaches_another_agency(personas, case, survivor_b):
    do_open_case(actor=personas["other_agency_user"], survivor=survivor_b)
    client = login_client(personas["case_manager"])
    response = client.post("/api/v1/cases/search", {"name": "Teodora Vasquez-Lindqvist"}, "application/json")
    assert response.status_code == 200
    assert response.json()["items"] == []
    mine = client.post("/api/v1/cases/search", {"name": "Marisol Quintanilla"}, "application/json")
    assert [c["id"] for c in mine.json()["items"]] == [str(case.pk)]
    assert client.post("/api/v1/cases/search", {}, "application/json").status_code == 400


def test_api_list_filters_match_the_ui(personas, case, two_more_cases):
    client = login_client(personas["supervisor"])
    items = client.get("/api/v1/cases", {"age_band": "12-17"}).json()["items"]
    assert [i["id"] for i in items] == [str(two_more_cases[0].pk)]
    assert client.get("/api/v1/cases", {"age_band": "nonsense"}).status_code == 422


def test_caseloads_count_open_cases_per_worker_in_constant_queries(personas, case, two_more_cases, assert_max_queries):
    do_assign_case(
        actor=personas["supervisor"],
        case=two_more_cases[1],
        lead_worker=personas["clinician"],
        team=two_more_cases[1].team,
        expected_version=1,
    )
    client = login_client(personas["supervisor"])
    response = client.get(reverse("cases:caseload"))
    loads = {load.worker.display_name: load for load in response.context["loads"]}
    assert loads["case_manager"].open_cases == 2
    assert loads["case_manager"].as_lead == 2
    assert loads["clinician"].open_cases == 1
    assert loads["clinician"].as_lead == 1
    assert loads["case_manager"].by_stage["identified"] == 2
    with assert_max_queries(12):
        client.get(reverse("cases:caseload"))
    assert login_client(personas["case_manager"]).get(reverse("cases:caseload")).status_code == 403


def test_case_list_filters_urgent_and_overdue(personas, survivor_a, agency, team):
    from datetime import timedelta

    from django.utils import timezone

    from reclaim.cases.models import ImmediateNeed

    worker = personas["case_manager"]
    fresh = do_open_case(actor=worker, survivor=survivor_a, urgent_needs=["safety"])
    waiting = do_open_case(actor=worker, survivor=survivor_a, urgent_needs=["medical_care"])
    calm = do_open_case(actor=worker, survivor=survivor_a)
    ImmediateNeed.objects.filter(case=waiting, urgent=True).update(opened_at=timezone.now() - timedelta(days=4))
    client = login_client(personas["supervisor"])
    listed = lambda **q: {c.pk for c in client.get(reverse("cases:list"), q).context["page"].object_list}
    assert listed(urgent="on") == {fresh.pk, waiting.pk}
    assert listed(overdue="on") == {waiting.pk}
    assert calm.pk in listed()
    api = client.get("/api/v1/cases", {"overdue": "true"}).json()["items"]
    assert [i["id"] for i in api] == [str(waiting.pk)]


def test_case_list_filters_by_flag_and_type_of_exploitation(personas, survivor_a):
    from reclaim.cases.actions import HistoryEventData, do_raise_flag, do_record_history_event

    worker = personas["case_manager"]
    labour = do_open_case(actor=worker, survivor=survivor_a)
    do_record_history_event(
        actor=worker, case=labour, data=HistoryEventData(type="Exploitation", exploitation_types=["ForcedLabour"])
    )
    flagged = do_open_case(actor=worker, survivor=survivor_a)
    do_raise_flag(actor=worker, case=flagged, kind="safety_concern", reason="Seen near the shelter")
    client = login_client(personas["supervisor"])
    listed = lambda **q: {c.pk for c in client.get(reverse("cases:list"), q).context["page"].object_list}
    assert listed(exploitation_type="ForcedLabour") == {labour.pk}
    assert listed(exploitation_type="SexualExploitation") == set()
    assert listed(flag="any") == {flagged.pk}
    assert listed(flag="re_trafficking") == set()
    api = client.get("/api/v1/cases", {"flag": "safety_concern"}).json()["items"]
    assert [i["id"] for i in api] == [str(flagged.pk)]
    assert client.get("/api/v1/cases", {"flag": "nonsense"}).status_code == 422


def test_a_new_determination_is_added_to_the_history_with_an_encrypted_basis(personas, case):
    from reclaim.cases.models import StatusDetermination

    client = login_client(personas["case_manager"])
    url = reverse("cases:record_determination", args=[case.pk])
    response = client.post(
        url,
        {
            "status": "ActualVictimOfTrafficking",
            "decided_by": "Police",
            "decided_on": "2026-11-02",
            "basis": "Certification from the task force",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#determinations-heading")
    latest = StatusDetermination.objects.get(case=case)
    assert (latest.status, latest.decided_by, latest.basis) == (
        "ActualVictimOfTrafficking",
        "Police",
        "Certification from the task force",
    )
    assert CaseEvent.objects.filter(case=case, type="determination").exists()
    # a decision dated in the future is refused with a field error and nothing saved
    future = client.post(url, {"status": "NotAVictimOfTrafficking", "decided_by": "NGO", "decided_on": "2099-01-01"})
    assert future.status_code == 200
    assert "decided_on" in future.context["determination_form"].errors
    assert StatusDetermination.objects.filter(case=case).count() == 1
    # the API lists the history and adds to it
    api = client.get(f"/api/v1/cases/{case.pk}/determinations").json()["items"]
    assert [d["basis"] for d in api] == ["Certification from the task force"]
    bad = client.post(
        f"/api/v1/cases/{case.pk}/determinations", {"status": "Maybe", "decided_on": "2026-11-02"}, "application/json"
    )
    assert bad.status_code == 422
