"""A crash in the middle of an import: the command is killed (exit 137) after its first batch is committed and
while the second is being written; re-running it gives the same final state as one clean run. On SQLite and on
PostgreSQL (issue 13, item 4).

Each run works on an installation of its own, migrated the real way (tests/crash_support.py: a copy of the run's
migrated SQLite file, or of the migrated PostgreSQL database), where `manage.py import_records` runs in a real
subprocess. The crash comes from RECLAIM_IMPORT_CRASH_AFTER_ROWS, honoured only with DEBUG or the
RECLAIM_IMPORT_TEST_HOOKS setting (the subprocess runs with DJANGO_DEBUG=1). The exit code on row errors is
checked in this process (no crash involved: `CommandError(returncode=1)` is what `manage.py` exits with)."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from reclaim.interop.tests.imports_support import SURVIVOR_HEADERS, csv_bytes, make_mapping, survivor_rows
from reclaim.people.models import Survivor
from tests.crash_support import copy_of, installation, shell

# django_db: so that the run sets the test database up (the migrated copies are found from it), even alone
pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
# Small batches (RECLAIM_IMPORT_BATCH_SIZE in the subprocesses) keep the run short; the crash lands in the second
# of three batches, as with the default 1000 at 2,500 rows.
BATCH = 100
ROWS = 250
# The agency, its admin and the saved mapping "people", made in the installation through the actions.
SETUP = """
import json
from reclaim.accounts.actions import NewMember, do_add_members, do_create_agency
from reclaim.accounts.roles import Role
from reclaim.interop.tests.imports_support import make_mapping
agency = do_create_agency(actor=None, name="Agency A", slug="agency-a", org_type="NGO")
[admin] = do_add_members(actor=None, agency=agency, members=[
    NewMember("admin@a.example", "Admin", Role.AGENCY_ADMIN, "a-long-import-passphrase-42", ())])
make_mapping(admin.user, agency, "survivors", name="people")
print(json.dumps({"ok": True}))
"""

DIGEST = """
import json
from reclaim.interop.imports_models import ImportedRecord
from reclaim.people.models import Survivor, SurvivorMatchKey
people = {r.source_id: r.object_id for r in ImportedRecord.objects.filter(kind="survivors")}
by_id = Survivor.objects.in_bulk(list(people.values()))
rows = sorted(
    (sid, s.reference, s.given_name, s.family_name, str(s.date_of_birth), s.gender, s.name_index, s.dob_index,
     SurvivorMatchKey.objects.filter(survivor=s).count())
    for sid, pk in people.items() for s in [by_id[pk]]
)
print(json.dumps({"people": rows, "survivors": Survivor.objects.count(), "records": len(people)}))
"""


def _manage(env: dict[str, str], *args: str, crash_after: int | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(env)
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


def _digest(env: dict[str, str]) -> dict[str, Any]:
    """What the database holds of the import, decrypted, as JSON printed by a `manage.py shell` there."""
    result = _manage(env, "shell", "-v", "0", "-c", DIGEST)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _installed(request: pytest.FixtureRequest, directory: Path) -> dict[str, str]:
    directory.mkdir()
    env = {**installation(request, directory), "RECLAIM_IMPORT_BATCH_SIZE": str(BATCH)}
    shell(env, SETUP)
    return env


def test_a_killed_import_rerun_ends_like_one_clean_run(request, tmp_path):
    data = tmp_path / "people.csv"
    data.write_bytes(csv_bytes(SURVIVOR_HEADERS, survivor_rows(ROWS)))
    crashed = _installed(request, tmp_path / "crashed")
    clean = copy_of(request, crashed, tmp_path / "clean")  # the same agency: the same blind-index keys
    command = ("import_records", str(data), "--agency", "agency-a", "--mapping", "people", "--no-progress")

    killed = _manage(crashed, *command, crash_after=BATCH + BATCH // 2)  # batch 1 committed, batch 2 in flight
    assert killed.returncode == 137, killed.stderr
    half = _digest(crashed)
    assert half["records"] == half["survivors"] == BATCH  # only whole batches: the one in flight left no trace
    rerun = _manage(crashed, *command)
    assert rerun.returncode == 0, rerun.stderr
    assert f"created {ROWS - BATCH}" in rerun.stdout and f"already imported {BATCH}" in rerun.stdout
    once = _manage(clean, *command)
    assert once.returncode == 0, once.stderr
    assert f"created {ROWS}" in once.stdout

    after_crash = _digest(crashed)
    after_clean = _digest(clean)
    assert after_crash == after_clean
    assert after_clean["survivors"] == after_clean["records"] == ROWS
    again = _manage(clean, *command)
    assert "created 0" in again.stdout and f"already imported {ROWS}" in again.stdout


def test_the_command_exits_non_zero_on_errors_and_a_dry_run_writes_nothing(agency, personas, tmp_path):
    # in this process (no crash involved): CommandError(returncode=1) is what `manage.py` exits with
    make_mapping(personas["agency_admin"], agency, "survivors", name="people")
    data = tmp_path / "people.csv"
    data.write_bytes(csv_bytes(SURVIVOR_HEADERS, [*survivor_rows(3), ["S9", "Ana", "Lee", "not a date", "", ""]]))
    command = ("import_records", str(data), "--agency", "agency-a", "--mapping", "people", "--no-progress")

    def run(*extra: str) -> tuple[int, str, str]:
        out, err = StringIO(), StringIO()
        try:
            call_command(*command, *extra, stdout=out, stderr=err)
        except CommandError as error:
            return error.returncode, out.getvalue(), err.getvalue()
        return 0, out.getvalue(), err.getvalue()

    code, out, err = run("--dry-run")
    assert code == 1
    assert "would create 3" in out and "rows with errors 1" in out
    assert "row 5: DOB is not a date (expected YYYY-MM-DD)" in err
    assert "not a date\n" not in err.replace("is not a date", "")
    assert Survivor.objects.count() == 0
    code, out, _err = run()
    assert code == 1
    assert Survivor.objects.count() == 3
