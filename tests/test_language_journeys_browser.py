"""The main journeys in each language (issue 14): a case manager signs in (password, then an authenticator app)
and opens a case, and the survivor signs in to the portal, with the browser asking for English, Spanish, French or
Arabic. Arabic is the right-to-left run: the page says dir="rtl" and the layout mirrors.

The staff pages are checked for their lang and dir and the language picker's choice, and the case file for staff
wording in its language (a field name, and the name of a shipped service category, both from the staff catalogue);
the portal's home page for the portal's own translation of its name. axe-core runs on each page, and each is saved as desktop and phone
screenshots under artifacts/screenshots/<language>/ (RECLAIM_SCREENSHOT_DIR chooses another folder).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from conftest import active_portal_account
from tests.portal_browser_support import (  # noqa: F401 — fixtures
    SIZES,
    _module_browser,
    save_screenshots,
    serious_axe_issues,
    shared_browser,
    sign_in,
)
from tests.test_browser_journeys import _sign_in_with_totp

pytestmark = pytest.mark.browser

# The portal's own name for its home page in each language (reclaim/portal/locale/<language>/).
PORTAL_MY_PAGE = {"en": "My page", "es": "Mi página", "fr": "Ma page", "ar": "صفحتي"}


def _in_language(page: Any, language: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")


def _staff_in_language(page: Any, language: str) -> None:
    _in_language(page, language)
    assert page.locator("#language-select").input_value() == language
    assert serious_axe_issues(page) == []


def _left(page: Any, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["x"]


@pytest.mark.parametrize("language", list(PORTAL_MY_PAGE))
def test_sign_in_open_a_case_and_the_portal_home_in_each_language(
    language,
    flushable_db,
    live_server,
    personas,
    survivor_a,
    shared_browser,  # noqa: F811
):
    from reclaim.cases.actions import do_open_case

    base = live_server.url
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    active_portal_account(case, personas["case_manager"], f"marisol-{language}")
    staff = shared_browser.new_context(locale=language, viewport=SIZES["desktop"])
    page = staff.new_page()

    # given a browser that asks for the language, on the sign-in page
    page.goto(base + reverse("account_login"))
    _staff_in_language(page, language)
    save_screenshots(page, language, "sign-in")
    # when the case manager signs in and opens the survivor's case from the case list
    _sign_in_with_totp(page, base, "case_manager@a.example")
    page.goto(base + reverse("cases:list"))
    _staff_in_language(page, language)
    save_screenshots(page, language, "cases")
    page.locator(f"main a[href$='{reverse('cases:detail', args=[case.pk])}']").first.click()
    page.wait_for_url(re.compile(r".*/cases/[0-9a-f-]{36}/$"))
    # then the case file is in that language and direction
    _staff_in_language(page, language)
    main = page.locator("main").inner_text()
    assert case.number in main
    # and its own wording is in that language: a field name of the case page
    with translation.override(language):
        lead_worker = gettext("Lead worker")
    assert lead_worker in main
    assert (lead_worker == "Lead worker") == (language == "en")
    save_screenshots(page, language, "case-detail")
    # and the services tab names a shipped service category in that language too (the taxonomy is installed again:
    # the previous live-server test's flush emptied it)
    from django.apps import apps as django_apps

    from reclaim.services import taxonomy

    taxonomy.install(django_apps)
    page.goto(base + reverse("services:case_services", args=[case.pk]))
    with translation.override(language):
        category = pgettext("service category", "Psychological support")
    assert (category == "Psychological support") == (language == "en")
    assert page.locator(f"select#id_service_type optgroup[label='{category}']").count() == 1
    if language == "ar":
        # and right to left mirrors the layout: the site name sits on the right, the menu starts on the right
        assert _left(page, ".site-name") > SIZES["desktop"]["width"] / 2
        assert _left(page, ".site-nav li:first-child") > _left(page, ".site-nav li:last-child")
        assert _left(page, "nav.subnav li:first-child") > _left(page, "nav.subnav li:nth-child(2)")
    staff.close()

    # when the survivor signs in to the portal on their phone, in the same language
    portal = shared_browser.new_context(locale=language, viewport=SIZES["phone"], is_mobile=True, has_touch=True)
    phone = portal.new_page()
    sign_in(phone, base, f"marisol-{language}")
    # then their page is in that language, with the portal's own translation of its name
    _in_language(phone, language)
    assert phone.get_by_role("link", name=PORTAL_MY_PAGE[language], exact=True).count() == 1
    assert serious_axe_issues(phone) == []
    save_screenshots(phone, language, "portal-home")
    if language == "ar":
        # and its quick exit stays at hand on the right, where a right-to-left reader starts
        assert _left(phone, ".quick-exit") > SIZES["phone"]["width"] / 3
    portal.close()
