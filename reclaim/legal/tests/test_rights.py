"""Rights information: the shipped pages, the agency's own versions, the library, sharing from a case."""

from __future__ import annotations

import json

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from conftest import login_client
from reclaim.cases.models import CaseEvent, EventType
from reclaim.core.errors import DomainError
from reclaim.core.models import AuditEvent
from reclaim.legal.actions import do_edit_rights_article, do_share_rights, do_unpublish_rights_article
from reclaim.legal.loader import SHIPPED_DIR, check_set, install_shipped
from reclaim.legal.models import RightsArticle, RightsShare
from reclaim.legal.rights_selectors import articles_for_agency, shared_articles_for_survivor

TOPICS = [
    "your_rights_as_a_victim",
    "t_visa",
    "u_visa",
    "continued_presence",
    "certification_letter",
    "eligibility_letter",
    "protective_orders",
    "clearing_your_record",
    "getting_paid_back",
    "talking_to_police",
    "workers_rights",
]
EDITORS = ["agency_admin", "program_director", "supervisor", "legal_advocate"]


def shipped_article(topic: str, language: str = "en") -> RightsArticle:
    return RightsArticle.objects.get(agency__isnull=True, jurisdiction="US", topic=topic, language=language)


def edit(client, article: RightsArticle, version: int, title: str, body: str):
    return client.post(
        reverse("legal:rights_edit", args=[article.pk]), {"title": title, "body": body, "version": version}
    )


# ---- shipped content ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_topic_is_shipped_in_english_and_spanish(language):
    for topic in TOPICS:
        article = shipped_article(topic, language)
        # plain text in short paragraphs, published for every agency
        assert article.published
        assert len(article.body.split("\n\n")) >= 3
        assert "<" not in article.body
        assert article.title


def test_the_shipped_set_file_is_valid_and_loading_it_again_changes_nothing(db):
    data = json.loads((SHIPPED_DIR / "us-federal.json").read_text(encoding="utf-8"))
    assert check_set(data) == []
    assert {(a["topic"], a["language"]) for a in data["rights_articles"]} == {
        (t, lang) for t in TOPICS for lang in ("en", "es")
    }
    before = list(RightsArticle.objects.filter(agency__isnull=True).values_list("pk", "title", "body"))
    install_shipped(django_apps)
    after = list(RightsArticle.objects.filter(agency__isnull=True).values_list("pk", "title", "body"))
    assert sorted(before) == sorted(after)


def test_the_victims_rights_page_names_the_palermo_protections(db):
    body = shipped_article("your_rights_as_a_victim").body
    for words in ("privacy", "court case", "heard", "safe", "a safe place to live", "counselling", "medical care"):
        assert words in body
    assert "in a language you understand" in body


# ---- the library and who may read it ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("agency_admin", 200),
        ("program_director", 200),
        ("supervisor", 200),
        ("case_manager", 200),
        ("clinician", 200),
        ("legal_advocate", 200),
        ("volunteer", 403),
        ("analyst", 403),
        ("outreach_coordinator", 403),
        ("platform_operator", 403),
    ],
)
def test_the_library_is_for_staff_who_work_cases_and_agency_admins(personas, persona, status):
    response = login_client(personas[persona]).get(reverse("legal:rights"))
    assert response.status_code == status


def test_the_library_filters_by_language_and_jurisdiction(personas):
    client = login_client(personas["case_manager"])
    response = client.get(reverse("legal:rights"), {"language": "es", "jurisdiction": "US"})
    assert response.status_code == 200
    assert "La visa T" in response.content.decode()
    assert "The T visa" not in response.content.decode()
    assert len(response.context["articles"]) == len(TOPICS)


