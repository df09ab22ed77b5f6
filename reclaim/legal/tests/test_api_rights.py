"""Rights information through the API: pages, the agency's versions, and shares on a case."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.cases.models import CaseEvent, EventType
from reclaim.core.models import AuditEvent
from reclaim.legal.actions import do_share_rights
from reclaim.legal.models import RightsArticle, RightsShare

ARTICLES = "/api/v1/legal/rights-articles"


def shipped_article(topic: str, language: str = "en") -> RightsArticle:
    return RightsArticle.objects.get(agency__isnull=True, jurisdiction="US", topic=topic, language=language)


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


def test_list_filters_by_language_jurisdiction_and_topic(personas):
    client = login_client(personas["case_manager"])
    spanish = client.get(ARTICLES, {"language": "es", "jurisdiction": "US"}).json()["items"]
    assert len(spanish) == 11
    assert {a["language"] for a in spanish} == {"es"}
    assert all(a["shipped"] for a in spanish)
    t_visa = client.get(ARTICLES, {"topic": "t_visa"}).json()["items"]
    assert sorted(a["language"] for a in t_visa) == ["en", "es"]
    assert client.get(ARTICLES, {"jurisdiction": "GB"}).json()["items"] == []


@pytest.mark.parametrize(("persona", "status"), [("volunteer", 403), ("analyst", 403), ("platform_operator", 403)])
def test_list_refused_to_staff_who_do_not_work_cases(personas, persona, status):
    assert login_client(personas[persona]).get(ARTICLES).status_code == status


def test_create_a_page_then_a_duplicate_and_bad_input_are_refused(personas, agency):
    client = login_client(personas["program_director"])
    body = {"jurisdiction": "US", "language": "fr", "topic": "t_visa", "title": "Le visa T", "body": "Un.\n\nDeux."}
    response = post(client, ARTICLES, body)
    assert response.status_code == 201
    created = response.json()
    assert (created["shipped"], created["based_on_id"], created["version"]) == (False, None, 1)
    assert AuditEvent.objects.filter(action="legal.rights_article_added", object_id=created["id"]).exists()

    duplicate = post(client, ARTICLES, body)
    assert duplicate.status_code == 400
    assert duplicate.json()["code"] == "legal.article_exists"

    blank = post(client, ARTICLES, body | {"language": "de", "title": "  "})
    assert blank.status_code == 400
    assert blank.json()["fields"]["title"]
    too_long = post(client, ARTICLES, body | {"language": "de", "title": "x" * 201})
    assert too_long.status_code == 422
    bad_code = post(client, ARTICLES, body | {"language": "German"})
    assert bad_code.status_code == 400
    assert "language" in bad_code.json()["fields"]
    assert RightsArticle.objects.filter(agency=agency).count() == 1


def test_case_managers_read_but_do_not_write_pages(personas):
    client = login_client(personas["case_manager"])
    shipped = shipped_article("t_visa")
    assert client.get(f"{ARTICLES}/{shipped.pk}").status_code == 200
    body = {"jurisdiction": "US", "language": "fr", "topic": "t_visa", "title": "Le visa T", "body": "Un."}
    assert post(client, ARTICLES, body).status_code == 403
    assert patch(client, f"{ARTICLES}/{shipped.pk}", {"version": 1, "title": "Mine"}).status_code == 403
    assert RightsArticle.objects.filter(agency__isnull=False).count() == 0


def test_patching_a_shipped_page_makes_the_agency_version(personas, agency):
    client = login_client(personas["legal_advocate"])
    shipped = shipped_article("getting_paid_back", "es")

    response = patch(client, f"{ARTICLES}/{shipped.pk}", {"version": shipped.version, "body": "Nuestro texto."})

    assert response.status_code == 200
    copy = response.json()
    assert copy["based_on_id"] == str(shipped.pk)
    assert copy["title"] == shipped.title  # not sent: kept
    assert copy["body"] == "Nuestro texto."
    listed = login_client(personas["case_manager"]).get(ARTICLES, {"topic": "getting_paid_back", "language": "es"})
    assert [a["id"] for a in listed.json()["items"]] == [copy["id"]]
    other = login_client(personas["other_agency_user"]).get(ARTICLES, {"topic": "getting_paid_back", "language": "es"})
    assert [a["id"] for a in other.json()["items"]] == [str(shipped.pk)]

    stale = patch(client, f"{ARTICLES}/{copy['id']}", {"version": shipped.version, "body": "Viejo."})
    assert stale.status_code == 409
    assert stale.json()["fields_to_compare"] == ["body", "title"]
    assert RightsArticle.objects.get(pk=copy["id"]).body == "Nuestro texto."

    restored = patch(client, f"{ARTICLES}/{copy['id']}", {"version": copy["version"], "published": False})
    assert restored.status_code == 200
    assert restored.json()["published"] is False
    listed = client.get(ARTICLES, {"topic": "getting_paid_back", "language": "es"})
    assert [a["id"] for a in listed.json()["items"]] == [str(shipped.pk)]


def test_an_agency_page_is_not_found_for_another_agency(personas, agency):
    client = login_client(personas["legal_advocate"])
    shipped = shipped_article("t_visa")
    copy_id = patch(client, f"{ARTICLES}/{shipped.pk}", {"version": 1, "title": "Ours"}).json()["id"]
    for persona in ("other_agency_user", "other_agency_admin"):
        other = login_client(personas[persona])
        assert other.get(f"{ARTICLES}/{copy_id}").status_code == 404
        assert patch(other, f"{ARTICLES}/{copy_id}", {"version": 2, "title": "Theirs"}).status_code == 404
    assert RightsArticle.objects.get(pk=copy_id).title == "Ours"


def test_html_sent_through_the_api_is_shown_escaped(personas, agency):
    body = {
        "jurisdiction": "US",
        "language": "en",
        "topic": "housing",
        "title": "Housing",
        "body": "<script>x()</script>",
    }
    created = post(login_client(personas["agency_admin"]), ARTICLES, body).json()
    html = login_client(personas["case_manager"]).get(reverse("legal:rights_article", args=[created["id"]])).content
    assert b"<script>x()</script>" not in html
    assert b"&lt;script&gt;x()&lt;/script&gt;" in html


def test_share_list_and_withdraw(personas, case):
    client = login_client(personas["legal_advocate"])
    article = shipped_article("talking_to_police")
    url = f"/api/v1/cases/{case.pk}/rights-shares"

    response = post(client, url, {"article_id": str(article.pk)})

    assert response.status_code == 201
    share = response.json()
    assert (share["topic"], share["language"], share["withdrawn_at"]) == ("talking_to_police", "en", None)
    assert CaseEvent.objects.filter(case=case, type=EventType.RIGHTS_SHARED).count() == 1
    duplicate = post(client, url, {"article_id": str(article.pk)})
    assert duplicate.status_code == 400
    assert duplicate.json()["code"] == "legal.already_shared"
    assert post(client, url, {"article_id": str(uuid.uuid4())}).status_code == 400
    assert post(client, url, {"article_id": "nope"}).status_code == 422
    assert RightsShare.objects.filter(case=case).count() == 1

    listed = login_client(personas["program_director"]).get(url).json()["items"]
    assert [s["id"] for s in listed] == [share["id"]]

    withdrawn = post(client, f"/api/v1/rights-shares/{share['id']}/withdraw", {})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_by_id"] == str(personas["legal_advocate"].pk)
    again = post(client, f"/api/v1/rights-shares/{share['id']}/withdraw", {})
    assert again.status_code == 422
    assert again.json()["code"] == "legal.share_withdrawn"


def test_shares_by_role_and_agency(personas, case, other_case):
    share = do_share_rights(actor=personas["case_manager"], case=case, article=shipped_article("u_visa"))
    other_share = do_share_rights(
        actor=personas["other_agency_user"], case=other_case, article=shipped_article("u_visa")
    )
    url = f"/api/v1/cases/{case.pk}/rights-shares"
    outsider = login_client(personas["other_agency_user"])
    assert outsider.get(url).status_code == 404
    assert post(outsider, url, {"article_id": str(shipped_article("t_visa").pk)}).status_code == 404
    assert post(outsider, f"/api/v1/rights-shares/{share.pk}/withdraw", {}).status_code == 404
    director = login_client(personas["program_director"])
    assert post(director, url, {"article_id": str(shipped_article("t_visa").pk)}).status_code == 403
    assert post(director, f"/api/v1/rights-shares/{share.pk}/withdraw", {}).status_code == 403
    manager = login_client(personas["case_manager"])
    assert post(manager, f"/api/v1/rights-shares/{other_share.pk}/withdraw", {}).status_code == 404
    # another agency's own page cannot be shared on this case
    copy = patch(
        login_client(personas["other_agency_admin"]),
        f"{ARTICLES}/{shipped_article('t_visa').pk}",
        {"version": 1, "title": "B's T visa"},
    ).json()
    refused = post(manager, url, {"article_id": copy["id"]})
    assert refused.status_code == 400
    assert RightsShare.objects.filter(withdrawn_at__isnull=True).count() == 2
    assert AuditEvent.objects.filter(action="access.denied", object_type="rights_share").exists()
