"""Accessibility of the staff pages in a real browser (issue 14): axe-core on every main page, errors tied to their
fields, and one journey by keyboard alone.

The pages are the permission matrix's routes (tests/test_permission_matrix.py), on its objects, each opened by
the first persona of PREFERENCE the matrix lets see it, plus every tab of the case file as the case detail's tab
bar lists them, so a new tab is checked without an edit here. axe-core runs its default rules (WCAG 2.0-2.2 A
and AA plus best practices) on the desktop size; a serious or critical finding fails. Each main page (not each
tab) is also saved as desktop and phone screenshots under artifacts/screenshots/en/ (RECLAIM_SCREENSHOT_DIR
chooses another folder).
One chromium serves the module; one live server serves the whole run.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.portal_browser_support import (  # noqa: F401 — fixtures
    _module_browser,
    save_screenshots,
    serious_axe_issues,
    shared_browser,
    staff_context,
)
from tests.test_permission_matrix import (
    MATRIX,
    objects,  # noqa: F401 — the fixture the page walk uses
)

pytestmark = pytest.mark.browser

# Whom to open a page as: the first of these the matrix lets see it (case workers first, for the case pages).
PREFERENCE = [
    "case_manager",
    "supervisor",
    "program_director",
    "agency_admin",
    "outreach_coordinator",
    "legal_advocate",
    "other_agency_user",  # the receiving side of a referral
]

# The main staff pages, by the matrix's route names: home and tasks, the case list and file, the intake and
# assessment forms, plan, services, calendar, referrals, legal, reports and dashboards, the agency admin's
# pages, outreach. The case file's tabs are added from its tab bar.
MAIN_PAGES = [
    "home",
    "tasks",
    "people:list",
    "cases:list",
    "cases:open",
    "cases:detail",
    "cases:edit",
    "assessments:take",
    "plans:plan",
    "plans:goal_add",
    "services:log",
    "services:day",
    "scheduling:calendar_day",
    "scheduling:calendar_week",
    "referrals:outgoing",
    "referrals:create",
    "referrals:case_referral",
    "referrals:incoming",
    "referrals:incoming_detail",
    "referrals:directory",
    "legal:matter",
    "legal:deadlines",
    "reporting:reports",
    "reporting:jobs",
    "reporting:exports",
    "reporting:dashboard_caseload",
    "reporting:dashboard_team",
    "reporting:dashboard_program",
    "accounts:team",
    "accounts:member_edit",
    "accounts:audit",
    "accounts:vocabularies",
    "accounts:tokens",
    "accounts:agency_profile",
    "accounts:setup_guide",
    "consent:templates",
    "consent:template_add",
    "consent:template_edit",
    "consent:add",
    "assessments:library",
    "retention:policy",
    "outreach:campaign_list",
    "outreach:campaign_add",
    "outreach:campaign_detail",
    "outreach:event_list",
    "outreach:event_detail",
    "outreach:volunteer_list",
    "outreach:training_course_list",
    "outreach:story_library",
]


def _persona_for(route: str) -> str:
    expectations = MATRIX[route][2]
    return next(persona for persona in PREFERENCE if expectations.get(persona) == 200)


def test_every_main_staff_page_has_no_serious_or_critical_axe_finding(
    emptied_for_restore,  # before the restore below: an earlier live test may have remade content types
    django_db_serialized_rollback,  # the migrations' reference data (instruments, taxonomy, vocabularies) is back
    flushable_db,
    live_server,
    personas,
    objects,  # noqa: F811
    shared_browser,  # noqa: F811
):
    base = live_server.url
    pages: dict[str, Any] = {}

    def page_as(persona: str) -> Any:
        if persona not in pages:
            pages[persona] = staff_context(shared_browser, base, personas[persona]).new_page()
        return pages[persona]

    visited: list[str] = []
    findings: dict[str, list[str]] = {}

    def check(page: Any, label: str, path: str, shot: str = "") -> None:
        response = page.goto(base + path)
        assert response.status == 200, f"{label}: {response.status}"
        visited.append(label)
        if issues := serious_axe_issues(page):
            findings[label] = issues
        if shot:
            save_screenshots(page, "en", shot)

    # given the matrix's world, seen by the personas who work with each page
    for route in MAIN_PAGES:
        persona = _persona_for(route)
        page = page_as(persona)
        check(page, f"{route} as {persona}", MATRIX[route][1](objects), shot=re.sub(r"[:_]", "-", route))
        if route == "cases:detail":
            # and every tab of the case file, as the tab bar lists them
            tabs = page.locator("nav.subnav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
            assert len(tabs) >= 15, tabs
            for href in tabs[1:]:
                check(page, f"case tab {href}", href)  # no screenshots of the tabs: the set stays small
    # and the sign-in page, before and after a wrong password
    anonymous = shared_browser.new_context(viewport={"width": 1280, "height": 800})
    sign_in = anonymous.new_page()
    check(sign_in, "sign-in", reverse("account_login"))  # its screenshots: the language journeys
    sign_in.fill("input[name=login]", "case_manager@a.example")
    sign_in.fill("input[name=password]", "not-the-passphrase-at-all")
    sign_in.locator("main form button[type=submit]").last.click()
    sign_in.wait_for_load_state()
    if issues := serious_axe_issues(sign_in):
        findings["sign-in with an error"] = issues
    save_screenshots(sign_in, "en", "sign-in-error")

    # then axe-core finds nothing serious or critical on any of them
    assert findings == {}
    assert len(visited) >= len(MAIN_PAGES) + 15
    anonymous.close()
    for page in pages.values():
        page.context.close()


def _field_errors_are_tied(page: Any) -> list[str]:
    """Every field marked invalid names, in aria-describedby, an element that exists and holds text."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[aria-invalid="true"]')].flatMap(field => {
            const ids = (field.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
            const texts = ids.map(id => (document.getElementById(id) || {}).textContent || '');
            return texts.some(text => text.trim()) ? [] : [field.name || field.id];
        })"""
    )


def test_a_form_with_errors_ties_each_message_to_its_field_and_summarises_them(
    flushable_db,
    live_server,
    personas,
    survivor_a,
    shared_browser,  # noqa: F811
):
    from reclaim.cases.actions import do_open_case

    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    context = staff_context(shared_browser, live_server.url, personas["case_manager"])
    page = context.new_page()
    # given the form for a new goal on a started plan, sent empty
    page.goto(live_server.url + reverse("plans:plan", args=[case.pk]))
    page.locator("form[action*='/plan/start/'] button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("plans:goal_add", args=[case.pk]))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    # then the summary is announced and links to the field, the field says it is invalid and names its message
    assert page.locator(".error-summary[role=alert] a[href^='#']").count() >= 1
    invalid = page.locator("[aria-invalid=true]")
    assert invalid.count() >= 1
    assert _field_errors_are_tied(page) == []
    # and the error state has no serious or critical axe-core finding either
    assert serious_axe_issues(page) == []
    save_screenshots(page, "en", "plans-goal-add-errors")
    context.close()


FOCUS_RING = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    return {tag: el.tagName, name: el.getAttribute('name') || '', text: (el.innerText || '').trim().slice(0, 60),
            href: el.getAttribute('href') || '', ring, inView: el.getBoundingClientRect().width > 0};
}"""


