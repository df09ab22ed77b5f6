"""The home page's "Urgent needs not yet resolved" panel: only cases the user may see, oldest first, no names."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.cases.actions import do_open_case, do_update_need
from reclaim.cases.selectors import urgent_needs_for_user
from reclaim.people.actions import do_create_survivor


def _numbers(response):
    return [entry.number for entry in response.context["urgent_cases"]]


def test_panel_lists_visible_cases_oldest_first_with_need_names(personas, survivor_a, survivor_b):
    # given an older and a newer case with urgent needs in agency A, and one in agency B
    start = timezone.now() - timedelta(days=3)
    with time_machine.travel(start, tick=False):
        older = do_open_case(actor=personas["case_manager"], survivor=survivor_a, urgent_needs=["safety", "childcare"])
    newer = do_open_case(actor=personas["case_manager"], survivor=survivor_a, urgent_needs=["medical_care"])
    calm = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    foreign = do_open_case(actor=personas["other_agency_user"], survivor=survivor_b, urgent_needs=["safety"])
    client = login_client(personas["case_manager"])
    # when the case manager opens the home page
    response = client.get(reverse("home"))
    # then both urgent cases show, the longest-waiting first, by number only, with what they need
    assert response.status_code == 200
    assert _numbers(response) == [older.number, newer.number]
    html = response.content.decode()
    assert "Urgent needs not yet resolved" in html
    assert "Safety, Childcare" in html
    assert reverse("cases:needs", args=[older.pk]) in html
    assert "Marisol" not in html
    assert "3\xa0days" in html
    assert calm.number not in html
    # and agency B's case never shows, though its number may look alike
    assert str(foreign.pk) not in html
    other = login_client(personas["other_agency_user"]).get(reverse("home"))
    assert _numbers(other) == [foreign.number]
    assert str(older.pk) not in other.content.decode()


def test_a_case_leaves_the_panel_when_its_urgent_needs_are_resolved(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, urgent_needs=["safety", "interpreter"])
    client = login_client(personas["case_manager"])
    safety, interpreter = case.needs.get(need="safety"), case.needs.get(need="interpreter")
    # when one need is met, the case stays with the other; referred is not resolved
    do_update_need(actor=personas["case_manager"], need=safety, expected_version=1, status="met", urgent=True)
    do_update_need(actor=personas["case_manager"], need=interpreter, expected_version=1, status="referred", urgent=True)
    entries = client.get(reverse("home")).context["urgent_cases"]
    assert [[n.need for n in e.needs] for e in entries] == [["interpreter"]]
    # when the last one is declined, the case disappears
    do_update_need(actor=personas["case_manager"], need=interpreter, expected_version=2, status="declined", urgent=True)
    response = client.get(reverse("home"))
    assert response.context["urgent_cases"] == []
    assert "No urgent needs are waiting" in response.content.decode()


def test_only_cases_in_the_users_scope_show(personas, agency, team, survivor_a):
    # given an urgent case the case manager is not assigned to, in the team
    survivor = do_create_survivor(actor=None, agency=agency, reference="T-1", team=team)
    case = do_open_case(actor=personas["supervisor"], survivor=survivor, team=team, urgent_needs=["safety"])
    # then the supervisor (team scope) and the director (agency scope) see it; the case manager does not
    assert [e.case_id for e in urgent_needs_for_user(personas["supervisor"])] == [case.pk]
    assert [e.case_id for e in urgent_needs_for_user(personas["program_director"])] == [case.pk]
    assert urgent_needs_for_user(personas["case_manager"]) == []


def test_roles_without_case_access_get_no_panel(personas, survivor_a):
    do_open_case(actor=personas["case_manager"], survivor=survivor_a, urgent_needs=["safety"])
    for persona in ("agency_admin", "analyst", "volunteer", "outreach_coordinator", "platform_operator"):
        response = login_client(personas[persona]).get(reverse("home"))
        assert response.status_code == 200
        assert "Urgent needs not yet resolved" not in response.content.decode(), persona
        assert response.context["urgent_cases"] == []


def test_closed_cases_do_not_show(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, urgent_needs=["safety"])
    case.status, case.closed_at, case.close_reason = "closed", timezone.now(), "other"
    case.save()
    assert urgent_needs_for_user(personas["case_manager"]) == []


HOME_QUERIES = 30  # +4 for portal check-ins and messages: alerts and missed check-ins (tasks), two home panels; +1 event follow-ups, +1 required training (tasks)


def test_home_keeps_a_flat_query_count(personas, agency, team, assert_max_queries):
    # given many cases with urgent needs in the supervisor's team
    for i in range(25):
        survivor = do_create_survivor(actor=None, agency=agency, reference=f"D-{i}", team=team)
        do_open_case(
            actor=personas["case_manager"], survivor=survivor, team=team, urgent_needs=["safety", "medical_care"]
        )
    client = login_client(personas["supervisor"])
    client.get(reverse("home"))  # the first request after sign-in also saves the session
    # 8 for the page itself, the rest for the task-list counts (a constant number per task source)
    with assert_max_queries(HOME_QUERIES):
        response = client.get(reverse("home"))
    assert len(response.context["urgent_cases"]) == 25
    assert all(len(e.needs) == 2 for e in response.context["urgent_cases"])


def test_the_panel_keeps_the_fifty_longest_waiting_cases_each_with_all_its_urgent_needs(personas, agency, team):
    # given 55 cases with two urgent needs each, opened a day apart (the first the longest waiting)
    start = timezone.now() - timedelta(days=60)
    cases = []
    for i in range(55):
        survivor = do_create_survivor(actor=None, agency=agency, reference=f"W-{i}", team=team)
        with time_machine.travel(start + timedelta(days=i), tick=False):
            cases.append(
                do_open_case(
                    actor=personas["case_manager"],
                    survivor=survivor,
                    team=team,
                    urgent_needs=["safety", "medical_care"],
                )
            )
    # then the panel lists the 50 longest-waiting, oldest first, each with both of its needs
    entries = urgent_needs_for_user(personas["case_manager"])
    assert [e.case_id for e in entries] == [c.pk for c in cases[:50]]
    assert all(sorted(n.need for n in e.needs) == ["medical_care", "safety"] for e in entries)
