"""The director's dashboard against hand-computed fixtures: a survivor with two cases counted once, a reopened
case counted once (and continuing), services on both sides of the period's edges; analysts see the same
figures suppressed; another agency sees only its own; CSV equals the table; the API equals the page; the query
count does not grow with the number of cases and services."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from reclaim.cases.actions import do_open_case, do_transition_case
from reclaim.cases.models import Case
from reclaim.people.actions import do_create_survivor
from reclaim.reporting import dashboards
from reclaim.services.actions import ServiceEntry, do_record_service

pytestmark = pytest.mark.django_db

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
PERIOD = "2025"


def _survivor(agency, team, personas, ref):
    return do_create_survivor(
        actor=None, agency=agency, reference=ref, given_name="Zelda", team=team, assigned=[personas["case_manager"]]
    )


def _case(personas, survivor, *, intake_on):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor, is_minor=False)
    Case.objects.filter(pk=case.pk).update(status="intake", intake_on=intake_on, services_consent_on=intake_on)
    case.refresh_from_db()
    return case


def _close(case, on):
    Case.objects.filter(pk=case.pk).update(status="closed", closed_at=_aware(on), close_reason="other")
    case.refresh_from_db()
    return case


def _service(personas, case, on):
    return do_record_service(actor=personas["case_manager"], case=case, entry=ServiceEntry("education.esl", on))


def _aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def fixtures(agency, team, personas, other_agency, other_team, survivor_b):
    """Hand-computed for calendar 2025 (today is later):
    - two_cases: two cases, both with intake in 2025, a service on each, on 2025-01-01 and 2025-12-31 (inside
      the edges): served once, new; education: 1 survivor, 2 services.
    - reopened: intake 2023, closed 2025-03-01, reopened now (intake date kept): served once, continuing.
    - service_only: case closed in 2024, a service on 2025-01-01: served, continuing.
    - outside: case closed in 2024, services on 2024-12-31 and 2026-01-01 only: not served.
    Served 3 = new 1 + continuing 2; education services in 2025: 3, by 2 survivors."""
    two_cases = _survivor(agency, team, personas, "A-1")
    first = _case(personas, two_cases, intake_on=datetime.date(2025, 1, 1))
    second = _case(personas, two_cases, intake_on=datetime.date(2025, 5, 1))
    _service(personas, first, START)
    _service(personas, second, END)
    reopened = _survivor(agency, team, personas, "A-2")
    case = _close(_case(personas, reopened, intake_on=datetime.date(2023, 3, 1)), datetime.date(2025, 3, 1))
    do_transition_case(actor=personas["case_manager"], case=case, to="intake", expected_version=case.version)
    service_only = _survivor(agency, team, personas, "A-3")
    early = _case(personas, service_only, intake_on=datetime.date(2023, 1, 1))
    _service(personas, early, START)
    _close(early, datetime.date(2024, 1, 1))
    outside = _survivor(agency, team, personas, "A-4")
    gone = _case(personas, outside, intake_on=datetime.date(2022, 1, 1))
    _service(personas, gone, START - datetime.timedelta(days=1))
    _service(personas, gone, END + datetime.timedelta(days=1))
    _close(gone, datetime.date(2024, 1, 1))
    # Agency B: a served survivor that must never show in agency A's numbers.
    b_case = do_open_case(actor=personas["other_agency_user"], survivor=survivor_b)
    Case.objects.filter(pk=b_case.pk).update(status="intake", intake_on=datetime.date(2025, 3, 1))
    return {"reopened_case": case}


def _figure(user, code, period=PERIOD):
    board = dashboards.board_for(user, "program", period_label=period, today=datetime.date(2026, 11, 28))
    return board, board.figure(code)


def _values(figure):
    return {row.label: [cell.value for cell in row.cells] for row in figure.table.rows}


def test_people_served_counts_each_person_once(fixtures, personas):
    board, people = _figure(personas["program_director"], "people")
    assert board.exact and board.k is None
    values = _values(people)
    assert values["New"] == [1]
    assert values["Continuing"] == [2]
    assert values["Survivors served"] == [3]


def test_services_by_category_count_distinct_survivors_inside_the_period(fixtures, personas):
    _board, services = _figure(personas["program_director"], "services")
    education = next(row for row in services.table.rows if row.label.lower().startswith("education"))
    assert [cell.value for cell in education.cells] == [2, 0, 3]


def test_stage_flow_counts_the_reopened_case(fixtures, personas):
    today = timezone.localdate().isoformat()
    _board, stages = _figure(personas["program_director"], "stages", period=f"{today}..{today}")
    values = _values(stages)
    assert values["Reopened"] == [1]
    assert values["Intake"] == [1]  # the reopened case entered intake again today; the others were set directly
    # Five agency A cases were opened today, for four survivors: two_cases' two openings count once.
    assert values["Identified"] == [4]


def test_analyst_sees_the_same_figures_suppressed(fixtures, personas):
    board, people = _figure(personas["analyst"], "people")
    assert not board.exact and board.k == 11
    assert all(row.cells[0].hidden for row in people.table.rows[:3])  # new, continuing, total
    assert people.table.rows[3].cells[0].value == 0  # no family member served: a 0 is shown
    assert "fewer than 11" in " ".join(cell.text for row in people.table.rows for cell in row.cells)
    # Never a hidden value through a bar's length: no bar is drawn for a hidden cell.
    assert "<rect" not in people.chart


def test_other_agency_sees_only_its_own_numbers(fixtures, personas):
    board = dashboards.board_for(personas["other_agency_admin"], "program", period_label=PERIOD)
    people = _values(board.figure("people"))
    assert board.k == 11
    # One survivor served in agency B: shown as "fewer than 11", never agency A's 3.
    assert people["Survivors served"] == [None]


def test_csv_is_the_table_and_formula_safe(fixtures, client_as):
    client = client_as("program_director")
    page = client.get(reverse("reporting:dashboard_program"), {"period": PERIOD})
    assert page.status_code == 200
    response = client.get(reverse("reporting:dashboard_csv", args=["program", "people"]), {"period": PERIOD})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Survivors", "People"]
    assert rows[1:4] == [["New", "1"], ["Continuing", "2"], ["Survivors served", "3"]]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@"))
    missing = client.get(reverse("reporting:dashboard_csv", args=["program", "nothing"]), {"period": PERIOD})
    assert missing.status_code == 404
    bad = client.get(reverse("reporting:dashboard_csv", args=["program", "people"]), {"period": "=1+1"})
    assert bad.status_code == 400


def test_csv_of_an_analyst_shows_words_not_numbers(fixtures, client_as):
    response = client_as("analyst").get(
        reverse("reporting:dashboard_csv", args=["program", "people"]), {"period": PERIOD}
    )
    text = response.content.decode()
    assert "fewer than 11" in text or "not shown" in text
    rows = list(csv.reader(io.StringIO(text)))
    assert ["New", "1"] not in rows


def test_api_matches_the_page(fixtures, client_as, personas):
    for persona in ("program_director", "analyst"):
        data = client_as(persona).get("/api/v1/dashboards/program", {"period": PERIOD}).json()
        board = dashboards.board_for(personas[persona], "program", period_label=PERIOD)
        assert data["k"] == board.k
        assert data["period"] == {"label": "2025", "start": "2025-01-01", "end": "2025-12-31"}
        for figure, api_figure in zip(board.figures, data["figures"], strict=True):
            assert api_figure["code"] == figure.code
            assert [r["values"] for r in api_figure["rows"]] == [[c.value for c in r.cells] for r in figure.table.rows]
            assert [r["texts"] for r in api_figure["rows"]] == [[c.text for c in r.cells] for r in figure.table.rows]
        page = client_as(persona).get(reverse("reporting:dashboard_program"), {"period": PERIOD}).content.decode()
        for api_figure in data["figures"]:
            for row in api_figure["rows"]:
                for text in row["texts"]:
                    assert text in page


def test_bad_period_is_a_clear_error(fixtures, client_as):
    page = client_as("program_director").get(reverse("reporting:dashboard_program"), {"period": "someday"})
    assert page.status_code == 400
    assert 'aria-invalid="true"' in page.content.decode()
    api = client_as("program_director").get("/api/v1/dashboards/program", {"period": "someday"})
    assert api.status_code == 400
    assert "period" in api.json()["fields"]
    assert client_as("program_director").get("/api/v1/dashboards/nothing").status_code == 404


def test_the_read_is_audited(fixtures, personas):
    from reclaim.core.models import AuditEvent

    dashboards.board_for(personas["program_director"], "program", period_label=PERIOD)
    row = AuditEvent.objects.filter(action="reporting.dashboard_read").latest("pk")
    assert row.object_id == "program"


def test_program_board_query_count_does_not_grow(fixtures, agency, team, personas, assert_max_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = personas["program_director"]
    dashboards.board_for(user, "program", period_label=PERIOD)  # warm caches (membership, taxonomy)
    with CaptureQueriesContext(connection) as before:
        dashboards.board_for(user, "program", period_label=PERIOD)
    for index in range(4):
        survivor = _survivor(agency, team, personas, f"A-9{index}")
        case = _case(personas, survivor, intake_on=datetime.date(2025, 4, 1))
        _service(personas, case, datetime.date(2025, 4, 2))
        _service(personas, case, datetime.date(2025, 4, 3))
    with CaptureQueriesContext(connection) as after:
        dashboards.board_for(user, "program", period_label=PERIOD)
    assert len(after.captured_queries) == len(before.captured_queries)
    with assert_max_queries(25):
        dashboards.board_for(user, "program", period_label=PERIOD)


def test_suppressed_board_reads_the_policy_once(fixtures, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counted = {}
    for persona in ("program_director", "analyst"):
        dashboards.board_for(personas[persona], "program", period_label=PERIOD)  # warm the membership
        with CaptureQueriesContext(connection) as captured:
            dashboards.board_for(personas[persona], "program", period_label=PERIOD)
        counted[persona] = [q["sql"] for q in captured.captured_queries]
    # the analyst's k comes with the fiscal year from one read of the policy: no query more than the director
    assert sum("reporting_reportingpolicy" in sql for sql in counted["analyst"]) == 1
    assert len(counted["analyst"]) == len(counted["program_director"])


@pytest.mark.parametrize(("board", "limit"), [("caseload", 20), ("team", 20)])
def test_operational_boards_have_a_constant_query_count(fixtures, personas, assert_max_queries, board, limit):
    user = personas["supervisor"]
    dashboards.board_for(user, board)
    with assert_max_queries(limit):
        dashboards.board_for(user, board)
