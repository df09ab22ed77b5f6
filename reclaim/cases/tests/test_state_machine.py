"""Property tests of the pure lifecycle: no sequence of moves reaches closed or follow-up without approval."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from reclaim.cases import state
from reclaim.cases.state import CaseStatus

STATUSES = st.sampled_from(list(CaseStatus))


class Lifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.status = CaseStatus.IDENTIFIED
        self.history: list[tuple[str, str, bool]] = []

    @rule(
        target_status=STATUSES, consent=st.booleans(), approved=st.booleans(), reason=st.sampled_from(["", "goals_met"])
    )
    def attempt(self, target_status, consent, approved, reason):
        verdict = state.check(
            self.status, target_status, state.Facts(services_consent=consent, approved=approved, close_reason=reason)
        )
        if verdict.allowed:
            self.history.append((self.status, target_status, approved))
            self.status = CaseStatus(target_status)

    @invariant()
    def approval_always_precedes_closing_and_exit(self):
        for _old, new, approved in self.history:
            if new in state.NEEDS_APPROVAL:
                assert approved

    @invariant()
    def status_is_always_a_known_stage(self):
        assert self.status in list(CaseStatus)


TestLifecycle = Lifecycle.TestCase
TestLifecycle.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)


@given(current=STATUSES, target=STATUSES)
def test_moves_outside_the_lifecycle_are_refused_with_a_reason(current, target):
    verdict = state.check(current, target, state.Facts(services_consent=True, approved=True, close_reason="goals_met"))
    assert verdict.allowed == (target in state.targets(current))
    if not verdict.allowed:
        assert verdict.missing == ("not_a_move",)


def test_intake_needs_consent_to_services():
    verdict = state.check(CaseStatus.IDENTIFIED, CaseStatus.INTAKE, state.Facts())
    assert verdict.missing == ("services_consent",)


def test_closing_needs_approval_and_reason():
    verdict = state.check(CaseStatus.ACTIVE_PLAN, CaseStatus.CLOSED, state.Facts(services_consent=True))
    assert set(verdict.missing) == {"approval", "close_reason"}


def test_skipping_forward_only_warns():
    verdict = state.check(CaseStatus.INTAKE, CaseStatus.ACTIVE_PLAN, state.Facts(services_consent=True))
    assert verdict.allowed
    assert verdict.warnings == ("skipped_stage",)


def test_reopen_and_reintegration_back_to_plan():
    assert CaseStatus.INTAKE in state.targets(CaseStatus.CLOSED)
    assert CaseStatus.ACTIVE_PLAN in state.targets(CaseStatus.REINTEGRATION)
    assert state.targets(CaseStatus.IDENTIFIED) == [CaseStatus.INTAKE, CaseStatus.CLOSED]
