"""The instrument definition format (docs/assessments.md) and its validator. Pure: no database, no Django.

An instrument version's definition is a JSON object. `validate_definition` checks all of it and raises one
`DefinitionError` listing every problem, each naming its path (``items[8].options[2].value: ...``), so an
agency loading a file fixes it in one pass. Scoring (scoring.py) only ever sees definitions that passed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

SCORING_METHODS = ("sum", "mean", "subscale_sums")
MISSING_RULES = ("incomplete", "prorate")
ALERT_TYPES = ("item_above", "total_at_least", "band_at_least", "worsened_by", "cutoff_met")
SEVERITIES = ("urgent", "follow_up", "review")
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
SUBSCALE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
MAX_ITEMS = 200


class DefinitionError(Exception):
    """The definition is not valid; `errors` lists every problem as "path: message"."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class _Checker:
    def __init__(self, data: Any) -> None:
        self.data = data
        self.errors: list[str] = []
        self.languages: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def obj(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.error(path, "must be an object")
            return {}
        return value

    def lst(self, value: Any, path: str, *, required: bool = True) -> list[Any]:
        if value is None and not required:
            return []
        if not isinstance(value, list):
            self.error(path, "must be a list")
            return []
        return value

    def string(self, value: Any, path: str, *, max_length: int = 200) -> str:
        if not isinstance(value, str) or not value.strip():
            self.error(path, "must be a non-empty text")
            return ""
        if len(value) > max_length:
            self.error(path, f"must be at most {max_length} characters")
        return value

    def code(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not CODE_PATTERN.match(value):
            self.error(path, "must be a code: lowercase letters, digits and _, starting with a letter (max 40)")
            return ""
        return value

    def text(self, value: Any, path: str, *, required: bool = True) -> None:
        """A text per language: {"en": "...", "es": "..."}, every declared language present."""
        if value is None and not required:
            return
        texts = self.obj(value, path)
        for language in self.languages:
            if language in texts:
                self.string(texts[language], f"{path}.{language}", max_length=2000)
            else:
                self.error(path, f"has no text in {language!r}")
        for language in texts:
            if language not in self.languages:
                self.error(f"{path}.{language}", "is not one of the instrument's languages")

    def integer(self, value: Any, path: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, "must be a whole number")
            return None
        return value

    def number(self, value: Any, path: str) -> Decimal | None:
        number = _number(value)
        if number is None:
            self.error(path, "must be a number")
        return number


def _options(check: _Checker, raw: Any, path: str) -> list[int]:
    values: list[int] = []
    options = check.lst(raw, path)
    if options and len(options) < 2:  # noqa: PLR2004 — a question needs at least two answers
        check.error(path, "needs at least two response options")
    for index, option in enumerate(options):
        opath = f"{path}[{index}]"
        option = check.obj(option, opath)
        value = check.integer(option.get("value"), f"{opath}.value")
        if value is not None:
            if value in values:
                check.error(f"{opath}.value", f"{value} appears twice")
            values.append(value)
        check.text(option.get("label"), f"{opath}.label")
    return values


def score_range(definition: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """The lowest and highest total a complete answer set can give (for the validator and property tests)."""
    items = definition["items"]
    lows = [Decimal(min(o["value"] for o in item_options(definition, i))) for i in range(len(items))]
    highs = [Decimal(max(o["value"] for o in item_options(definition, i))) for i in range(len(items))]
    if definition["scoring"]["method"] == "mean":
        return sum(lows, Decimal(0)) / len(items), sum(highs, Decimal(0)) / len(items)
    return sum(lows, Decimal(0)), sum(highs, Decimal(0))


def item_options(definition: dict[str, Any], index: int) -> list[dict[str, Any]]:
    """The response options of item `index`: its own, or the instrument's shared set."""
    item = definition["items"][index]
    options: list[dict[str, Any]] = item.get("options") or definition["options"]
    return options


def validate_definition(data: Any) -> dict[str, Any]:
    """Return the definition unchanged if it is valid, else raise DefinitionError naming every problem."""
    check = _Checker(data)
    root = check.obj(data, "definition")
    if not root:
        raise DefinitionError(check.errors or ["definition: is empty"])
    check.code(root.get("code"), "code")
    check.string(root.get("name"), "name")
    check.string(root.get("version"), "version", max_length=40)
    languages = check.lst(root.get("languages"), "languages")
    if not languages:
        check.error("languages", "needs at least one language, e.g. [\"en\"]")
    for index, language in enumerate(languages):
        if not isinstance(language, str) or not LANGUAGE_PATTERN.match(language):
            check.error(f"languages[{index}]", "must be a language code such as 'en' or 'es'")
        else:
            check.languages.append(language)
    if "licence" in root and root["licence"] is not None:
        check.string(root["licence"], "licence", max_length=2000)
    check.text(root.get("title"), "title", required=False)
    check.text(root.get("instructions"), "instructions", required=False)
    shared = _options(check, root["options"], "options") if "options" in root else None

    items = check.lst(root.get("items"), "items")
    if not items and isinstance(root.get("items"), list):
        check.error("items", "needs at least one item")
    if len(items) > MAX_ITEMS:
        check.error("items", f"has more than {MAX_ITEMS} items")
    item_ids: list[str] = []
    item_ranges: list[tuple[int, int] | None] = []
    subscale_members: dict[str, list[str]] = {}
    for index, raw in enumerate(items):
        path = f"items[{index}]"
        item = check.obj(raw, path)
        item_id = item.get("id")
        if not isinstance(item_id, str) or not item_id or len(item_id) > 20:  # noqa: PLR2004
            check.error(f"{path}.id", "must be a short text such as \"9\"")
        elif item_id in item_ids:
            check.error(f"{path}.id", f"{item_id!r} appears twice")
        else:
            item_ids.append(item_id)
        check.text(item.get("text"), f"{path}.text")
        if "options" in item:
            values = _options(check, item["options"], f"{path}.options")
        elif shared is None:
            check.error(path, "has no response options, and the instrument has no shared 'options'")
            values = []
        else:
            values = shared
        item_ranges.append((min(values), max(values)) if values else None)
        if not isinstance(item.get("reverse", False), bool):
            check.error(f"{path}.reverse", "must be true or false")
        subscale = item.get("subscale")
        if subscale is not None:
            if isinstance(subscale, str) and SUBSCALE_PATTERN.match(subscale):
                subscale_members.setdefault(subscale, []).append(str(item_id))
            else:
                check.error(f"{path}.subscale", "must be a name of letters, digits and _, starting with a letter")

    if check.errors:  # bands, cut-offs and alerts are checked against sound items only
        raise DefinitionError(check.errors)
    scoring = check.obj(root.get("scoring"), "scoring")
    method = scoring.get("method")
    if method not in SCORING_METHODS:
        check.error("scoring.method", f"must be one of {', '.join(SCORING_METHODS)}")
    max_missing = check.integer(scoring.get("max_missing", 0), "scoring.max_missing")
    if max_missing is not None and not 0 <= max_missing < max(len(items), 1):
        check.error("scoring.max_missing", "must be at least 0 and fewer than the number of items")
    if scoring.get("missing", "incomplete") not in MISSING_RULES:
        check.error("scoring.missing", f"must be one of {', '.join(MISSING_RULES)}")
    decimals = check.integer(scoring.get("decimals", 2 if method == "mean" else 0), "scoring.decimals")
    if decimals is not None and not 0 <= decimals <= 4:  # noqa: PLR2004
        check.error("scoring.decimals", "must be between 0 and 4")
    if not isinstance(scoring.get("higher_is_better", False), bool):
        check.error("scoring.higher_is_better", "must be true or false")
    subscales = check.obj(scoring.get("subscales", {}), "scoring.subscales")
    for name, spec in subscales.items():
        spath = f"scoring.subscales.{name}"
        if not SUBSCALE_PATTERN.match(name):
            check.error(spath, "must be named with letters, digits and _")
        spec = check.obj(spec, spath)
        check.text(spec.get("label"), f"{spath}.label")
    for name in subscale_members:
        if name not in subscales:
            check.error("scoring.subscales", f"items use subscale {name!r}, which is not declared here")
    for name in subscales:
        if name not in subscale_members:
            check.error(f"scoring.subscales.{name}", "no item belongs to it")
    if method == "subscale_sums" and not subscales:
        check.error("scoring.subscales", "'subscale_sums' needs at least one subscale")
    if "clusters" in scoring:
        clusters = check.obj(scoring["clusters"], "scoring.clusters")
        endorsed_at = check.integer(clusters.get("endorsed_at"), "scoring.clusters.endorsed_at")
        rules = check.obj(clusters.get("rules"), "scoring.clusters.rules")
        if not rules:
            check.error("scoring.clusters.rules", "needs at least one subscale with its minimum")
        for name, minimum in rules.items():
            rpath = f"scoring.clusters.rules.{name}"
            if name not in subscales:
                check.error(rpath, "is not a declared subscale")
            value = check.integer(minimum, rpath)
            if value is not None and name in subscale_members and not 1 <= value <= len(subscale_members[name]):
                check.error(rpath, f"must be between 1 and the subscale's {len(subscale_members[name])} items")
        if endorsed_at is not None:
            highs = [r[1] for r in item_ranges if r]
            if highs and endorsed_at > min(highs):
                check.error("scoring.clusters.endorsed_at", "is above the highest answer of some items")

    low, high = score_range(root) if method in SCORING_METHODS else (Decimal(0), Decimal(0))

    bands = check.lst(root.get("bands"), "bands", required=False)
    band_codes: list[str] = []
    previous: Decimal | None = None
    if bands and method == "subscale_sums":
        check.error("bands", "'subscale_sums' has no total to band")
    for index, raw in enumerate(bands):
        path = f"bands[{index}]"
        band = check.obj(raw, path)
        code = check.code(band.get("code"), f"{path}.code")
        if code in band_codes:
            check.error(f"{path}.code", f"{code!r} appears twice")
        band_codes.append(code)
        minimum = check.number(band.get("min"), f"{path}.min")
        check.text(band.get("label"), f"{path}.label")
        check.text(band.get("meaning"), f"{path}.meaning", required=False)
        if minimum is None:
            continue
        if index == 0 and minimum > low:
            check.error(f"{path}.min", f"the first band must start at or below the lowest possible score ({low})")
        if previous is not None and minimum <= previous:
            check.error(f"{path}.min", "bands must be in ascending order of their lower bound")
        if minimum > high:
            check.error(f"{path}.min", f"is above the highest possible score ({high})")
        previous = minimum

    cutoffs = check.lst(root.get("cutoffs"), "cutoffs", required=False)
    cutoff_codes: list[str] = []
    for index, raw in enumerate(cutoffs):
        path = f"cutoffs[{index}]"
        cutoff = check.obj(raw, path)
        cutoff_codes.append(check.code(cutoff.get("code"), f"{path}.code"))
        check.text(cutoff.get("label"), f"{path}.label")
        check.text(cutoff.get("meaning"), f"{path}.meaning", required=False)
        default = check.number(cutoff.get("default"), f"{path}.default")
        lowest = check.number(cutoff.get("min", cutoff.get("default")), f"{path}.min")
        highest = check.number(cutoff.get("max", cutoff.get("default")), f"{path}.max")
        if None not in (default, lowest, highest) and not lowest <= default <= highest:  # type: ignore[operator]
            check.error(f"{path}.default", "must lie between min and max")
        if default is not None and not low <= default <= high:
            check.error(f"{path}.default", f"must lie within the score range {low}–{high}")

    alerts = check.lst(root.get("alerts"), "alerts", required=False)
    alert_codes: list[str] = []
    for index, raw in enumerate(alerts):
        path = f"alerts[{index}]"
        alert = check.obj(raw, path)
        code = check.code(alert.get("code"), f"{path}.code")
        if code in alert_codes:
            check.error(f"{path}.code", f"{code!r} appears twice")
        alert_codes.append(code)
        if alert.get("severity") not in SEVERITIES:
            check.error(f"{path}.severity", f"must be one of {', '.join(SEVERITIES)}")
        check.text(alert.get("message"), f"{path}.message")
        kind = alert.get("type")
        if kind not in ALERT_TYPES:
            check.error(f"{path}.type", f"must be one of {', '.join(ALERT_TYPES)}")
        elif kind == "item_above":
            if alert.get("item") not in item_ids:
                check.error(f"{path}.item", "must be the id of one of the items")
            else:
                check.number(alert.get("value"), f"{path}.value")
        elif kind in {"total_at_least", "worsened_by"}:
            if method == "subscale_sums":
                check.error(f"{path}.type", "needs a total; 'subscale_sums' has none")
            number = check.number(alert.get("value"), f"{path}.value")
            if kind == "worsened_by" and number is not None and number <= 0:
                check.error(f"{path}.value", "must be more than 0 points")
        elif kind == "band_at_least" and alert.get("band") not in band_codes:
            check.error(f"{path}.band", "must be the code of one of the bands")
        elif kind == "cutoff_met" and alert.get("cutoff") not in cutoff_codes:
            check.error(f"{path}.cutoff", "must be the code of one of the cut-offs")

    if root.get("reliable_change") is not None:
        change = check.number(root["reliable_change"], "reliable_change")
        if change is not None and change <= 0:
            check.error("reliable_change", "must be more than 0")
    if check.errors:
        raise DefinitionError(check.errors)
    return root
