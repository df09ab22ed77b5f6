"""Scoring is pure: known answer vectors per instrument, and properties checked with hypothesis."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reclaim.assessments.definition import score_range
from reclaim.assessments.scoring import check_answers, score
from reclaim.assessments.tests.helpers import shipped

PHQ9, GAD7, PCL5, BRS = shipped("phq9"), shipped("gad7"), shipped("pcl5"), shipped("brs")
DEFINITIONS = {"phq9": PHQ9, "gad7": GAD7, "pcl5": PCL5, "brs": BRS}

# (instrument, answers, expected total or None, expected band, expected alert codes)
KNOWN = [
    ("phq9", [0] * 9, "0", "minimal", []),
    ("phq9", [1, 1, 1, 1, 0, 0, 0, 0, 0], "4", "minimal", []),
    ("phq9", [1, 1, 1, 1, 1, 0, 0, 0, 0], "5", "mild", []),
    ("phq9", [1] * 8 + [0], "8", "mild", []),
    ("phq9", [2, 2, 2, 2, 1, 1, 0, 0, 0], "10", "moderate", []),
    ("phq9", [3, 3, 3, 3, 2, 1, 0, 0, 0], "15", "moderately_severe", []),
    ("phq9", [3, 3, 3, 3, 3, 3, 2, 0, 0], "20", "severe", ["phq9_severe"]),
    ("phq9", [3] * 9, "27", "severe", ["phq9_self_harm_thoughts", "phq9_severe"]),
    # item 9 above 0 raises the safety alert whatever the total
    ("phq9", [0] * 8 + [1], "1", "minimal", ["phq9_self_harm_thoughts"]),
    # one item skipped: prorated (8 answered, sum 8 -> 9)
    ("phq9", [1] * 8 + [None], "9", "mild", []),
    # two skipped: no score, but item 9 still alerts
    ("phq9", [None, None, 3, 3, 3, 3, 3, 3, 2], None, "", ["phq9_self_harm_thoughts"]),
    ("gad7", [0] * 7, "0", "minimal", []),
    ("gad7", [1, 1, 1, 1, 1, 0, 0], "5", "mild", []),
    ("gad7", [2, 2, 2, 1, 1, 1, 0], "9", "mild", []),
    ("gad7", [2, 2, 2, 2, 1, 1, 0], "10", "moderate", ["gad7_follow_up"]),
    ("gad7", [3, 3, 3, 2, 2, 1, 1], "15", "severe", ["gad7_follow_up"]),
    ("gad7", [3] * 7, "21", "severe", ["gad7_follow_up"]),
    ("gad7", [3] * 6 + [None], None, "", []),
    ("pcl5", [0] * 20, "0", "", []),
    ("pcl5", [4] * 20, "80", "", ["pcl5_positive"]),
    ("pcl5", [2] * 16 + [0] * 4, "32", "", []),
    ("pcl5", [2] * 16 + [1, 0, 0, 0], "33", "", ["pcl5_positive"]),
    ("brs", [1, 5, 1, 5, 1, 5], "1.00", "low", []),
    ("brs", [5, 1, 5, 1, 5, 1], "5.00", "high", []),
    ("brs", [3, 3, 3, 3, 3, 3], "3.00", "normal", []),
    ("brs", [4, 2, 4, 2, 4, 3], "3.83", "normal", []),
    ("brs", [5, 2, 4, 2, 4, 2], "4.17", "normal", []),
    ("brs", [5, 1, 5, 2, 4, 2], "4.50", "high", []),
    ("brs", [3, 3, 2, 3, 3, 3], "2.83", "low", []),
    ("brs", [3, 3, 3, 3, 3, None], None, "", []),
]


@pytest.mark.parametrize(("code", "answers", "total", "band", "alerts"), KNOWN)
def test_known_answer_vectors(code, answers, total, band, alerts):
    # given a shipped instrument and a known answer set; when it is scored
    result = score(DEFINITIONS[code], answers)
    # then the total, band and alerts are the published ones
    assert result.total == (None if total is None else Decimal(total))
    assert result.complete is (total is not None)
    assert result.band == band
    assert sorted(a.code for a in result.alerts) == sorted(alerts)


def test_phq9_is_not_scored_with_more_than_one_missing_item():
    result = score(PHQ9, [1] * 7 + [None, None])
    assert (result.complete, result.total, result.incomplete_reason) == (False, None, "too_many_missing")
    assert result.missing == 2


def test_pcl5_subtotals_and_dsm_cluster_rule():
    # given B: one item at 2, C: one at 2, D: two at 2, E: two at 2; everything else at 1
    answers = [2, 1, 1, 1, 1, 2, 1, 2, 2, 1, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1]
    result = score(PCL5, answers)
    assert result.subscales == {"B": 6, "C": 3, "D": 9, "E": 8}
    assert [(c.subscale, c.endorsed, c.met) for c in result.clusters] == [
        ("B", 1, True),
        ("C", 1, True),
        ("D", 2, True),
        ("E", 2, True),
    ]
    assert result.clusters_met is True
    # and with only one D symptom endorsed, the rule is not met
    answers[7] = 1
    assert score(PCL5, answers).clusters_met is False


def test_pcl5_cut_off_is_configurable_within_31_to_33():
    answers = [2] * 15 + [1] + [0] * 4  # total 31
    assert score(PCL5, answers).cutoffs[0].met is False
    result = score(PCL5, answers, cutoffs={"provisional_ptsd": 31})
    assert result.cutoffs[0].met is True
    assert [a.code for a in result.alerts] == ["pcl5_positive"]
    with pytest.raises(ValueError, match="between 31 and 33"):
        score(PCL5, answers, cutoffs={"provisional_ptsd": 38})


def test_pcl5_reliable_change_and_worsening_alert():
    worse = score(PCL5, [2] * 20, previous_total=Decimal(30))  # 40: +10
    assert (worse.change, worse.reliable_change) == (Decimal(10), "worsened")
    assert "pcl5_worsened" in [a.code for a in worse.alerts]
    better = score(PCL5, [1] * 20, previous_total=Decimal(30))  # 20: -10
    assert better.reliable_change == "improved"
    same = score(PCL5, [1] * 20, previous_total=Decimal(29))
    assert same.reliable_change == "no_reliable_change"


def test_check_answers_names_the_item():
    assert check_answers(PHQ9, [0] * 8) == {"responses": ["Expected 9 answers (null for a skipped item), got 8."]}
    errors = check_answers(PHQ9, [0] * 8 + [4])
    assert list(errors) == ["item_9"]
    assert "Item 9" in errors["item_9"][0]
    assert list(check_answers(BRS, [0, 1, 2, 3, 4, 5])) == ["item_1"]  # BRS runs 1 to 5
    assert list(check_answers(GAD7, [0, 1, "2", True, 1.5, None, 0])) == ["item_3", "item_4", "item_5"]


def _answers(definition, *, allow_skip=True):
    values = [o["value"] for o in definition["options"]]
    element = st.one_of(st.none(), st.sampled_from(values)) if allow_skip else st.sampled_from(values)
    n = len(definition["items"])
    return st.lists(element, min_size=n, max_size=n)


@pytest.mark.parametrize("code", sorted(DEFINITIONS))
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_totals_lie_within_the_range(code, data):
    definition = DEFINITIONS[code]
    answers = data.draw(_answers(definition))
    result = score(definition, answers)
    low, high = score_range(definition)
    if result.total is not None:
        assert low <= result.total <= high
    # and a result has a total exactly when it is complete
    assert (result.total is not None) == result.complete
    assert result.missing == answers.count(None)


@pytest.mark.parametrize("code", ["phq9", "gad7", "brs"])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_bands_are_monotonic_in_the_total(code, data):
    definition = DEFINITIONS[code]
    order = [b["code"] for b in definition["bands"]]
    a = score(definition, data.draw(_answers(definition, allow_skip=False)))
    b = score(definition, data.draw(_answers(definition, allow_skip=False)))
    assert a.total is not None
    assert b.total is not None
    if a.total <= b.total:
        assert order.index(a.band) <= order.index(b.band)


@settings(max_examples=150, deadline=None)
@given(answers=_answers(BRS, allow_skip=False))
def test_brs_reversal(answers):
    # reversing items 2, 4, 6 by hand (6 - value) and taking the mean gives the score
    by_hand = [v if i % 2 == 0 else 6 - v for i, v in enumerate(answers)]
    expected = (Decimal(sum(by_hand)) / 6).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert score(BRS, answers).total == expected
    # and answering the opposite way on every item mirrors the score around 3
    mirrored = score(BRS, [6 - v for v in answers]).total
    assert mirrored is not None
    assert abs(mirrored + expected - 6) <= Decimal("0.01")


@settings(max_examples=150, deadline=None)
@given(answers=_answers(PHQ9))
def test_phq9_missing_items_rule_and_item_9(answers):
    result = score(PHQ9, answers)
    # complete with at most one skipped item, never with two or more
    assert result.complete == (answers.count(None) <= 1)
    # item 9 above 0 always alerts, whatever the rest
    fired = "phq9_self_harm_thoughts" in [a.code for a in result.alerts]
    assert fired == (answers[8] is not None and answers[8] > 0)


@settings(max_examples=100, deadline=None)
@given(answers=_answers(PHQ9, allow_skip=False), index=st.integers(0, 8))
def test_raising_one_answer_never_lowers_the_total(answers, index):
    higher = list(answers)
    higher[index] = min(3, higher[index] + 1)
    raised, before = score(PHQ9, higher).total, score(PHQ9, answers).total
    assert raised is not None
    assert before is not None
    assert raised >= before