def test_only_editors_may_edit(personas):
    article = shipped_article("t_visa")
    for persona in EDITORS:
        assert login_client(personas[persona]).get(reverse("legal:rights_edit", args=[article.pk])).status_code == 200
    for persona in ("case_manager", "clinician"):
        client = login_client(personas[persona])
        assert client.get(reverse("legal:rights_edit", args=[article.pk])).status_code == 403
        assert edit(client, article, article.version, "Mine", "Changed.").status_code == 403
        assert client.get(reverse("legal:rights_add")).status_code == 403
    assert RightsArticle.objects.filter(agency__isnull=False).count() == 0


def test_library_page_queries_do_not_grow_with_the_pages(personas, assert_max_queries):
    advocate = personas["legal_advocate"]
    client = login_client(advocate)
    client.get(reverse("legal:rights"))  # warm the session
    with assert_max_queries(12) as few:
        client.get(reverse("legal:rights"))
    for topic in TOPICS:
        for language in ("en", "es"):
            article = shipped_article(topic, language)
            copy = do_edit_rights_article(
                actor=advocate,
                agency_id=advocate.memberships.get().agency_id,
                article=article,
                title=f"{article.title} (ours)",
                body=article.body,
                expected_version=article.version,
            )
            do_unpublish_rights_article(actor=advocate, article=copy, expected_version=copy.version)
    with assert_max_queries(len(few.captured_queries)):
        response = client.get(reverse("legal:rights"))
    assert len(response.context["articles"]) == 2 * len(TOPICS)
    assert len(response.context["archived"]) == 2 * len(TOPICS)


# ---- the agency's own versions ---------------------------------------------------------------------------


def test_editing_a_shipped_page_makes_the_agency_copy_and_other_agencies_keep_the_shipped_text(
    personas, agency, other_agency
):
    shipped = shipped_article("t_visa")
    original = shipped.body
    client = login_client(personas["legal_advocate"])

    response = edit(client, shipped, shipped.version, "The T visa at our agency", "Our words.\n\nSecond part.")

    copy = RightsArticle.objects.get(agency=agency, topic="t_visa", language="en")
    assert response.status_code == 302
    assert response["Location"] == reverse("legal:rights_article", args=[copy.pk])
    assert copy.based_on_id == shipped.pk
    assert copy.body == "Our words.\n\nSecond part."
    shipped.refresh_from_db()
    assert shipped.body == original
    # the agency sees its version; another agency still the shipped text
    mine = {a.topic: a for a in articles_for_agency(agency.pk, language="en")}
    theirs = {a.topic: a for a in articles_for_agency(other_agency.pk, language="en")}
    assert mine["t_visa"].pk == copy.pk
    assert theirs["t_visa"].pk == shipped.pk
    other = login_client(personas["other_agency_user"]).get(reverse("legal:rights"), {"language": "en"})
    assert "The T visa at our agency" not in other.content.decode()
    assert AuditEvent.objects.filter(action="legal.rights_article_copied", object_id=str(copy.pk)).exists()

    # a later edit, from the shipped page or the copy, updates the same copy
    response = edit(client, shipped, copy.version, "The T visa at our agency", "Newer words.")
    assert response.status_code == 302
    assert RightsArticle.objects.filter(agency=agency, topic="t_visa", language="en").count() == 1
    copy.refresh_from_db()
    assert (copy.body, copy.version) == ("Newer words.", shipped.version + 2)


def test_a_stale_edit_shows_the_other_version_and_saves_nothing(personas, agency):
    shipped = shipped_article("u_visa")
    first, second = login_client(personas["legal_advocate"]), login_client(personas["supervisor"])
    loaded_version = second.get(reverse("legal:rights_edit", args=[shipped.pk])).context["form"].initial["version"]
    assert edit(first, shipped, shipped.version, "U visa", "First editor's words.").status_code == 302

    response = edit(second, shipped, loaded_version, "U visa", "Second editor's words.")

    assert response.status_code == 200
    assert "Someone else changed this page" in response.content.decode()
    assert "First editor&#x27;s words." in response.content.decode()
    copy = RightsArticle.objects.get(agency=agency, topic="u_visa", language="en")
    assert copy.body == "First editor's words."


