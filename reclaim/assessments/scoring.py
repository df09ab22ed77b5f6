"""Scoring of an instrument from its definition (definition.py) and one answer set. Pure: no database.

`answers` is one entry per item, in the definition's order: the value of the chosen response option as
shown to the person (reverse-scored items are reversed here, never by the caller), or None for a skipped
item. `check_answers` names every answer that cannot be scored; `score` assumes they passed.

Rules (DOMAIN.md §6): a skipped item makes the result incomplete, with no total, unless the definition
allows up to `max_missing` skips with proration (the total is the answered items' sum scaled up to all
items; a mean is the mean of the answered items). Item alerts fire on the answers given even when the
result is incomplete: PHQ-9 item 9 above 0 raises the safety alert whatever the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from reclaim.assessments.definition import item_options

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

Answers = list[int | None]


@dataclass(frozen=True)
class FiredAlert:
    code: str
    severity: str
    type: str


@dataclass(frozen=True)
class ClusterResult:
    """A DSM-style cluster: how many of its items were endorsed (rated at or above `endorsed_at`)."""

    subscale: str
    endorsed: int
    required: int

    @property
    def met(self) -> bool:
        return self.endorsed >= self.required


@dataclass(frozen=True)
class CutoffResult:
    code: str
    value: Decimal
    met: bool


@dataclass(frozen=True)
class Score:
    complete: bool
    incomplete_reason: str  # "" when complete; else "too_many_missing"
    answered: int
    missing: int
    total: Decimal | None
    prorated: bool
    band: str  # a band code, or "" (incomplete, or an instrument without bands)
    subscales: dict[str, Decimal | None] = field(default_factory=dict)
    clusters: list[ClusterResult] = field(default_factory=list)
    clusters_met: bool | None = None  # None when the instrument has no cluster rule or the result is incomplete
    cutoffs: list[CutoffResult] = field(default_factory=list)
    alerts: list[FiredAlert] = field(default_factory=list)
    change: Decimal | None = None  # total minus the previous total
    reliable_change: str = ""  # "improved", "worsened", "no_reliable_change", or "" (nothing to compare)

    def as_json(self) -> dict[str, Any]:
        """Plain JSON (decimals as strings) for storage and the API."""
        return {
            "complete": self.complete,
            "incomplete_reason": self.incomplete_reason,
            "answered": self.answered,
            "missing": self.missing,
            "total": _str(self.total),
            "prorated": self.prorated,
            "band": self.band,
            "subscales": {name: _str(value) for name, value in self.subscales.items()},
            "clusters": [
                {"subscale": c.subscale, "endorsed": c.endorsed, "required": c.required, "met": c.met}
                for c in self.clusters
            ],
            "clusters_met": self.clusters_met,
            "cutoffs": [{"code": c.code, "value": str(c.value), "met": c.met} for c in self.cutoffs],
            "alerts": [a.code for a in self.alerts],
            "change": _str(self.change),
            "reliable_change": self.reliable_change,
        }


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def option_values(definition: dict[str, Any], index: int) -> list[int]:
    return [int(option["value"]) for option in item_options(definition, index)]


def item_label(definition: dict[str, Any], index: int) -> str:
    return f"Item {definition['items'][index]['id']}"


def check_answers(definition: dict[str, Any], answers: Sequence[Any]) -> dict[str, list[str]]:
    """Every answer that cannot be scored, keyed `item_<id>` (or `responses` for a wrong count)."""
    items = definition["items"]
    if len(answers) != len(items):
        return {"responses": [f"Expected {len(items)} answers (null for a skipped item), got {len(answers)}."]}
    errors: dict[str, list[str]] = {}
    for index, answer in enumerate(answers):
        if answer is None:
            continue
        allowed = option_values(definition, index)
        if isinstance(answer, bool) or not isinstance(answer, int) or answer not in allowed:
            shown = ", ".join(str(v) for v in allowed)
            errors[f"item_{items[index]['id']}"] = [
                f"{item_label(definition, index)}: {answer!r} is not one of its answers ({shown}), or null to skip."
            ]
    return errors


def _quantize(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def scored_value(definition: dict[str, Any], index: int, answer: int) -> int:
    """The answer's value after reversal: a reverse-scored item maps lowest <-> highest."""
    if definition["items"][index].get("reverse", False):
        values = option_values(definition, index)
        return min(values) + max(values) - answer
    return answer


def band_for(definition: dict[str, Any], total: Decimal) -> str:
    """The band whose lower bound is the highest one not above the total."""
    code = ""
    for band in definition.get("bands", []):
        if total >= Decimal(str(band["min"])):
            code = band["code"]
    return code


def cutoff_values(definition: dict[str, Any], overrides: Mapping[str, Any] | None) -> dict[str, Decimal]:
    """The cut-offs to score with: each definition default, or an override within the allowed range.
    ValueError names an override outside its range or one the definition does not have."""
    known = {cutoff["code"] for cutoff in definition.get("cutoffs", [])}
    unknown = sorted(set(overrides or {}) - known)
    if unknown:
        raise ValueError(f"this instrument has no cut-off {', '.join(unknown)}")
    values: dict[str, Decimal] = {}
    for cutoff in definition.get("cutoffs", []):
        value = Decimal(str(cutoff["default"]))
        if overrides and cutoff["code"] in overrides:
            value = Decimal(str(overrides[cutoff["code"]]))
            low = Decimal(str(cutoff.get("min", cutoff["default"])))
            high = Decimal(str(cutoff.get("max", cutoff["default"])))
            if not low <= value <= high:
                raise ValueError(f"cut-off {cutoff['code']} must lie between {low} and {high}")
        values[cutoff["code"]] = value
    return values


