"""The survivor portal in a real browser on a phone: activation, sign-in, quick exit, weight, accessibility."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session

from conftest import active_portal_account
from reclaim.cases.actions import do_open_case
from reclaim.connect.actions import SettingsInput, do_create_portal_access, do_save_portal_settings
from tests.portal_browser_support import PASSPHRASE, PHONE, SLOW_3G, phone_page, serious_axe_issues, sign_in

pytestmark = pytest.mark.browser
__all__ = ["phone_page"]  # the fixture, imported for pytest

HOME_BUDGET_BYTES = 100 * 1024
PHONE_WIDTH = PHONE["viewport"]["width"]


def _case(personas, survivor):
    return do_open_case(actor=personas["case_manager"], survivor=survivor, team=survivor.team)


def _neutral_exit(personas, agency, live_server):
    """The quick-exit target: a neutral page on the test server (the machine has no internet)."""
    return do_save_portal_settings(
        actor=personas["agency_admin"],
        agency=agency,
        data=SettingsInput(disguise_name="Daily tips", exit_url=f"{live_server.url}/static/portal/icon.svg"),
        expected_version=1,
    )


def test_a_survivor_activates_with_the_code_signs_in_on_a_phone_and_every_page_passes_axe(
    flushable_db, live_server, phone_page, personas, survivor_a
):
    page, base = phone_page, live_server.url
    case = _case(personas, survivor_a)
    _account, code = do_create_portal_access(actor=personas["case_manager"], case=case)
    # the help page comes first, with the help lines
    page.goto(f"{base}/portal/")
    assert page.locator(".help-now").is_visible()
    assert serious_axe_issues(page) == []
    # "I have a code" leads through "Staying safe online" before the sign-up
    page.click("text=I have a code")
    page.wait_for_url(f"{base}/portal/staying-safe/?next=activate")
    assert serious_axe_issues(page) == []
    page.click("text=I have read this. I have a code.")
    page.wait_for_url(f"{base}/portal/activate/")
    assert page.locator("#id_passphrase").get_attribute("autocomplete") == "off"
    # a mistake keeps the page and says what is wrong
    page.fill("#id_code", code)
    page.fill("#id_username", "blue river")
    page.fill("#id_passphrase", PASSPHRASE)
    page.fill("#id_confirm", PASSPHRASE + "!")
    page.click("main button[type=submit]")
    page.wait_for_selector(".error-summary")
    assert "not the same" in page.inner_text(".error-summary")
    assert serious_axe_issues(page) == []
    page.fill("#id_passphrase", PASSPHRASE)
    page.fill("#id_confirm", PASSPHRASE)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/portal/me/")
    assert page.locator("h1").inner_text() == "My page"
    assert serious_axe_issues(page) == []
    # sign out, then sign in again with the chosen name and passphrase
    page.click("footer button[type=submit]")
    page.wait_for_url(f"{base}/portal/")
    sign_in(page, base, "blue river")
    page.goto(f"{base}/portal/me/settings/")
    assert serious_axe_issues(page) == []


def _session_key(page):
    return next(c["value"] for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)


def _wait_until_ended(session_key, seconds=10.0):
    """Quick exit ends the session with a beacon sent as the page leaves (portal.js): the browser does not wait for
    it, and on a busy machine the server may answer it after the browser has gone back. Wait, at most `seconds`, for
    the session to be gone from the database; the page is then asked for as before."""
    deadline = time.monotonic() + seconds
    while Session.objects.filter(session_key=session_key).exists() and time.monotonic() < deadline:
        time.sleep(0.1)


def test_quick_exit_replaces_the_page_ends_the_session_and_back_does_not_return(
    flushable_db, live_server, phone_page, personas, survivor_a
):
    page, base = phone_page, live_server.url
    account = active_portal_account(_case(personas, survivor_a), personas["case_manager"], "blue river")
    _neutral_exit(personas, account.agency, live_server)
    sign_in(page, base, "blue river")
    # moving around inside the portal adds no history entries
    page.click("nav.portal-nav >> text=Staying safe online")
    page.wait_for_url(f"{base}/portal/staying-safe/")
    page.click("nav.portal-nav >> text=My page")
    page.wait_for_url(f"{base}/portal/me/")
    session_key = _session_key(page)
    # when the survivor presses quick exit
    page.click("[data-quick-exit]")
    page.wait_for_url(f"{base}/static/portal/icon.svg")
    # then Back does not lead into the portal
    page.go_back()
    assert "/portal/" not in page.url
    # and the portal session is over, once the server has had the beacon
    _wait_until_ended(session_key)
    page.goto(f"{base}/portal/me/")
    assert page.url == f"{base}/portal/sign-in/"


def test_shift_pressed_three_times_leaves_at_once(flushable_db, live_server, phone_page, personas, survivor_a):
    page, base = phone_page, live_server.url
    account = active_portal_account(_case(personas, survivor_a), personas["case_manager"], "blue river")
    _neutral_exit(personas, account.agency, live_server)
    sign_in(page, base, "blue river")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(f"{base}/static/portal/icon.svg")
    page.go_back()
    assert "/portal/me/" not in page.url


def test_the_home_page_is_light_and_loads_on_slow_3g(flushable_db, live_server, phone_page, personas, survivor_a):
    page, base = phone_page, live_server.url
    active_portal_account(_case(personas, survivor_a), personas["case_manager"], "blue river")
    sign_in(page, base, "blue river")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    page.goto(f"{base}/portal/me/", wait_until="load", timeout=30_000)
    transferred = page.evaluate(
        """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
              .filter(e => !/\\.(png|jpe?g|gif|webp|svg)(\\?|$)/.test(e.name))
              .reduce((sum, e) => sum + (e.transferSize || e.encodedBodySize || 0), 0)"""
    )
    assert 0 < transferred < HOME_BUDGET_BYTES, transferred
    assert page.locator("h1").inner_text() == "My page"


@pytest.mark.parametrize(
    ("language", "direction", "quick_exit"),
    [("es", "ltr", "Salida rápida"), ("fr", "ltr", "Sortie rapide"), ("ar", "rtl", "خروج سريع")],
)
def test_the_portal_switches_language_on_any_page_and_arabic_reads_right_to_left(
    flushable_db, live_server, phone_page, personas, survivor_a, language, direction, quick_exit
):
    page, base = phone_page, live_server.url
    active_portal_account(_case(personas, survivor_a), personas["case_manager"], "blue river")
    # from a page deep in the portal, the language switch comes back to the same page
    page.goto(f"{base}/portal/staying-safe/")
    page.click(f"nav.languages a[lang={language}]")
    page.wait_for_url(f"{base}/portal/staying-safe/")
    html = page.locator("html")
    assert html.get_attribute("lang") == language and html.get_attribute("dir") == direction
    assert quick_exit in page.inner_text("[data-quick-exit]")
    assert serious_axe_issues(page) == []
    # signed in, every page stays in the language, and the quick exit stays on screen
    sign_in(page, base, "blue river")
    for path in ("/portal/me/", "/portal/me/check-in/", "/portal/me/messages/", "/portal/me/settings/"):
        page.goto(f"{base}{path}")
        assert page.locator("html").get_attribute("dir") == direction
        assert quick_exit in page.inner_text("[data-quick-exit]")
        box = page.locator("[data-quick-exit]").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
        assert serious_axe_issues(page) == [], path
