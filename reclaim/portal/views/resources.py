"""Public help without an account: places that can help (the partner directory, public parts only), rights in
plain words, and the "Is this OK?" self-check. Nothing a visitor types here is stored or logged."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from reclaim.legal import rights_selectors
from reclaim.legal.rights_forms import language_name
from reclaim.portal import auth, self_check
from reclaim.portal.http import portal_view, render_portal
from reclaim.portal.public_forms import ResourceSearchForm, SelfCheckForm
from reclaim.portal.public_text import plain_category
from reclaim.referrals import public_selectors

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.legal.models import RightsArticle

PAGE_SIZE = 20
FALLBACK_LANGUAGE = "en"


def visitor_agency_id(request: HttpRequest) -> Any:
    """The agency of the signed-in survivor, else of the agency link the visitor opened, else None."""
    account = auth.current_account(request)
    if account is not None:
        return account.agency_id
    row = auth.visitor_settings(request)
    return row.agency_id if row is not None else None


def _visitor_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-", maxsplit=1)[0]


# --- Find help near you -------------------------------------------------------------------------


@portal_view
@require_GET
def resources(request: HttpRequest) -> HttpResponse:
    """The public directory, searched by kind of help, place and language (a GET form: nothing is personal)."""
    categories = [(code, plain_category(code, label)) for code, label in public_selectors.public_categories()]
    languages = [(code, language_name(code)) for code in public_selectors.public_languages()]
    form = ResourceSearchForm(request.GET or None, categories=categories, languages=languages)
    if form.is_bound and not form.is_valid():
        return render_portal(request, "portal/resources.html", {"form": form, "page": None}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    filters = public_selectors.PublicFilters(
        category=data.get("category", ""), place=data.get("place", ""), language=data.get("language", "")
    )
    page = Paginator(public_selectors.public_directory(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(categories)
    entries = [
        {"entry": entry, "services": [(service, labels.get(service.category_code, "")) for service in entry.services]}
        for entry in public_selectors.public_entries(page.object_list)
    ]
    searched = any(data.get(key) for key in ("category", "place", "language"))
    return render_portal(
        request, "portal/resources.html", {"form": form, "page": page, "entries": entries, "searched": searched}
    )


# --- Your rights --------------------------------------------------------------------------------


def _in_language(articles: list[RightsArticle], language: str) -> list[tuple[RightsArticle, bool]]:
    """One page per (jurisdiction, topic): in the visitor's language when there is one, else English, else any;
    with whether it is a fallback."""
    groups: dict[tuple[str, str], dict[str, RightsArticle]] = {}
    for article in articles:
        groups.setdefault((article.jurisdiction, article.topic), {})[article.language] = article
    chosen = []
    for by_language in groups.values():
        article = by_language.get(language) or by_language.get(FALLBACK_LANGUAGE) or by_language[min(by_language)]
        chosen.append((article, article.language != language))
    return sorted(chosen, key=lambda pair: pair[0].title.lower())


@portal_view
@require_GET
def rights(request: HttpRequest) -> HttpResponse:
    """The agency's plain-language rights pages (shipped ones without an agency), and first, for a signed-in
    survivor, the pages their case team shared with them."""
    agency_id = visitor_agency_id(request)
    language = _visitor_language()
    account = auth.current_account(request)
    shared = rights_selectors.shared_articles_for_survivor(account.survivor) if account is not None else []
    articles = _in_language(rights_selectors.articles_for_agency(agency_id), language)
    return render_portal(request, "portal/rights.html", {"articles": articles, "shared": shared})


@portal_view
@require_GET
def rights_article(request: HttpRequest, article_id: UUID) -> HttpResponse:
    """One page, in the visitor's language when the agency has it, else in English (and the page says so).
    A page the visitor's agency may not show (another agency's, or not published) is "not found"."""
    agency_id = visitor_agency_id(request)
    found = rights_selectors.visible_article(agency_id, article_id)
    if found is None or not found.published:
        raise Http404
    current = rights_selectors.effective_article(agency_id, found)
    if current is None:
        raise Http404
    language = _visitor_language()
    versions = {
        a.language: a
        for a in rights_selectors.articles_for_agency(agency_id, jurisdiction=current.jurisdiction, topic=current.topic)
    }
    article = versions.get(language) or versions.get(FALLBACK_LANGUAGE) or current
    others = [(code, language_name(code)) for code in sorted(versions) if code != article.language]
    return render_portal(
        request,
        "portal/rights_article.html",
        {"article": article, "fallback": article.language != language, "other_languages": others},
    )


# --- Is this OK? --------------------------------------------------------------------------------


@portal_view
@require_http_methods(["GET", "POST"])
def self_check_page(request: HttpRequest) -> HttpResponse:
    """Questions from the screening indicators. The answers come in a POST and are forgotten once the
    guidance is shown: nothing is saved, logged or put in the address."""
    if request.method == "POST":
        form = SelfCheckForm(request.POST)
        if form.is_valid():
            result = self_check.outcome(form.cleaned_data)
            return render_portal(request, "portal/self_check_result.html", {"result": result})
        return render_portal(request, "portal/self_check.html", {"form": form}, status=400)
    return render_portal(request, "portal/self_check.html", {"form": SelfCheckForm()})
