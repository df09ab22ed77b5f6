"""The intake form's screening and urgent needs, the "Immediate needs" tab, its edit forms and conflict screen."""

from __future__ import annotations

from django.urls import reverse

from conftest import login_client
from reclaim.cases.actions import do_open_case, do_record_screening, do_update_need
from reclaim.cases.models import Case, ImmediateNeed, Screening
from reclaim.core.models import AuditEvent
from reclaim.people.actions import do_create_survivor
from reclaim.people.models import Survivor


def _row(response, code):
    return next(r for r in response.context["rows"] if r["need"].need == code)


def test_intake_with_indicators_and_urgent_needs(personas):
    client = login_client(personas["case_manager"])
    # when a case is opened with two indicators and two urgent needs ticked
    response = client.post(
        reverse("cases:open"),
        {
            "gender": "NonSpecifiedUnknown",
            "indicators": ["movement_restricted", "earnings_taken"],
            "screening_tool": "tvit_short",
            "urgent_needs": ["safe_accommodation", "food_clothing"],
        },
    )
    # then the case has a screening with them, and those two needs are urgent
    assert response.status_code == 302
    case = Case.objects.get()
    screening = Screening.objects.get(case=case)
    assert set(screening.indicators.values_list("code", flat=True)) == {"movement_restricted", "earnings_taken"}
    assert screening.tool == "tvit_short"
    assert set(case.needs.filter(urgent=True).values_list("need", flat=True)) == {"safe_accommodation", "food_clothing"}
    assert case.needs.count() == 7
    # and the overview says so
    overview = client.get(response["Location"]).content.decode()
    assert "Unresolved urgent needs: 2" in overview


def test_intake_with_a_bad_indicator_shows_an_error_and_saves_nothing(personas):
    client = login_client(personas["case_manager"])
    response = client.post(reverse("cases:open"), {"indicators": ["debt", "nonsense"], "urgent_needs": ["pony"]})
    assert response.status_code == 200
    assert {"indicators", "urgent_needs"} <= set(response.context["form"].errors)
    assert not Case.objects.exists()
    assert not Survivor.objects.exists()


