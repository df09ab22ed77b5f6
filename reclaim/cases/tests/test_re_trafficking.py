"""Re-trafficking (DOMAIN.md §10): a new exploitation after a recorded exit flags the case, and reopens it
when it was in follow-up or closed."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import login_client
from reclaim.cases import history
from reclaim.cases.actions import HistoryEventData, do_record_history_event
from reclaim.cases.models import CaseEvent, CaseFlag
from reclaim.cases.state import CaseStatus
from reclaim.cases.tests.history_helpers import IDENTIFIED, open_case, record, to_closed, to_follow_up, to_intake
from reclaim.core.models import AuditEvent

AFTER_EXIT = IDENTIFIED + timedelta(days=400)


def test_on_a_follow_up_case_it_reopens_and_flags(personas, survivor_a):
    case = to_follow_up(personas, open_case(personas, survivor_a))
    assert case.status == CaseStatus.FOLLOW_UP
    # when an exploitation that began after identification is recorded
    result = record(personas, case, started_on=AFTER_EXIT, exploitation_types=["ForcedLabour"])
    # then the case is flagged and back at intake, with the reason as a code
    case.refresh_from_db()
    assert case.status == CaseStatus.INTAKE
    assert result.reopened
    flag = CaseFlag.objects.get(kind="re_trafficking")
    assert flag.history_event == result.event
    assert flag.cleared_at is None
    recorded = CaseEvent.objects.get(type="re_trafficking_recorded")
    assert recorded.parameters == {
        "event_id": str(result.event.pk),
        "flag_id": str(flag.pk),
        "exit_basis": "identified",
        "reopened_from": "follow_up",
    }
    moved = CaseEvent.objects.filter(type="status_changed").order_by("-at").first()
    assert moved.parameters["reason"] == "re_trafficking"
    assert AuditEvent.objects.filter(action="case.re_trafficking_recorded").exists()


def test_on_a_closed_case_it_reopens(personas, survivor_a):
    case = to_closed(personas, open_case(personas, survivor_a))
    record(personas, case, started_on=AFTER_EXIT)
    case.refresh_from_db()
    assert (case.status, case.closed_at, case.close_reason) == (CaseStatus.INTAKE, None, "")
    assert CaseEvent.objects.filter(type="reopened", parameters__reason="re_trafficking").exists()


def test_on_an_active_case_it_only_flags(personas, survivor_a):
    case = to_intake(personas, open_case(personas, survivor_a))
    version = case.version
    result = record(personas, case, started_on=AFTER_EXIT)
    case.refresh_from_db()
    assert (case.status, case.version) == (CaseStatus.INTAKE, version)
    assert not result.reopened
    assert CaseFlag.objects.filter(kind="re_trafficking").count() == 1
    assert CaseEvent.objects.get(type="re_trafficking_recorded").parameters["reopened_from"] == ""


def test_exploitation_before_the_exit_does_not_flag(personas, survivor_a):
    case = to_follow_up(personas, open_case(personas, survivor_a))
    # an exploitation that started before identification, and one overlapping it
    record(personas, case, started_on=date(2021, 1, 1), ended_on=date(2022, 6, 30))
    record(personas, case, started_on=date(2022, 3, 1))
    # a recruitment after the exit is not an exploitation
    record(personas, case, type="Recruitment", started_on=AFTER_EXIT)
    # and an exploitation with no start date cannot be placed
    record(personas, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.FOLLOW_UP
    assert not CaseFlag.objects.exists()


def test_an_earlier_exploitation_that_ended_is_an_exit_even_before_identification(personas, survivor_a):
    case = to_intake(personas, open_case(personas, survivor_a, identified_on=None))
    record(personas, case, started_on=date(2015, 1, 1), ended_on=date(2016, 1, 1))
    record(personas, case, started_on=date(2018, 4, 1))
    recorded = CaseEvent.objects.get(type="re_trafficking_recorded")
    assert recorded.parameters["exit_basis"] == "earlier_exploitation_ended"


def test_month_dates_only_flag_when_certainly_after(personas, survivor_a):
    case = to_intake(personas, open_case(personas, survivor_a, identified_on=None))
    record(
        personas,
        case,
        started_on=date(2020, 1, 1),
        started_precision="year",
        ended_on=date(2021, 3, 1),
        ended_precision="month",
    )
    record(personas, case, started_on=date(2021, 3, 1), started_precision="month")  # same month: not certain
    assert not CaseFlag.objects.exists()
    record(personas, case, started_on=date(2021, 4, 1), started_precision="month")
    assert CaseFlag.objects.count() == 1


def test_the_ui_tells_the_worker_and_links_to_a_new_determination(personas, survivor_a):
    case = to_follow_up(personas, open_case(personas, survivor_a))
    client = login_client(personas["case_manager"])
    response = client.post(
        reverse("cases:history_add", args=[case.pk]),
        {
            "type": "Exploitation",
            "started_year": str(AFTER_EXIT.year),
            "started_month": str(AFTER_EXIT.month),
            "started_day": str(AFTER_EXIT.day),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "reopened at intake" in html
    assert "new trafficking status determination" in html
    assert "Re-trafficking" in html  # the banner


# --- properties -------------------------------------------------------------------------------------------

DAYS = st.integers(min_value=0, max_value=3000)
SPAN = st.tuples(st.one_of(st.none(), DAYS), st.one_of(st.none(), st.integers(min_value=0, max_value=400)))
BASE = date(2015, 1, 1)


def _spans(raw):
    spans = []
    for n, (start, length) in enumerate(raw):
        started = BASE + timedelta(days=start) if start is not None else None
        ended = started + timedelta(days=length) if started is not None and length is not None else None
        spans.append(history.Span(n, started, ended))
    return spans


@given(raw=st.lists(SPAN, max_size=6), identified=st.one_of(st.none(), DAYS))
def test_the_rule_does_not_depend_on_order_and_adding_never_unflags(raw, identified):
    spans = _spans(raw)
    identified_on = BASE + timedelta(days=identified) if identified is not None else None
    found = history.re_trafficking_events(spans, identified_on)
    for order in itertools.islice(itertools.permutations(spans), 24):
        assert history.re_trafficking_events(order, identified_on) == found
    for cut in range(len(spans)):
        assert history.re_trafficking_events(spans[:cut], identified_on) <= found
    for span in spans:
        if span.id in found:  # every flagged event starts strictly after an exit that was recorded
            found_exit = history.recorded_exit(span, spans, identified_on)
            assert found_exit is not None
            assert span.started_on > found_exit[0]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.lists(SPAN, min_size=1, max_size=5), order=st.randoms(use_true_random=False))
def test_recording_in_any_order_leaves_a_valid_case(personas, survivor_a, raw, order):
    spans = _spans(raw)
    order.shuffle(spans)
    with transaction.atomic():
        case = to_follow_up(personas, open_case(personas, survivor_a))
        for span in spans:
            do_record_history_event(
                actor=personas["case_manager"],
                case=case,
                data=HistoryEventData(type="Exploitation", started_on=span.started_on, ended_on=span.ended_on),
            )
        case.refresh_from_db()
        flags = list(CaseFlag.objects.filter(case=case, kind="re_trafficking"))
        expected = history.re_trafficking_events(
            [history.Span(e.pk, e.started_on, e.ended_on) for e in case.history_events.all()], case.identified_on
        )
        # one flag per re-trafficking event, never two, and the case reopened exactly when one was found
        assert sorted(str(f.history_event_id) for f in flags) == sorted(str(e) for e in expected)
        assert case.status == (CaseStatus.INTAKE if expected else CaseStatus.FOLLOW_UP)
        assert CaseEvent.objects.filter(case=case, type="re_trafficking_recorded").count() == len(expected)
        assert CaseEvent.objects.filter(
            case=case, type="status_changed", parameters__reason="re_trafficking"
        ).count() == (1 if expected else 0)
        case.full_clean()
        transaction.set_rollback(True)


def test_reopening_withdraws_a_close_request_made_before(personas, survivor_a):
    from reclaim.cases.actions import do_request_approval
    from reclaim.cases.models import ApprovalRequest

    case = to_follow_up(personas, open_case(personas, survivor_a))
    request = do_request_approval(actor=personas["case_manager"], case=case, kind="close", close_reason="goals_met")
    # when re-trafficking reopens the case
    record(personas, case, started_on=AFTER_EXIT, exploitation_types=["ForcedLabour"])
    # then the close request no longer waits for a supervisor, and the timeline says why
    request.refresh_from_db()
    assert request.status == "withdrawn"
    assert not ApprovalRequest.objects.filter(case=case, status="pending").exists()
    decided = CaseEvent.objects.get(type="approval_decided", parameters__approval_id=str(request.pk))
    assert decided.parameters["outcome"] == "withdrawn"
