"""Issue 10's journey in a real browser: the outreach coordinator plans a campaign and records an event with its
attendance and an anonymous knowledge survey answered through the public link; a case manager attributes an
identification to the campaign; the coordinator sees the campaign's results, with the identification counted
under small-cell suppression and no way to reach the case."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from reclaim.cases.actions import do_open_case
from tests.portal_browser_support import chromium
from tests.test_browser_journeys import _sign_in_with_totp

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page():
    with chromium() as browser:
        yield browser.new_page()


def _plan_the_campaign(page, base_url: str) -> str:
    today = timezone.localdate()
    page.goto(f"{base_url}/outreach/campaigns/add/")
    page.fill("input[name=name]", "Know the signs 2026")
    page.fill("textarea[name=goal]", "Health workers recognise trafficking and call the hotline.")
    page.check("input[name=audiences][value=health_workers]")
    page.check("input[name=channels][value=workshops]")
    page.fill("input[name=starts_on]", (today - timedelta(days=7)).isoformat())
    page.fill("input[name=ends_on]", (today + timedelta(days=60)).isoformat())
    page.fill("input[name=budget]", "1500")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/outreach/campaigns/[0-9a-f-]{36}/$"))
    assert page.get_by_role("heading", name="Know the signs 2026").count() == 1
    return page.url


def _record_the_workshop(page, base_url: str, campaign_id: str) -> str:
    page.goto(f"{base_url}/outreach/events/add/")
    page.fill("input[name=title]", "Workshop at the district clinic")
    page.select_option("select[name=campaign]", campaign_id)
    page.select_option("select[name=audience]", "health_workers")
    # yesterday morning: attendance is recorded once an event has started, whatever time the test runs
    page.fill("input[name=on]", (timezone.localdate() - timedelta(days=1)).isoformat())
    page.fill("input[name=starts]", "09:00")
    page.fill("textarea[name=place]", "District clinic, training room")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/outreach/events/[0-9a-f-]{36}/$"))
    page.fill("input[name=audience_size]", "34")
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state()
    assert "34" in page.locator("section[aria-labelledby=attendance-heading]").inner_text()
    return page.url


def _answer_the_survey_on_a_phone(page, survey_link: str) -> None:
    """Someone in the audience, in a browser of their own: no sign-in, one statement answered, the rest skipped."""
    audience = page.context.browser.new_context()
    try:
        phone = audience.new_page()
        phone.goto(survey_link)
        phone.check("input[name=phase][value=pre]")
        phone.locator("input[type=radio][name^=item_]:not([value=''])").first.check()
        phone.get_by_role("button", name="Send my answers").click()
        phone.wait_for_load_state()
        assert phone.get_by_role("heading", name="Thank you").count() == 1
        # no session is started for them
        assert {cookie["name"] for cookie in audience.cookies()} <= {"csrftoken"}
    finally:
        audience.close()


def _attribute_the_identification(page, base_url: str, case, campaign_id: str) -> None:
    """A case manager, in a browser of their own, names the campaign on the case's details."""
    worker = page.context.browser.new_context()
    try:
        worker_page = worker.new_page()
        _sign_in_with_totp(worker_page, base_url, "case_manager@a.example")
        worker_page.goto(f"{base_url}/cases/{case.pk}/details/")
        worker_page.select_option("select[name=campaign_id]", campaign_id)
        worker_page.locator("main form button[type=submit]").last.click()
        worker_page.wait_for_url(re.compile(rf".*/cases/{case.pk}/$"))
        assert "Know the signs 2026" in worker_page.content()
    finally:
        worker.close()


def test_plan_a_campaign_record_an_event_with_a_survey_attribute_an_identification_and_see_the_results(
    flushable_db, live_server, browser_page, personas, survivor_a
):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    page = browser_page
    base_url = live_server.url

    # given the outreach coordinator signs in and plans a campaign from the menu
    _sign_in_with_totp(page, base_url, "outreach_coordinator@a.example")
    page.get_by_role("link", name="Campaigns").first.click()
    page.wait_for_url(re.compile(r".*/outreach/campaigns/$"))
    campaign_url = _plan_the_campaign(page, base_url)
    campaign_id = campaign_url.rstrip("/").rsplit("/", 1)[1]

    # when they record a workshop of the campaign with its attendance
    event_url = _record_the_workshop(page, base_url, campaign_id)

    # and open the anonymous survey link, which someone in the audience answers on their own phone
    page.get_by_role("button", name="Open a public link").click()
    page.wait_for_load_state()
    survey_link = page.input_value("#survey-link")
    assert "/outreach/events/survey/" in survey_link
    _answer_the_survey_on_a_phone(page, survey_link)
    page.goto(event_url)
    assert re.search(r"Answered before\s+1", page.locator("section[aria-labelledby=feedback-heading]").inner_text())

    # then a case manager attributes an identification to the campaign on the case's details
    _attribute_the_identification(page, base_url, case, campaign_id)

    # and the coordinator sees the campaign's results: the event, its people, and the identification counted
    # under small-cell suppression, with no link to any case
    page.goto(campaign_url)
    results = page.locator("section[aria-labelledby=results-heading]").inner_text()
    assert re.search(r"Events held\s+1", results)
    assert "34" in results
    assert page.locator("#identifications").inner_text().startswith("fewer than")
    assert str(case.pk) not in page.content()
    assert case.number not in page.content()
    assert page.goto(f"{base_url}/cases/{case.pk}/").status in (403, 404)
