"""On a phone, without an account: find a service by language, read a rights page, answer the self-check;
axe-core finds no serious or critical issue on any of these pages."""

from __future__ import annotations

import pytest

from tests.portal_browser_support import phone_page, serious_axe_issues  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


def _shipped_data() -> None:
    """The taxonomy and the shipped rights pages (data migrations; a flushed database has lost them)."""
    from django.apps import apps

    from reclaim.legal.loader import install_shipped
    from reclaim.services.taxonomy import install

    install(apps)
    install_shipped(apps)


def test_a_visitor_finds_help_reads_a_right_and_answers_the_self_check(
    flushable_db,
    live_server,
    phone_page,  # noqa: F811 - the imported fixture
    personas,
    agency,
    other_agency,
):
    from reclaim.connect.actions import ensure_portal_settings
    from reclaim.referrals.tests.directory_fixtures import SHELTER_STREET, make_entry

    _shipped_data()
    make_entry(personas["agency_admin"], agency)
    make_entry(personas["other_agency_admin"], other_agency, name="Harbor Light")
    from reclaim.referrals import directory_actions as directory

    french = directory.do_create_organization(
        actor=personas["agency_admin"], agency=agency, data=directory.OrganizationInput(name="Accueil Nord")
    )
    directory.do_save_service(
        actor=personas["agency_admin"],
        organization=french,
        data=directory.ServiceInput(name="Conseils", category_code="legal_assistance", languages=["fr"]),
    )
    code = ensure_portal_settings(agency).entry_code
    page = phone_page
    base = live_server.url

    # the agency's link leads to the help page, which links to the finder
    page.goto(f"{base}/portal/go/{code}/")
    assert page.url == f"{base}/portal/"
    page.click("main >> text=Find help near you")
    page.wait_for_url(f"{base}/portal/help-near-you/")
    assert serious_axe_issues(page) == []

    # find a service by language
    page.select_option("#id_language", "fr")
    page.click("main button[type=submit]")
    page.wait_for_url("**/portal/help-near-you/?*language=fr*")
    results = page.locator(".resource-list")
    assert results.locator("h3").all_inner_texts() == ["Accueil Nord"]
    assert SHELTER_STREET not in page.content()
    assert serious_axe_issues(page) == []

    # read a rights page
    page.click(".portal-nav >> text=Your rights")
    page.wait_for_url(f"{base}/portal/rights/")
    assert serious_axe_issues(page) == []
    page.click("main >> text=The T visa")
    page.wait_for_url("**/portal/rights/*/")
    assert page.locator("h1").inner_text() == "The T visa"
    assert serious_axe_issues(page) == []

    # answer the self-check (skipping most questions)
    page.click(".portal-nav >> text=Is this OK?")
    page.wait_for_url(f"{base}/portal/is-this-ok/")
    assert serious_axe_issues(page) == []
    page.check("#id_papers_0")
    page.check("#id_pay_2")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=What your answers may mean")
    assert "You are not to blame" in page.inner_text("main")
    assert page.url == f"{base}/portal/is-this-ok/"
    assert serious_axe_issues(page) == []
