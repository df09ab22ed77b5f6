"""The instrument definition format (docs/assessments.md) and its validator. Pure: no database, no Django.

An instrument version's definition is a JSON object. `validate_definition` checks all of it and raises one
`DefinitionError` listing every problem, each naming its path (``items[8].options[2].value: ...``), so an
agency loading a file fixes it in one pass. Scoring (scoring.py) only ever sees definitions that passed.

`languages` are the languages the instrument can be *given* in (issue 14). Every text a person answers (the
instructions, each item and each response option) must exist in each of them, and each language after the
first names its `source`: the publisher's own validated translation, where it is published and the study
that validated it. Reclaim never machine-translates clinical items, so a language without such a source is
simply not listed, and the interface says the instrument is not available in it. Staff-facing texts (title,
content note, bands, cut-offs, alert messages, subscale labels) are needed in the first language only.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry

SCORING_METHODS = ("sum", "mean", "subscale_sums")
MISSING_RULES = ("incomplete", "prorate")
ALERT_TYPES = ("item_above", "total_at_least", "band_at_least", "worsened_by", "cutoff_met")
SEVERITIES = ("urgent", "follow_up", "review")
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
SUBSCALE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
MAX_ITEMS = 200
MAX_ITEM_ID = 20
MAX_DECIMALS = 4
SOURCE_FIELDS = ("publisher", "url", "validation")


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
        self.sources_required = True

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

    def text(self, value: Any, path: str, *, required: bool = True, every_language: bool = False) -> None:
        """A text per language: {"en": "...", "es": "..."}. Texts a person answers (`every_language`) need
        every declared language; staff-facing texts need the first one, and may have others."""
        if value is None and not required:
            return
        texts = self.obj(value, path)
        needed = self.languages if every_language else self.languages[:1]
        for language in needed:
            if language not in texts:
                self.error(path, f"has no text in {language!r}")
        for language in texts:
            if language in self.languages:
                self.string(texts[language], f"{path}.{language}", max_length=2000)
            else:
                self.error(f"{path}.{language}", "is not one of the instrument's languages")

    def integer(self, value: Any, path: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, "must be a whole number")
            return None
        return int(value)

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
    for index, raw_option in enumerate(options):
        opath = f"{path}[{index}]"
        option = check.obj(raw_option, opath)
        value = check.integer(option.get("value"), f"{opath}.value")
        if value is not None:
            if value in values:
                check.error(f"{opath}.value", f"{value} appears twice")
            values.append(value)
        check.text(option.get("label"), f"{opath}.label", every_language=True)
    return values


def score_range(definition: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """The lowest and highest total a complete answer set can give (for the validator and property tests)."""
    items = definition["items"]
    lows = [Decimal(min(o["value"] for o in item_options(definition, i))) for i in range(len(items))]
    highs = [Decimal(max(o["value"] for o in item_options(definition, i))) for i in range(len(items))]
    if definition["scoring"]["method"] == "mean":
        return sum(lows, Decimal(0)) / len(items), sum(highs, Decimal(0)) / len(items)
    return sum(lows, Decimal(0)), sum(highs, Decimal(0))


@functools.cache
def _two_letter(code: str) -> str:
    """The ISO 639-1 code of a three-letter ISO 639 code ("spa" → "es"), or "" when it has none.
    A person's preferred language is often recorded with three letters; instruments name theirs with two."""
    if len(code) != len("spa"):
        return ""
    language = pycountry.languages.get(alpha_3=code)
    return str(getattr(language, "alpha_2", "") or "") if language is not None else ""


def matching_language(definition: dict[str, Any], wanted: str | None) -> str | None:
    """The definition's language for `wanted` ("es", "es-mx" → "es", or "spa" → "es"), or None when it is not
    given in it."""
    languages = definition.get("languages") or ["en"]
    wanted = (wanted or "").strip()
    if wanted in languages:
        return wanted
    base = wanted.split("-")[0].lower()
    if base not in languages:
        base = _two_letter(base) or base
    return base if base in languages else None


