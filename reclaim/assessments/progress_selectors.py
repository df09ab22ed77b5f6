"""Progress over time (issue 4 item 7): per case, a series per instrument and per outcome domain; per
agency, the share of survivors improving (the cohort view, reused by the reporting issue).

Case series carry totals, bands and domain scores only, never item answers (the answers column is not even
loaded). Cohort figures are counts over an agency with small-cell suppression applied by `suppress`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from reclaim.assessments import charts, outcome_selectors, presentation, selectors
from reclaim.assessments.definition import score_range
from reclaim.assessments.models import Assessment, AssessmentStatus, InstrumentVersion
from reclaim.assessments.outcome_scoring import SCORE_MAX, SCORE_MIN
from reclaim.reporting.selectors import small_cell_k

if TYPE_CHECKING:
    from uuid import UUID

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case


# ---------------------------------------------------------------------------------------------------
# Per case
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One line over time: an instrument's complete totals, or an outcome domain's scores."""

    kind: str  # "instrument" or "domain"
    code: str
    title: str
    low: float
    high: float
    higher_is_better: bool
    reliable_change: float | None
    bands: list[charts.Band] = field(default_factory=list)
    points: list[charts.Point] = field(default_factory=list)
    decimals: int = 0

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.code}"

    def rows(self) -> list[charts.Row]:
        return charts.rows_for(
            self.points, reliable_change=self.reliable_change, higher_is_better=self.higher_is_better
        )

    def chart(self) -> charts.Chart:
        return charts.line_chart(
            self.points,
            title=self.title,
            low=self.low,
            high=self.high,
            bands=self.bands,
            reliable_change=self.reliable_change,
            higher_is_better=self.higher_is_better,
            chart_id=f"chart-{self.key}",
        )


@dataclass(frozen=True)
class CaseProgress:
    instruments: list[Series]
    domains: list[Series]


def higher_is_better(definition: dict[str, Any]) -> bool:
    """Whether a higher total is better (BRS says so in its definition); screens default to lower."""
    return bool(definition["scoring"].get("higher_is_better", False))


def reliable_change(definition: dict[str, Any]) -> float | None:
    value = definition.get("reliable_change")
    return None if value is None else float(Decimal(str(value)))


def decimals(definition: dict[str, Any]) -> int:
    scoring = definition["scoring"]
    return int(scoring.get("decimals", 2 if scoring["method"] == "mean" else 0))


def chart_bands(definition: dict[str, Any], language: str = "en") -> list[charts.Band]:
    """The definition's bands as chart bands: each from its lower bound to the next one's (the top one to the
    highest possible score), labelled in the given language."""
    raw = definition.get("bands", [])
    views = presentation.bands(definition, language)
    top = float(score_range(definition)[1])
    result = []
    for index, band in enumerate(raw):
        upper = top if index + 1 == len(raw) else float(Decimal(str(raw[index + 1]["min"])))
        result.append(charts.Band(float(Decimal(str(band["min"]))), upper, views[index].label))
    return result


def instrument_series(definition: dict[str, Any], points: list[charts.Point], language: str = "en") -> Series:
    low, high = score_range(definition)
    return Series(
        kind="instrument",
        code=str(definition["code"]),
        title=presentation.title(definition, language),
        low=float(low),
        high=float(high),
        higher_is_better=higher_is_better(definition),
        reliable_change=reliable_change(definition),
        bands=chart_bands(definition, language),
        points=points,
        decimals=decimals(definition),
    )


def _instrument_series_for_case(user: User, case: Case) -> list[Series]:
    """One query: the case's complete results (date, total, version), answers not loaded. The newest
    version's definition gives each chart its scale, bands and reliable-change threshold."""
    rows = (
        selectors.assessments_for_case(user, case)
        .filter(status=AssessmentStatus.COMPLETED, complete=True, total__isnull=False)
        .select_related(None)
        .select_related("instrument_version__instrument")
        .defer("answers", "result", "subscales", "alerts")
        .order_by("administered_on", "created_at", "pk")
    )
    points: dict[Any, list[charts.Point]] = defaultdict(list)
    newest: dict[Any, InstrumentVersion] = {}
    for row in rows:
        version = row.instrument_version
        instrument_id = version.instrument_id
        if row.administered_on is None or row.total is None:  # excluded by the filter; for the type checker
            continue
        points[instrument_id].append(charts.Point(row.administered_on, float(row.total)))
        if instrument_id not in newest or version.created_at > newest[instrument_id].created_at:
            newest[instrument_id] = version
    series = [instrument_series(newest[i].definition, points[i]) for i in points]
    return sorted(series, key=lambda s: s.title)


