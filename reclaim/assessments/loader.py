"""Installing an instrument definition: shared by the data migration (historical models), the
`load_instrument` command and the admin upload (both through actions.do_load_instrument).

Idempotent on natural keys: (agency, code) for the instrument, (instrument, version) for the version. Loading
the same file twice changes nothing; a different definition under a version that already exists is refused,
because assessments may have been scored with it (publish a new version string instead).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reclaim.assessments.definition import DefinitionError, validate_definition

SHIPPED_DIR = Path(__file__).resolve().parent / "instruments"
SHIPPED_CODES = ("phq9", "gad7", "pcl5", "brs")


@dataclass(frozen=True)
class Installed:
    instrument: Any
    version: Any
    created: bool  # False when this exact version was already there


def read_definition_file(path: Path) -> Any:
    """The parsed JSON of a definition file, or DefinitionError naming the line of a syntax error."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DefinitionError(
            [f"{path.name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError([f"{path.name}: cannot be read ({exc.__class__.__name__})"]) from exc


def install_definition(instrument_model: Any, version_model: Any, data: Any, *, agency_id: Any = None) -> Installed:
    """Validate `data` and upsert its instrument and version (the caller holds the transaction)."""
    definition = validate_definition(data)
    code = definition["code"]
    instrument = instrument_model.objects.filter(agency_id=agency_id, code=code).first()
    if agency_id is not None and instrument_model.objects.filter(agency_id__isnull=True, code=code).exists():
        raise DefinitionError([f"code: {code!r} is the code of an instrument Reclaim ships; choose another code"])
    if instrument is None:
        instrument = instrument_model.objects.create(
            agency_id=agency_id, code=code, name=definition["name"], licence_note=definition.get("licence") or ""
        )
    else:
        instrument.name = definition["name"]
        instrument.licence_note = definition.get("licence") or ""
        instrument.save(update_fields=["name", "licence_note", "updated_at"])
    existing = version_model.objects.filter(instrument=instrument, version=definition["version"]).first()
    if existing is not None:
        if existing.definition != definition:
            raise DefinitionError(
                [
                    f"version: {code} version {definition['version']!r} is already loaded with a different "
                    "definition; give the changed definition a new version"
                ]
            )
        return Installed(instrument, existing, created=False)
    version = version_model.objects.create(instrument=instrument, version=definition["version"], definition=definition)
    return Installed(instrument, version, created=True)


def install_shipped(instrument_model: Any, version_model: Any) -> list[Installed]:
    """The instruments Reclaim ships (reclaim/assessments/instruments/*.json), for the data migration."""
    return [
        install_definition(instrument_model, version_model, read_definition_file(SHIPPED_DIR / f"{code}.json"))
        for code in SHIPPED_CODES
    ]