def default_language(definition: dict[str, Any], wanted: str | None) -> str:
    """`wanted` (e.g. the interface language) when the instrument is given in it, else English, else its first."""
    languages = definition.get("languages") or ["en"]
    return matching_language(definition, wanted) or ("en" if "en" in languages else languages[0])


def item_options(definition: dict[str, Any], index: int) -> list[dict[str, Any]]:
    """The response options of item `index`: its own, or the instrument's shared set."""
    item = definition["items"][index]
    options: list[dict[str, Any]] = item.get("options") or definition["options"]
    return options


@dataclass
class _Items:
    ids: list[str] = field(default_factory=list)
    highs: list[int] = field(default_factory=list)
    subscales: dict[str, list[str]] = field(default_factory=dict)


def _check_header(check: _Checker, root: dict[str, Any]) -> list[int] | None:
    """Code, name, version, languages, texts and the shared options; returns the shared option values."""
    check.code(root.get("code"), "code")
    check.string(root.get("name"), "name")
    check.string(root.get("version"), "version", max_length=40)
    languages = check.lst(root.get("languages"), "languages")
    if not languages:
        check.error("languages", 'needs at least one language, e.g. ["en"]')
    for index, language in enumerate(languages):
        if not isinstance(language, str) or not LANGUAGE_PATTERN.match(language):
            check.error(f"languages[{index}]", "must be a language code such as 'en' or 'es'")
        else:
            check.languages.append(language)
    if root.get("licence") is not None:
        check.string(root["licence"], "licence", max_length=2000)
    _check_sources(check, root.get("sources"))
    check.text(root.get("title"), "title", required=False)
    check.text(root.get("instructions"), "instructions", required=False, every_language=True)
    check.text(root.get("content_note"), "content_note", required=False)
    return _options(check, root["options"], "options") if "options" in root else None


def _check_sources(check: _Checker, raw: Any) -> None:
    """Each language after the first names the validated translation it comes from; the first may."""
    sources = check.obj(raw, "sources") if raw is not None else {}
    for language in check.languages[1:] if check.sources_required else []:
        if language not in sources:
            check.error(
                "sources",
                f"has no source for {language!r}: name the publisher's validated translation "
                "(publisher, url, validation), or leave the language out",
            )
    for language, raw_source in sources.items():
        path = f"sources.{language}"
        if language not in check.languages:
            check.error(path, "is not one of the instrument's languages")
            continue
        source = check.obj(raw_source, path)
        for name in SOURCE_FIELDS:
            check.string(source.get(name), f"{path}.{name}", max_length=1000)
        if source.get("note") is not None:
            check.string(source["note"], f"{path}.note", max_length=1000)


def _check_items(check: _Checker, root: dict[str, Any], shared: list[int] | None) -> _Items:
    found = _Items()
    items = check.lst(root.get("items"), "items")
    if not items and isinstance(root.get("items"), list):
        check.error("items", "needs at least one item")
    if len(items) > MAX_ITEMS:
        check.error("items", f"has more than {MAX_ITEMS} items")
    for index, raw in enumerate(items):
        path = f"items[{index}]"
        item = check.obj(raw, path)
        item_id = item.get("id")
        if not isinstance(item_id, str) or not item_id or len(item_id) > MAX_ITEM_ID:
            check.error(f"{path}.id", 'must be a short text such as "9"')
        elif item_id in found.ids:
            check.error(f"{path}.id", f"{item_id!r} appears twice")
        else:
            found.ids.append(item_id)
        check.text(item.get("text"), f"{path}.text", every_language=True)
        if "options" in item:
            values = _options(check, item["options"], f"{path}.options")
        elif shared is None:
            check.error(path, "has no response options, and the instrument has no shared 'options'")
            values = []
        else:
            values = shared
        if values:
            found.highs.append(max(values))
        _check_item_scoring(check, item, path, found)
    return found


def _check_item_scoring(check: _Checker, item: dict[str, Any], path: str, found: _Items) -> None:
    if not isinstance(item.get("reverse", False), bool):
        check.error(f"{path}.reverse", "must be true or false")
    subscale = item.get("subscale")
    if subscale is None:
        return
    if isinstance(subscale, str) and SUBSCALE_PATTERN.match(subscale):
        found.subscales.setdefault(subscale, []).append(str(item.get("id")))
    else:
        check.error(f"{path}.subscale", "must be a name of letters, digits and _, starting with a letter")