def _domain_series_for_case(user: User, case: Case) -> list[Series]:
    """Two queries (outcome_selectors.rating_results_for_case): each domain's score over the ratings, on the
    1 to 4 scale, shaded below and above the latest scale's closure level."""
    results = list(reversed(outcome_selectors.rating_results_for_case(user, case)))  # oldest first
    if not results:
        return []
    latest = results[-1]
    names = {d.code: d.name for r in results for d in r.domains} | {d.code: d.name for d in latest.domains}
    order = [d.code for d in latest.domains] + sorted(
        {d.code for r in results for d in r.domains} - {d.code for d in latest.domains}
    )
    points: dict[str, list[charts.Point]] = defaultdict(list)
    for result in results:
        for domain in result.domains:
            if domain.score is not None:
                points[domain.code].append(charts.Point(result.rating.rated_on, float(domain.score)))
    threshold = float(latest.rule.min_score)
    bands = [
        charts.Band(SCORE_MIN, threshold, _("Below the closure level")),
        charts.Band(threshold, SCORE_MAX, _("At or above the closure level")),
    ]
    return [
        Series(
            kind="domain",
            code=code,
            title=names[code],
            low=SCORE_MIN,
            high=SCORE_MAX,
            higher_is_better=True,
            reliable_change=None,
            bands=bands,
            points=points[code],
            decimals=2,
        )
        for code in order
        if points[code]
    ]


def case_progress(user: User, case: Case) -> CaseProgress:
    """The case's series, for a user already through `access_case_for_assessments`. Three queries whatever
    the number of assessments and ratings; nothing for a user who may not see screen results."""
    if not selectors.sees_results(user):
        return CaseProgress([], [])
    return CaseProgress(_instrument_series_for_case(user, case), _domain_series_for_case(user, case))


# ---------------------------------------------------------------------------------------------------
# Per agency (cohort)
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Improvement:
    """How many survivors were compared (a first and a later result) and how many of them improved."""

    kind: str  # "domain" or "instrument"
    code: str
    name: str
    compared: int
    improved: int
    rule: str = ""  # for instruments: "reliable_change" or "band"


def domain_improvement(agency_id: Any) -> list[Improvement]:
    """Per outcome domain: survivors with a score at their first and latest rating, and how many improved."""
    return [
        Improvement("domain", row.code, row.name, row.compared, row.improved)
        for row in outcome_selectors.outcome_improvement_for_agency(agency_id)
    ]


def _band_index(definition: dict[str, Any], band: str) -> int | None:
    codes = [b["code"] for b in definition.get("bands", [])]
    return codes.index(band) if band in codes else None


@dataclass(frozen=True)
class Result:
    """A complete result as the cohort compares it: total, band, and the definition it was scored with."""

    total: Decimal
    band: str
    definition: dict[str, Any]


def improved(definition: dict[str, Any], first: Result, latest: Result) -> bool | None:
    """Whether a survivor improved between two complete results of an instrument (`definition`: its newest
    version). Where the instrument defines a reliable-change threshold (PCL-5: 10 points), a change of at
    least that much in the better direction; otherwise a move to a better band (each result's band read in
    the version it was scored with). None when neither rule applies (no threshold and no bands)."""
    better_up = higher_is_better(definition)
    threshold = definition.get("reliable_change")
    if threshold is not None:
        change = latest.total - first.total
        return (change if better_up else -change) >= Decimal(str(threshold))
    before, after = _band_index(first.definition, first.band), _band_index(latest.definition, latest.band)
    if before is None or after is None:
        return None
    return after > before if better_up else after < before


