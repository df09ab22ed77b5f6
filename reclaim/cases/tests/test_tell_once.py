"""Tell once (issue 14, DOMAIN.md §7.6): recording a follow-up contact shows how the person asked to be reached,
read from their record, and starts the channel from it; a change is made in that one place (the family and
contacts tab) and every form reads it from there. The interpreter need is read from the needs checklist."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.cases.actions import do_open_case, do_update_need
from reclaim.cases.models import ImmediateNeed
from reclaim.cases.selectors import interpreter_needed_for_case
from reclaim.cases.tests.follow_up_helpers import at, exit_to_follow_up
from reclaim.people.actions import do_update_survivor_contact_safety

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(personas, survivor_a):
    return exit_to_follow_up(personas, survivor_a)


def _record_page(client, case):
    first = case.follow_ups.order_by("sequence")[0]
    with at(first.opens_on):
        return client.get(reverse("cases:follow_up_record", args=[case.pk, first.pk]))


def _safe(personas, survivor, **values):
    do_update_survivor_contact_safety(
        actor=personas["case_manager"], survivor=survivor, expected_version=survivor.version, **values
    )
    survivor.refresh_from_db()


def test_the_record_form_shows_the_recorded_safe_contact_and_starts_from_its_channel(case, personas):
    _safe(personas, case.survivor, safe_to_contact="yes", safe_channel="call", safe_times="weekdays after 6 pm")
    response = _record_page(login_client(personas["case_manager"]), case)
    html = response.content.decode()
    # the channel is not a blank question: it starts from the safe channel on the person's record
    assert response.context["form"]["channel"].value() == "phone"
    # and how they asked to be reached is shown read-only, with a link to the one place it is changed
    shown = html[html.index('data-testid="recorded-safe-contact"') :].split("</dl>")[0]
    assert "Phone call, weekdays after 6 pm" in shown
    assert reverse("cases:family", args=[case.pk]) + "#reach-heading" in shown
    assert 'name="safe_times"' not in html


def test_nothing_is_presumed_when_it_is_not_safe_to_contact(case, personas):
    _safe(personas, case.survivor, safe_to_contact="no", safe_channel="text")
    response = _record_page(login_client(personas["case_manager"]), case)
    assert response.context["form"]["channel"].value() in ("", None)
    shown = response.content.decode().split('data-testid="recorded-safe-contact"')[1].split("</dl>")[0]
    assert "Do not contact" in shown


def test_a_change_made_through_the_link_lands_on_the_person_and_the_form_reads_it(case, personas):
    _safe(personas, case.survivor, safe_to_contact="yes", safe_channel="call")
    client = login_client(personas["case_manager"])
    survivor = case.survivor
    # when the case manager follows "Change" and saves a new safe channel on the family tab
    response = client.post(
        reverse("cases:contact_safety", args=[case.pk]),
        {
            "safe_to_contact": "yes",
            "safe_channel": "messaging_app",
            "safe_times": "mornings",
            "version": survivor.version,
        },
    )
    assert response.status_code == 302
    # then it is saved once, on the person's record
    survivor.refresh_from_db()
    assert (survivor.safe_channel, survivor.safe_times) == ("messaging_app", "mornings")
    # and the follow-up form reads it from there
    page = _record_page(client, case)
    assert page.context["form"]["channel"].value() == "messaging_app"
    assert "Messaging app, mornings" in page.content.decode()


def test_the_interpreter_need_is_unknown_until_someone_says(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    assert interpreter_needed_for_case(case.pk) is None
    need = ImmediateNeed.objects.get(case=case, need="interpreter")
    need = do_update_need(
        actor=personas["case_manager"], need=need, expected_version=need.version, status="unmet", urgent=False
    )
    assert interpreter_needed_for_case(case.pk) is True
    do_update_need(
        actor=personas["case_manager"], need=need, expected_version=need.version, status="declined", urgent=False
    )
    assert interpreter_needed_for_case(case.pk) is False
    ticked = do_open_case(actor=personas["case_manager"], survivor=survivor_a, urgent_needs=["interpreter"])
    assert interpreter_needed_for_case(ticked.pk) is True