def _check_scoring(check: _Checker, root: dict[str, Any], items: _Items) -> str:
    scoring = check.obj(root.get("scoring"), "scoring")
    method = scoring.get("method")
    if method not in SCORING_METHODS:
        check.error("scoring.method", f"must be one of {', '.join(SCORING_METHODS)}")
    max_missing = check.integer(scoring.get("max_missing", 0), "scoring.max_missing")
    if max_missing is not None and not 0 <= max_missing < max(len(items.ids), 1):
        check.error("scoring.max_missing", "must be at least 0 and fewer than the number of items")
    if scoring.get("missing", "incomplete") not in MISSING_RULES:
        check.error("scoring.missing", f"must be one of {', '.join(MISSING_RULES)}")
    decimals = check.integer(scoring.get("decimals", 2 if method == "mean" else 0), "scoring.decimals")
    if decimals is not None and not 0 <= decimals <= MAX_DECIMALS:
        check.error("scoring.decimals", f"must be between 0 and {MAX_DECIMALS}")
    if not isinstance(scoring.get("higher_is_better", False), bool):
        check.error("scoring.higher_is_better", "must be true or false")
    subscales = _check_subscales(check, scoring, items)
    if method == "subscale_sums" and not subscales:
        check.error("scoring.subscales", "'subscale_sums' needs at least one subscale")
    if "clusters" in scoring:
        _check_clusters(check, scoring["clusters"], subscales, items)
    return str(method)


def _check_subscales(check: _Checker, scoring: dict[str, Any], items: _Items) -> dict[str, Any]:
    subscales = check.obj(scoring.get("subscales", {}), "scoring.subscales")
    for name, spec in subscales.items():
        spath = f"scoring.subscales.{name}"
        if not SUBSCALE_PATTERN.match(name):
            check.error(spath, "must be named with letters, digits and _")
        check.text(check.obj(spec, spath).get("label"), f"{spath}.label")
    for name in items.subscales:
        if name not in subscales:
            check.error("scoring.subscales", f"items use subscale {name!r}, which is not declared here")
    for name in subscales:
        if name not in items.subscales:
            check.error(f"scoring.subscales.{name}", "no item belongs to it")
    return subscales


def _check_clusters(check: _Checker, raw: Any, subscales: dict[str, Any], items: _Items) -> None:
    clusters = check.obj(raw, "scoring.clusters")
    endorsed_at = check.integer(clusters.get("endorsed_at"), "scoring.clusters.endorsed_at")
    rules = check.obj(clusters.get("rules"), "scoring.clusters.rules")
    if not rules:
        check.error("scoring.clusters.rules", "needs at least one subscale with its minimum")
    for name, minimum in rules.items():
        rpath = f"scoring.clusters.rules.{name}"
        if name not in subscales:
            check.error(rpath, "is not a declared subscale")
        value = check.integer(minimum, rpath)
        members = items.subscales.get(name, [])
        if value is not None and members and not 1 <= value <= len(members):
            check.error(rpath, f"must be between 1 and the subscale's {len(members)} items")
    if endorsed_at is not None and items.highs and endorsed_at > min(items.highs):
        check.error("scoring.clusters.endorsed_at", "is above the highest answer of some items")


def _check_bands(check: _Checker, root: dict[str, Any], method: str, low: Decimal, high: Decimal) -> list[str]:
    bands = check.lst(root.get("bands"), "bands", required=False)
    codes: list[str] = []
    previous: Decimal | None = None
    if bands and method == "subscale_sums":
        check.error("bands", "'subscale_sums' has no total to band")
    for index, raw in enumerate(bands):
        path = f"bands[{index}]"
        band = check.obj(raw, path)
        code = check.code(band.get("code"), f"{path}.code")
        if code in codes:
            check.error(f"{path}.code", f"{code!r} appears twice")
        codes.append(code)
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
    return codes


