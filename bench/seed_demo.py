"""Time of `manage.py seed_demo --survivors N` on a freshly migrated database (issue 12 bar: <= 5 min for 100k).

Run: . scripts/devenv.sh && .venv/bin/python manage.py migrate && .venv/bin/python bench/seed_demo.py
     [--survivors 100000] [--repeat 3] [--jobs J]
The database the settings name must be migrated and hold no demo yet: it is the template of every run and is
left as it is. On SQLite each run seeds a copy of the file in a temporary directory; on PostgreSQL
(DATABASE_URL) a database made from it with CREATE DATABASE ... TEMPLATE, dropped afterwards. Each run is the
real command in a child process; the benchmark prints the median wall time, the median of each phase and stage
the command reports (-v 2), and how many rows the run wrote.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

ROOT = Path(__file__).resolve().parent.parent
TIMING = re.compile(r"(\w+)_s=([\d.]+)")


def main() -> None:
    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("--survivors", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="passed on to seed_demo (default: its own)")
    args = parser.parse_args()
    django.setup()
    from reclaim.core.dbstate import exit_unless_migrated

    exit_unless_migrated()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM accounts_agency")
        if cursor.fetchone()[0]:
            print("unexpected: the database already holds agencies; migrate an empty one first")
            raise SystemExit(1)
    walls: list[float] = []
    stages: dict[str, list[float]] = {}
    rows: list[int] = []
    for _ in range(args.repeat):
        with _fresh_copy(connection) as env:
            command = [sys.executable, "manage.py", "seed_demo", "--survivors", str(args.survivors), "--no-progress"]
            command += ["-v", "2"] + (["--jobs", str(args.jobs)] if args.jobs else [])
            started = time.perf_counter()
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
            walls.append(time.perf_counter() - started)
            if done.returncode != 0:
                print(f"unexpected: seed_demo failed\n{done.stderr[-3000:]}")
                raise SystemExit(1)
            for name, seconds in TIMING.findall(done.stdout):
                stages.setdefault(name, []).append(float(seconds))
            rows.append(_rows_written(env))
    print(
        f"vendor={connection.vendor} survivors={args.survivors} repeat={args.repeat} rows={statistics.median(rows):.0f}"
    )
    print(" ".join(f"{name}_median_s={statistics.median(values):.2f}" for name, values in stages.items()))
    print(f"median_s={statistics.median(walls):.1f} min_s={min(walls):.1f} max_s={max(walls):.1f}")


@contextmanager
def _fresh_copy(connection: Any) -> Iterator[dict[str, str]]:
    """An environment whose settings name a fresh copy of the template database, removed afterwards."""
    env = dict(os.environ)
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        from django.conf import settings as django_settings

        tmp = Path(tempfile.mkdtemp(prefix="seedbench-"))
        var = Path(django_settings.VAR_DIR)  # the keys, wherever the database file is
        for name in ("dev-secret-key", "dev-keys", "dev-index-keys"):
            if (var / name).exists():
                shutil.copyfile(var / name, tmp / name)
        shutil.copyfile(settings["NAME"], tmp / "reclaim.sqlite3")
        env["RECLAIM_VAR_DIR"] = str(tmp)
        if "DATABASE_URL" in env:  # a file named by the URL: the copy must be named the same way
            env["DATABASE_URL"] = f"sqlite:///{tmp / 'reclaim.sqlite3'}"
        try:
            yield env
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    copy = f"{settings['NAME']}_seedbench"
    connection.close()  # CREATE DATABASE ... TEMPLATE needs the template without sessions
    _admin(f'DROP DATABASE IF EXISTS "{copy}"')
    _admin(f'CREATE DATABASE "{copy}" TEMPLATE "{settings["NAME"]}"')
    env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{copy}"
    try:
        yield env
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{copy}"')


def _admin(sql: str) -> None:
    """A statement run outside any transaction from the `postgres` maintenance database."""
    import psycopg

    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql)


def _rows_written(env: dict[str, str]) -> int:
    """Rows in every table of the seeded copy (the template's own reference rows included)."""
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    total = 0\n"
        "    for table in connection.introspection.table_names(c):\n"
        "        c.execute(f'SELECT COUNT(*) FROM \"{table}\"'); total += c.fetchone()[0]\n"
        "print(total)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return int(done.stdout.strip())


if __name__ == "__main__":
    main()
