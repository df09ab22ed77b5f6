"""Labels and plain-language texts of a stored result, read from the instrument version's definition
(so an old assessment shows the bands and messages of the version it was scored with)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from reclaim.assessments.definition import score_range
from reclaim.assessments.forms import text_in


@dataclass(frozen=True)
class BandView:
    code: str
    label: str
    meaning: str
    low: str
    high: str


def bands(definition: dict[str, Any], language: str = "en") -> list[BandView]:
    """Each band with its range as shown to people: 0 to 4, 5 to 9, ... (1.00 to 2.99 for a mean)."""
    rows = definition.get("bands", [])
    scoring = definition["scoring"]
    decimals = int(scoring.get("decimals", 2 if scoring["method"] == "mean" else 0))
    step = Decimal(1).scaleb(-decimals)

    def shown(value: Any) -> str:
        return str(Decimal(str(value)).quantize(step))

    top = shown(score_range(definition)[1])
    views = []
    for index, band in enumerate(rows):
        upper = top if index + 1 == len(rows) else shown(Decimal(str(rows[index + 1]["min"])) - step)
        views.append(
            BandView(
                band["code"],
                text_in(band["label"], language),
                text_in(band.get("meaning"), language),
                shown(band["min"]),
                upper,
            )
        )
    return views


def band(definition: dict[str, Any], code: str, language: str = "en") -> BandView | None:
    return next((b for b in bands(definition, language) if b.code == code), None)


def alert_message(definition: dict[str, Any], code: str, language: str = "en") -> str:
    for alert in definition.get("alerts", []):
        if alert["code"] == code:
            return text_in(alert["message"], language)
    return code


def subscale_label(definition: dict[str, Any], name: str, language: str = "en") -> str:
    spec = definition["scoring"].get("subscales", {}).get(name)
    return text_in(spec["label"], language) if spec else name


def cutoff_views(definition: dict[str, Any], result: dict[str, Any], language: str = "en") -> list[dict[str, Any]]:
    specs = {c["code"]: c for c in definition.get("cutoffs", [])}
    return [
        {
            "label": text_in(specs[c["code"]]["label"], language) if c["code"] in specs else c["code"],
            "meaning": text_in(specs[c["code"]].get("meaning"), language) if c["code"] in specs else "",
            "value": c["value"],
            "met": c["met"],
        }
        for c in result.get("cutoffs", [])
    ]


# A gentle note shown before the questions of the shipped instruments that touch on trauma or self-harm
# (DOMAIN.md §7.6, warnings before sensitive questions). An instrument's own `content_note` comes first.
SHIPPED_CONTENT_NOTES = {
    "pcl5": _(
        "These questions are about a very stressful experience and how it affects the person now. Before you "
        "start, tell them they can skip any question, take a break or stop at any time, and that they do not "
        "need to describe what happened."
    ),
    "phq9": _(
        "The last question asks about thoughts of death or of hurting oneself. Before you start, tell the person "
        "they can skip any question or stop at any time. Any answer other than “not at all” to it starts the "
        "safety procedure, whatever the other answers."
    ),
}


def content_note(definition: dict[str, Any], language: str = "en") -> str:
    """What to say before the questions: the definition's `content_note`, else the shipped note, else ""."""
    own = text_in(definition.get("content_note"), language)
    if own:
        return own
    shipped = SHIPPED_CONTENT_NOTES.get(definition.get("code", ""))
    return str(shipped) if shipped else ""


def title(definition: dict[str, Any], language: str = "en") -> str:
    """The title in `language`, else the instrument's name ("PHQ-9"): never a title in another language
    above questions in this one."""
    return (definition.get("title") or {}).get(language) or str(definition["name"])


@dataclass(frozen=True)
class LanguageView:
    code: str
    name: str  # in the language itself ("Français"), as language pickers show it
    available: bool
    source: dict[str, str] | None  # the validated translation's publisher, url and validation study


def language_name(code: str) -> str:
    try:
        name = str(get_language_info(code)["name_local"])
    except KeyError:
        return code
    return name[:1].upper() + name[1:]


# Languages that write language names in lower case inside a sentence ("solo en inglés", "qu'en anglais").
LOWER_CASE_NAMES = ("es", "fr")


def language_name_translated(code: str) -> str:
    """The language's name in the reader's language ("inglés" for a Spanish reader), for use in a sentence."""
    try:
        name = str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
    reader = (get_language() or "en").split("-")[0]
    return name[:1].lower() + name[1:] if reader in LOWER_CASE_NAMES else name


def languages(definition: dict[str, Any]) -> list[LanguageView]:
    """Every language Reclaim is offered in, marked available or not for this instrument (issue 14: "Not
    available in Français" rather than a machine translation), then any other language the instrument has."""
    given = list(definition.get("languages") or ["en"])
    sources = definition.get("sources") or {}
    codes = [code for code, _name in settings.LANGUAGES]
    codes += [code for code in given if code not in codes]
    return [LanguageView(code, language_name(code), code in given, sources.get(code)) for code in codes]


def shown_total(definition: dict[str, Any], total: Decimal | None) -> str:
    """The total with the instrument's decimals: "10" for a PHQ-9, "3.83" for a BRS; "" when there is none."""
    if total is None:
        return ""
    scoring = definition["scoring"]
    decimals = int(scoring.get("decimals", 2 if scoring["method"] == "mean" else 0))
    return str(Decimal(total).quantize(Decimal(1).scaleb(-decimals)))
