"""Progress charts: the numbers behind them, reliable change, and markup that is safe and readable."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET  # parses our own generated markup in tests, never input

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reclaim.assessments.charts import Band, Point, line_chart, rows_for

D = datetime.date


def test_rows_are_in_date_order_with_change_and_reliable_change():
    points = [Point(D(2026, 3, 1), 30), Point(D(2026, 1, 1), 52), Point(D(2026, 2, 1), 45)]
    rows = rows_for(points, reliable_change=10, higher_is_better=False)
    assert [r.on for r in rows] == [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]
    assert [r.change for r in rows] == [None, -7, -15]
    # PCL-5: lower is better, a fall of 15 is a reliable improvement, a fall of 7 is not
    assert [r.reliable for r in rows] == ["", "", "improved"]


def test_when_higher_is_better_a_reliable_fall_is_a_worsening():
    rows = rows_for([Point(D(2026, 1, 1), 3.5), Point(D(2026, 6, 1), 2.0)], reliable_change=1, higher_is_better=True)
    assert rows[1].reliable == "worsened"


def test_the_chart_is_well_formed_svg_titled_and_described_for_screen_readers():
    chart = line_chart(
        [Point(D(2026, 1, 5), 14), Point(D(2026, 2, 5), 9)],
        title="PHQ-9 <total>",
        low=0,
        high=27,
        bands=[Band(0, 4, "Minimal"), Band(5, 9, "Mild"), Band(10, 14, "Moderate")],
        chart_id="phq9",
    )
    root = ET.fromstring(chart.svg)  # noqa: S314 — our own markup; raises if it is not well formed
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    title, desc = root.find(f"{ns}title"), root.find(f"{ns}desc")
    assert title is not None and title.text == "PHQ-9 <total>"  # escaped in the markup, intact when parsed
    assert desc is not None and "2026-01-05: 14" in (desc.text or "")
    assert len(root.findall(f"{ns}polyline")) == 1
    assert "style=" not in chart.svg  # the CSP forbids inline styles


def test_a_chart_with_no_points_still_says_so():
    chart = line_chart([], title="GAD-7", low=0, high=21)
    assert "no results yet" in chart.svg
    assert chart.rows == []


def test_the_scale_must_go_up():
    with pytest.raises(ValueError, match="high > low"):
        line_chart([], title="x", low=4, high=1)


@given(st.lists(st.tuples(st.dates(), st.floats(min_value=-100, max_value=200)), max_size=30))
def test_every_point_is_drawn_inside_the_plot_whatever_the_values(pairs):
    points = [Point(on, value) for on, value in pairs]
    chart = line_chart(points, title="t", low=0, high=80, reliable_change=10)
    root = ET.fromstring(chart.svg)  # noqa: S314 — our own markup
    circles = root.findall("{http://www.w3.org/2000/svg}circle")
    for circle in circles:
        assert 0 <= float(circle.get("cx")) <= 640
        assert 0 <= float(circle.get("cy")) <= 240
    assert len(chart.rows) == len(points)


def test_date_labels_at_the_edges_grow_inwards_so_they_are_not_cut_off():
    chart = line_chart(
        [Point(D(2026, 1, 1), 3), Point(D(2026, 2, 1), 4), Point(D(2026, 3, 1), 5)], title="t", low=0, high=9
    )
    root = ET.fromstring(chart.svg)  # noqa: S314 — our own markup
    labels = [
        t for t in root.findall("{http://www.w3.org/2000/svg}text") if (t.text or "").endswith("2026")
    ]  # locale short dates
    assert [t.get("text-anchor") for t in labels] == ["start", "middle", "end"]
