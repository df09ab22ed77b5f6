"""Property test over the real actions and database: whatever staff try, in whatever order, a case never
reaches follow-up or closed without a supervisor's approval, and never holds an inconsistent state."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reclaim.cases.actions import (
    do_decide_approval,
    do_open_case,
    do_request_approval,
    do_transition_case,
    do_update_case,
)
from reclaim.cases.models import ApprovalRequest, ApprovalStatus, Case, CaseEvent
from reclaim.cases.state import ACTIVE, CaseStatus
from reclaim.core.errors import DomainError

ACTORS = ("case_manager", "supervisor")
STEP = st.one_of(
    st.tuples(st.just("move"), st.sampled_from(list(CaseStatus)), st.booleans(), st.booleans()),
    st.tuples(st.just("ask"), st.sampled_from(["close", "exit_to_follow_up"]), st.sampled_from(["", "relocated"])),
    st.tuples(st.just("decide"), st.sampled_from(ACTORS), st.booleans()),
    st.tuples(st.just("edit"), st.booleans(), st.booleans()),
)


class _Rollback(Exception):
    pass


def _run(step, case, personas):
    kind = step[0]
    fresh = Case.objects.get(pk=case.pk)
    if kind == "move":
        _kind, to, consent, stale = step
        do_transition_case(
            actor=personas["case_manager"],
            case=fresh,
            to=to,
            expected_version=fresh.version - int(stale),
            services_consent_on=date(2026, 1, 2) if consent else None,
        )
    elif kind == "ask":
        _kind, what, reason = step
        do_request_approval(actor=personas["case_manager"], case=fresh, kind=what, close_reason=reason)
    elif kind == "decide":
        _kind, who, approve = step
        pending = ApprovalRequest.objects.filter(case=fresh, status=ApprovalStatus.PENDING).first()
        if pending is not None:
            do_decide_approval(actor=personas[who], approval=pending, approve=approve, comment="" if approve else "No")
    else:
        _kind, danger, stale = step
        do_update_case(
            actor=personas["supervisor"],
            case=fresh,
            expected_version=fresh.version - int(stale),
            changes={"danger_now": danger},
        )


def _check_invariants(case_id):
    case = Case.objects.get(pk=case_id)
    approved = {str(a.pk): a for a in ApprovalRequest.objects.filter(case_id=case_id, status=ApprovalStatus.APPROVED)}
    for event in CaseEvent.objects.filter(case_id=case_id, type="status_changed"):
        new = event.parameters["new"]
        if new in (CaseStatus.CLOSED, CaseStatus.FOLLOW_UP):
            approval = approved.get(event.parameters.get("approval_id", ""))
            assert approval is not None, f"moved to {new} without an approved request"
            assert approval.decided_by_id != approval.requested_by_id
    if case.status == CaseStatus.CLOSED:
        assert case.closed_at is not None
        assert case.close_reason
    else:
        assert case.closed_at is None
    if case.status in ACTIVE:
        assert case.services_consent_on is not None
    assert ApprovalRequest.objects.filter(case_id=case_id, status=ApprovalStatus.PENDING).count() <= 1
    assert CaseEvent.objects.filter(case_id=case_id, type="opened").count() == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=14))
def test_no_sequence_of_actions_skips_approval_or_breaks_the_case(personas, survivor_a, steps):
    try:
        with transaction.atomic():
            case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
            for step in steps:
                try:
                    with transaction.atomic():
                        _run(step, case, personas)
                except DomainError:
                    pass  # refused moves, conflicts and bad requests are fine; the state must stay valid
                _check_invariants(case.pk)
            raise _Rollback
    except _Rollback:
        pass