def test_restoring_the_shipped_text_keeps_the_copy_and_editing_again_reuses_it(personas, agency):
    shipped = shipped_article("protective_orders", "es")
    client = login_client(personas["agency_admin"])
    edit(client, shipped, shipped.version, "Órdenes", "Nuestro texto.")
    copy = RightsArticle.objects.get(agency=agency, topic="protective_orders", language="es")

    response = client.post(reverse("legal:rights_edit", args=[copy.pk]), {"action": "restore", "version": copy.version})

    assert response.status_code == 302
    copy.refresh_from_db()
    assert not copy.published
    assert {a.topic: a for a in articles_for_agency(agency.pk, language="es")}["protective_orders"].pk == shipped.pk
    assert AuditEvent.objects.filter(action="legal.rights_article_restored", object_id=str(copy.pk)).exists()
    # the edit form starts from the shipped text again; saving publishes the same row
    form = client.get(reverse("legal:rights_edit", args=[shipped.pk])).context["form"]
    assert form.initial["body"] == shipped.body
    assert form.initial["version"] == copy.version
    edit(client, shipped, copy.version, "Órdenes", "Otra vez nuestro texto.")
    copy.refresh_from_db()
    assert copy.published
    assert copy.body == "Otra vez nuestro texto."
    assert RightsArticle.objects.filter(agency=agency, topic="protective_orders").count() == 1


def test_an_agency_page_is_not_found_for_another_agency(personas, agency):
    shipped = shipped_article("t_visa")
    edit(login_client(personas["legal_advocate"]), shipped, shipped.version, "Ours", "Ours.")
    copy = RightsArticle.objects.get(agency=agency, topic="t_visa", language="en")
    for persona in ("other_agency_user", "other_agency_admin"):
        client = login_client(personas[persona])
        assert client.get(reverse("legal:rights_article", args=[copy.pk])).status_code == 404
        assert client.get(reverse("legal:rights_edit", args=[copy.pk])).status_code == 404
        assert client.get(reverse("legal:rights_article", args=[copy.pk]), {"print": "1"}).status_code == 404
    # the shipped page itself stays readable for them
    assert (
        login_client(personas["other_agency_user"]).get(reverse("legal:rights_article", args=[shipped.pk])).status_code
        == 200
    )