def test_needs_tab_shows_the_checklist_and_audits_the_read(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, urgent_needs=["safety"])
    client = login_client(personas["supervisor"])
    response = client.get(reverse("cases:needs", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-current="page">Immediate needs' in html
    assert [r["need"].need for r in response.context["rows"]][:2] == ["safety", "safe_accommodation"]
    assert "Indicators suggest; a person decides." in html
    assert "Marisol" not in html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert AuditEvent.objects.filter(
        action="case.read", object_id=str(case.pk), actor_id=personas["supervisor"].pk
    ).exists()


def test_a_need_is_updated_in_the_ui_and_leaves_the_notice(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, urgent_needs=["safety"])
    need = case.needs.get(need="safety")
    client = login_client(personas["case_manager"])
    # when the case manager records it as met, handled by the supervisor
    response = client.post(
        reverse("cases:need_update", args=[case.pk, need.pk]),
        {
            "safety-status": "met",
            "safety-urgent": "on",
            "safety-handled_by": personas["supervisor"].pk,
            "safety-details": "Safety plan agreed",
            "safety-version": need.version,
        },
    )
    # then it is saved with its resolution time and shows as resolved
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.status, need.handled_by, need.version) == ("met", personas["supervisor"], 2)
    assert need.resolved_at is not None
    page = client.get(reverse("cases:needs", args=[case.pk])).content.decode()
    assert "Unresolved urgent needs:" not in page  # the notice (the page help names such needs too)
    assert "after " in page
    assert "Unresolved urgent needs:" not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_a_bad_status_in_the_ui_is_a_field_error_and_nothing_is_saved(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    need = case.needs.get(need="medical_care")
    client = login_client(personas["case_manager"])
    response = client.post(
        reverse("cases:need_update", args=[case.pk, need.pk]),
        {"medical_care-status": "sorted", "medical_care-version": need.version},
    )
    assert response.status_code == 200
    assert "status" in _row(response, "medical_care")["form"].errors
    need.refresh_from_db()
    assert (need.status, need.version) == ("unmet", 1)


def test_a_stale_edit_shows_the_conflict_screen_with_their_values(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    need = case.needs.get(need="interpreter")
    do_update_need(
        actor=personas["supervisor"], need=need, expected_version=1, status="referred", urgent=True, details="Tigrinya"
    )
    client = login_client(personas["case_manager"])
    # when the case manager saves from version 1
    response = client.post(
        reverse("cases:need_update", args=[case.pk, need.pk]),
        {"interpreter-status": "met", "interpreter-version": 1},
    )
    # then the conflict shows the other values, keeps the typed change, and offers the current version
    assert response.status_code == 200
    row = _row(response, "interpreter")
    assert row["conflict"] is not None
    assert row["form"]["version"].value() == "2"
    assert row["form"]["status"].value() == "met"
    html = response.content.decode()
    assert "Someone else changed this need" in html
    assert "Tigrinya" in html
    need.refresh_from_db()
    assert (need.status, need.version) == ("referred", 2)


def test_other_agency_gets_404_and_a_reader_cannot_write(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    need = case.needs.get(need="safety")
    body = {"safety-status": "met", "safety-version": 1}
    assert login_client(personas["other_agency_user"]).get(reverse("cases:needs", args=[case.pk])).status_code == 404
    url = reverse("cases:need_update", args=[case.pk, need.pk])
    assert login_client(personas["other_agency_user"]).post(url, body).status_code == 404
    assert login_client(personas["program_director"]).post(url, body).status_code == 403
    need.refresh_from_db()
    assert need.status == "unmet"


def test_a_need_of_another_case_is_not_found(personas, survivor_a, agency, team):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    other = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    foreign_need = other.needs.get(need="safety")
    response = login_client(personas["case_manager"]).post(
        reverse("cases:need_update", args=[case.pk, foreign_need.pk]), {"safety-status": "met", "safety-version": 1}
    )
    assert response.status_code == 404


def test_record_a_screening_in_the_ui(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    client = login_client(personas["case_manager"])
    response = client.post(
        reverse("cases:record_screening", args=[case.pk]),
        {"tool": "agency_own", "indicators": ["violence", "isolation"], "screened_on": "2026-05-04"},
    )
    assert response.status_code == 302
    screening = Screening.objects.get(case=case)
    assert screening.determination is None
    page = client.get(reverse("cases:needs", args=[case.pk])).content.decode()
    assert "Cut off from family and friends" in page
    assert "No decision recorded" in page


def test_a_bad_screening_shows_errors_and_saves_nothing(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    response = login_client(personas["case_manager"]).post(
        reverse("cases:record_screening", args=[case.pk]), {"indicators": ["x"], "screened_on": "yesterday"}
    )
    assert response.status_code == 200
    assert {"indicators", "screened_on"} <= set(response.context["screening_form"].errors)
    assert not Screening.objects.exists()


def test_needs_tab_keeps_a_flat_query_count(personas, survivor_a, assert_max_queries):
    # given a case with many screenings, each with indicators, and needs handled by different people
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, indicators=["debt"])
    for i in range(15):
        do_record_screening(actor=personas["clinician"], case=case, indicators=["threats", "violence"][: i % 3])
    for need, worker in zip(
        ImmediateNeed.objects.filter(case=case), ["supervisor", "case_manager", "clinician"] * 3, strict=False
    ):
        do_update_need(
            actor=personas[worker],
            need=need,
            expected_version=1,
            status="in_progress",
            urgent=True,
            handled_by=personas[worker],
        )
    client = login_client(personas["case_manager"])
    client.get(reverse("home"))  # the first request after sign-in also saves the session
    with assert_max_queries(13):  # + the assessment-alerts banner
        response = client.get(reverse("cases:needs", args=[case.pk]))
    assert response.status_code == 200
    assert len(response.context["screenings"]) == 16


def test_overview_stays_within_its_query_budget_with_urgent_needs(personas, agency, team, assert_max_queries):
    survivor = do_create_survivor(actor=None, agency=agency, reference="U-1", team=team)
    case = do_open_case(actor=personas["case_manager"], survivor=survivor, urgent_needs=["safety", "childcare"])
    client = login_client(personas["supervisor"])
    client.get(reverse("home"))  # the first request after sign-in also saves the session
    with assert_max_queries(15):  # as in test_views_cases: 12 + flags and alerts banners + outcome guidance
        response = client.get(reverse("cases:detail", args=[case.pk]))
    assert "Unresolved urgent needs: 2" in response.content.decode()
