"""Public portal pages without an account: help near you, rights, the self-check."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import active_portal_account, portal_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import Indicator
from reclaim.core.models import AuditEvent
from reclaim.legal.actions import (
    do_add_rights_article,
    do_edit_rights_article,
    do_share_rights,
    do_unpublish_rights_article,
)
from reclaim.legal.models import RightsArticle
from reclaim.portal.self_check import QUESTIONS
from reclaim.referrals import directory_actions as directory
from reclaim.referrals.tests.directory_fixtures import SHELTER_POSTCODE, SHELTER_STREET, make_entry

pytestmark = pytest.mark.django_db

RESOURCES = "portal:resources"


def _visitor(language: str = "") -> Client:
    client = Client()
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _shipped(topic: str = "t_visa", language: str = "en") -> RightsArticle:
    return RightsArticle.objects.get(agency__isnull=True, jurisdiction="US", language=language, topic=topic)


@pytest.fixture
def account(personas, survivor_a, team):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=team)
    return active_portal_account(case, personas["case_manager"], "quiet-river")


@pytest.fixture
def other_account(personas, survivor_b, other_team):
    case = do_open_case(actor=personas["other_agency_user"], survivor=survivor_b, team=other_team)
    return active_portal_account(case, personas["other_agency_user"], "far-hill")


# --- Find help near you -------------------------------------------------------------------------


def test_finding_a_service_by_language_shows_public_details_only(personas, agency, other_agency, account):
    # given A's entry (shelter, office, contact) and B's entry, both with confidential shelters
    make_entry(personas["agency_admin"], agency)
    make_entry(personas["other_agency_admin"], other_agency, name="Harbor Light")
    # when A's survivor searches for Thai-speaking help
    response = portal_client(account).get(reverse(RESOURCES), {"language": "th"})
    # then both entries are listed with their public office, and nothing confidential or internal
    assert response.status_code == 200
    page = response.content.decode()
    assert "Haven Shelter Network" in page and "Harbor Light" in page
    assert "2 places found." in page
    assert "1 Main Street" in page and "Anchorage" in page
    assert "Emergency beds" in page and "A safe place to stay" in page
    assert "Monday to Friday" in page
    assert 'href="tel:+15550100"' in page
    for secret in (SHELTER_STREET, SHELTER_POSTCODE, "Safe house", "Fairbanks", "Rae Intake", "rae@haven.example"):
        assert secret not in page
    assert "Women and children" not in page  # eligibility notes and capacity stay with staff
    assert "4 beds" not in page


def test_a_search_is_a_get_form_with_plain_words(personas, agency):
    make_entry(personas["agency_admin"], agency)
    page = _visitor().get(reverse(RESOURCES)).content.decode()
    assert '<form method="get"' in page
    assert '<option value="housing_shelter">A safe place to stay</option>' in page
    assert '<option value="th">ภาษาไทย</option>' in page
    assert 'autocomplete="off"' in page


def test_a_search_that_finds_nothing_says_so_and_shows_help_lines(personas, agency):
    make_entry(personas["agency_admin"], agency)
    response = _visitor().get(reverse(RESOURCES), {"place": "Fairbanks"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing found for this search." in page
    assert "0 places found." in page
    assert "Need help right now?" in page


def test_overlong_or_unknown_terms_get_a_clear_error(personas, agency):
    make_entry(personas["agency_admin"], agency)
    response = _visitor().get(reverse(RESOURCES), {"place": "x" * 101})
    assert response.status_code == 400
    assert "Please use fewer words: 100 letters at most." in response.content.decode()
    response = _visitor().get(reverse(RESOURCES), {"category": "nope", "language": "zz"})
    assert response.status_code == 400
    assert "Please choose one from the list." in response.content.decode()
    assert "Haven Shelter Network" not in response.content.decode()


def test_results_come_20_a_page_in_a_constant_number_of_queries(personas, agency, assert_max_queries):
    admin = personas["agency_admin"]

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            org = directory.do_create_organization(
                actor=admin, agency=agency, data=directory.OrganizationInput(name=f"Place {n:03}", languages=["es"])
            )
            directory.do_save_service(
                actor=admin,
                organization=org,
                data=directory.ServiceInput(name="Meals", category_code="basic_necessities"),
            )
            directory.do_save_location(
                actor=admin, organization=org, data=directory.LocationInput(address_1=f"{n} Road", city="Reno")
            )

    add(3, 0)
    client = _visitor()
    with assert_max_queries(50) as few:
        client.get(reverse(RESOURCES), {"place": "Reno"})
    add(40, 3)
    with assert_max_queries(len(few.captured_queries)) as many:
        response = client.get(reverse(RESOURCES), {"place": "Reno"})
    assert len(many.captured_queries) == len(few.captured_queries)
    page = response.content.decode()
    assert page.count('<li class="card">') == 20
    assert "43 places found." in page and "Page 1 of 3" in page
    assert "?place=Reno&amp;page=2" in page
    last = client.get(reverse(RESOURCES), {"place": "Reno", "page": "3"}).content.decode()
    assert last.count('<li class="card">') == 3
    # a page number that is not one gives the first page, not an error
    assert client.get(reverse(RESOURCES), {"page": "x"}).status_code == 200


# --- Your rights --------------------------------------------------------------------------------


def test_rights_list_in_the_visitors_language_else_english(personas, agency):
    # given the shipped pages (English and Spanish) and one page of agency A only in English
    english = _visitor().get(reverse("portal:rights")).content.decode()
    assert "The T visa" in english and "La visa T" not in english
    spanish = _visitor("es").get(reverse("portal:rights")).content.decode()
    assert "La visa T" in spanish and "The T visa" not in spanish
    french = _visitor("fr").get(reverse("portal:rights")).content.decode()
    assert "The T visa" in french


def test_a_page_not_in_the_visitors_language_says_so(personas):
    shipped = _shipped()
    url = reverse("portal:rights_article", args=[shipped.pk])
    response = _visitor("fr").get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The T visa" in page
    # the notice is in the visitor's language (French), the page itself in English
    assert "Cette page n'est pas encore dans votre langue" in page.replace("&#x27;", "'")
    assert 'lang="en"' in page
    # in Spanish the same address shows the Spanish page, without the notice
    page = _visitor("es").get(url).content.decode()
    assert "La visa T" in page
    assert "pas encore dans votre langue" not in page and "todavía no está en su idioma" not in page


def test_signed_in_survivor_sees_shared_pages_first_and_the_agency_version(personas, agency, account):
    actor = personas["case_manager"]
    own = do_edit_rights_article(
        actor=actor,
        agency_id=agency.pk,
        article=_shipped(),
        title="Our T visa page",
        body="Our words.",
        expected_version=1,
    )
    do_share_rights(actor=actor, case=account.case, article=own)
    client = portal_client(account)
    page = client.get(reverse("portal:rights")).content.decode()
    assert page.index("Shared with you by your case team") < page.index("Our T visa page")
    assert "The T visa" not in page  # the agency's own version replaces the shipped one
    # the shipped page's address shows the agency's version to its survivor
    shown = client.get(reverse("portal:rights_article", args=[_shipped().pk])).content.decode()
    assert "Our words." in shown


def test_other_agencies_and_unpublished_pages_are_not_found(personas, agency, other_agency, account, other_account):
    own = do_add_rights_article(
        actor=personas["agency_admin"],
        agency_id=agency.pk,
        jurisdiction="US",
        language="en",
        topic="our_leaflet",
        title="Our leaflet",
        body="Only for agency A.",
    )
    url = reverse("portal:rights_article", args=[own.pk])
    assert portal_client(account).get(url).status_code == 200
    assert portal_client(other_account).get(url).status_code == 404
    assert _visitor().get(url).status_code == 404
    assert "Our leaflet" not in portal_client(other_account).get(reverse("portal:rights")).content.decode()
    do_unpublish_rights_article(actor=personas["agency_admin"], article=own, expected_version=own.version)
    assert portal_client(account).get(url).status_code == 404
    assert portal_client(account).get(reverse("portal:rights_article", args=[uuid.uuid4()])).status_code == 404


# --- Is this OK? --------------------------------------------------------------------------------


def test_every_question_comes_from_a_real_indicator_and_every_indicator_is_asked():
    asked = {code for q in QUESTIONS for code in q.indicators}
    assert asked <= set(Indicator.values)
    assert asked == set(Indicator.values)
    assert len({q.key for q in QUESTIONS}) == len(QUESTIONS)


def test_self_check_questions_are_all_skippable():
    page = _visitor().get(reverse("portal:self_check")).content.decode()
    assert page.count("<fieldset") == len(QUESTIONS)
    assert page.count("(you can skip this)") == len(QUESTIONS)
    assert "required" not in page
    assert '<form method="post"' in page


def test_a_yes_gives_gentle_guidance_with_help_lines_first_and_nothing_is_kept(personas):
    client = _visitor()
    audit_before = AuditEvent.objects.count()
    response = client.post(reverse("portal:self_check"), {"papers": "yes", "pay": "not_sure"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Some of what you told us can be signs of exploitation. You are not to blame" in page
    assert page.index("Need help right now?") < page.index("What your answers may mean")
    assert reverse("portal:rights") in page and reverse("portal:resources") in page
    assert AuditEvent.objects.count() == audit_before
    assert "papers" not in str(dict(client.session.items()))
    assert response.request["PATH_INFO"] == reverse("portal:self_check")


def test_not_sure_and_no_answers_give_their_own_guidance():
    unsure = _visitor().post(reverse("portal:self_check"), {"owe": "not_sure", "hours": "no"}).content.decode()
    assert "It can be hard to know whether a situation is OK." in unsure
    skipped = _visitor().post(reverse("portal:self_check"), {}).content.decode()
    assert "we did not see common signs of exploitation" in skipped


def test_an_answer_that_is_not_offered_is_refused_clearly():
    response = _visitor().post(reverse("portal:self_check"), {"papers": "maybe"})
    assert response.status_code == 400
    assert "Something needs fixing" in response.content.decode()