def _check_cutoffs(check: _Checker, root: dict[str, Any], low: Decimal, high: Decimal) -> list[str]:
    codes: list[str] = []
    for index, raw in enumerate(check.lst(root.get("cutoffs"), "cutoffs", required=False)):
        path = f"cutoffs[{index}]"
        cutoff = check.obj(raw, path)
        codes.append(check.code(cutoff.get("code"), f"{path}.code"))
        check.text(cutoff.get("label"), f"{path}.label")
        check.text(cutoff.get("meaning"), f"{path}.meaning", required=False)
        default = check.number(cutoff.get("default"), f"{path}.default")
        lowest = check.number(cutoff.get("min", cutoff.get("default")), f"{path}.min")
        highest = check.number(cutoff.get("max", cutoff.get("default")), f"{path}.max")
        if default is None or lowest is None or highest is None:
            continue
        if not lowest <= default <= highest:
            check.error(f"{path}.default", "must lie between min and max")
        if not low <= default <= high:
            check.error(f"{path}.default", f"must lie within the score range {low} to {high}")
    return codes


def _check_alerts(
    check: _Checker, root: dict[str, Any], method: str, items: _Items, *, bands: list[str], cutoffs: list[str]
) -> None:
    codes: list[str] = []
    for index, raw in enumerate(check.lst(root.get("alerts"), "alerts", required=False)):
        path = f"alerts[{index}]"
        alert = check.obj(raw, path)
        code = check.code(alert.get("code"), f"{path}.code")
        if code in codes:
            check.error(f"{path}.code", f"{code!r} appears twice")
        codes.append(code)
        if alert.get("severity") not in SEVERITIES:
            check.error(f"{path}.severity", f"must be one of {', '.join(SEVERITIES)}")
        check.text(alert.get("message"), f"{path}.message")
        kind = alert.get("type")
        if kind not in ALERT_TYPES:
            check.error(f"{path}.type", f"must be one of {', '.join(ALERT_TYPES)}")
        elif kind == "item_above":
            if alert.get("item") not in items.ids:
                check.error(f"{path}.item", "must be the id of one of the items")
            else:
                check.number(alert.get("value"), f"{path}.value")
        elif kind in {"total_at_least", "worsened_by"}:
            if method == "subscale_sums":
                check.error(f"{path}.type", "needs a total; 'subscale_sums' has none")
            number = check.number(alert.get("value"), f"{path}.value")
            if kind == "worsened_by" and number is not None and number <= 0:
                check.error(f"{path}.value", "must be more than 0 points")
        elif kind == "band_at_least" and alert.get("band") not in bands:
            check.error(f"{path}.band", "must be the code of one of the bands")
        elif kind == "cutoff_met" and alert.get("cutoff") not in cutoffs:
            check.error(f"{path}.cutoff", "must be the code of one of the cut-offs")


def validate_definition(data: Any, *, sources_required: bool = True) -> dict[str, Any]:
    """Return the definition unchanged if it is valid, else raise DefinitionError naming every problem.
    `sources_required=False` is for Reclaim's own questionnaires (the events' awareness quiz), whose
    translations are the project's and which are not clinical instruments."""
    check = _Checker(data)
    check.sources_required = sources_required
    root = check.obj(data, "definition")
    if not root:
        raise DefinitionError(check.errors or ["definition: is empty"])
    shared = _check_header(check, root)
    items = _check_items(check, root, shared)
    if check.errors:  # scoring, bands, cut-offs and alerts are checked against sound items only
        raise DefinitionError(check.errors)
    method = _check_scoring(check, root, items)
    low, high = score_range(root) if method in SCORING_METHODS else (Decimal(0), Decimal(0))
    bands = _check_bands(check, root, method, low, high)
    cutoffs = _check_cutoffs(check, root, low, high)
    _check_alerts(check, root, method, items, bands=bands, cutoffs=cutoffs)
    if root.get("reliable_change") is not None:
        change = check.number(root["reliable_change"], "reliable_change")
        if change is not None and change <= 0:
            check.error("reliable_change", "must be more than 0")
    if check.errors:
        raise DefinitionError(check.errors)
    return root