def _tab_until(page: Any, wanted: Any, limit: int = 60) -> list[dict[str, Any]]:
    """Press Tab until the focused element matches `wanted`; every stop on the way is returned."""
    stops: list[dict[str, Any]] = []
    for _press in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_RING)
        stops.append(focused)
        if focused and wanted(focused):
            return stops
    raise AssertionError(f"not reached by Tab in {limit} presses: {[stop and stop['text'] for stop in stops]}")


def test_a_case_manager_opens_a_case_with_the_keyboard_alone_and_always_sees_where_the_focus_is(
    flushable_db,
    live_server,
    personas,
    shared_browser,  # noqa: F811
):
    from reclaim.cases.models import Case

    context = staff_context(shared_browser, live_server.url, personas["case_manager"])
    page = context.new_page()
    page.goto(live_server.url + reverse("cases:list"))
    # when they press Tab from the top of the case list, the first stop is the skip link, shown on focus
    first = _tab_until(page, lambda stop: True)[0]
    assert first["href"] == "#main" and first["ring"] and first["inView"]
    # and Tab goes on, with a visible focus ring at every stop, to the primary action, which Enter follows
    stops = _tab_until(page, lambda stop: stop["href"].endswith(reverse("cases:open")))
    assert all(stop and stop["ring"] for stop in stops), [stop for stop in stops if not (stop and stop["ring"])]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/cases/open/$"))
    # and on the form they type a name in use, pick the team by typing its first letter, and send it with Enter
    stops = _tab_until(page, lambda stop: stop["name"] == "chosen_name")
    assert all(stop and stop["ring"] for stop in stops)
    page.keyboard.type("Nuri")
    _tab_until(page, lambda stop: stop["name"] == "team")
    page.keyboard.type("Intake")
    stops = _tab_until(page, lambda stop: stop["tag"] == "BUTTON" and stop["text"] and "Open" in stop["text"])
    assert all(stop and stop["ring"] for stop in stops)
    page.keyboard.press("Enter")
    # then the case is open
    page.wait_for_url(re.compile(r".*/cases/[0-9a-f-]{36}/$"))
    case = Case.objects.get()
    assert case.team.name == "Intake"
    context.close()
