"""`seed_demo --jobs 2` (forked processes, one migrated SQLite file) makes the same data as `--jobs 1`, with a
fourth agency beside the showcase ones.

The processes need a database other processes can see, so this runs the command in child processes on copies of
the run's migrated SQLite file; the ids are random UUIDs either way, so the data is compared by what it says."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tests.schema_support import sqlite_file_marks

pytestmark = sqlite_file_marks()

# What the demo says, without the random ids: cases by number, records by their case's number.
QUERIES = {
    "survivors": "SELECT reference, gender, nationality_class FROM people_survivor",
    "cases": "SELECT number, status, identified_on, is_minor, danger_now, close_reason FROM cases_case",
    "timeline": "SELECT c.number, e.type, date(e.at) FROM cases_caseevent e JOIN cases_case c ON c.id = e.case_id",
    "needs": "SELECT c.number, n.need, n.status, n.urgent FROM cases_immediateneed n JOIN cases_case c ON c.id = n.case_id",
    "services": (
        "SELECT c.number, s.delivered_on, s.category_code, s.duration_minutes, s.provision, s.outcome, s.voided_at"
        " FROM services_servicerecord s JOIN cases_case c ON c.id = s.case_id"
    ),
    "assessments": (
        "SELECT c.number, a.administered_on, a.total, a.band"
        " FROM assessments_assessment a JOIN cases_case c ON c.id = a.case_id"
    ),
    "scores": "SELECT r.rated_on, s.score FROM assessments_outcomescore s JOIN assessments_outcomerating r ON r.id = s.rating_id",
    "goals": "SELECT c.number, g.service_category FROM plans_goal g JOIN cases_case c ON c.id = g.case_id",
    "appointments": "SELECT c.number, date(a.starts_at) FROM scheduling_appointment a JOIN cases_case c ON c.id = a.case_id",
    "notes": "SELECT c.number, n.occurred_on, n.confidentiality FROM cases_casenote n JOIN cases_case c ON c.id = n.case_id",
    "audit": "SELECT action, object_type FROM core_auditevent",
    "due dates": (
        "SELECT c.number, d.instrument_code, d.due_on FROM assessments_reassessmentdue d JOIN cases_case c ON c.id = d.case_id"
    ),
    "legal": "SELECT c.number, m.opened_on FROM legal_legalmatter m JOIN cases_case c ON c.id = m.case_id",
}


def _seed(var_dir: Path, migrated: Path, jobs: int) -> dict[str, Counter[tuple[object, ...]]]:
    var_dir.mkdir()
    shutil.copyfile(migrated, var_dir / "reclaim.sqlite3")
    env = {**os.environ, "RECLAIM_VAR_DIR": str(var_dir)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "seed_demo",
            "--survivors",
            "90",
            "--agencies",
            "4",
            "--jobs",
            str(jobs),
            "--no-progress",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "90 survivors and 90 cases created" in done.stdout
    with sqlite3.connect(var_dir / "reclaim.sqlite3") as db:
        return {name: Counter(db.execute(sql).fetchall()) for name, sql in QUERIES.items()}


def test_two_processes_make_the_same_demo_as_one(tmp_path: Path, migrated_sqlite_file: Path):
    one = _seed(tmp_path / "one", migrated_sqlite_file, jobs=1)
    two = _seed(tmp_path / "two", migrated_sqlite_file, jobs=2)
    for name in QUERIES:
        assert one[name], f"the demo has no {name}"
        assert one[name] == two[name], name
