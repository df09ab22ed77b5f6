"""static/js/unsaved.js in a real browser: leaving a form marked data-warn-unsaved asks first, but only when a
field changed (or the server re-rendered input that was not saved) and the form is not the one being submitted."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseNote
from tests.portal_browser_support import chromium

pytestmark = pytest.mark.browser


@pytest.fixture
def notes_page(flushable_db, live_server, personas, survivor_a):
    """The case manager's browser on the notes tab of one of their cases, signed in through the session cookie."""
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    session = login_client(personas["case_manager"]).cookies[settings.SESSION_COOKIE_NAME].value
    with chromium() as browser:
        context = browser.new_context()
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        page = context.new_page()
        dialogs: list[str] = []

        def stay(dialog):  # answer "Stay on page"
            dialogs.append(dialog.type)
            dialog.dismiss()

        page.on("dialog", stay)
        page.goto(f"{live_server.url}/cases/{case.pk}/notes/")
        yield page, dialogs, case
        context.close()


def _leave_by_link(page) -> None:
    """Follow the "Overview" tab link as a person would (a real click), then let any navigation settle."""
    page.get_by_role("link", name="Overview").click()
    page.wait_for_timeout(500)
    page.wait_for_load_state()


def test_an_untouched_form_lets_the_page_go_without_asking(notes_page):
    page, dialogs, case = notes_page
    # given the note form as loaded, nothing typed
    assert page.locator("form[data-warn-unsaved]").count() == 1
    # when the person leaves by a link
    _leave_by_link(page)
    # then no question is asked and the overview opens
    assert dialogs == []
    assert re.search(rf"/cases/{case.pk}/$", page.url)


def test_typed_text_asks_before_leaving_and_staying_keeps_it(notes_page):
    page, dialogs, _case = notes_page
    # given a note typed but not saved
    page.locator("textarea[name=body]").click()
    page.keyboard.type("Met at the shelter; wants to think about it.")
    # when the person follows a link away
    _leave_by_link(page)
    # then the browser asks first; staying keeps the page and the text
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/notes/")
    assert page.locator("textarea[name=body]").input_value() == "Met at the shelter; wants to think about it."


def test_typing_then_removing_the_text_is_no_change(notes_page):
    page, dialogs, case = notes_page
    page.locator("textarea[name=body]").click()
    page.keyboard.type("x")
    page.keyboard.press("Backspace")
    _leave_by_link(page)
    assert dialogs == []
    assert re.search(rf"/cases/{case.pk}/$", page.url)


def test_saving_the_form_does_not_ask(notes_page):
    page, dialogs, _case = notes_page
    # given a typed note
    page.locator("textarea[name=body]").click()
    page.keyboard.type("Asked for a Spanish-speaking lawyer.")
    # when it is saved with the form's own button
    page.get_by_role("button", name="Save note").click()
    page.wait_for_load_state()
    # then it is saved without a question
    assert dialogs == []
    assert CaseNote.objects.count() == 1


def test_input_kept_after_an_error_asks_before_leaving(notes_page):
    page, dialogs, _case = notes_page
    # given a note the server refused (only spaces): the form comes back with what was sent, not saved
    page.locator("textarea[name=body]").click()
    page.keyboard.type("   ")
    page.get_by_role("button", name="Save note").click()
    page.wait_for_load_state()
    assert page.locator("form[data-warn-unsaved=kept]").count() == 1
    assert dialogs == []
    # when the person leaves without changing anything more
    _leave_by_link(page)
    # then they are asked, since what they typed was never saved
    assert dialogs == ["beforeunload"]
    assert CaseNote.objects.count() == 0
