"""Loopback load test: simulated staff against gunicorn with the production settings, on the seeded demo (issue 12).

Run: . scripts/devenv.sh && .venv/bin/python bench/load.py [--users 16] [--duration 60] [--max-requests N]
     [--workers 2] [--think 0] [--seed-first N]
     (seed first with `manage.py seed_demo --survivors 1000`, or pass --seed-first N to do it here; DATABASE_URL
     picks the database, SQLite by default).

What happens, in order:
1. Accounts: one agency admin and up to 15 case-working demo staff (case manager, supervisor, director of each demo
   agency, then clinicians and legal advocates), as many as there are clients. Each gets, for this run only, a TOTP
   authenticator with a fresh secret (the demo sets none up, and production requires MFA for these roles: the
   clients complete the real second step with it) and an API token made with do_create_api_token. Case ids the
   account may open, case statuses and names to search for are read from the database into a temporary plan file
   (owner-only, deleted at the end; the names are never printed).
2. `collectstatic` for the production static storage when its manifest is missing (needed once DEBUG is off).
3. gunicorn serves config.wsgi on 127.0.0.1 on a free port with --workers sync workers (docs/operations.md), with
   DJANGO_DEBUG=0, DJANGO_ALLOWED_HOSTS=127.0.0.1, RECLAIM_BEHIND_PROXY=1 and everything else from the environment
   (keys, secret key file, database). RECLAIM_HTTPS and RECLAIM_REQUIRE_MFA take their production defaults (on).
4. locust (bench/loadtest/locustfile.py) runs headless in a child process: --users clients, all started at once,
   each signing in through the login form and the TOTP form. Once all have signed in, the statistics start afresh
   and the clients loop over weighted tasks (case list plain, filtered and searched by name, case detail and
   timeline, home dashboard, caseload dashboard, day and week calendar, My tasks, API lists of cases, appointments,
   services, referrals, the user's tasks and one case's timeline and services; the admin: home, staff list, audit log) with --think seconds
   between tasks (0: back to back, as wrk does), for --duration seconds or --max-requests requests, whichever comes
   first; then each signs out.
5. One line for the sign-ins (their p50 and slowest time), one line per request name and one total line for the
   measured window: requests, requests per second, p50/p95/p99 in ms (locust keeps times to 10 ms above 100 ms and
   to 100 ms above 1 s), failures and their rate. Any failure (a status other than the expected one, 5xx included,
   a search that misses its case, a client that did not sign in, a traceback or "database is locked" in the
   server log) prints `unexpected ...` and exits 1.
6. Always, even after an error: gunicorn's process group is stopped, the tokens are revoked
   (do_revoke_api_token) and the run's authenticators deleted.
7. The audit rows the run appended are checked to form one unbroken hash chain (`audit_chain rows_appended=...`):
   the workers write them concurrently, one per audited read; a fork prints `unexpected ...` and exits 1.

What the run leaves in the database: the audit rows of the sign-ins, reads and token changes (the audit log is
append-only), revoked tokens, and the expired login throttle and TOTP-code entries in the cache table. No time is
asserted; locust and gunicorn share the machine, so both are in the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

LOCUSTFILE = ROOT / "bench" / "loadtest" / "locustfile.py"
# Case-working demo roles, in the order clients take them; the first three per agency come first so that a small
# run still mixes roles. Agency admins see no case rows and run the admin tasks.
CASE_WORKER_ROLES = [("casemanager", "supervisor", "director"), ("clinician", "legal")]
SIGN_IN_ALLOWANCE = 120  # seconds
PER_ACCOUNT_CASES = 200
PER_ACCOUNT_SEARCHES = 20
# Settings that must keep their production values in the server's environment, whatever the shell says.
NOT_INHERITED = ("DJANGO_DEBUG", "RECLAIM_HTTPS", "RECLAIM_REQUIRE_MFA", "DJANGO_ALLOWED_HOSTS")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def production_env(var_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        RECLAIM_BEHIND_PROXY="1",  # the clients send X-Forwarded-Proto: https, as the TLS proxy would
        RECLAIM_VAR_DIR=str(var_dir),
    )
    return env


def api_path(module_name: str, function: str, ids: dict[str, str]) -> str:
    """The URL of a GET operation, found in its router by function name ({case_id} left in when not in ids)."""
    import importlib
    import re

    from django.urls import reverse

    router = importlib.import_module(f"reclaim.api.{module_name}").router
    for path, view in router.path_operations.items():
        for operation in view.operations:
            if operation.view_func.__name__ == function and "GET" in operation.methods:
                filled = re.sub(r"\{(?:\w+:)?(\w+)\}", lambda match: ids.get(match.group(1), "{case_id}"), path)
                return reverse("api:api-root") + filled.lstrip("/")
    raise LookupError(f"no GET operation {module_name}.{function} in the API")


def paths() -> dict[str, str]:
    from django.urls import reverse

    marker = "00000000-0000-0000-0000-000000000000"
    return {
        "login": reverse("account_login"),
        "mfa": reverse("mfa_authenticate"),
        "logout": reverse("account_logout"),
        "home": reverse("home"),
        "case_list": reverse("cases:list"),
        "case_detail": reverse("cases:detail", args=[marker]).replace(marker, "{case_id}"),
        "case_timeline": reverse("cases:timeline", args=[marker]).replace(marker, "{case_id}"),
        "caseload": reverse("reporting:dashboard_caseload"),
        "calendar_day": reverse("scheduling:calendar_day"),
        "calendar_week": reverse("scheduling:calendar_week"),
        "tasks": reverse("tasks"),
        "staff": reverse("accounts:team"),
        "audit": reverse("accounts:audit"),
        "api_cases": api_path("cases", "list_cases", {}),
        "api_appointments": api_path("scheduling", "my_appointments", {}),
        "api_services": api_path("services", "list_services", {}),
        "api_referrals": api_path("referrals", "list_referrals", {}),
        "api_case_timeline": api_path("cases", "case_timeline", {}),
        "api_case_services": api_path("services", "list_case_services", {}),
        "api_tasks": api_path("me", "my_tasks", {}),
    }


def candidate_emails(kind: str) -> list[str]:
    from reclaim.demo import data

    slugs = [agency["slug"] for agency in data.AGENCIES]
    if kind == "admin":
        return [data.staff_email("admin", slug) for slug in slugs]
    return [data.staff_email(role, slug) for roles in CASE_WORKER_ROLES for slug in slugs for role in roles]


class Prepared:
    """What the run adds for itself and takes away afterwards: authenticators and API tokens."""

    def __init__(self) -> None:
        self.authenticator_ids: list[int] = []
        self.tokens: list[tuple[Any, Any]] = []  # (user, token)

    def account(self, user: Any, kind: str, rng: random.Random) -> dict[str, Any] | None:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        from reclaim.accounts.actions import do_create_api_token
        from reclaim.accounts.selectors import active_membership
        from reclaim.cases.selectors import cases_for_user
        from reclaim.people.selectors import survivors_for_user

        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            return None  # set up by someone: its secret is not ours to know
        account: dict[str, Any] = {"email": user.email}
        if kind == "case_worker":
            cases = cases_for_user(user).order_by("pk")
            ids = [str(pk) for pk in cases.values_list("pk", flat=True)]
            if not ids:
                return None
            searchable = list(cases.filter(survivor__in=survivors_for_user(user)).select_related("survivor"))
            searchable = rng.sample(searchable, min(PER_ACCOUNT_SEARCHES, len(searchable)))
            account["case_ids"] = rng.sample(ids, min(PER_ACCOUNT_CASES, len(ids)))
            account["statuses"] = sorted(set(cases.values_list("status", flat=True)))
            account["searches"] = [
                {"name": f"{case.survivor.given_name} {case.survivor.family_name}", "case_id": str(case.pk)}
                for case in searchable
                if case.survivor.given_name and case.survivor.family_name
            ]
            if not account["searches"]:
                return None
        secret = generate_totp_secret()
        self.authenticator_ids.append(TOTP.activate(user, secret).instance.pk)
        account["totp_secret"] = secret
        token, raw = do_create_api_token(actor=user, membership=active_membership(user), name="bench/load.py run")
        self.tokens.append((user, token))
        account["token"] = raw
        return account

    def undo(self) -> None:
        from allauth.mfa.models import Authenticator

        from reclaim.accounts.actions import do_revoke_api_token

        for user, token in self.tokens:
            do_revoke_api_token(actor=user, token=token)
        Authenticator.objects.filter(pk__in=self.authenticator_ids).delete()


def build_plan(prepared: Prepared, users: int) -> dict[str, Any]:
    from reclaim.accounts.models import User
    from reclaim.demo import data

    rng = random.Random(12)  # picks targets, not secrets
    wanted = {"admin": 1, "case_worker": users - 1}
    accounts: dict[str, list[dict[str, Any]]] = {"admin": [], "case_worker": []}
    for kind, count in wanted.items():
        for email in candidate_emails(kind):
            if len(accounts[kind]) == count:
                break
            user = User.objects.filter(email=email, is_active=True).first()
            account = prepared.account(user, kind, rng) if user else None
            if account:
                accounts[kind].append(account)
        if not accounts[kind]:
            raise SystemExit(f"unexpected: no demo {kind} account to sign in with (seed first, or see the docstring)")
    return {"password": data.DEMO_PASSWORD, "paths": paths(), "accounts": accounts}


def collect_static(env: dict[str, str], static_root: Path, log: Path) -> subprocess.Popen[bytes] | None:
    """The production storage needs the manifest of hashed names; made once per static root (rerun `collectstatic`
    by hand after changing static files, as a deployment does). It compresses every file, a minute or more of CPU,
    so it runs in the background while the demo is seeded and the plan is made."""
    if (static_root / "staticfiles.json").exists():
        return None
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
        )


def start_gunicorn(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--no-control-socket",  # gunicorn 27 would open one under the home directory
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,  # its own process group, stopped as one
        )


def answers(url: str) -> bool:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310 — see below
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 — http://127.0.0.1, built here
            return bool(answer.status == 200)  # noqa: PLR2004 — HTTP OK
    except (OSError, urllib.error.URLError):
        return False


def wait_until_up(server: subprocess.Popen[bytes], port: int, timeout: float = 60.0) -> None:
    """The login page answers 200 (docs/operations.md: the check a deployment uses)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"unexpected: gunicorn exited with {server.returncode} before answering")
        if answers(f"http://127.0.0.1:{port}/accounts/login/"):
            return
        time.sleep(0.3)
    raise SystemExit("unexpected: gunicorn did not answer within a minute")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run_locust(args: argparse.Namespace, port: int, plan_file: Path, work: Path) -> Path:
    prefix = work / "locust"
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--only-summary",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.users),
        "--run-time",
        f"{args.duration + SIGN_IN_ALLOWANCE}s",  # a bound in case sign-ins hang; --duration counts after them
        "--stop-timeout",
        "10",  # let a client finish its request and sign out
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--logfile",
        str(work / "locust.log"),
        "--exit-code-on-error",
        "0",  # failures are read from the CSV files and reported below
        "--plan-file",
        str(plan_file),
        "--max-requests",
        str(args.max_requests),
        "--think",
        str(args.think),
        "--duration",
        str(args.duration),
        "--sign-in-file",
        str(work / "sign_ins.json"),
    ]
    with (work / "locust.out").open("wb") as out:
        done = subprocess.run(
            command, cwd=ROOT, stdout=out, stderr=out, timeout=args.duration + SIGN_IN_ALLOWANCE + 60, check=False
        )
    if done.returncode != 0:
        sys.stderr.write((work / "locust.out").read_text(errors="replace")[-3000:])
        raise SystemExit(f"unexpected: locust exited with {done.returncode}")
    return prefix


