"""Shared test data: the shipped definitions (read from the files) and a made-up licensed instrument."""

from __future__ import annotations

import copy
from typing import Any

from reclaim.assessments.loader import SHIPPED_DIR, read_definition_file


def shipped(code: str) -> dict[str, Any]:
    return copy.deepcopy(read_definition_file(SHIPPED_DIR / f"{code}.json"))


def licensed_definition(version: str = "1") -> dict[str, Any]:
    """A small invented "licensed" resilience scale (not CD-RISC's wording): 4 items 0–4, sum 0–16."""
    options = [
        {"value": v, "label": {"en": label}}
        for v, label in enumerate(["Never", "Rarely", "Sometimes", "Often", "Always"])
    ]
    return {
        "code": "x_bounce",
        "name": "Bounce-back scale (test)",
        "version": version,
        "licence": "Licensed to Agency A under agreement 123 (test data).",
        "languages": ["en"],
        "options": options,
        "items": [{"id": str(n), "text": {"en": f"Invented statement {n}"}} for n in range(1, 5)],
        "scoring": {"method": "sum"},
        "bands": [
            {"code": "low", "min": 0, "label": {"en": "Low"}},
            {"code": "high", "min": 9, "label": {"en": "High"}, "meaning": {"en": "Bounces back well."}},
        ],
    }
