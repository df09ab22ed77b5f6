"""The Timeline tab: newest first, filters by category and dates, 50 a page, counts that only include
what the reader may see, and a flat query count."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.cases import events
from reclaim.cases.access import access_case_by_id
from reclaim.cases.actions import do_add_note, do_open_case, do_record_determination
from reclaim.cases.models import Case, CaseAssignment, CaseEvent
from reclaim.cases.selectors import TimelineFilters, timeline_for_case


@pytest.fixture
def case(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    CaseAssignment.objects.create(agency_id=case.agency_id, case=case, user=personas["clinician"])
    do_record_determination(
        actor=personas["case_manager"],
        case=case,
        status="PossibleVictimOfTrafficking",
        decided_by="NGO",
        decided_on=timezone.localdate(),
    )
    do_add_note(actor=personas["case_manager"], case=case, confidentiality="general", kind="other", body="General.")
    do_add_note(actor=personas["clinician"], case=case, confidentiality="clinical", kind="other", body="Clinical.")
    # an event type someone adds later, not in the category mapping
    events._record(case, personas["case_manager"], "referral_sent", "case.referral_sent", referral_id="r1")
    return case


def _types(response):
    return [e.type for e in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("", {"opened", "determination", "note_added", "referral_sent"}),
        ("stage", {"opened"}),
        ("notes", {"note_added"}),
        ("determinations", {"determination"}),
        ("assignment", set()),
        ("other", {"referral_sent"}),
    ],
)
def test_category_filter(personas, case, category, expected):
    client = login_client(personas["case_manager"])
    response = client.get(reverse("cases:timeline", args=[case.pk]), {"category": category})
    assert response.status_code == 200
    assert set(_types(response)) == expected


def test_newest_first_and_the_notes_filter_respects_levels(personas, case):
    # the clinician sees both note events under "notes", the case manager only the general one
    url = reverse("cases:timeline", args=[case.pk])
    clinician = login_client(personas["clinician"]).get(url, {"category": "notes"})
    manager = login_client(personas["case_manager"]).get(url, {"category": "notes"})
    assert len(_types(clinician)) == 2
    assert len(_types(manager)) == 1
    everything = login_client(personas["clinician"]).get(url)
    stamps = [e.at for e in everything.context["page"].object_list]
    assert stamps == sorted(stamps, reverse=True)
    assert _types(everything)[0] == "referral_sent"


def test_date_filter(personas, case):
    # given the opening happened ten days ago (test set-up: events have no other way to be back-dated)
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    CaseEvent.objects.filter(case=case, type="opened").update(at=ten_days_ago)
    today, then = timezone.localdate(), timezone.localdate(ten_days_ago)
    client = login_client(personas["case_manager"])
    url = reverse("cases:timeline", args=[case.pk])
    # then a range around that day holds the opening only, and "from today" leaves it out
    old = client.get(url, {"date_from": then.isoformat(), "date_to": then.isoformat()})
    assert _types(old) == ["opened"]
    recent = client.get(url, {"date_from": today.isoformat()})
    assert "opened" not in _types(recent)
    assert len(_types(recent)) == 3


def test_a_reversed_range_is_a_field_error(personas, case):
    client = login_client(personas["case_manager"])
    response = client.get(
        reverse("cases:timeline", args=[case.pk]), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors
    bad = client.get(reverse("cases:timeline", args=[case.pk]), {"date_from": "yesterday", "category": "<b>"})
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {"date_from", "category"}


def test_pages_of_fifty_count_only_visible_events(personas, case):
    # given many clinical notes, which the case manager may not see, and a few general ones
    for i in range(55):
        do_add_note(actor=personas["clinician"], case=case, confidentiality="clinical", kind="other", body=f"c{i}")
    for i in range(52):
        do_add_note(actor=personas["case_manager"], case=case, confidentiality="general", kind="other", body=f"g{i}")
    url = reverse("cases:timeline", args=[case.pk])
    # when the case manager pages through
    first = login_client(personas["case_manager"]).get(url)
    second = login_client(personas["case_manager"]).get(url, {"page": 2})
    # then the count and the pages hold exactly what they may see (opened, determination, 53 general, other)
    assert first.context["page"].paginator.count == 56
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 6
    seen = [*first.context["page"].object_list, *second.context["page"].object_list]
    assert all(e.parameters.get("confidentiality") in {None, "general"} for e in seen)
    # and the clinician's count includes the clinical ones
    assert login_client(personas["clinician"]).get(url).context["page"].paginator.count == 112


def test_an_unknown_level_is_hidden_from_everyone(personas, case):
    events._record(case, personas["case_manager"], "note_added", "case.note_added", note_id="x", confidentiality="odd")
    for persona in ("case_manager", "clinician", "legal_advocate"):
        shown = timeline_for_case(personas[persona], case, TimelineFilters(category="notes"))
        assert "odd" not in {e.parameters.get("confidentiality") for e in shown}


def test_the_selector_gives_nothing_to_someone_outside_the_case(personas, case):
    assert list(timeline_for_case(personas["other_agency_user"], case)) == []
    assert list(timeline_for_case(personas["volunteer"], case)) == []


def test_a_case_from_someone_elses_gate_is_checked_again(personas, case):
    # given the case as the case manager's gate returned it (marked as passed for them)
    gated = access_case_by_id(personas["case_manager"], case.pk)
    assert list(timeline_for_case(personas["case_manager"], gated))
    # then the mark is theirs alone: someone outside the case still gets nothing from that instance
    assert list(timeline_for_case(personas["other_agency_user"], gated)) == []
    assert list(timeline_for_case(personas["volunteer"], gated)) == []


def test_the_gate_is_not_checked_twice_for_the_user_it_let_through(personas, case):
    # given the case as the clinician's gate returned it, and the same case read without the gate
    gated = access_case_by_id(personas["clinician"], case.pk)
    ungated = Case.objects.get(pk=case.pk)
    # then the gated case's events are read by its pk alone, the other's with the access query again
    gated_sql = str(timeline_for_case(personas["clinician"], gated).query)
    ungated_sql = str(timeline_for_case(personas["clinician"], ungated).query)
    assert "cases_caseassignment" not in gated_sql
    assert "cases_caseassignment" in ungated_sql
    assert [e.pk for e in timeline_for_case(personas["clinician"], gated)] == [
        e.pk for e in timeline_for_case(personas["clinician"], ungated)
    ]


def test_overview_keeps_the_latest_ten_with_a_link(personas, case):
    for i in range(15):
        do_add_note(actor=personas["case_manager"], case=case, confidentiality="general", kind="other", body=f"n{i}")
    response = login_client(personas["case_manager"]).get(reverse("cases:detail", args=[case.pk]))
    assert len(response.context["timeline"]) == 10
    assert reverse("cases:timeline", args=[case.pk]) in response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len([q for q in context.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])


def test_timeline_query_count_does_not_grow(personas, case, assert_max_queries):
    client = login_client(personas["clinician"])
    url = reverse("cases:timeline", args=[case.pk])
    few = _queries(client, url)
    for i in range(40):
        writer = "clinician" if i % 2 else "case_manager"
        level = "clinical" if i % 2 else "general"
        do_add_note(actor=personas[writer], case=case, confidentiality=level, kind="other", body=f"{i}")
    with assert_max_queries(15):
        many = _queries(client, url)
    assert many <= few
