"""Reads of outcome-domain scales and ratings (DOMAIN.md §6.2), scoped through the case rules.

Ratings are case data: a caller passes a case that already went through `access_case_by_id`, and the
queries re-check it against `cases_for_user` so a caller that skipped the gate still gets nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import F, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import FirstValue

from reclaim.assessments import outcome_scoring as scoring
from reclaim.assessments.models import OutcomeDomain, OutcomeRating, OutcomeScale, OutcomeScore, OutcomeSubdomain
from reclaim.assessments.outcome_data import DEFAULT_SCALE_CODE
from reclaim.cases.selectors import case_if_seen, cases_for_user

if TYPE_CHECKING:
    from decimal import Decimal
    from uuid import UUID

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case


def _with_structure(scales: QuerySet[OutcomeScale]) -> QuerySet[OutcomeScale]:
    return scales.prefetch_related(
        Prefetch(
            "domains",
            queryset=OutcomeDomain.objects.order_by("order", "code").prefetch_related(
                Prefetch("subdomains", queryset=OutcomeSubdomain.objects.order_by("order", "code"))
            ),
        )
    )


def current_scale_for(agency_id: Any, *, code: str = DEFAULT_SCALE_CODE) -> OutcomeScale:
    """The scale an agency rates with now: its own current version if it adopted one, else Reclaim's default.

    Three queries: the scale, its domains, their subdomains. Raises OutcomeScale.DoesNotExist only if the
    default was never loaded (the `outcome_domains` migration loads it)."""
    scales = OutcomeScale.objects.filter(Q(agency_id=agency_id) | Q(agency__isnull=True), code=code, is_current=True)
    # The agency's own first (NULLs sort last when descending on PostgreSQL and first on SQLite: be explicit).
    scale = _with_structure(scales).order_by(F("agency_id").asc(nulls_last=True)).first()
    if scale is None:
        raise OutcomeScale.DoesNotExist
    return scale


def scale_by_id(scale_id: Any) -> OutcomeScale:
    return _with_structure(OutcomeScale.objects.filter(pk=scale_id)).get()


@dataclass(frozen=True)
class DomainResult:
    code: str
    name: str
    score: Decimal | None  # rounded for display; None = no subdomain rated
    subdomains: list[tuple[str, str, int | None]] = field(default_factory=list)  # (code, wording, score)


@dataclass(frozen=True)
class RatingResult:
    """A rating with its domain scores, readiness under its own scale's rule, in scale order."""

    rating: OutcomeRating
    domains: list[DomainResult]
    readiness: scoring.Readiness
    rule: scoring.ClosureRule

    @property
    def overall(self) -> Decimal | None:
        return scoring.to_display(self.readiness.overall)

    @property
    def below_names(self) -> list[str]:
        names = {d.code: d.name for d in self.domains}
        return [names[c] for c in self.readiness.below]

    @property
    def unrated_names(self) -> list[str]:
        names = {d.code: d.name for d in self.domains}
        return [names[c] for c in self.readiness.unrated]

    def scores_by_code(self) -> dict[str, int | None]:
        return {code: score for d in self.domains for code, _w, score in d.subdomains}


def _result(rating: OutcomeRating, scores: list[OutcomeScore]) -> RatingResult:
    """Group a rating's score rows (with subdomain and domain loaded) into its profile and readiness."""
    return _grouped(
        rating,
        [
            (s.subdomain.domain, s.subdomain.order, s.subdomain.code, s.subdomain.display_wording, s.score)
            for s in scores
        ],
    )


# a score as `_grouped` reads it: (its domain, its subdomain's order, code and wording, the score)
ScoreRow = tuple[OutcomeDomain, int, str, str, int | None]


def _grouped(rating: OutcomeRating, scores: list[ScoreRow]) -> RatingResult:
    """The profile (domains in scale order, questions in domain order) and readiness of a rating's scores."""
    by_domain: dict[str, list[tuple[str, str, int | None]]] = defaultdict(list)
    domains_by_code: dict[str, OutcomeDomain] = {}
    for domain, _order, code, wording, score in sorted(scores, key=lambda row: (row[0].order, row[0].code, row[1])):
        by_domain[domain.code].append((code, wording, score))
        domains_by_code.setdefault(domain.code, domain)
    prof = scoring.profile({code: [score for _c, _w, score in rows] for code, rows in by_domain.items()})
    scale = rating.scale
    rule = scoring.ClosureRule(min_score=scale.closure_min_score, every_domain=scale.closure_every_domain)
    domains = [
        DomainResult(code=code, name=domains_by_code[code].display_name, score=prof.display(code), subdomains=rows)
        for code, rows in by_domain.items()
    ]
    return RatingResult(rating=rating, domains=domains, readiness=scoring.readiness(prof, rule), rule=rule)


def ratings_for_case(user: User, case: Case) -> QuerySet[OutcomeRating]:
    """The case's ratings this user may see (all of them, for a case reader), newest first."""
    return (
        OutcomeRating.objects.filter(case=case, agency_id=case.agency_id, case_id__in=case_if_seen(user, case))
        .select_related("scale", "rated_by")
        .prefetch_related(Prefetch("scores", queryset=OutcomeScore.objects.select_related("subdomain__domain")))
        .order_by("-rated_on", "-created_at", "-pk")
    )


def rating_results_for_case(user: User, case: Case, *, limit: int = 100) -> list[RatingResult]:
    """Newest first, each with its domain scores: two queries whatever the number of ratings."""
    return [result_of(r) for r in ratings_for_case(user, case)[:limit]]


def result_of(rating: OutcomeRating) -> RatingResult:
    """A rating of `ratings_for_case` (its scores prefetched) with its domain scores and readiness."""
    return _result(rating, list(rating.scores.all()))


