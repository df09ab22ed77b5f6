"""A crash in the middle of an import: the command is killed (exit 137) after its first batch is committed and
while the second is being written; re-running it gives the same final state as one clean run.

The test database is copied to a file (SQLite's backup API) so that `manage.py import_records` can run in a
real subprocess. The crash comes from RECLAIM_IMPORT_CRASH_AFTER_ROWS, honoured only with DEBUG or the
RECLAIM_IMPORT_TEST_HOOKS setting (the subprocess runs with DJANGO_DEBUG=1)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from reclaim.interop.tests.imports_support import SURVIVOR_HEADERS, csv_bytes, make_mapping, survivor_rows

ROOT = Path(settings.BASE_DIR)
DIGEST = """
import json
from reclaim.interop.imports_models import ImportedRecord
from reclaim.people.models import Survivor, SurvivorNameToken
people = {r.source_id: r.object_id for r in ImportedRecord.objects.filter(kind="survivors")}
by_id = Survivor.objects.in_bulk(list(people.values()))
rows = sorted(
    (sid, s.reference, s.given_name, s.family_name, str(s.date_of_birth), s.gender, s.name_index, s.dob_index,
     SurvivorNameToken.objects.filter(survivor=s).count())
    for sid, pk in people.items() for s in [by_id[pk]]
)
print(json.dumps({"people": rows, "survivors": Survivor.objects.count(), "records": len(people)}))
"""


def _manage(db: Path, *args: str, crash_after: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_DEBUG": "1"}
    env.pop("RECLAIM_IMPORT_CRASH_AFTER_ROWS", None)
    if crash_after is not None:
        env["RECLAIM_IMPORT_CRASH_AFTER_ROWS"] = str(crash_after)
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def _digest(db: Path) -> dict[str, Any]:
    """What the database holds of the import, decrypted, as JSON printed by a `manage.py shell` there."""
    result = _manage(db, "shell", "-v", "0", "-c", DIGEST)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="copies the SQLite test database to a file")
@pytest.mark.django_db(transaction=True)
def test_a_killed_import_rerun_ends_like_one_clean_run(flushable_db, agency, personas, tmp_path):
    make_mapping(personas["agency_admin"], agency, "survivors", name="people")
    data = tmp_path / "people.csv"
    data.write_bytes(csv_bytes(SURVIVOR_HEADERS, survivor_rows(2500)))
    crashed, clean = tmp_path / "crashed.sqlite3", tmp_path / "clean.sqlite3"
    for target in (crashed, clean):
        with sqlite3.connect(target) as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)
    command = ("import_records", str(data), "--agency", "agency-a", "--mapping", "people", "--no-progress")

    killed = _manage(crashed, *command, crash_after=1500)  # batch 1 committed, batch 2 in flight
    assert killed.returncode == 137, killed.stderr
    half = _digest(crashed)
    assert half["records"] == half["survivors"] == 1000  # only whole batches: the one in flight left no trace
    rerun = _manage(crashed, *command)
    assert rerun.returncode == 0, rerun.stderr
    assert "created 1500" in rerun.stdout and "already imported 1000" in rerun.stdout
    once = _manage(clean, *command)
    assert once.returncode == 0, once.stderr
    assert "created 2500" in once.stdout

    after_crash = _digest(crashed)
    after_clean = _digest(clean)
    assert after_crash == after_clean
    assert after_clean["survivors"] == after_clean["records"] == 2500
    again = _manage(clean, *command)
    assert "created 0" in again.stdout and "already imported 2500" in again.stdout


@pytest.mark.skipif(connection.vendor != "sqlite", reason="copies the SQLite test database to a file")
@pytest.mark.django_db(transaction=True)
def test_the_command_exits_non_zero_on_errors_and_a_dry_run_writes_nothing(flushable_db, agency, personas, tmp_path):
    make_mapping(personas["agency_admin"], agency, "survivors", name="people")
    data = tmp_path / "people.csv"
    data.write_bytes(csv_bytes(SURVIVOR_HEADERS, [*survivor_rows(3), ["S9", "Ana", "Lee", "not a date", "", ""]]))
    db = tmp_path / "db.sqlite3"
    with sqlite3.connect(db) as copy:
        connection.ensure_connection()
        connection.connection.backup(copy)
    command = ("import_records", str(data), "--agency", "agency-a", "--mapping", "people", "--no-progress")
    dry = _manage(db, *command, "--dry-run")
    assert dry.returncode == 1
    assert "would create 3" in dry.stdout and "rows with errors 1" in dry.stdout
    assert "row 5: DOB is not a date (expected YYYY-MM-DD)" in dry.stderr
    assert "not a date\n" not in dry.stderr.replace("is not a date", "")
    assert _digest(db)["survivors"] == 0
    real = _manage(db, *command)
    assert real.returncode == 1
    assert _digest(db)["survivors"] == 3
