"""The events' anonymous pre/post knowledge survey, built on the assessments engine's instrument-as-data: the
definition is reclaim/outreach/surveys/awareness_knowledge.json, in the instruments' format, validated with
`validate_definition` and scored with `score` (both pure).

Each item is a true/false statement: "true" is 1 and "false" is 0, and a statement whose right answer is
"false" is reverse-scored, so the engine's sum is the number of right answers. A skipped statement ("not
sure") counts as not known: it is scored as the wrong answer, so every answer set gets a total.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import translation

from reclaim.assessments.definition import validate_definition
from reclaim.assessments.scoring import check_answers, option_values, score, scored_value

if TYPE_CHECKING:
    from collections.abc import Sequence

SURVEY_FILE = Path(__file__).resolve().parent / "surveys" / "awareness_knowledge.json"


@cache
def definition() -> dict[str, Any]:
    """The validated definition (read once per process; DefinitionError if the shipped file is broken)."""
    # Reclaim's own quiz, not a clinical instrument: its Spanish and French are the project's translations.
    return validate_definition(json.loads(SURVEY_FILE.read_text(encoding="utf-8")), sources_required=False)


def item_count() -> int:
    return len(definition()["items"])


def _text(texts: dict[str, str]) -> str:
    language = (translation.get_language() or "en").split("-")[0]
    return texts.get(language) or texts.get("en") or next(iter(texts.values()))


def title() -> str:
    return _text(definition()["title"])


def instructions() -> str:
    return _text(definition()["instructions"])


def items() -> list[tuple[str, str, list[tuple[int, str]]]]:
    """(id, statement, [(value, label), ...]) per item, in the page's language where the file has it."""
    data = definition()
    return [
        (
            item["id"],
            _text(item["text"]),
            [(int(option["value"]), _text(option["label"])) for option in (item.get("options") or data["options"])],
        )
        for item in data["items"]
    ]


def answer_errors(answers: Sequence[Any]) -> dict[str, list[str]]:
    """Every answer that cannot be scored (the engine's own check), keyed `item_<id>` or `answers`."""
    errors = check_answers(definition(), answers)
    if "responses" in errors:
        return {"answers": errors.pop("responses")}
    return errors


def _wrong_value(index: int) -> int:
    data = definition()
    return min(option_values(data, index), key=lambda value: scored_value(data, index, value))


def is_correct(index: int, answer: int | None) -> bool:
    data = definition()
    if answer is None:
        return False
    return scored_value(data, index, answer) == max(scored_value(data, index, v) for v in option_values(data, index))


def total(answers: Sequence[int | None]) -> int:
    """The number of right answers, scored by the assessments engine (skips scored as wrong)."""
    filled = [_wrong_value(i) if answer is None else answer for i, answer in enumerate(answers)]
    result = score(definition(), filled)
    assert result.total is not None  # every item has an answer now  # noqa: S101
    return int(result.total)
