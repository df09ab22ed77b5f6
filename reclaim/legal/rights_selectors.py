"""Reads of the rights pages and of what was shared with survivors.

A page is known by its key (jurisdiction, language, topic). An agency sees the shipped pages and its own;
for each key its own published page replaces the shipped one ("prefers agency copies"). An unpublished
agency page (the shipped text restored, or a page of its own archived) is kept for history but shown to
nobody but the agency's editors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from reclaim.legal.models import RightsArticle, RightsShare

if TYPE_CHECKING:
    from reclaim.cases.models import Case
    from reclaim.people.models import Survivor

ArticleKey = tuple[str, str, str]


def key_of(article: RightsArticle) -> ArticleKey:
    return (article.jurisdiction, article.language, article.topic)


def visible_articles(agency_id: Any) -> QuerySet[RightsArticle]:
    """Every page an agency may open: the shipped ones and its own (published or not)."""
    return RightsArticle.objects.filter(Q(agency__isnull=True) | Q(agency_id=agency_id))


def visible_article(agency_id: Any, article_id: Any) -> RightsArticle | None:
    return visible_articles(agency_id).filter(pk=article_id).first()


def _prefer_agency(rows: list[RightsArticle]) -> dict[ArticleKey, RightsArticle]:
    chosen: dict[ArticleKey, RightsArticle] = {}
    for article in rows:
        key = key_of(article)
        if key not in chosen or article.agency_id is not None:
            chosen[key] = article
    return chosen


def articles_for_agency(
    agency_id: Any, *, jurisdiction: str = "", language: str = "", topic: str = ""
) -> list[RightsArticle]:
    """The pages the agency's staff read and share: one per key, the agency's own version when it has a
    published one, else the shipped text. One query, ordered by jurisdiction, topic and language."""
    rows = visible_articles(agency_id).filter(published=True)
    if jurisdiction:
        rows = rows.filter(jurisdiction=jurisdiction)
    if language:
        rows = rows.filter(language=language)
    if topic:
        rows = rows.filter(topic=topic)
    chosen = _prefer_agency(list(rows.select_related("updated_by")))
    return sorted(chosen.values(), key=lambda a: (a.jurisdiction, a.topic, a.language))


def archived_articles_for_agency(agency_id: Any) -> QuerySet[RightsArticle]:
    """The agency's own pages that are not shown (shipped text restored, or archived)."""
    return RightsArticle.objects.filter(agency_id=agency_id, published=False).order_by(
        "jurisdiction", "topic", "language"
    )


def library_choices(agency_id: Any) -> tuple[list[str], list[str]]:
    """The jurisdictions and languages that have pages for this agency (for the library's filters)."""
    pairs = set(visible_articles(agency_id).filter(published=True).values_list("jurisdiction", "language").distinct())
    return sorted({j for j, _ in pairs}), sorted({lang for _, lang in pairs})


def known_topics(agency_id: Any) -> list[str]:
    return sorted(set(visible_articles(agency_id).values_list("topic", flat=True).distinct()))


def agency_row_for_key(agency_id: Any, key: ArticleKey) -> RightsArticle | None:
    jurisdiction, language, topic = key
    return RightsArticle.objects.filter(
        agency_id=agency_id, jurisdiction=jurisdiction, language=language, topic=topic
    ).first()


def shipped_row_for_key(key: ArticleKey) -> RightsArticle | None:
    jurisdiction, language, topic = key
    return RightsArticle.objects.filter(
        agency__isnull=True, jurisdiction=jurisdiction, language=language, topic=topic
    ).first()


@dataclass(frozen=True)
class EditTarget:
    """What editing a page means for an agency: `row` is the record whose version the form carries (the
    agency's own page, or the shipped page when the agency has no copy yet); `text` is the page whose title
    and text the form starts from (the shipped text while the agency's copy is not published)."""

    row: RightsArticle
    text: RightsArticle

    @property
    def creates_copy(self) -> bool:
        return self.row.agency_id is None


def edit_target(agency_id: Any, article: RightsArticle) -> EditTarget:
    if article.agency_id is not None:
        if article.published or article.based_on_id is None:
            return EditTarget(row=article, text=article)
        return EditTarget(row=article, text=shipped_row_for_key(key_of(article)) or article)
    own = agency_row_for_key(agency_id, key_of(article))
    if own is None:
        return EditTarget(row=article, text=article)
    return EditTarget(row=own, text=own if own.published else article)


def effective_article(agency_id: Any, article: RightsArticle) -> RightsArticle | None:
    """The page staff and survivors see now for this page's key (None: nothing is published for it)."""
    jurisdiction, language, topic = key_of(article)
    found = articles_for_agency(agency_id, jurisdiction=jurisdiction, language=language, topic=topic)
    return found[0] if found else None


def shares_for_case(case: Case) -> QuerySet[RightsShare]:
    """Every page shared on the case, live and withdrawn, newest first."""
    return (
        RightsShare.objects.filter(agency_id=case.agency_id, case=case)
        .select_related("article", "shared_by", "withdrawn_by")
        .order_by("-created_at", "pk")
    )


def shares_for_cases(cases: QuerySet[Case]) -> QuerySet[RightsShare]:
    return RightsShare.objects.filter(case__in=cases).select_related("article", "shared_by", "withdrawn_by", "case")


def live_share_for_key(case: Case, key: ArticleKey) -> RightsShare | None:
    jurisdiction, language, topic = key
    return RightsShare.objects.filter(
        case=case,
        withdrawn_at__isnull=True,
        article__jurisdiction=jurisdiction,
        article__language=language,
        article__topic=topic,
    ).first()


@dataclass(frozen=True)
class SharedArticle:
    """A live share and the page the survivor reads for it now (the agency's current version of it)."""

    share: RightsShare
    article: RightsArticle


def shared_articles_for_survivor(survivor: Survivor) -> list[SharedArticle]:
    """The pages shared with this survivor and not withdrawn, on any of their cases, newest first; each
    shows the agency's current published version of the page (a page the agency has archived is left out).
    Two queries whatever the number of shares."""
    shares = list(
        RightsShare.objects.filter(agency_id=survivor.agency_id, survivor=survivor, withdrawn_at__isnull=True)
        .select_related("article")
        .order_by("-created_at", "pk")
    )
    if not shares:
        return []
    topics = {s.article.topic for s in shares}
    languages = {s.article.language for s in shares}
    rows = visible_articles(survivor.agency_id).filter(published=True, topic__in=topics, language__in=languages)
    current = _prefer_agency(list(rows))
    result: list[SharedArticle] = []
    seen: set[ArticleKey] = set()
    for share in shares:
        key = key_of(share.article)
        if key in seen or key not in current:
            continue
        seen.add(key)
        result.append(SharedArticle(share=share, article=current[key]))
    return result
