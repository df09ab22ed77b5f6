"""Arabic staff pages mirror (issue 14 item 1): a case manager whose language is Arabic opens the case list and a
case in a real browser; the page is right to left and its layout starts on the right. Screenshots (desktop and
phone) are written to the screenshot folder (tests/portal_browser_support.py: RECLAIM_SCREENSHOT_DIR, else
artifacts/screenshots), under rtl/, for a reviewer to look at."""

from __future__ import annotations

import pytest

from reclaim.accounts.actions import do_set_language
from reclaim.cases.actions import do_open_case
from tests.portal_browser_support import PHONE, chromium, screenshot_dir
from tests.test_browser_journeys import _sign_in_with_totp

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def _starts_on_the_right(page, selector: str, *, short: bool = True) -> None:
    """The element's text (its inline box, not the block, which is as wide as the page either way) ends near the
    page's right edge and begins past a quarter of its width: start-aligned text in a right-to-left page."""
    width = page.viewport_size["width"]
    box = page.locator(selector).first.evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el); const b = r.getBoundingClientRect();"
        " return {x: b.x, width: b.width}; }"
    )
    assert box["x"] + box["width"] > width * 0.9, (selector, box, width)
    if short:  # a long heading wraps across the whole width either way
        assert box["x"] > width * 0.25, (selector, box, width)


def test_the_case_list_and_a_case_mirror_in_arabic(flushable_db, live_server, personas, survivor_a):
    # given a case manager who chose Arabic, with one open case
    user = personas["case_manager"]
    do_set_language(actor=user, language="ar")
    case = do_open_case(actor=user, survivor=survivor_a, team=survivor_a.team)
    shots = screenshot_dir() / "rtl"
    shots.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        context = browser.new_context(locale="en-US", **DESKTOP)  # the browser asks for English
        page = context.new_page()
        _sign_in_with_totp(page, live_server.url, "case_manager@a.example")
        # when they open the case list
        page.goto(f"{live_server.url}/cases/")
        # then it is Arabic, right to left, and the header, heading and first column sit on the right
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("html").get_attribute("lang") == "ar"
        _starts_on_the_right(page, ".site-name a")
        _starts_on_the_right(page, "main h1")
        headers = page.locator("main table thead th")
        first, last = headers.first.bounding_box(), headers.last.bounding_box()
        assert first["x"] > last["x"]  # columns run from right to left
        page.screenshot(path=str(shots / "case-list-ar-desktop.png"), full_page=True)
        # and the case page mirrors too
        page.goto(f"{live_server.url}/cases/{case.pk}/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        _starts_on_the_right(page, "main h1")
        page.screenshot(path=str(shots / "case-detail-ar-desktop.png"), full_page=True)
        # and on a phone
        phone = browser.new_context(**PHONE)
        phone.add_cookies(context.cookies())
        small = phone.new_page()
        for name, path in (("case-list", "/cases/"), ("case-detail", f"/cases/{case.pk}/")):
            small.goto(f"{live_server.url}{path}")
            assert small.locator("html").get_attribute("dir") == "rtl"
            _starts_on_the_right(small, "main h1", short=False)
            small.screenshot(path=str(shots / f"{name}-ar-phone.png"), full_page=True)
        phone.close()
        context.close()
