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


def _cutoff_values(definition: dict[str, Any], overrides: Mapping[str, Any] | None) -> dict[str, Decimal]:
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


def score(
    definition: dict[str, Any],
    answers: Sequence[int | None],
    *,
    previous_total: Decimal | None = None,
    cutoffs: Mapping[str, Any] | None = None,
) -> Score:
    """Score one answer set (already through `check_answers`). `previous_total` is the last complete total
    of the same instrument for the same person, for "worsened by" alerts and reliable change; `cutoffs`
    overrides cut-off defaults within their allowed range (e.g. PCL-5 31–33)."""
    items = definition["items"]
    rules = definition["scoring"]
    method = rules["method"]
    decimals = int(rules.get("decimals", 2 if method == "mean" else 0))
    answered = [(i, a) for i, a in enumerate(answers) if a is not None]
    missing = len(items) - len(answered)
    complete = missing <= allowed_missing(definition)
    scored = {i: scored_value(definition, i, a) for i, a in answered}

    total: Decimal | None = None
    if complete and method != "subscale_sums":
        raw = Decimal(sum(scored.values()))
        if method == "mean":
            total = _quantize(raw / len(answered), decimals)
        else:
            total = _quantize(raw * len(items) / len(answered), decimals) if missing else raw

    subscales: dict[str, Decimal | None] = {}
    for name in rules.get("subscales", {}):
        members = [i for i, item in enumerate(items) if item.get("subscale") == name]
        values = [scored[i] for i in members if i in scored]
        subscales[name] = Decimal(sum(values)) if len(values) == len(members) else None

    clusters: list[ClusterResult] = []
    clusters_met: bool | None = None
    if "clusters" in rules and missing == 0:
        endorsed_at = int(rules["clusters"]["endorsed_at"])
        for name, required in rules["clusters"]["rules"].items():
            members = [i for i, item in enumerate(items) if item.get("subscale") == name]
            endorsed = sum(1 for i in members if scored[i] >= endorsed_at)
            clusters.append(ClusterResult(name, endorsed, int(required)))
        clusters_met = all(c.met for c in clusters)

    band = band_for(definition, total) if total is not None else ""
    cutoff_results = [
        CutoffResult(code, value, total is not None and total >= value)
        for code, value in _cutoff_values(definition, cutoffs).items()
    ]

    higher_is_better = bool(rules.get("higher_is_better", False))
    change = total - previous_total if total is not None and previous_total is not None else None
    worsening = None if change is None else (-change if higher_is_better else change)
    reliable = ""
    threshold = definition.get("reliable_change")
    if worsening is not None and threshold is not None:
        if worsening >= Decimal(str(threshold)):
            reliable = "worsened"
        elif -worsening >= Decimal(str(threshold)):
            reliable = "improved"
        else:
            reliable = "no_reliable_change"

    band_order = [b["code"] for b in definition.get("bands", [])]
    met_cutoffs = {c.code for c in cutoff_results if c.met}
    ids = [item["id"] for item in items]
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

    return Score(
        complete=complete,
        incomplete_reason="" if complete else "too_many_missing",
        answered=len(answered),
        missing=missing,
        total=total,
        prorated=total is not None and missing > 0,
        band=band,
        subscales=subscales,
        clusters=clusters,
        clusters_met=clusters_met,
        cutoffs=cutoff_results,
        alerts=fired,
        change=change,
        reliable_change=reliable,
    )


def allowed_missing(definition: dict[str, Any]) -> int:
    """How many items may be skipped and still give a (prorated) score: the partial-scoring rule."""
    rules = definition["scoring"]
    return int(rules.get("max_missing", 0)) if rules.get("missing", "prorate") == "prorate" else 0
