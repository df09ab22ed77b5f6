"""The SVG bar charts: accessible, and a hidden value never drawn nor setting the scale."""

from __future__ import annotations

import re

from reclaim.reporting import svg


def _widths(markup: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)"', markup)]


def test_chart_is_an_image_with_a_title_pointing_at_its_table():
    markup = svg.bar_chart([svg.Bar("Intake", 3, "3")], title="Cases <by> stage", chart_id="c", described_by="t")
    assert 'role="img"' in markup
    assert '<title id="c-title">Cases &lt;by&gt; stage</title>' in markup
    assert 'aria-describedby="t"' in markup


def test_hidden_bars_are_not_drawn_and_do_not_set_the_scale():
    shown = svg.horizontal_bars([svg.Bar("A", 20, "20")], title="t", chart_id="c")
    with_hidden = svg.horizontal_bars(
        [svg.Bar("A", 20, "20"), svg.Bar("B", None, "fewer than 11")], title="t", chart_id="c"
    )
    assert _widths(shown) == _widths(with_hidden)  # one bar, same length: nothing drawn for B
    assert "fewer than 11" in with_hidden
    stacked = svg.stacked_bars(
        [svg.StackedBar("Minors", (None, 30.0), "30")], series=("Yes", "No"), title="t", chart_id="s"
    )
    assert len(re.findall(r'<rect x="[\d.]+" y="\d+" width="[\d.]+" height="18"', stacked)) == 1


def test_a_long_label_is_shortened_to_fit_and_keeps_its_whole_text_as_a_tooltip():
    long_label = "Economic empowerment and education, including <vocational> courses"
    markup = svg.horizontal_bars([svg.Bar(long_label, 5, "5"), svg.Bar("Safety", 7, "7")], title="t", chart_id="c")
    shortened = re.search(r"<title>[^<]*</title>([^<]*)</text>", markup)
    assert shortened is not None
    assert shortened.group(1).endswith("…") and len(shortened.group(1)) <= 32
    assert "<title>Economic empowerment and education, including &lt;vocational&gt; courses</title>" in markup
    # a short label is written as it is, with no tooltip
    assert ">Safety</text>" in markup