def instrument_improvement(agency_id: Any) -> list[Improvement]:
    """Per instrument: survivors with at least two complete results (their cases taken together), and how
    many improved between the first and the latest. Two queries: the results (date, total, band, version
    id only) and the definitions of the versions they were scored with."""
    rows = (
        Assessment.objects.filter(
            agency_id=agency_id, status=AssessmentStatus.COMPLETED, complete=True, total__isnull=False
        )
        .order_by("administered_on", "created_at", "pk")
        .values_list(
            "case__survivor_id",
            "instrument_version__instrument_id",
            "instrument_version_id",
            "total",
            "band",
        )
    )
    first: dict[tuple[UUID, UUID], tuple[Decimal, str, UUID]] = {}
    latest: dict[tuple[UUID, UUID], tuple[Decimal, str, UUID]] = {}
    counts: dict[tuple[UUID, UUID], int] = defaultdict(int)
    for survivor_id, instrument_id, version_id, total, band in rows:
        if total is None:  # excluded by the filter; for the type checker
            continue
        key = (survivor_id, instrument_id)
        first.setdefault(key, (total, band, version_id))
        latest[key] = (total, band, version_id)
        counts[key] += 1
    pairs = {key: (first[key], latest[key]) for key in first if counts[key] > 1}
    version_ids = {v for a, b in pairs.values() for v in (a[2], b[2])}
    versions = {
        v.pk: v
        for v in InstrumentVersion.objects.filter(pk__in=version_ids)
        .select_related("instrument")
        .order_by("created_at")
    }
    newest: dict[Any, InstrumentVersion] = {}
    for version in versions.values():  # ordered by creation: the last one per instrument wins
        newest[version.instrument_id] = version
    compared: dict[Any, int] = defaultdict(int)
    better: dict[Any, int] = defaultdict(int)
    for (_survivor, instrument_id), (a, b) in pairs.items():
        verdict = improved(
            newest[instrument_id].definition,
            Result(a[0], a[1], versions[a[2]].definition),
            Result(b[0], b[1], versions[b[2]].definition),
        )
        if verdict is None:
            continue
        compared[instrument_id] += 1
        better[instrument_id] += int(verdict)
    result = [
        Improvement(
            "instrument",
            newest[i].instrument.code,
            newest[i].instrument.name,
            compared[i],
            better[i],
            rule="reliable_change" if newest[i].definition.get("reliable_change") is not None else "band",
        )
        for i in compared
    ]
    return sorted(result, key=lambda r: r.name)


@dataclass(frozen=True)
class Cell:
    """A count as shown: the number, or suppressed when it (or what it reveals) is under k."""

    value: int | None
    suppressed: bool

    def as_json(self) -> int | None:
        return None if self.suppressed else self.value


@dataclass(frozen=True)
class CohortRow:
    kind: str
    code: str
    name: str
    rule: str
    compared: Cell
    improved: Cell
    share: float | None  # None when suppressed

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)


def suppress(row: Improvement, k: int) -> CohortRow:
    """Small-cell suppression: a count under k is not shown; nor is a count that would give one away
    (the improved count when fewer than k did not improve), nor a share computed from a hidden count."""
    compared_hidden = row.compared < k
    improved_hidden = compared_hidden or row.improved < k or row.compared - row.improved < k
    return CohortRow(
        kind=row.kind,
        code=row.code,
        name=row.name,
        rule=row.rule,
        compared=Cell(None if compared_hidden else row.compared, compared_hidden),
        improved=Cell(None if improved_hidden else row.improved, improved_hidden),
        share=None if improved_hidden else row.improved / row.compared,
    )


@dataclass(frozen=True)
class Cohort:
    k: int
    domains: list[CohortRow]
    instruments: list[CohortRow]


def cohort(agency_id: Any, *, k: int | None = None) -> Cohort:
    """The agency's cohort view, suppressed: aggregates only, over every case of the agency (no per-user
    case scope: analysts see no case, only these counts). Three queries."""
    k = small_cell_k(agency_id) if k is None else k
    return Cohort(
        k=k,
        domains=[suppress(r, k) for r in domain_improvement(agency_id)],
        instruments=[suppress(r, k) for r in instrument_improvement(agency_id)],
    )


def describe_rows(rows: list[charts.Row]) -> list[dict[str, Any]]:
    """Rows as plain values (the API and tests)."""
    return [{"on": r.on, "value": r.value, "change": r.change, "reliable": r.reliable} for r in rows]
