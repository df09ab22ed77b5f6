"""The program's cohort view (/assessments/cohort/, GET /assessments/cohort): share of survivors improving per
outcome domain and per screen, agency-wide counts only, small cells suppressed."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.assessments import progress_selectors
from reclaim.assessments.actions import do_record_assessment
from reclaim.assessments.outcome_actions import do_rate_outcomes
from reclaim.assessments.progress_selectors import Improvement, suppress
from reclaim.assessments.tests.helpers import shipped
from reclaim.cases.actions import do_open_case
from reclaim.core.models import AuditEvent
from reclaim.people.actions import do_create_survivor
from reclaim.reporting.models import ReportingPolicy

pytestmark = pytest.mark.django_db


# --- suppression (pure) ---------------------------------------------------------------------------


def test_counts_of_at_least_k_are_shown():
    row = suppress(Improvement("domain", "safety", "Safety", compared=40, improved=25), k=11)
    assert (row.compared.value, row.improved.value, row.percent) == (40, 25, 62)


def test_fewer_than_k_compared_hides_everything():
    row = suppress(Improvement("domain", "safety", "Safety", compared=10, improved=10), k=11)
    assert row.compared.suppressed and row.improved.suppressed
    assert row.share is None


@pytest.mark.parametrize(("compared", "improved"), [(30, 10), (30, 0), (30, 20), (30, 30)])
def test_a_count_under_k_or_one_that_reveals_one_is_hidden(compared, improved):
    # 10 improved is a small cell; 20 of 30 improved reveals that 10 did not; 30 of 30 reveals 0 did not
    row = suppress(Improvement("instrument", "phq9", "PHQ-9", compared=compared, improved=improved), k=11)
    assert row.compared.value == compared
    assert row.improved.suppressed
    assert row.share is None


def test_improvement_rule_per_instrument():
    pcl5, phq9, brs = shipped("pcl5"), shipped("phq9"), shipped("brs")
    R = progress_selectors.Result  # noqa: N806
    # PCL-5 has a reliable-change threshold of 10: 9 points down is not yet an improvement
    assert progress_selectors.improved(pcl5, R(50, "", pcl5), R(40, "", pcl5)) is True
    assert progress_selectors.improved(pcl5, R(50, "", pcl5), R(41, "", pcl5)) is False
    # PHQ-9: a lower band is better; BRS: a higher band is better
    assert progress_selectors.improved(phq9, R(16, "moderately_severe", phq9), R(14, "moderate", phq9)) is True
    assert progress_selectors.improved(phq9, R(14, "moderate", phq9), R(10, "moderate", phq9)) is False
    assert progress_selectors.improved(brs, R(2, "low", brs), R(3, "normal", brs)) is True
    assert progress_selectors.improved(brs, R(4, "normal", brs), R(2, "low", brs)) is False


# --- over the database ----------------------------------------------------------------------------


def _people(agency, team, personas, n: int, prefix: str = "A"):
    cm = personas["case_manager"]
    cases = []
    for i in range(n):
        survivor = do_create_survivor(
            actor=None, agency=agency, reference=f"{prefix}-9{i:05d}", given_name="P", family_name=f"N{i}", team=team
        )
        cases.append(do_open_case(actor=cm, survivor=survivor, team=team))
    return cases


def _phq9(total: int) -> list[int]:
    answers: list[int] = []
    left = total
    for _ in range(9):
        answers.append(min(left, 3))
        left -= answers[-1]
    return answers


@pytest.fixture
def cohort_cases(agency, team, personas):
    """24 people: 13 improve on PHQ-9 (moderate -> mild) and in safety, 11 do not; one more has a single result."""
    cm = personas["case_manager"]
    cases = _people(agency, team, personas, 25)
    for i, case in enumerate(cases[:24]):
        better = i < 13
        do_record_assessment(
            actor=cm, case=case, instrument_code="phq9", answers=_phq9(12), administered_on=date(2026, 1, 5)
        )
        do_record_assessment(
            actor=cm,
            case=case,
            instrument_code="phq9",
            answers=_phq9(6 if better else 13),
            administered_on=date(2026, 3, 5),
        )
        do_rate_outcomes(actor=cm, case=case, scores={"free_from_harm": 2}, rated_on=date(2026, 1, 1))
        do_rate_outcomes(actor=cm, case=case, scores={"free_from_harm": 3 if better else 2}, rated_on=date(2026, 4, 1))
    do_record_assessment(actor=cm, case=cases[24], instrument_code="phq9", answers=_phq9(20))
    return cases


def test_cohort_counts_first_and_latest_per_survivor(agency, cohort_cases):
    result = progress_selectors.cohort(agency.pk)
    [phq9] = result.instruments
    assert (phq9.code, phq9.rule, phq9.compared.value, phq9.improved.value) == ("phq9", "band", 24, 13)
    safety = next(r for r in result.domains if r.code == "safety")
    assert (safety.compared.value, safety.improved.value, safety.percent) == (24, 13, 54)


def test_analyst_sees_agency_wide_aggregates_without_any_case(personas, cohort_cases, survivor_b, assert_max_queries):
    # given another agency's survivor who improved (not counted for agency A)
    other = do_open_case(actor=personas["other_agency_user"], survivor=survivor_b, team=survivor_b.team)
    for on, total in ((date(2026, 1, 5), 20), (date(2026, 3, 5), 2)):
        do_record_assessment(
            actor=personas["other_agency_user"],
            case=other,
            instrument_code="phq9",
            answers=_phq9(total),
            administered_on=on,
        )
    client = login_client(personas["analyst"])
    # when the analyst (who sees no case) opens the cohort view
    with assert_max_queries(12):
        response = client.get(reverse("assessments:cohort"))
    # then the page shows the agency's counts
    assert response.status_code == 200
    html = response.content.decode()
    assert "<td>24</td>" in html and "<td>13</td>" in html and "54%" in html
    # and still no case page
    assert client.get(reverse("assessments:case_progress", args=[cohort_cases[0].pk])).status_code == 404
    # and the view is audited
    assert AuditEvent.objects.filter(action="assessments.cohort_viewed", actor_id=personas["analyst"].pk).exists()
    # and the API gives the same figures
    body = client.get("/api/v1/assessments/cohort").json()
    assert body["k"] == 11
    assert body["instruments"] == [
        {"code": "phq9", "name": "PHQ-9", "rule": "band", "compared": 24, "improved": 13, "share": 0.5417}
    ]


def test_small_cells_read_fewer_than_k(personas, agency, team):
    cm = personas["case_manager"]
    for case in _people(agency, team, personas, 5):
        do_record_assessment(
            actor=cm, case=case, instrument_code="phq9", answers=_phq9(14), administered_on=date(2026, 1, 5)
        )
        do_record_assessment(
            actor=cm, case=case, instrument_code="phq9", answers=_phq9(3), administered_on=date(2026, 2, 5)
        )
    client = login_client(personas["program_director"])
    html = client.get(reverse("assessments:cohort")).content.decode()
    assert "fewer than 11" in html
    assert "<td>5</td>" not in html
    body = client.get("/api/v1/assessments/cohort").json()
    assert body["instruments"][0] | {"name": ""} == {
        "code": "phq9",
        "name": "",
        "rule": "band",
        "compared": None,
        "improved": None,
        "share": None,
    }
    # and k is the agency's own, from its reporting settings
    ReportingPolicy.objects.create(agency=agency, k=5)
    body = client.get("/api/v1/assessments/cohort").json()
    assert body["k"] == 5
    assert body["instruments"][0]["compared"] == 5


def test_query_count_does_not_grow_with_the_cohort(personas, agency, team, cohort_cases, assert_max_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login_client(personas["program_director"])
    client.get(reverse("assessments:cohort"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("assessments:cohort"))
    more = _people(agency, team, personas, 5, prefix="C")
    for case in more:
        do_record_assessment(
            actor=personas["case_manager"],
            case=case,
            instrument_code="gad7",
            answers=[1] * 7,
            administered_on=date(2026, 1, 1),
        )
        do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="gad7", answers=[0] * 7)
    with assert_max_queries(len(before.captured_queries)):
        client.get(reverse("assessments:cohort"))


def test_navigation_entry_only_for_aggregate_roles(personas):
    url = reverse("assessments:cohort")
    assert f'href="{url}"' in login_client(personas["analyst"]).get(reverse("home")).content.decode()
    assert f'href="{url}"' in login_client(personas["program_director"]).get(reverse("home")).content.decode()
    assert f'href="{url}"' not in login_client(personas["case_manager"]).get(reverse("home")).content.decode()
    assert login_client(personas["case_manager"]).get(url).status_code == 403
    assert login_client(personas["case_manager"]).get("/api/v1/assessments/cohort").status_code == 403
