"""The referral state machine (DOMAIN.md §8): property tests over every state, move and side."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reclaim.core.errors import InvalidTransition
from reclaim.referrals.models import ReferralStatus
from reclaim.referrals.referral_states import (
    MOVES,
    OPEN,
    TERMINAL,
    DeclineReason,
    Outcome,
    Side,
    State,
    check_move,
    may_move,
    targets,
)

SIDE_SETS = [frozenset({Side.SENDER}), frozenset({Side.RECIPIENT}), frozenset(Side)]
RECIPIENT_ONLY = {State.RECEIVED, State.ACCEPTED, State.DECLINED, State.IN_PROGRESS, State.ON_HOLD}
RECIPIENT_ONLY |= {State.COMPLETED, State.FAILED}


def _complete(to: State) -> dict[str, str]:
    """What each move needs, so only the side rule can refuse it."""
    return {"reason_code": DeclineReason.OTHER, "outcome": Outcome.GOT_HELP, "note": "A note."}


def test_states_match_the_stored_choices():
    assert {state.value for state in State} == set(ReferralStatus.values)


@given(st.sampled_from(list(State)), st.sampled_from(list(State)), st.sampled_from(SIDE_SETS))
def test_no_move_ever_leaves_a_terminal_state(current, to, sides):
    if current in TERMINAL:
        assert not may_move(current, to, sides)
        with pytest.raises(InvalidTransition):
            check_move(current, to, sides, **_complete(to))


@given(st.lists(st.tuples(st.sampled_from(list(State)), st.sampled_from(SIDE_SETS)), max_size=30))
def test_any_path_of_allowed_moves_stays_terminal_once_terminal(steps):
    # given a referral walked along any sequence of attempted moves, applying only the allowed ones
    state = State.DRAFT
    reached_terminal = None
    for to, sides in steps:
        if may_move(state, to, sides):
            check_move(state, to, sides, **_complete(to))
            state = to
        if state in TERMINAL and reached_terminal is None:
            reached_terminal = state
    # then once terminal, it never moved again
    if reached_terminal is not None:
        assert state == reached_terminal


def test_only_the_right_side_may_make_each_move_exhaustively():
    for current, to, side in itertools.product(State, State, Side):
        allowed = may_move(current, to, {side})
        if to in (State.SENT, State.WITHDRAWN) or (current == State.DRAFT and to == State.CANCELLED):
            expected_side = Side.SENDER
        elif to in RECIPIENT_ONLY:
            expected_side = Side.RECIPIENT
        else:
            expected_side = None  # cancelled from an open, sent state: either side
        if allowed and expected_side is not None:
            assert side == expected_side, (current, to, side)


def test_the_moves_of_domain_md_section_8():
    expected = {
        (State.DRAFT, State.SENT),
        (State.SENT, State.RECEIVED),
        (State.SENT, State.ACCEPTED),
        (State.SENT, State.DECLINED),
        (State.RECEIVED, State.ACCEPTED),
        (State.RECEIVED, State.DECLINED),
        (State.ACCEPTED, State.IN_PROGRESS),
        (State.ACCEPTED, State.ON_HOLD),
        (State.ACCEPTED, State.COMPLETED),
        (State.ACCEPTED, State.FAILED),
        (State.IN_PROGRESS, State.ON_HOLD),
        (State.ON_HOLD, State.IN_PROGRESS),
        (State.IN_PROGRESS, State.COMPLETED),
        (State.IN_PROGRESS, State.FAILED),
    }
    expected |= {(state, State.CANCELLED) for state in OPEN}
    expected |= {(state, State.WITHDRAWN) for state in OPEN - {State.DRAFT}}
    assert set(MOVES) == expected


def test_either_side_may_cancel_a_sent_referral_but_only_the_sender_withdraws_it():
    assert may_move(State.IN_PROGRESS, State.CANCELLED, {Side.RECIPIENT})
    assert may_move(State.IN_PROGRESS, State.CANCELLED, {Side.SENDER})
    assert not may_move(State.IN_PROGRESS, State.WITHDRAWN, {Side.RECIPIENT})
    assert not may_move(State.DRAFT, State.CANCELLED, {Side.RECIPIENT})
    assert targets(State.SENT, {Side.SENDER}) == [State.CANCELLED, State.WITHDRAWN]


@pytest.mark.parametrize(
    ("current", "to", "kwargs", "field"),
    [
        (State.SENT, State.DECLINED, {"note": "Full"}, "reason"),
        (State.SENT, State.DECLINED, {"reason_code": "no_capacity"}, "note"),
        (State.SENT, State.DECLINED, {"reason_code": "bored", "note": "x"}, "reason"),
        (State.IN_PROGRESS, State.COMPLETED, {"note": "Done"}, "outcome"),
        (State.IN_PROGRESS, State.COMPLETED, {"outcome": "got_help"}, "note"),
        (State.IN_PROGRESS, State.FAILED, {"outcome": "could_not_contact"}, "note"),
        (State.SENT, State.RECEIVED, {"note": "x" * 2001}, "note"),
    ],
)
def test_moves_that_need_a_reason_outcome_or_note_refuse_without_it(current, to, kwargs, field):
    with pytest.raises(InvalidTransition) as refused:
        check_move(current, to, {Side.RECIPIENT}, **kwargs)
    assert field in refused.value.fields


def test_complete_moves_pass():
    check_move(State.SENT, State.DECLINED, {Side.RECIPIENT}, reason_code="out_of_area", note="We serve the north.")
    check_move(State.IN_PROGRESS, State.COMPLETED, {Side.RECIPIENT}, outcome="partially_helped", note="Six sessions.")
    check_move(State.ACCEPTED, State.FAILED, {Side.RECIPIENT}, note="No-show three times.")
