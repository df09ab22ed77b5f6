"""Crash tests' moving parts (tests/test_crash_recovery.py): an installation in a child process, a gunicorn that
can be killed, a PostgreSQL cluster of the test's own that can be stopped hard, and a client that opens cases
through the API with idempotency keys, remembering which answers it received.

The database is always a real installation's (migrated by `migrate`, as `make migrate` does), never the test
database: the server runs in another process and must see committed rows only."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

# Made in the installation by `manage.py shell`: an agency, a team, a case manager and the case manager's token.
SETUP = """
import json
from reclaim.accounts.actions import NewMember, do_add_members, do_create_agency, do_create_api_token, do_create_team
from reclaim.accounts.roles import Role
agency = do_create_agency(actor=None, name="Crash agency", slug="crash", org_type="NGO")
team = do_create_team(actor=None, agency=agency, name="Intake")
[member] = do_add_members(actor=None, agency=agency, members=[
    NewMember("cm@crash.example", "Case manager", Role.CASE_MANAGER, "a-long-crash-passphrase-42", (team,))])
token, raw = do_create_api_token(actor=member.user, membership=member, name="crash test")
print(json.dumps({"token": raw, "team": str(team.pk)}))
"""

# What the installation holds, read back by `manage.py shell` once the server is gone: per case, whether every row
# an intake writes is there; the people's names (decrypted) to find doubles; keys claimed but never answered.
DIGEST = """
import json
from collections import Counter
from reclaim.accounts.models import IdempotencyKey
from reclaim.cases.models import Case, CaseAssignment, CaseEvent, EventType, ImmediateNeed, NeedKind
from reclaim.core.audit import verify_chain
from reclaim.people.models import Survivor, SurvivorMatchKey
needs = Counter(ImmediateNeed.objects.values_list("case_id", flat=True))
assigned = Counter(CaseAssignment.objects.values_list("case_id", flat=True))
opened = Counter(CaseEvent.objects.filter(type=EventType.OPENED).values_list("case_id", flat=True))
tokens = Counter(SurvivorMatchKey.objects.values_list("survivor_id", flat=True))
names = {s.pk: s.given_name for s in Survivor.objects.all()}
cases = {}
for case in Case.objects.all():
    cases[str(case.pk)] = {
        "name": names.get(case.survivor_id),
        "complete": needs[case.pk] == len(NeedKind.values) and assigned[case.pk] >= 1 and opened[case.pk] == 1
        and tokens[case.survivor_id] > 0,
    }
