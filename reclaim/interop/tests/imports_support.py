"""Helpers of the import tests: mappings made through the action, files written in memory."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

from reclaim.interop.imports_actions import MappingInput, do_save_mapping

SURVIVOR_COLUMNS = {
    "source_id": "ID",
    "given_name": "First name",
    "family_name": "Last name",
    "date_of_birth": "DOB",
    "phone": "Phone",
    "gender": "Sex",
}
CASE_COLUMNS = {
    "source_id": "Case ID",
    "survivor_source_id": "Client ID",
    "identified_on": "Identified",
    "identification_source": "Referred by",
    "trafficking_status": "Status",
}
SERVICE_COLUMNS = {
    "source_id": "Service ID",
    "case_source_id": "Case ID",
    "service_type": "Service",
    "delivered_on": "Date",
    "duration_minutes": "Minutes",
}
APPOINTMENT_COLUMNS = {
    "source_id": "Appt ID",
    "case_source_id": "Case ID",
    "starts_at": "Start",
    "ends_at": "End",
    "attendee_email": "Worker",
    "purpose": "Purpose",
}
COLUMNS = {
    "survivors": SURVIVOR_COLUMNS,
    "cases": CASE_COLUMNS,
    "services": SERVICE_COLUMNS,
    "appointments": APPOINTMENT_COLUMNS,
}
VALUE_MAPS: dict[str, dict[str, dict[str, str]]] = {
    "survivors": {"gender": {"F": "Feminine", "M": "Masculine"}},
    "cases": {
        "identification_source": {"Police": "law_enforcement_local", "Hotline": "hotline"},
        "trafficking_status": {"confirmed": "ActualVictimOfTrafficking"},
    },
    "services": {"service_type": {"ESL class": "education.esl"}},
    "appointments": {},
}


def make_mapping(actor: Any, agency: Any, kind: str, *, name: str = "", source: str = "oldcrm", **extra: Any) -> Any:
    return do_save_mapping(
        actor=actor,
        agency=agency,
        data=MappingInput(
            name=name or f"{source} {kind}",
            kind=kind,
            source_system=source,
            column_map=dict(COLUMNS[kind]),
            value_maps=VALUE_MAPS[kind],
            **extra,
        ),
    )


def csv_bytes(headers: list[str], rows: list[list[Any]], *, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(headers: list[str], rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def survivor_rows(n: int, *, start: int = 1) -> list[list[Any]]:
    """n distinct synthetic people (invented syllable names, so no two look alike)."""
    syllables = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "do", "ri", "an", "zo", "pe", "gu", "ni", "ta", "bo"]
    rows = []
    for i in range(start, start + n):
        a, b, c, d = i % 16, (i // 16) % 16, (i // 256) % 16, (i // 4096) % 16
        given = (syllables[a] + syllables[b] + syllables[(c + 3) % 16]).capitalize()
        family = (syllables[c] + syllables[d] + syllables[(a + 7) % 16] + "x").capitalize()
        dob = f"{1960 + i % 45}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        rows.append([f"S{i}", given, family, dob, "", "F" if i % 2 else "M"])
    return rows


SURVIVOR_HEADERS = ["ID", "First name", "Last name", "DOB", "Phone", "Sex"]
