"""Loading a jurisdiction's set of matter types, steps and rights pages from a JSON file.

The file format is documented in docs/legal.md; `jurisdictions/us-federal.json` is the shipped example.
`check_set` finds every problem in a file before anything is written; `install_set` then upserts by code,
so loading the same file twice changes nothing and a newer version of a set updates labels and durations
in place. Steps dropped from a file are kept (matters may stand on them); types dropped are retired.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reclaim.legal.models import MatterKind, StepOutcome

SHIPPED_DIR = Path(__file__).resolve().parent / "jurisdictions"

_STEP_FIELDS = ("due_in_days", "expiry_months", "expiry_days")


def read_set(path: Path | str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"cannot read {path}: {error}") from error
    problems = check_set(data)
    if problems:
        raise ValueError("; ".join(problems))
    checked: dict[str, Any] = data
    return checked


def _check_step(where: str, step: Any, codes: set[str]) -> list[str]:
    if not isinstance(step, dict) or not step.get("code") or not step.get("label"):
        return [f"{where}: a step needs a code and a label"]
    problems: list[str] = []
    where = f"{where} step {step['code']}"
    if step.get("outcome", "") not in StepOutcome.values:
        problems.append(f"{where}: unknown outcome {step.get('outcome')!r}")
    next_steps = step.get("next", [])
    if not isinstance(next_steps, list):
        problems.append(f"{where}: next must be a list of step codes")
    else:
        problems += [f"{where}: next step {code!r} is not defined" for code in next_steps if code not in codes]
    if step.get("deadline_kind", "due") not in {"due", "filing", "hearing", "renewal"}:
        problems.append(f"{where}: unknown deadline_kind {step.get('deadline_kind')!r}")
    for field in _STEP_FIELDS:
        value = step.get(field)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            problems.append(f"{where}: {field} must be a whole number of at least 1")
    return problems


def check_set(data: Any) -> list[str]:
    """Every problem with a set, as readable lines; [] when it can be installed."""
    if not isinstance(data, dict):
        return ["the file must hold one JSON object"]
    problems = [f"missing {key!r}" for key in ("set", "version", "jurisdiction") if not data.get(key)]
    seen_types: set[str] = set()
    for index, matter_type in enumerate(data.get("matter_types", [])):
        if not isinstance(matter_type, dict) or not matter_type.get("code") or not matter_type.get("label"):
            problems.append(f"matter type {index + 1}: needs a code and a label")
            continue
        code = matter_type["code"]
        where = f"matter type {code}"
        if code in seen_types:
            problems.append(f"{where}: defined twice")
        seen_types.add(code)
        if matter_type.get("kind") not in MatterKind.values:
            problems.append(f"{where}: unknown kind {matter_type.get('kind')!r}")
        steps = matter_type.get("steps") or []
        if not steps:
            problems.append(f"{where}: needs at least one step")
        codes = {str(step.get("code")) for step in steps if isinstance(step, dict)}
        if len(codes) != len(steps):
            problems.append(f"{where}: step codes must be unique")
        for step in steps:
            problems += _check_step(where, step, codes)
    for index, article in enumerate(data.get("rights_articles", [])):
        if not isinstance(article, dict) or not all(article.get(k) for k in ("topic", "language", "title", "body")):
            problems.append(f"rights article {index + 1}: needs a topic, a language, a title and a body")
    return problems


def install_set(models: Any, data: dict[str, Any], *, agency_id: Any = None) -> tuple[int, int]:
    """Upsert the set's types, steps and rights pages (shipped when `agency_id` is None).

    `models` is anything with get_model (the migration's `apps`, or django.apps.apps). Returns the number of
    matter types and rights pages in the set."""
    matter_type_model = models.get_model("legal", "MatterType")
    step_model = models.get_model("legal", "StepDefinition")
    article_model = models.get_model("legal", "RightsArticle")
    jurisdiction = data["jurisdiction"]
    in_file = [t["code"] for t in data.get("matter_types", [])]
    for position, spec in enumerate(data.get("matter_types", [])):
        matter_type, _created = matter_type_model.objects.update_or_create(
            agency_id=agency_id,
            jurisdiction=spec.get("jurisdiction", jurisdiction),
            code=spec["code"],
            defaults={
                "kind": spec["kind"],
                "label": spec["label"],
                "description": spec.get("description", ""),
                "relief": spec.get("relief", ""),
                "set_name": data["set"],
                "set_version": data["version"],
                "position": position,
                "retired": False,
            },
        )
        for step_position, step in enumerate(spec["steps"]):
            step_model.objects.update_or_create(
                matter_type=matter_type,
                code=step["code"],
                defaults={
                    "position": step_position,
                    "label": step["label"],
                    "next_steps": list(step.get("next", [])),
                    "outcome": step.get("outcome", ""),
                    "due_in_days": step.get("due_in_days"),
                    "deadline_label": step.get("deadline_label", ""),
                    "deadline_kind": step.get("deadline_kind", "due"),
                    "expiry_months": step.get("expiry_months"),
                    "expiry_days": step.get("expiry_days"),
                    "expiry_label": step.get("expiry_label", ""),
                },
            )
    matter_type_model.objects.filter(agency_id=agency_id, set_name=data["set"]).exclude(code__in=in_file).update(
        retired=True
    )
    for article in data.get("rights_articles", []):
        article_model.objects.update_or_create(
            agency_id=agency_id,
            jurisdiction=article.get("jurisdiction", jurisdiction),
            language=article["language"],
            topic=article["topic"],
            defaults={"title": article["title"], "body": article["body"], "published": True},
        )
    return len(in_file), len(data.get("rights_articles", []))


def install_shipped(models: Any) -> None:
    """Install every set under jurisdictions/ (the data migration and test fixtures call this)."""
    for path in sorted(SHIPPED_DIR.glob("*.json")):
        install_set(models, read_set(path))
