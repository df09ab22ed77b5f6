"""Portal check-ins and messages in a real browser, on a phone (issue 9 items 5 and 6)."""

from __future__ import annotations

import pytest

from conftest import active_portal_account
from tests.portal_browser_support import phone_page, serious_axe_issues, sign_in
from tests.test_browser_journeys import _sign_in_with_totp

pytestmark = pytest.mark.browser
__all__ = ["phone_page"]


def _portal_case(personas, survivor_a, username: str):
    from reclaim.cases.actions import do_open_case

    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    account = active_portal_account(case, personas["case_manager"], username)
    account.safe_contact = "Text only after 6 pm"
    account.save()
    return case


def test_not_safe_check_in_reaches_the_case_managers_home_page(
    flushable_db, live_server, phone_page, personas, survivor_a
):
    case = _portal_case(personas, survivor_a, "talk-checkin")
    page, base = phone_page, live_server.url
    # given the survivor signed in on their phone
    sign_in(page, base, "talk-checkin")
    # when they check in and say they are not safe
    page.goto(f"{base}/portal/me/check-in/")
    assert serious_axe_issues(page) == []
    page.get_by_label("Not safe").check()
    page.get_by_role("button", name="Send my check-in").click()
    page.get_by_text("We have told your case team").wait_for()
    # then they see who will contact them, the way they chose
    assert "Text only after 6 pm" in page.content()
    assert serious_axe_issues(page) == []
    # and the case manager sees it on their home page, with the safe way to reach them
    page.context.clear_cookies()
    _sign_in_with_totp(page, base, "case_manager@a.example")
    page.goto(f"{base}/")
    panel = page.locator("section[aria-labelledby=portal-checkins-heading]")
    assert case.number in panel.inner_text()
    assert "Text only after 6 pm" in panel.inner_text()


def test_message_round_trip(flushable_db, live_server, phone_page, personas, survivor_a):
    case = _portal_case(personas, survivor_a, "talk-messages")
    page, base = phone_page, live_server.url
    # given the survivor writes to their case team
    sign_in(page, base, "talk-messages")
    page.goto(f"{base}/portal/me/messages/")
    assert serious_axe_issues(page) == []
    page.get_by_role("link", name="Write a new message").click()
    page.get_by_label("Your message").wait_for()
    assert serious_axe_issues(page) == []
    page.get_by_label("Your message").fill("Can we meet on Tuesday?")
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Can we meet on Tuesday?").wait_for()
    assert serious_axe_issues(page) == []
    # when the case manager reads it from their home page and replies
    page.context.clear_cookies()
    _sign_in_with_totp(page, base, "case_manager@a.example")
    page.goto(f"{base}/")
    panel = page.locator("section[aria-labelledby=portal-messages-heading]")
    panel.get_by_role("link", name=f"Case {case.number}: 1 new").click()
    page.get_by_text("Can we meet on Tuesday?").wait_for()
    page.fill("form[action*='/reply/'] textarea[name=body]", "Yes, Tuesday at ten.")
    page.locator("form[action*='/reply/'] button[type=submit]").click()
    page.get_by_text("Not read yet").wait_for()
    # then the survivor sees the reply
    page.context.clear_cookies()
    sign_in(page, base, "talk-messages")
    page.goto(f"{base}/portal/me/messages/")
    page.get_by_test_id("thread-link").first.click()
    page.get_by_text("Yes, Tuesday at ten.").wait_for()
    assert serious_axe_issues(page) == []
