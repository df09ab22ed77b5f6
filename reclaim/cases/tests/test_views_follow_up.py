"""The follow-up tab, recording a contact, stopping follow-up, and the agency's follow-up schedule page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.cases.actions import mark_missed_follow_ups
from reclaim.cases.models import CaseEvent, FollowUp, FollowUpPolicy
from reclaim.cases.tests.follow_up_helpers import at, exit_to_follow_up
from reclaim.core.models import AuditEvent


@pytest.fixture
def case(personas, survivor_a):
    return exit_to_follow_up(personas, survivor_a)


def _first(case) -> FollowUp:
    return case.follow_ups.order_by("sequence")[0]


def _record_url(case, follow_up) -> str:
    return reverse("cases:follow_up_record", args=[case.pk, follow_up.pk])


def test_the_tab_shows_the_schedule_and_audits_the_read(case, personas, assert_max_queries):
    client = login_client(personas["case_manager"])
    # when the case manager opens the follow-up tab
    with assert_max_queries(20):
        response = client.get(reverse("cases:follow_up", args=[case.pk]))
    # then the six contacts are listed with due dates, the tab is current, and the read is audited
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<th scope="row">') == 6
    assert 'datetime="2028-01-31"' in html
    assert 'aria-current="page">Follow-up</a>' in html
    assert "Stop follow-up at their request" in html
    assert AuditEvent.objects.filter(
        action="case.read", object_id=str(case.pk), actor_id=personas["case_manager"].pk
    ).exists()


def test_recording_a_contact_in_the_ui(case, personas):
    client = login_client(personas["case_manager"])
    first = _first(case)
    # given the record form
    assert "Record how the contact went" in client.get(_record_url(case, first)).content.decode()
    # when it is submitted
    with at(date(2026, 3, 2)):
        response = client.post(
            _record_url(case, first),
            {
                "version": first.version,
                "outcome": "reached_doing_well",
                "channel": "messaging_app",
                "indicators_checked": "on",
                "notes": "Started the bakery course",
            },
        )
    # then it is saved and the schedule shows the outcome
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.channel, first.indicators_checked, first.notes) == (
        "completed",
        "messaging_app",
        True,
        "Started the bakery course",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Reached: doing well" in page


def test_bad_input_shows_errors_and_saves_nothing(case, personas):
    client = login_client(personas["case_manager"])
    first = _first(case)
    with at(date(2026, 3, 2)):
        response = client.post(
            _record_url(case, first),
            {"version": first.version, "outcome": "", "contacted_on": "2026-12-31", "indicators": ["curfew"]},
        )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"outcome", "indicators"}
    with at(date(2026, 3, 2)):
        future = client.post(
            _record_url(case, first), {"version": first.version, "outcome": "not_reached", "contacted_on": "2026-12-31"}
        )
    assert future.status_code == 200
    assert "future" in str(future.context["form"].errors["contacted_on"])
    first.refresh_from_db()
    assert (first.status, first.version) == ("scheduled", 1)


def test_a_stale_save_shows_the_other_persons_values(case, personas):
    first = _first(case)
    with at(date(2026, 3, 2)):
        first_save = login_client(personas["supervisor"]).post(
            _record_url(case, first), {"version": 1, "outcome": "reached_needs_support"}
        )
        assert first_save.status_code == 302
        response = login_client(personas["case_manager"]).post(
            _record_url(case, first), {"version": 1, "outcome": "not_reached", "notes": "tried twice"}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else recorded this contact" in html
    assert "Reached: needs some support" in html
    assert response.context["form"]["version"].value() == "2"
    first.refresh_from_db()
    assert first.outcome == "reached_needs_support"


def test_a_crisis_shows_a_notice_with_a_way_to_reopen(case, personas):
    client = login_client(personas["case_manager"])
    first = _first(case)
    with at(date(2026, 3, 2)):
        response = client.post(_record_url(case, first), {"version": 1, "outcome": "reached_in_crisis"}, follow=True)
        overview = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    html = response.content.decode()
    assert "check on their safety now" in html
    assert "In crisis at the last follow-up contact." in overview
    assert reverse("cases:detail", args=[case.pk]) + "#move-heading" in overview
    case.refresh_from_db()
    assert case.status == "follow_up"


def test_missed_contacts_show_on_the_case_page(case, personas):
    mark_missed_follow_ups(today=date(2026, 3, 15))
    html = login_client(personas["supervisor"]).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "1 follow-up contact was missed." in html


def test_stopping_needs_confirmation_then_cancels_the_rest(case, personas):
    client = login_client(personas["case_manager"])
    url = reverse("cases:follow_up_stop", args=[case.pk])
    # without the confirmation nothing changes
    refused = client.post(url, {})
    assert refused.status_code == 200
    assert "confirm" in refused.context["stop_form"].errors
    assert not case.follow_ups.exclude(status="scheduled").exists()
    # with it, follow-up stops
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert set(case.follow_ups.values_list("status", flat=True)) == {"stopped_by_survivor"}
    assert CaseEvent.objects.filter(case=case, type="follow_up_stopped").exists()


def test_other_agencies_get_404_and_read_only_roles_cannot_record(case, personas):
    first = _first(case)
    outsider = login_client(personas["other_agency_user"])
    assert outsider.get(reverse("cases:follow_up", args=[case.pk])).status_code == 404
    assert outsider.get(_record_url(case, first)).status_code == 404
    assert outsider.post(_record_url(case, first), {"version": 1, "outcome": "not_reached"}).status_code == 404
    director = login_client(personas["program_director"])
    page = director.get(_record_url(case, first))
    assert page.status_code == 200
    assert "Record how the contact went" not in page.content.decode()
    assert director.post(_record_url(case, first), {"version": 1, "outcome": "not_reached"}).status_code == 403
    first.refresh_from_db()
    assert first.status == "scheduled"


def test_a_contact_of_another_case_is_not_found(case, personas, survivor_a):
    other = exit_to_follow_up(personas, survivor_a)
    response = login_client(personas["case_manager"]).get(_record_url(case, _first(other)))
    assert response.status_code == 404


# -- the agency's schedule ----------------------------------------------------------------------------


def test_the_policy_page_refuses_less_than_24_months(personas, agency):
    client = login_client(personas["agency_admin"])
    url = reverse("cases:follow_up_policy")
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["offsets_months"].value() == "1, 3, 6, 12, 18, 24"
    # when an admin tries to end follow-up at 18 months
    response = client.post(url, {"version": 0, "offsets_months": "1, 3, 6, 12, 18", "window_days": 14})
    # then the form says why and nothing is saved
    assert response.status_code == 200
    assert "at least 24 months" in str(response.context["form"].errors["offsets_months"])
    assert not FollowUpPolicy.objects.exists()
    # and a valid schedule is saved
    saved = client.post(url, {"version": 0, "offsets_months": "1, 3, 6, 12, 18, 24, 36", "window_days": 10})
    assert saved.status_code == 302
    policy = FollowUpPolicy.objects.get(agency=agency)
    assert (policy.offsets_months, policy.window_days, policy.version) == ([1, 3, 6, 12, 18, 24, 36], 10, 1)


def test_the_policy_page_shows_a_conflict_on_a_stale_save(personas):
    url = reverse("cases:follow_up_policy")
    login_client(personas["program_director"]).post(url, {"version": 0, "offsets_months": "6, 24", "window_days": 14})
    response = login_client(personas["agency_admin"]).post(
        url, {"version": 0, "offsets_months": "12, 24", "window_days": 14}
    )
    assert response.status_code == 200
    assert "Someone else changed the schedule" in response.content.decode()
    assert FollowUpPolicy.objects.get().offsets_months == [6, 24]


@pytest.mark.parametrize("persona", ["supervisor", "case_manager", "analyst", "other_agency_user"])
def test_only_admins_and_directors_change_the_schedule(personas, persona):
    response = login_client(personas[persona]).post(
        reverse("cases:follow_up_policy"), {"version": 0, "offsets_months": "24", "window_days": 14}
    )
    assert response.status_code == 403
    assert not FollowUpPolicy.objects.exists()
