"""Crashes in the middle of intake (issue 13, item 4): the server is killed, or PostgreSQL is stopped hard, while a
client opens cases through the API with idempotency keys; the client then sends every key again.

After it, on SQLite and on PostgreSQL:
- no partial case: every case has every row an intake writes (the needs checklist, the assignment, the opening
  event, the person's name index), and no person exists without their case;
- every acknowledged case is there, under the id the client was given;
- the re-run converges: each key has exactly one case, whatever moment the crash hit;
- no key is left claimed without an answer, and the audit chain verifies.

The server is gunicorn in a process group of its own, on an installation migrated the real way (a copy of the run's
migrated SQLite file, or of the migrated PostgreSQL database); the digest is read by `manage.py shell` once it is
gone. The kill lands at a random moment after a few answers, three times per run; the assertions hold for any
moment, and the random seed is printed so that a failure can be replayed with RECLAIM_CRASH_SEED."""

from __future__ import annotations

import os
import random
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.crash_support import (
    DIGEST,
    SETUP,
    Cluster,
    IntakeClient,
    Server,
    assert_converged,
    copy_database,
    installation,
    postgres_bindir,
    running,
    server_env,
    shell,
)
from tests.schema_support import copy_of_migrated_postgres

# django_db: so that the run sets the test database up (the migrated copies are found from it), even alone
pytestmark = pytest.mark.django_db

KEYS = 45
CRASHES = 3


def _seed() -> int:
    seed = int(os.environ.get("RECLAIM_CRASH_SEED") or random.SystemRandom().randrange(1 << 30))
    sys.stderr.write(f"RECLAIM_CRASH_SEED={seed}\n")  # shown with a failure: replay it
    return seed


def test_a_server_killed_during_intake_loses_no_acknowledged_case_and_the_rerun_converges(
    request: pytest.FixtureRequest, tmp_path: Path
):
    rng = random.Random(_seed())  # noqa: S311 — when to crash, not a secret
    env = installation(request, tmp_path)
    made = shell(env, SETUP)
    server = Server(env, tmp_path / "gunicorn.log")
    client = IntakeClient(server, made["token"], made["team"])
    keys = [f"Crash{n:03d}" for n in range(KEYS)]

    # given a client opening cases back to back, and a server killed at a random moment, three times
    sent = 0
    for _crash in range(CRASHES):
        with running(server):
            target = len(client.acked) + rng.randint(3, 8)
            delay = rng.uniform(0, 0.05)

            # The killer kills this round's server only, and at the latest once the keys run out: waiting for a
            # target the client no longer sends toward, it used to outlive the round and kill the next server.
            keys_sent = threading.Event()

            def killer(
                target: int = target, delay: float = delay, process: Any = server.process, keys_sent: Any = keys_sent
            ) -> None:
                while len(client.acked) < target and process.poll() is None and not keys_sent.is_set():
                    time.sleep(0.002)
                time.sleep(delay)
                server.kill(process)

            thread = threading.Thread(target=killer, daemon=True)
            thread.start()
            while sent < len(keys) and thread.is_alive():
                client.open_case(keys[sent], timeout=5)
                sent += 1
            keys_sent.set()
            thread.join(timeout=60)
    # when the server is back and the client sends every key again
    with running(server):
        for key in keys:
            client.until_answered(key)
    # then each key has one whole case, the acknowledged ones under the ids first given
    assert_converged(shell(env, DIGEST), client, keys)
    assert "database is locked" not in (tmp_path / "gunicorn.log").read_text()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stops a PostgreSQL server: the PostgreSQL run covers it")
def test_postgresql_stopped_immediately_mid_intake_recovers_without_partial_or_double_cases(
    request: pytest.FixtureRequest, tmp_path: Path
):
    bindir = postgres_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries are missing under /usr/lib/postgresql/*/bin")
        pytest.skip("PostgreSQL server binaries are missing under /usr/lib/postgresql/*/bin")
    rng = random.Random(_seed())  # noqa: S311 — when to crash, not a secret
    cluster = Cluster(bindir)
    request.addfinalizer(cluster.remove)
    cluster.init()
    import psycopg

    with psycopg.connect(f"{cluster.url}/postgres", autocommit=True) as admin:
        admin.execute('CREATE DATABASE "reclaim"')
    copy_database(copy_of_migrated_postgres(request), f"{cluster.url}/reclaim", bindir)
    env = server_env({"RECLAIM_VAR_DIR": str(tmp_path), "DATABASE_URL": f"{cluster.url}/reclaim"})
    made = shell(env, SETUP)
    server = Server(env, tmp_path / "gunicorn.log")
    client = IntakeClient(server, made["token"], made["team"])
    keys = [f"Crash{n:03d}" for n in range(KEYS)]

    with running(server):
        # given a client opening cases back to back, and the database stopped hard at a random moment, three times
        sent = 0
        for _crash in range(CRASHES):
            target = len(client.acked) + rng.randint(3, 8)
            delay = rng.uniform(0, 0.05)
            stopped = threading.Event()

            def stopper(target: int = target, delay: float = delay, stopped: threading.Event = stopped) -> None:
                while len(client.acked) < target:
                    time.sleep(0.002)
                time.sleep(delay)
                cluster.stop_immediately()
                stopped.set()

            thread = threading.Thread(target=stopper, daemon=True)
            thread.start()
            while sent < len(keys) and not stopped.is_set():
                client.open_case(keys[sent], timeout=5)
                sent += 1
            thread.join(timeout=60)
            assert stopped.is_set(), "the database was not stopped: too few answers before the last key"
            # the server keeps running while the database is down: requests fail, nothing is acknowledged
            assert client.open_case(f"Down{_crash}", timeout=5) is None
            cluster.start()
        # when the database is back and the client sends every key again
        for key in keys:
            client.until_answered(key)
    # then each key has one whole case, the acknowledged ones under the ids first given
    assert_converged(shell(env, DIGEST), client, keys)