def number(value: str) -> float:
    return float(value) if value not in {"", "N/A"} else 0.0


def report_sign_ins(path: Path, users: int) -> bool:
    """One line for the sign-ins (before the measured window); True when every client signed in."""
    sign_ins = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    seconds = sorted(entry["seconds"] for entry in sign_ins)
    failed = sum(1 for entry in sign_ins if not entry["ok"]) + users - len(sign_ins)
    if seconds:
        print(
            f"sign_in clients={len(seconds)} p50_ms={statistics.median(seconds) * 1000:.0f} "
            f"max_ms={seconds[-1] * 1000:.0f} failures={failed}"
        )
    if failed:
        problems = sorted({entry["problem"] for entry in sign_ins if not entry["ok"]})
        print(f"unexpected: {failed} client(s) did not sign in ({'; '.join(problems) or 'no answer'})")
    return not failed


def report(prefix: Path) -> bool:
    """Print one line per request name and a total, for the measured window; True when no request failed."""
    with Path(f"{prefix}_stats.csv").open(encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    ok = True
    for row in rows:
        requests_, failures = int(row["Request Count"]), int(row["Failure Count"])
        label = "total" if row["Name"] == "Aggregated" else f"name={row['Name']}"
        print(
            f"{label} requests={requests_} rps={number(row['Requests/s']):.1f} p50_ms={number(row['50%']):.0f} "
            f"p95_ms={number(row['95%']):.0f} p99_ms={number(row['99%']):.0f} failures={failures} "
            f"failure_rate={failures / requests_ if requests_ else 0:.4f}"
        )
    with Path(f"{prefix}_failures.csv").open(encoding="utf-8") as failures_file:
        for row in csv.DictReader(failures_file):
            ok = False
            print(f"unexpected name={row['Name']} error={row['Error']} occurrences={row['Occurrences']}")
    if not rows or rows[-1]["Name"] != "Aggregated" or int(rows[-1]["Request Count"]) == 0:
        print("unexpected: no request was made")
        ok = False
    return ok


def run(args: argparse.Namespace, env: dict[str, str], collecting: subprocess.Popen[bytes] | None, work: Path) -> bool:
    """Prepare, serve, load, report, and undo what was prepared; True when every request went as expected."""
    from django.db import connection

    from reclaim.cases.models import Case
    from reclaim.core.models import AuditEvent

    prepared = Prepared()
    server = None
    last_before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    try:
        plan = build_plan(prepared, args.users)
        plan_file = work / "plan.json"
        plan_file.touch(mode=0o600)
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
        accounts = plan["accounts"]
        print(
            f"database={connection.vendor} cases={Case.objects.count()} users={args.users} "
            f"accounts={len(accounts['case_worker']) + len(accounts['admin'])} workers={args.workers} "
            f"duration_s={args.duration} max_requests={args.max_requests} think_s={args.think} debug=False",
            flush=True,
        )
        connection.close()  # the server's workers are the only users of the database during the run
        if collecting is not None and collecting.wait() != 0:
            raise SystemExit(f"unexpected: collectstatic exited with {collecting.returncode}")
        port = free_port()
        server = start_gunicorn(env, port, args.workers, work / "gunicorn.log")
        wait_until_up(server, port)
        prefix = run_locust(args, port, plan_file, work)
        ok = report_sign_ins(work / "sign_ins.json", args.users) & report(prefix)
    finally:
        if server is not None:
            stop(server)
        prepared.undo()
    log = (work / "gunicorn.log").read_text(errors="replace")
    if "database is locked" in log or "Traceback" in log:
        print("unexpected: errors in the server log")
        sys.stderr.write(log[-3000:])
        ok = False
    return check_audit_chain(last_before) & ok


def check_audit_chain(last_before: int | None) -> bool:
    """The audit rows the run appended (concurrent workers, each read audited) form one unbroken chain."""
    from reclaim.core.audit import verify_chain

    chain = verify_chain(after=last_before)
    print(f"audit_chain rows_appended={chain.checked} broken_at={chain.first_broken_id}")
    if chain.first_broken_id is not None:
        print(f"unexpected: the audit chain is broken at row {chain.first_broken_id}: {chain.reason}")
    return chain.first_broken_id is None


def main() -> None:
    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=16, help="concurrent clients (one is an agency admin)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--max-requests", type=int, default=100_000, help="stop earlier after this many requests")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (docs: -w 2 on two cores)")
    parser.add_argument("--think", type=float, default=0.0, help="seconds a client waits between two requests")
    parser.add_argument("--seed-first", type=int, metavar="N", help="run seed_demo --survivors N into this database")
    args = parser.parse_args()
    django.setup()
    from reclaim.core.dbstate import exit_unless_migrated

    exit_unless_migrated()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if args.users < 2:  # noqa: PLR2004 — the admin plus at least one case worker
        parser.error("--users must be at least 2")
    env = production_env(Path(settings.VAR_DIR))
    with tempfile.TemporaryDirectory(prefix="reclaim-load-") as scratch:
        work = Path(scratch)
        collecting = collect_static(env, Path(settings.STATIC_ROOT), work / "gunicorn.log")
        try:
            if args.seed_first is not None:
                call_command("seed_demo", survivors=args.seed_first, no_progress=True)
            cache = settings.CACHES["default"]
            if (
                cache["BACKEND"].endswith("DatabaseCache")
                and cache["LOCATION"] not in connection.introspection.table_names()
            ):
                raise SystemExit(f"unexpected: no {cache['LOCATION']} table; run `manage.py createcachetable` first")
            ok = run(args, env, collecting, work)
        finally:
            if collecting is not None and collecting.poll() is None:
                collecting.kill()
                collecting.wait()
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