def test_adding_a_translation_and_a_new_topic(personas, agency, other_agency):
    client = login_client(personas["supervisor"])
    response = client.post(
        reverse("legal:rights_add"),
        {"jurisdiction": "US", "language": "fr", "topic": "t_visa", "title": "Le visa T", "body": "Texte."},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("legal:rights_add"),
        {"jurisdiction": "us-ca", "language": "en", "topic": "Housing", "title": "Housing", "body": "Text."},
    )
    assert response.status_code == 302
    housing = RightsArticle.objects.get(agency=agency, topic="housing")
    assert housing.jurisdiction == "US-CA"
    assert [a.language for a in articles_for_agency(agency.pk, topic="t_visa")] == ["en", "es", "fr"]
    assert [a.language for a in articles_for_agency(other_agency.pk, topic="t_visa")] == ["en", "es"]
    page = client.get(reverse("legal:rights_article", args=[shipped_article("t_visa").pk]))
    assert "Le visa T" in page.content.decode()  # listed among the other languages


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": "   "}, "title"),
        ({"body": "\n\n"}, "body"),
        ({"language": "English!"}, "language"),
        ({"jurisdiction": "United States"}, "jurisdiction"),
        ({"topic": "9 lives"}, "topic"),
        ({"topic": "t_visa", "language": "es"}, "topic"),  # already shipped in Spanish
    ],
)
def test_a_bad_new_page_shows_a_clear_error_and_saves_nothing(personas, values, field):
    data = {"jurisdiction": "US", "language": "pt", "topic": "housing", "title": "Moradia", "body": "Texto."} | values
    response = login_client(personas["legal_advocate"]).post(reverse("legal:rights_add"), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    assert RightsArticle.objects.filter(agency__isnull=False).count() == 0


def test_a_bad_edit_shows_a_clear_error_and_saves_nothing(personas):
    shipped = shipped_article("t_visa")
    response = edit(login_client(personas["legal_advocate"]), shipped, shipped.version, "  ", "x" * 20001)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors.get("title")
    assert errors.get("body")
    assert RightsArticle.objects.filter(agency__isnull=False).count() == 0


XSS = '<script>alert("x")</script>\n\nClick <a href="javascript:alert(1)">here</a> & <img src=x onerror=alert(1)>'


def test_html_in_a_page_is_shown_as_text_never_run(personas, agency):
    client = login_client(personas["legal_advocate"])
    client.post(
        reverse("legal:rights_add"),
        {"jurisdiction": "US", "language": "en", "topic": "housing", "title": "<b>Housing</b>", "body": XSS},
    )
    article = RightsArticle.objects.get(agency=agency, topic="housing")
    for url in (
        reverse("legal:rights_article", args=[article.pk]),
        reverse("legal:rights_article", args=[article.pk]) + "?print=1",
        reverse("legal:rights"),
    ):
        html = login_client(personas["case_manager"]).get(url).content.decode()
        assert "<script>alert" not in html
        assert "<b>Housing</b>" not in html
        assert 'href="javascript:' not in html
        assert "<img src=x" not in html
    page = login_client(personas["case_manager"]).get(reverse("legal:rights_article", args=[article.pk])).content
    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert b"&amp; &lt;img src=x onerror=alert(1)&gt;" in page


def test_the_printable_page_names_no_agency_and_no_survivor(personas, case):
    article = shipped_article("talking_to_police", "es")
    do_share_rights(actor=personas["case_manager"], case=case, article=article)
    response = login_client(personas["case_manager"]).get(
        reverse("legal:rights_article", args=[article.pk]), {"print": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hablar con la policía" in html
    assert "Información sobre sus derechos" in html or "Information about your rights" in html
    for secret in ("Agency A", "Marisol", "Quintanilla", case.number, "case_manager"):
        assert secret not in html
    assert '<html lang="es">' in html


# ---- sharing from a case ----------------------------------------------------------------------------------


def test_share_and_withdraw_from_the_case(personas, case):
    client = login_client(personas["case_manager"])
    article = shipped_article("continued_presence")
    page = client.get(reverse("legal:case_rights", args=[case.pk]))
    assert page.status_code == 200
    assert page.context["tab"] == "legal"
    assert AuditEvent.objects.filter(action="case.read", object_id=str(case.pk)).exists()

    response = client.post(reverse("legal:case_rights", args=[case.pk]), {"article": str(article.pk)})

    assert response.status_code == 302
    share = RightsShare.objects.get(case=case)
    assert (share.article_id, share.survivor_id, share.shared_by) == (
        article.pk,
        case.survivor_id,
        personas["case_manager"],
    )
    event = CaseEvent.objects.get(case=case, type=EventType.RIGHTS_SHARED)
    assert event.parameters == {"share_id": str(share.pk), "topic": "continued_presence", "language": "en"}
    assert AuditEvent.objects.filter(action="legal.rights_shared", object_id=str(case.pk)).exists()
    assert [s.article.pk for s in shared_articles_for_survivor(case.survivor)] == [article.pk]

    # the same page twice: a clear error, still one share
    again = client.post(reverse("legal:case_rights", args=[case.pk]), {"article": str(article.pk)})
    assert again.status_code == 200
    assert "already shared" in again.content.decode()
    assert RightsShare.objects.filter(case=case).count() == 1

    response = client.post(reverse("legal:rights_share_withdraw", args=[case.pk, share.pk]))
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.withdrawn_at is not None
    assert share.withdrawn_by == personas["case_manager"]
    assert shared_articles_for_survivor(case.survivor) == []
    assert AuditEvent.objects.filter(action="legal.rights_share_withdrawn", object_id=str(case.pk)).exists()
    assert CaseEvent.objects.filter(case=case, type=EventType.RIGHTS_WITHDRAWN).exists()
    listing = client.get(reverse("legal:case_rights", args=[case.pk])).content.decode()
    assert "Withdrawn" in listing
    # withdrawn, it may be shared again
    assert client.post(reverse("legal:case_rights", args=[case.pk]), {"article": str(article.pk)}).status_code == 302
    assert RightsShare.objects.filter(case=case, withdrawn_at__isnull=True).count() == 1


def test_sharing_something_that_is_not_a_choice_is_refused(personas, case, other_agency):
    client = login_client(personas["case_manager"])
    response = client.post(reverse("legal:case_rights", args=[case.pk]), {"article": "not-a-page"})
    assert response.status_code == 200
    assert response.context["share_form"].errors.get("article")
    assert RightsShare.objects.count() == 0


def test_the_survivor_sees_the_agency_version_of_a_shared_page(personas, case, agency):
    advocate = personas["legal_advocate"]
    shipped = shipped_article("t_visa", "es")
    do_share_rights(actor=personas["case_manager"], case=case, article=shipped)
    copy = do_edit_rights_article(
        actor=advocate, agency_id=agency.pk, article=shipped, title="Visa T", body="Texto.", expected_version=1
    )
    assert [s.article.pk for s in shared_articles_for_survivor(case.survivor)] == [copy.pk]
    # the same page in its agency version cannot be shared a second time on the case
    with pytest.raises(DomainError, match="already shared"):
        do_share_rights(actor=personas["case_manager"], case=case, article=copy)
    do_unpublish_rights_article(actor=advocate, article=copy, expected_version=copy.version)
    assert [s.article.pk for s in shared_articles_for_survivor(case.survivor)] == [shipped.pk]


def test_the_share_form_suggests_the_survivors_language(personas, case):
    survivor = case.survivor
    survivor.preferred_language = "es"
    survivor.save(update_fields=["preferred_language"])
    page = login_client(personas["case_manager"]).get(reverse("legal:case_rights", args=[case.pk]))
    assert page.context["chosen_language"] == "es"
    offered = page.context["share_form"].articles.values()
    assert {a.language for a in offered} == {"es"}
    assert "preferred language is español" in page.content.decode()


def test_case_rights_by_role_and_agency(personas, case):
    share = do_share_rights(actor=personas["case_manager"], case=case, article=shipped_article("u_visa"))
    url = reverse("legal:case_rights", args=[case.pk])
    withdraw = reverse("legal:rights_share_withdraw", args=[case.pk, share.pk])
    for persona in ("other_agency_user", "other_agency_admin", "agency_admin", "volunteer"):
        client = login_client(personas[persona])
        assert client.get(url).status_code == 404
        assert client.post(withdraw).status_code == 404
    director = login_client(personas["program_director"])
    assert director.get(url).status_code == 200
    assert director.post(url, {"article": str(shipped_article("t_visa").pk)}).status_code == 403
    assert director.post(withdraw).status_code == 403
    share.refresh_from_db()
    assert share.withdrawn_at is None
    assert RightsShare.objects.count() == 1


def test_a_share_of_another_case_is_not_found_through_this_case(personas, case, other_case):
    other_share = do_share_rights(
        actor=personas["other_agency_user"], case=other_case, article=shipped_article("u_visa")
    )
    response = login_client(personas["case_manager"]).post(
        reverse("legal:rights_share_withdraw", args=[case.pk, other_share.pk])
    )
    assert response.status_code == 404
    other_share.refresh_from_db()
    assert other_share.withdrawn_at is None
