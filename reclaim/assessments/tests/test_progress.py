"""The case's Progress tab and GET /cases/{id}/progress: a series per instrument and per outcome domain,
reliable change marked, the right people only, constant queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login_client
from reclaim.assessments import progress_selectors
from reclaim.assessments.actions import do_load_instrument, do_record_assessment
from reclaim.assessments.outcome_actions import do_rate_outcomes
from reclaim.assessments.tests.conftest import every
from reclaim.assessments.tests.helpers import licensed_definition
from reclaim.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PHQ9_ITEMS, PCL5_ITEMS = 9, 20


def answers_for(total: int, items: int, high: int) -> list[int]:
    """A complete answer set with this sum, filled from the first item (PHQ-9 question 9 stays 0 when it can)."""
    answers = []
    left = total
    for _ in range(items):
        value = min(left, high)
        answers.append(value)
        left -= value
    assert left == 0
    return answers


def record(user, case, code: str, answers, on: date):
    return do_record_assessment(actor=user, case=case, instrument_code=code, answers=answers, administered_on=on)


def test_instrument_series_has_every_complete_result_in_date_order_with_bands(personas, case):
    cm = personas["case_manager"]
    # given three PHQ-9 results, entered out of order, and one with too many skipped questions
    record(cm, case, "phq9", answers_for(12, PHQ9_ITEMS, 3), date(2026, 3, 1))
    record(cm, case, "phq9", answers_for(18, PHQ9_ITEMS, 3), date(2026, 1, 10))
    record(cm, case, "phq9", answers_for(7, PHQ9_ITEMS, 3), date(2026, 5, 2))
    record(cm, case, "phq9", [None, None, 1, 1, 1, 1, 1, 1, 0], date(2026, 4, 1))
    # when the progress is read
    progress = progress_selectors.case_progress(cm, case)
    # then there is one PHQ-9 series, oldest first, without the incomplete result
    [series] = progress.instruments
    assert series.code == "phq9"
    assert [(r.on, r.value, r.change) for r in series.rows()] == [
        (date(2026, 1, 10), 18.0, None),
        (date(2026, 3, 1), 12.0, -6.0),
        (date(2026, 5, 2), 7.0, -5.0),
    ]
    # and the chart uses the instrument's range and bands, lower being better
    assert (series.low, series.high, series.higher_is_better) == (0.0, 27.0, False)
    assert [(b.lower, b.upper, b.label) for b in series.bands] == [
        (0, 5, "Minimal"),
        (5, 10, "Mild"),
        (10, 15, "Moderate"),
        (15, 20, "Moderately severe"),
        (20, 27, "Severe"),
    ]
    # and PHQ-9 defines no reliable-change threshold, so nothing is marked reliable
    assert series.reliable_change is None
    assert {r.reliable for r in series.rows()} == {""}


def test_pcl5_marks_reliable_change_of_ten_points_both_ways(personas, case):
    cm = personas["case_manager"]
    record(cm, case, "pcl5", answers_for(50, PCL5_ITEMS, 4), date(2026, 1, 5))
    record(cm, case, "pcl5", answers_for(38, PCL5_ITEMS, 4), date(2026, 2, 5))  # -12: reliable improvement
    record(cm, case, "pcl5", answers_for(30, PCL5_ITEMS, 4), date(2026, 3, 5))  # -8: not reliable
    record(cm, case, "pcl5", answers_for(40, PCL5_ITEMS, 4), date(2026, 4, 5))  # +10: reliable worsening
    [series] = progress_selectors.case_progress(cm, case).instruments
    assert series.reliable_change == 10.0
    assert [r.reliable for r in series.rows()] == ["", "improved", "", "worsened"]
    # and the chart rings exactly those two points (r=8: the reliable-change ring)
    svg = series.chart().svg
    assert svg.count('r="8"') == 2
    assert 'stroke="#2f855a"' in svg  # improvement
    assert 'stroke="#c53030"' in svg  # worsening


def test_brs_is_higher_is_better_from_its_definition(personas, case):
    cm = personas["case_manager"]
    record(cm, case, "brs", [3, 3, 3, 3, 3, 3], date(2026, 1, 5))  # mean 3.00
    record(cm, case, "brs", [5, 1, 5, 1, 5, 1], date(2026, 3, 5))  # reversed items: mean 5.00
    [series] = progress_selectors.case_progress(cm, case).instruments
    assert series.higher_is_better is True
    assert (series.low, series.high, series.decimals) == (1.0, 5.0, 2)
    assert [r.value for r in series.rows()] == [3.0, 5.0]
    assert [b.label for b in series.bands] == ["Low resilience", "Normal resilience", "High resilience"]


def test_domain_series_per_outcome_domain_higher_is_better(personas, case):
    cm = personas["case_manager"]
    do_rate_outcomes(actor=cm, case=case, scores=every(1), rated_on=date(2026, 1, 1))
    do_rate_outcomes(actor=cm, case=case, scores=every(3), rated_on=date(2026, 4, 1))
    domains = progress_selectors.case_progress(cm, case).domains
    assert len(domains) == 7
    safety = next(s for s in domains if s.code == "safety")
    assert (safety.low, safety.high, safety.higher_is_better) == (1, 4, True)
    assert [(r.value, r.change) for r in safety.rows()] == [(1.0, None), (3.0, 2.0)]
    # shaded below and at the closure level of the scale (3.00 by default)
    assert [(b.lower, b.upper) for b in safety.bands] == [(1, 3.0), (3.0, 4)]


def test_progress_tab_shows_charts_with_tables_and_no_answers(personas, case):
    cm = personas["case_manager"]
    record(cm, case, "pcl5", answers_for(50, PCL5_ITEMS, 4), date(2026, 1, 5))
    record(cm, case, "pcl5", answers_for(36, PCL5_ITEMS, 4), date(2026, 2, 5))
    do_rate_outcomes(actor=cm, case=case, scores=every(2), rated_on=date(2026, 1, 1))
    # when the clinician opens the tab
    response = login_client(personas["clinician"]).get(reverse("assessments:case_progress", args=[case.pk]))
    # then each chart is inline SVG with a data table (date, value, change, reliable change)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg class="chart"') == 1 + 7
    assert "PTSD Checklist for DSM-5 (PCL-5) over time, oldest first" in html
    assert '<time datetime="2026-02-05">' in html
    assert "-14" in html and "Reliable improvement" in html
    assert "A change of 10 or more since the time before is a reliable change" in html
    assert 'aria-current="page">Progress</a>' in html
    # and the page carries totals and domain scores only: no question wording, no answers
    assert "Repeated, disturbing, and unwanted memories" not in html
    assert response.context["instruments"][0].rows[1].value == "36"


def test_chart_text_from_an_agency_definition_is_escaped(personas, case, agency):
    # given an agency's own instrument whose title carries markup
    definition = licensed_definition()
    definition["title"] = {"en": '<script>alert("x")</script> Bounce'}
    do_load_instrument(actor=personas["agency_admin"], agency=agency, data=definition)
    record(personas["case_manager"], case, "x_bounce", [1, 2, 3, 4], date(2026, 1, 5))
    # when the tab is rendered
    html = login_client(personas["case_manager"]).get(reverse("assessments:case_progress", args=[case.pk])).content
    # then the markup shows as text, in the SVG title and in the headings alike
    assert b"<script>" not in html
    assert b"&lt;script&gt;" in html


def test_tab_link_only_for_those_who_see_results(personas, case):
    url = reverse("cases:detail", args=[case.pk])
    progress = reverse("assessments:case_progress", args=[case.pk]).encode()
    assert progress in login_client(personas["case_manager"]).get(url).content
    assert progress not in login_client(personas["legal_advocate"]).get(url).content


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("case_manager", 200),
        ("clinician", 200),
        ("supervisor", 200),
        ("program_director", 200),
        ("legal_advocate", 403),
        ("volunteer", 404),
        ("analyst", 404),
        ("other_agency_user", 404),
    ],
)
def test_who_may_see_progress_in_the_ui_and_the_api(personas, case, persona, status):
    client = login_client(personas[persona])
    assert client.get(reverse("assessments:case_progress", args=[case.pk])).status_code == status
    assert client.get(f"/api/v1/cases/{case.pk}/progress").status_code == status


def test_reading_progress_is_audited(personas, case):
    login_client(personas["clinician"]).get(reverse("assessments:case_progress", args=[case.pk]))
    assert AuditEvent.objects.filter(
        action="case.read", actor_id=personas["clinician"].pk, object_id=str(case.pk)
    ).exists()


def test_api_returns_series_with_rows(personas, case):
    cm = personas["case_manager"]
    record(cm, case, "pcl5", answers_for(50, PCL5_ITEMS, 4), date(2026, 1, 5))
    record(cm, case, "pcl5", answers_for(38, PCL5_ITEMS, 4), date(2026, 2, 5))
    do_rate_outcomes(actor=cm, case=case, scores=every(2), rated_on=date(2026, 1, 1))
    body = login_client(personas["supervisor"]).get(f"/api/v1/cases/{case.pk}/progress").json()
    [pcl5] = body["instruments"]
    assert pcl5["code"] == "pcl5"
    assert pcl5["reliable_change"] == 10.0
    assert pcl5["higher_is_better"] is False
    assert pcl5["rows"] == [
        {"on": "2026-01-05", "value": 50.0, "change": None, "reliable": ""},
        {"on": "2026-02-05", "value": 38.0, "change": -12.0, "reliable": "improved"},
    ]
    assert len(body["domains"]) == 7
    assert body["domains"][0]["rows"] == [{"on": "2026-01-01", "value": 2.0, "change": None, "reliable": ""}]
    assert "responses" not in str(body)


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len([q for q in context.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])


def test_query_count_does_not_grow_with_results(personas, case, assert_max_queries):
    cm = personas["case_manager"]
    client = login_client(cm)
    url = reverse("assessments:case_progress", args=[case.pk])
    record(cm, case, "phq9", answers_for(12, PHQ9_ITEMS, 3), date(2026, 1, 5))
    # an open alert from the start: its banner reads the alerts only when the case has one (the gate's mark)
    record(cm, case, "phq9", [0] * 8 + [1], date(2026, 1, 4))
    do_rate_outcomes(actor=cm, case=case, scores=every(2), rated_on=date(2026, 1, 1))
    _page_queries(client, url)  # warm caches (content types, sessions)
    few = _page_queries(client, url)
    # when many more results of more instruments and ratings exist
    for month in range(2, 8):
        record(cm, case, "phq9", answers_for(12 - month, PHQ9_ITEMS, 3), date(2026, month, 5))
        record(cm, case, "gad7", answers_for(10 - month, 7, 3), date(2026, month, 6))
        record(cm, case, "pcl5", answers_for(40 - month, PCL5_ITEMS, 4), date(2026, month, 7))
        do_rate_outcomes(actor=cm, case=case, scores=every(3), rated_on=date(2026, month, 1))
    # then the page takes the same number of queries
    assert _page_queries(client, url) == few
    with assert_max_queries(few):
        client.get(url)
