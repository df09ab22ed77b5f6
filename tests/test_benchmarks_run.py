"""Every benchmark command in bench/ runs to the end at a small size, so none can rot between measurements.
No timing is asserted: the figures belong in BENCHMARKS.md, measured on a quiet machine at full size."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.schema_support import sqlite_file_marks

pytestmark = sqlite_file_marks()

SMALL_RUNS = {
    "tims_report.py": (["--services", "300", "--repeat", "1"], r"report_median_s=[\d.]+ single_sql_median_s=[\d.]+"),
    "import_records.py": (["--rows", "300", "--repeat", "1"], r"rows=300 repeat=1 median_s=[\d.]+ rows_per_s="),
    "duplicate_accuracy.py": (["--people", "300", "--probes", "40"], r"precision=[\d.]+ recall=[\d.]+"),
    "seed_demo.py": (["--survivors", "30", "--repeat", "1"], r"rows=\d+\n.*cases_median_s=[\d.]+.*\nmedian_s=[\d.]+"),
    # pages.py measures existing data: it seeds the demo first into the freshly migrated copy.
    "pages.py": (["--seed-first", "30", "--repeat", "2"], r"name=case_detail p50_ms=[\d.]+ p95_ms=[\d.]+ queries=\d+"),
    # load.py too; then it collects the static files (the production storage needs their manifest) and serves the
    # copy with gunicorn, two workers, as the settings of the run name it.
    "load.py": (
        ["--seed-first", "30", "--users", "2", "--duration", "5", "--max-requests", "400"],
        r"sign_in clients=2 p50_ms=\d+ max_ms=\d+ failures=0\n[\s\S]*"
        r"\ntotal requests=[1-9]\d* rps=[\d.]+ p50_ms=\d+ p95_ms=\d+ p99_ms=\d+ failures=0 [\s\S]*"
        r"\naudit_chain rows_appended=[1-9]\d* broken_at=None\n",
    ),
}


def test_every_benchmark_is_exercised_here():
    assert sorted(SMALL_RUNS) == sorted(p.name for p in Path("bench").glob("*.py"))


@pytest.mark.parametrize("script", sorted(SMALL_RUNS))
def test_the_benchmark_runs_at_a_small_size(script: str, tmp_path: Path, migrated_sqlite_file: Path):
    # given a freshly migrated database of its own
    shutil.copyfile(migrated_sqlite_file, tmp_path / "reclaim.sqlite3")
    env = {**os.environ, "RECLAIM_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    arguments, expected = SMALL_RUNS[script]
    # when the command runs
    done = subprocess.run(
        [sys.executable, f"bench/{script}", *arguments], env=env, capture_output=True, text=True, timeout=300
    )
    # then it ends well and prints its figures
    assert done.returncode == 0, done.stderr[-3000:]
    assert re.search(expected, done.stdout), done.stdout[-3000:]
    assert "unexpected" not in done.stdout


@pytest.mark.parametrize("script", sorted(SMALL_RUNS))
def test_the_benchmark_explains_itself_without_settings(script: str):
    # given an environment without the keys or the database the settings need
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}  # noqa: S108 — only a fallback HOME
    # when --help is asked for, then the options are printed before Django is set up
    done = subprocess.run(
        [sys.executable, f"bench/{script}", "--help"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "usage:" in done.stdout


@pytest.mark.parametrize("command", [*(f"bench/{script}" for script in sorted(SMALL_RUNS)), "manage.py seed_demo"])
def test_an_unmigrated_database_is_named_not_a_traceback(command: str, tmp_path: Path):
    # given settings that name a database file that does not exist yet (nothing migrated)
    env = {**os.environ, "RECLAIM_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    # when a benchmark or the demo seeder runs
    done = subprocess.run([sys.executable, *command.split()], env=env, capture_output=True, text=True, timeout=120)
    # then it stops before writing anything and says what to run
    assert done.returncode == 2, done.stderr[-3000:]
    assert "is not migrated" in done.stderr
    assert "manage.py migrate" in done.stderr
    assert "Traceback" not in done.stderr
