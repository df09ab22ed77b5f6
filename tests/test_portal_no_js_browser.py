"""The portal works with JavaScript turned off (docs/portal.md): a survivor whose browser blocks scripts can
still sign in, because the pages' referrer policy lets a plain form post carry its real Origin to the CSRF check.
The public feedback survey of an event (issue 10) is a plain form too."""

from __future__ import annotations

import re

import pytest

from conftest import active_portal_account
from reclaim.cases.actions import do_open_case
from tests.portal_browser_support import PASSPHRASE, chromium

pytestmark = pytest.mark.browser


def test_a_survivor_signs_in_to_the_portal_with_javascript_off(flushable_db, live_server, personas, survivor_a):
    # given a survivor with portal access
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    active_portal_account(case, personas["case_manager"], "river stone")
    with chromium() as browser:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        # when they sign in with scripts off
        page.goto(f"{live_server.url}/portal/sign-in/")
        page.fill("input[name=username]", "river stone")
        page.fill("input[name=passphrase]", PASSPHRASE)
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        # then the post is accepted and they reach their page
        assert "Forbidden" not in page.content()
        assert re.search(r"/portal/me/?$", page.url), page.url
        context.close()
