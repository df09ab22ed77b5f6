"""Pure scoring of outcome domains: known vectors and hypothesis properties (means in range, rule monotonic)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reclaim.assessments import outcome_scoring as scoring

score = st.one_of(st.none(), st.integers(min_value=1, max_value=4))
domain_scores = st.lists(score, min_size=1, max_size=5)
profiles = st.dictionaries(st.sampled_from(list("abcdefg")), domain_scores, min_size=1, max_size=7)
minimums = st.sampled_from([Decimal(v) / 4 for v in range(4, 17)])  # 1.00, 1.25, ... 4.00


def test_known_vectors():
    # given a rating with a skipped question, an unrated domain and one below 3
    result = scoring.profile({"safety": [4, 3, None], "housing": [None, None], "legal": [2, 3, 3]})
    # then each domain is the mean of what was answered, and an unanswered domain has no score
    assert result.domains == {"safety": Fraction(7, 2), "housing": None, "legal": Fraction(8, 3)}
    assert result.display("legal") == Decimal("2.67")
    verdict = scoring.readiness(result, scoring.ClosureRule())
    assert (verdict.ready, verdict.below, verdict.unrated) == (False, ("legal",), ("housing",))
    # and with the "average" rule at 3.0 the mean of 3.5 and 2.67 (3.08) is enough
    assert scoring.readiness(result, scoring.ClosureRule(Decimal("3.0"), every_domain=False)).ready is True


def test_exactly_the_minimum_is_ready_without_float_error():
    # 3 + 3 + 3 / 3 and (2 + 4) / 2: exactly 3.00
    result = scoring.profile({"a": [3, 3, 3], "b": [2, 4]})
    assert scoring.readiness(result, scoring.ClosureRule(Decimal("3.00"))).ready is True


def test_out_of_range_scores_are_refused():
    with pytest.raises(scoring.ScoreOutOfRange):
        scoring.domain_score([0, 3])
    with pytest.raises(scoring.ScoreOutOfRange):
        scoring.domain_score([5])


@given(domain_scores)
def test_a_domain_score_is_within_one_to_four_or_absent(scores):
    value = scoring.domain_score(scores)
    if all(s is None for s in scores):
        assert value is None
    else:
        assert value is not None
        assert 1 <= value <= 4
        rated = [s for s in scores if s is not None]
        assert min(rated) <= value <= max(rated)


@given(profiles, minimums, st.booleans())
def test_readiness_matches_the_rule(scores, minimum, every_domain):
    result = scoring.profile(scores)
    verdict = scoring.readiness(result, scoring.ClosureRule(minimum, every_domain))
    values = list(result.domains.values())
    if every_domain:
        assert verdict.ready == all(v is not None and v >= minimum for v in values)
    else:
        present = [v for v in values if v is not None]
        assert verdict.ready == (bool(present) and sum(present) / len(present) >= minimum)
    assert set(verdict.below) | set(verdict.unrated) <= set(scores)


@given(profiles, minimums, st.booleans(), st.data())
def test_raising_one_answer_never_undoes_readiness(scores, minimum, every_domain, data):
    rule = scoring.ClosureRule(minimum, every_domain)
    before = scoring.readiness(scoring.profile(scores), rule)
    # when one answered question goes up by one (staying within 1-4)
    domain = data.draw(st.sampled_from(sorted(scores)))
    answered = [i for i, s in enumerate(scores[domain]) if s is not None and s < 4]
    if not answered:
        return
    index = data.draw(st.sampled_from(answered))
    raised = {**scores, domain: [*scores[domain]]}
    raised[domain][index] += 1
    after = scoring.readiness(scoring.profile(raised), rule)
    # then a case that was ready stays ready, and no domain newly falls below
    assert not before.ready or after.ready
    assert set(after.below) <= set(before.below)


@given(profiles, minimums, minimums, st.booleans())
def test_a_stricter_minimum_never_makes_more_cases_ready(scores, low, high, every_domain):
    low, high = min(low, high), max(low, high)
    result = scoring.profile(scores)
    if scoring.readiness(result, scoring.ClosureRule(high, every_domain)).ready:
        assert scoring.readiness(result, scoring.ClosureRule(low, every_domain)).ready


@given(profiles, minimums)
def test_every_domain_is_never_easier_than_the_average(scores, minimum):
    result = scoring.profile(scores)
    if scoring.readiness(result, scoring.ClosureRule(minimum, every_domain=True)).ready:
        assert scoring.readiness(result, scoring.ClosureRule(minimum, every_domain=False)).ready