def rating_result(rating: OutcomeRating) -> RatingResult:
    scores = list(OutcomeScore.objects.filter(rating=rating).select_related("subdomain__domain"))
    return _result(rating, scores)


def latest_result_for_case(case: Case) -> RatingResult | None:
    """The latest rating of a case with its readiness, in ONE query (for the approval area of the case page and
    the plan's goal suggestions).

    The caller has already passed the case gate. The scores are read as plain values and their questions carry
    no wording (""): neither caller shows the questions, and a model instance per row and a translated wording
    per question cost the case page about 3 ms for a rating of 24 questions (issue 12). The result's `rating`
    carries its pk and its scale's closure rule only: read a rating's other fields elsewhere."""
    latest = (
        OutcomeRating.objects.filter(case_id=case.pk, agency_id=case.agency_id)
        .order_by("-rated_on", "-created_at", "-pk")
        .values("pk")[:1]
    )
    rows = list(
        OutcomeScore.objects.filter(rating_id=Subquery(latest)).values_list(
            "rating_id",
            "rating__scale__closure_min_score",
            "rating__scale__closure_every_domain",
            "subdomain__domain__code",
            "subdomain__domain__name",
            "subdomain__domain__order",
            "subdomain__code",
            "subdomain__order",
            "score",
        )
    )
    if not rows:
        return None
    rating_id, min_score, every_domain = rows[0][:3]
    rating = OutcomeRating(
        pk=rating_id, scale=OutcomeScale(closure_min_score=min_score, closure_every_domain=every_domain)
    )
    domains: dict[str, OutcomeDomain] = {}
    scores: list[ScoreRow] = []
    for *_rule, domain_code, domain_name, domain_order, code, order, score in rows:
        domain = domains.get(domain_code)
        if domain is None:
            domain = domains[domain_code] = OutcomeDomain(code=domain_code, name=domain_name, order=domain_order)
        scores.append((domain, order, code, "", score))
    return _grouped(rating, scores)


@dataclass(frozen=True)
class DomainImprovement:
    code: str
    name: str
    compared: int  # survivors with a score in this domain at their first and at their latest rating
    improved: int

    @property
    def share(self) -> float | None:
        return self.improved / self.compared if self.compared else None


def outcome_improvement(user: User) -> list[DomainImprovement]:
    """Per domain, the share of survivors whose score improved between their first and latest rating, among
    the cases this user may see. Aggregates only (counts per domain code); one query.

    A survivor with one rating is not compared. Several cases of one person count as one survivor: their
    first and latest ratings across those cases are compared. Small-cell suppression is the caller's job."""
    return _improvement(OutcomeRating.objects.filter(case_id__in=cases_for_user(user).values("pk")))


def outcome_improvement_for_agency(agency_id: Any) -> list[DomainImprovement]:
    """The same counts over every rating of one agency, for roles that see aggregates but no case
    (analysts, directors: progress_selectors.cohort). Only counts leave this function; one query."""
    return _improvement(OutcomeRating.objects.filter(agency_id=agency_id))


def _improvement(visible: QuerySet[OutcomeRating]) -> list[DomainImprovement]:
    # each survivor's first and latest rating, by window functions over the visible ratings (a correlated
    # subquery per score scanned the agency's ratings once per score: seconds at a thousand survivors)
    survivor = [F("case__survivor_id")]
    ends = visible.annotate(
        first_id=Window(FirstValue("pk"), partition_by=survivor, order_by=[F("rated_on"), F("created_at"), F("pk")]),
        last_id=Window(
            FirstValue("pk"),
            partition_by=survivor,
            order_by=[F("rated_on").desc(), F("created_at").desc(), F("pk").desc()],
        ),
    )
    compared_ends = ends.filter(Q(pk=F("first_id")) | Q(pk=F("last_id"))).exclude(first_id=F("last_id"))
    rows = list(
        OutcomeScore.objects.filter(rating_id__in=compared_ends.values("pk"), score__isnull=False)
        .values_list(
            "rating__case__survivor_id",
            "rating_id",
            "rating__rated_on",
            "rating__created_at",
            "subdomain__domain__code",
            "subdomain__domain__name",
            "subdomain__domain__order",
            "score",
        )
        .order_by()
    )
    # the two ratings of each survivor: the earlier (rated_on, created_at, id) is the first
    first_of: dict[UUID, tuple[Any, Any, str]] = {}
    for survivor_id, rating_id, rated_on, created_at, *_rest in rows:
        key = (rated_on, created_at, str(rating_id))
        if survivor_id not in first_of or key < first_of[survivor_id]:
            first_of[survivor_id] = key
    # survivor -> domain -> (first scores, latest scores)
    grouped: dict[UUID, dict[str, tuple[list[int | None], list[int | None]]]] = defaultdict(
        lambda: defaultdict(lambda: ([], []))
    )
    names: dict[str, tuple[int, str]] = {}
    for survivor_id, rating_id, _rated_on, _created_at, code, name, order, score in rows:
        names.setdefault(code, (order, name))
        grouped[survivor_id][code][0 if str(rating_id) == first_of[survivor_id][2] else 1].append(score)
    compared: dict[str, int] = defaultdict(int)
    better: dict[str, int] = defaultdict(int)
    for domains in grouped.values():
        for code, (at_first, at_last) in domains.items():
            change = scoring.improved(scoring.domain_score(at_first), scoring.domain_score(at_last))
            if change is None:
                continue
            compared[code] += 1
            better[code] += int(change)
    codes = sorted(compared, key=lambda c: (names[c][0], c))
    return [DomainImprovement(code, names[code][1], compared[code], better[code]) for code in codes]