report = verify_chain()
print(json.dumps({
    "cases": cases,
    "survivors": len(names),
    "people_without_case": len(set(names) - set(Case.objects.values_list("survivor_id", flat=True))),
    "unanswered_keys": IdempotencyKey.objects.filter(status_code__isnull=True).count(),
    "audit_broken_at": None if report.first_broken_id is None else str(report.first_broken_id),
    "audit_rows": report.checked,
}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> str:
    """Run `manage.py` in a child process against `env`'s installation; its last output line."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout.strip().splitlines()[-1]


def shell(env: dict[str, str], script: str) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(manage(env, "shell", "-v", "0", "-c", script))
    return answer


def server_env(base: dict[str, str]) -> dict[str, str]:
    """The shell's environment (keys, secret key file) with the installation's database; a development server
    (DEBUG on, plain HTTP) on loopback. No DATABASE_URL means the SQLite file in RECLAIM_VAR_DIR."""
    env = {**os.environ, "DJANGO_DEBUG": "1", "RECLAIM_HTTPS": "0"}
    for name in ("DJANGO_ALLOWED_HOSTS", "DATABASE_URL"):
        env.pop(name, None)
    return {**env, **base}


class Server:
    """gunicorn serving config.wsgi on loopback in a process group of its own, so SIGKILL takes every worker."""

    def __init__(self, env: dict[str, str], log: Path, *, workers: int = 1) -> None:
        self.env, self.log, self.workers = env, log, workers
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "-b",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                    # gunicorn 27 opens a control socket at one path under the home directory, shared with every
                    # other server on the machine (the load benchmark's, in the other test worker): none here
                    "--no-control-socket",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-4000:]
            try:
                urllib.request.urlopen(f"{self.url}/api/v1/cases", timeout=2)  # noqa: S310 — loopback
            except urllib.error.HTTPError:
                return  # answering (401 without a token)
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not answer within 60 s")

    def kill(self, process: subprocess.Popen[bytes] | None = None) -> None:
        """SIGKILL to the whole group: master and worker die wherever they are, as in a power cut. `process`: that
        start of the server only (nothing when it has already ended), not whichever is running now."""
        process = process or self.process
        assert process is not None
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()


@dataclass
class IntakeClient:
    """Opens one case per key on a new person named after the key; `acked` holds the case id of each 201 received."""

    server: Server
    token: str
    team: str
    acked: dict[str, str] = field(default_factory=dict)
    failures: int = 0
    last_error: str = ""

    def open_case(self, key: str, *, timeout: float = 10) -> str | None:
        body = json.dumps(
            {
                "survivor": {
                    "given_name": key,
                    "family_name": "Crash",
                    "team_id": self.team,
                    "confirmed_new_person": True,
                },
                "urgent_needs": ["medical_care"],
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 — loopback
            f"{self.server.url}/api/v1/cases",
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Idempotency-Key": key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                status, payload = response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            self.failures += 1
            self.last_error = f"HTTP {error.code}: {error.read()[:300]!r}"
            return None
        except OSError as error:
            self.failures += 1
            self.last_error = repr(error)
            return None
        assert status == 201, (status, payload)
        case_id = str(payload["id"])
        first = self.acked.setdefault(key, case_id)
        assert first == case_id, f"key {key}: answered {first} first, then {case_id}"
        return case_id

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
        """One API request; the status and the JSON answer, whatever the status."""
        request = urllib.request.Request(  # noqa: S310 — loopback
            f"{self.server.url}{path}",
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def until_answered(self, key: str, *, within: float = 60) -> str:
        """Send `key` again until it is answered (the server or the database may be coming back)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            case_id = self.open_case(key)
            if case_id is not None:
                return case_id
            time.sleep(0.2)
        raise AssertionError(f"key {key} was not answered within {within} s; last: {self.last_error}")


def assert_converged(digest: dict[str, Any], client: IntakeClient, keys: list[str]) -> None:
    """Every key has exactly one case, the one its answers named; every case is whole; nothing else exists."""
    cases = digest["cases"]
    by_name: dict[str, list[str]] = {}
    for case_id, case in cases.items():
        by_name.setdefault(case["name"], []).append(case_id)
        assert case["complete"], f"case {case_id} is missing rows an intake writes"
    assert sorted(by_name) == sorted(keys), "a case exists for no key, or a key has no case"
    doubles = {name: ids for name, ids in by_name.items() if len(ids) > 1}
    assert doubles == {}, f"keys with more than one case: {sorted(doubles)}"
    for key in keys:
        assert client.acked[key] == by_name[key][0], f"key {key} was answered with a case that is not its own"
    assert digest["survivors"] == len(keys) and digest["people_without_case"] == 0
    assert digest["unanswered_keys"] == 0
    assert digest["audit_broken_at"] is None and digest["audit_rows"] > 0


def installation(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """The environment of a fresh installation of the test's own, copied from the run's migrated database (the
    SQLite file, or the PostgreSQL database as a template on the same server)."""
    if connection.vendor == "sqlite":
        source: Path = request.getfixturevalue("migrated_sqlite_file")
        var_dir = tmp_path / "var"
        var_dir.mkdir()
        shutil.copyfile(source, var_dir / "reclaim.sqlite3")
        return server_env({"RECLAIM_VAR_DIR": str(var_dir)})
    from tests.schema_support import copy_of_migrated_postgres

    return server_env({"RECLAIM_VAR_DIR": str(tmp_path), "DATABASE_URL": copy_of_migrated_postgres(request)})


def copy_of(request: pytest.FixtureRequest, env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """A second installation holding what `env`'s holds now (same agencies, same ids)."""
    if not env.get("DATABASE_URL"):
        var_dir = tmp_path / "var"
        var_dir.mkdir(parents=True)
        shutil.copyfile(Path(env["RECLAIM_VAR_DIR"]) / "reclaim.sqlite3", var_dir / "reclaim.sqlite3")
        return {**env, "RECLAIM_VAR_DIR": str(var_dir)}
    import psycopg

    base, source = env["DATABASE_URL"].rsplit("/", 1)
    name = f"crash_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    request.addfinalizer(lambda: _drop_database(base, name))
    return {**env, "RECLAIM_VAR_DIR": str(tmp_path), "DATABASE_URL": f"{base}/{name}"}


def _drop_database(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- A PostgreSQL cluster of the test's own -------------------------------------------------------------------


def postgres_bindir() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: [int(x) for x in Path(p).parent.parent.name.split(".") if x.isdigit()],
    )
    return Path(found[-1]).parent if found else None


class Cluster:
    """initdb in a temporary directory, on a free loopback port; run as `postgres` when the tests run as root
    (the server refuses root). Stopped and deleted by `remove`."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="reclaim-crash-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self.dir.chmod(0o700)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [*(["runuser", "-u", "postgres", "--"] if self.as_root else []), *args]
        result = subprocess.run(command, cwd="/", capture_output=True, text=True, timeout=120)
        if check:
            assert result.returncode == 0, result.stderr[-4000:]
        return result

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def init(self) -> None:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off -c full_page_writes=off"
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-w",
            "-t",
            "60",
            "-l",
            str(self.dir / "log"),
            "-o",
            options,
            "start",
        )

    def stop_immediately(self) -> None:
        """`pg_ctl stop -m immediate`: every backend is killed without a checkpoint; the next start recovers."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


def copy_database(source_url: str, target_url: str, bindir: Path) -> None:
    """pg_dump | pg_restore of a migrated database into an empty one (another cluster included)."""
    dump = subprocess.Popen([str(bindir / "pg_dump"), "-Fc", "--no-owner", "-d", source_url], stdout=subprocess.PIPE)
    restore = subprocess.run(
        [str(bindir / "pg_restore"), "--no-owner", "-d", target_url], stdin=dump.stdout, capture_output=True, text=True
    )
    assert dump.wait() == 0
    assert restore.returncode == 0, restore.stderr[-4000:]


@contextlib.contextmanager
def running(server: Server) -> Iterator[Server]:
    try:
        server.start()
        yield server
    finally:
        server.stop()
