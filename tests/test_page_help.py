"""Every main staff page shows its "About this page" help (issue 14 item 4; reclaim/core/page_help.py).

The main pages are the menu's entries, for every role (so a page added to the menu without help fails here),
and the tabs of a case file. The help comes from one registry through base.html, so each page is opened and
its disclosure looked for in the HTML.
"""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, get_resolver, resolve, reverse
from django.utils.html import escape

from conftest import STAFF_PERSONAS, login_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment
from reclaim.core.page_help import HELP

CASE_TABS = [
    "cases:detail",
    "cases:needs",
    "cases:family",
    "cases:history",
    "cases:notes",
    "documents:case_documents",
    "assessments:case_assessments",
    "assessments:case_progress",
    "assessments:case_outcomes",
    "cases:follow_up",
    "consent:case",
    "outreach:story_case_list",
    "plans:plan",
    "scheduling:case_appointments",
    "services:case_services",
    "referrals:case_referrals",
    "legal:case_matters",
    "connect:case_portal",
    "cases:timeline",
]


def shows_help(body: str, name: str) -> bool:
    first = escape(str(HELP[name][0]))
    return '<details class="page-help">' in body and "About this page" in body and first in body


@pytest.mark.parametrize("persona", [*STAFF_PERSONAS, "platform_operator"])
def test_every_menu_page_shows_its_help(personas, persona):
    # given a signed-in member of staff and the pages their menu offers
    client = login_client(personas[persona])
    menu = [item["url"] for item in client.get(reverse("home")).context["nav_items"]]
    assert menu
    missing, unseen = [], []
    for url in menu:
        name = resolve(url).view_name
        if name not in HELP:
            missing.append(name)
            continue
        # when they open each one
        response = client.get(url)
        # then it answers with the page's own help
        assert response.status_code == 200, url
        if not shows_help(response.content.decode(), name):
            unseen.append(name)
    assert missing == [], "menu pages without an entry in reclaim/core/page_help.py"
    assert unseen == [], "pages whose help does not show"


def test_every_tab_of_a_case_file_shows_its_help(personas, survivor_a):
    # given a case the case manager and the legal advocate work on
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    CaseAssignment.objects.get_or_create(agency=case.agency, case=case, user=personas["legal_advocate"])
    client = login_client(personas["case_manager"])
    for name in CASE_TABS:
        assert name in HELP, name
        # when a tab is opened; then it shows that tab's help
        response = client.get(reverse(name, args=[case.pk]))
        assert response.status_code == 200, name
        assert shows_help(response.content.decode(), name), name


def test_opening_a_case_and_a_person_show_their_help(personas, survivor_a):
    client = login_client(personas["case_manager"])
    for url, name in (
        (reverse("cases:open"), "cases:open"),
        (reverse("people:detail", args=[survivor_a.pk]), "people:detail"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert shows_help(response.content.decode(), name)


def test_a_page_without_an_entry_shows_no_help_box(personas):
    # given a page that is not a main page (an edit form)
    membership = personas["case_manager"].memberships.get()
    response = login_client(personas["agency_admin"]).get(reverse("accounts:member_edit", args=[membership.pk]))
    # then it has no empty disclosure
    assert response.status_code == 200
    assert "accounts:member_edit" not in HELP
    assert "page-help" not in response.content.decode()


def test_every_entry_names_a_real_page():
    # an entry for a renamed or removed URL name would never show
    names = {name for name in get_resolver().reverse_dict if isinstance(name, str)}
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        names |= {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    assert sorted(set(HELP) - names) == []


def test_every_entry_is_short_and_translatable():
    for name, paragraphs in HELP.items():
        assert 1 <= len(paragraphs) <= 3, name
        for paragraph in paragraphs:
            # gettext_lazy: translated when shown, in the reader's language
            assert type(paragraph).__name__ == "__proxy__", name
            assert len(str(paragraph)) <= 240, name


def test_every_case_tab_is_a_case_url_with_an_entry():
    # a typo in CASE_TABS would make the tab test above prove nothing
    for name in CASE_TABS:
        try:
            reverse(name, args=["00000000-0000-0000-0000-000000000000"])
        except NoReverseMatch:
            pytest.fail(f"{name} is not the URL name of a case page")
        assert name in HELP, name
