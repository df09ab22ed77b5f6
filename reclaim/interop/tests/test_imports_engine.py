"""Legacy import: checking rows, writing them once, the duplicate check, malformed files."""

from __future__ import annotations

import pytest

from reclaim.interop.imports_actions import execute, new_run
from reclaim.interop.imports_models import ImportedRecord
from reclaim.interop.tests.imports_support import (
    SURVIVOR_HEADERS,
    csv_bytes,
    make_mapping,
    survivor_rows,
    xlsx_bytes,
)
from reclaim.people.models import Survivor, SurvivorNameToken

pytestmark = pytest.mark.django_db


def run_file(admin, mapping, data, *, dry_run=False):
    run = new_run(actor=admin, mapping=mapping, file_format="csv", size=len(data), dry_run=dry_run)
    outcome = execute(run, mapping, data, actor=admin)
    run.refresh_from_db()
    return run, outcome


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_survivors_are_imported_once(fmt, agency, personas):
    admin = personas["agency_admin"]
    mapping = make_mapping(admin, agency, "survivors")
    rows = survivor_rows(5)
    data = (csv_bytes if fmt == "csv" else xlsx_bytes)(SURVIVOR_HEADERS, rows)
    run, _outcome = run_file(admin, mapping, data)
    assert (run.status, run.created, run.errors, run.row_errors) == ("succeeded", 5, 0, [])
    person = Survivor.objects.get(pk=ImportedRecord.objects.get(source_id="S1").object_id)
    assert (person.given_name, person.family_name, str(person.date_of_birth)) == (rows[0][1], rows[0][2], rows[0][3])
    assert person.gender == "Feminine"
    assert person.name_index and person.dob_index
    assert SurvivorNameToken.objects.filter(survivor=person).exists()
    again, _ = run_file(admin, mapping, data)
    assert (again.created, again.unchanged) == (0, 5)
    assert Survivor.objects.filter(agency=agency).count() == 5