def _total(definition: dict[str, Any], scored: dict[int, int], complete: bool) -> Decimal | None:
    rules = definition["scoring"]
    method = rules["method"]
    if not complete or method == "subscale_sums":
        return None
    decimals = int(rules.get("decimals", 2 if method == "mean" else 0))
    raw = Decimal(sum(scored.values()))
    if method == "mean":
        return _quantize(raw / len(scored), decimals)
    n_items = len(definition["items"])
    return _quantize(raw * n_items / len(scored), decimals) if len(scored) < n_items else raw


def _members(definition: dict[str, Any], name: str) -> list[int]:
    return [i for i, item in enumerate(definition["items"]) if item.get("subscale") == name]


def _clusters(definition: dict[str, Any], scored: dict[int, int]) -> tuple[list[ClusterResult], bool | None]:
    rules = definition["scoring"]
    if "clusters" not in rules or len(scored) < len(definition["items"]):
        return [], None
    endorsed_at = int(rules["clusters"]["endorsed_at"])
    clusters = [
        ClusterResult(name, sum(1 for i in _members(definition, name) if scored[i] >= endorsed_at), int(required))
        for name, required in rules["clusters"]["rules"].items()
    ]
    return clusters, all(c.met for c in clusters)


def _reliable_change(definition: dict[str, Any], worsening: Decimal | None) -> str:
    threshold = definition.get("reliable_change")
    if worsening is None or threshold is None:
        return ""
    if worsening >= Decimal(str(threshold)):
        return "worsened"
    if -worsening >= Decimal(str(threshold)):
        return "improved"
    return "no_reliable_change"


def _fired(
    definition: dict[str, Any],
    answers: Sequence[int | None],
    *,
    total: Decimal | None,
    band: str,
    met_cutoffs: set[str],
    worsening: Decimal | None,
) -> list[FiredAlert]:
    band_order = [b["code"] for b in definition.get("bands", [])]
    ids = [item["id"] for item in definition["items"]]
    fired: list[FiredAlert] = []
    for alert in definition.get("alerts", []):
        kind = alert["type"]
        if kind == "item_above":
            answer = answers[ids.index(alert["item"])]
            hit = answer is not None and Decimal(answer) > Decimal(str(alert["value"]))
        elif kind == "total_at_least":
            hit = total is not None and total >= Decimal(str(alert["value"]))
        elif kind == "band_at_least":
            hit = bool(band) and band_order.index(band) >= band_order.index(alert["band"])
        elif kind == "cutoff_met":
            hit = alert["cutoff"] in met_cutoffs
        else:  # worsened_by
            hit = worsening is not None and worsening >= Decimal(str(alert["value"]))
        if hit:
            fired.append(FiredAlert(alert["code"], alert["severity"], kind))
    return fired


def score(
    definition: dict[str, Any],
    answers: Sequence[int | None],
    *,
    previous_total: Decimal | None = None,
    cutoffs: Mapping[str, Any] | None = None,
) -> Score:
    """Score one answer set (already through `check_answers`). `previous_total` is the last complete total
    of the same instrument for the same person, for "worsened by" alerts and reliable change; `cutoffs`
    overrides cut-off defaults within their allowed range (e.g. PCL-5 31 to 33)."""
    scored = {i: scored_value(definition, i, a) for i, a in enumerate(answers) if a is not None}
    missing = len(definition["items"]) - len(scored)
    complete = missing <= allowed_missing(definition)
    total = _total(definition, scored, complete)
    subscales: dict[str, Decimal | None] = {}
    for name in definition["scoring"].get("subscales", {}):
        members = _members(definition, name)
        values = [scored[i] for i in members if i in scored]
        subscales[name] = Decimal(sum(values)) if len(values) == len(members) else None
    clusters, clusters_met = _clusters(definition, scored)
    band = band_for(definition, total) if total is not None else ""
    cutoff_results = [
        CutoffResult(code, value, total is not None and total >= value)
        for code, value in cutoff_values(definition, cutoffs).items()
    ]
    change = total - previous_total if total is not None and previous_total is not None else None
    higher_is_better = bool(definition["scoring"].get("higher_is_better", False))
    worsening = None if change is None else (-change if higher_is_better else change)
    met_cutoffs = {c.code for c in cutoff_results if c.met}
    return Score(
        complete=complete,
        incomplete_reason="" if complete else "too_many_missing",
        answered=len(scored),
        missing=missing,
        total=total,
        prorated=total is not None and missing > 0,
        band=band,
        subscales=subscales,
        clusters=clusters,
        clusters_met=clusters_met,
        cutoffs=cutoff_results,
        alerts=_fired(definition, answers, total=total, band=band, met_cutoffs=met_cutoffs, worsening=worsening),
        change=change,
        reliable_change=_reliable_change(definition, worsening),
    )


def allowed_missing(definition: dict[str, Any]) -> int:
    """How many items may be skipped and still give a (prorated) score: the partial-scoring rule."""
    rules = definition["scoring"]
    return int(rules.get("max_missing", 0)) if rules.get("missing", "prorate") == "prorate" else 0
