"""Simulated staff for bench/load.py (issue 12): locust runs this file; load.py writes the plan it reads.

Each simulated client signs in as its own demo account through the real forms (password, then the TOTP code of the
authenticator load.py set up for the run), then loops over weighted tasks until locust stops it, and signs out. The
accounts, case ids, search terms and API paths come from the JSON file named by --plan-file (load.py picks them from
the database before the run; they are never printed). Request names are fixed labels, so no id or term reaches the
statistics.

The clients play the part of the TLS-terminating proxy of docs/operations.md: every request carries
`X-Forwarded-Proto: https` (the settings trust it with RECLAIM_BEHIND_PROXY=1), and each client's cookie jar sends
the Secure session and CSRF cookies over the loopback connection, as the browser sends them over HTTPS.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import random
import re
import struct
import time
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, events, task

TOTP_STEP = 30  # seconds, allauth's default period
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PLAN: dict[str, Any] = {}
RUN: dict[str, Any] = {}  # the locust environment, kept at start-up
NEXT_ACCOUNT: dict[str, itertools.count[int]] = {"case_worker": itertools.count(), "admin": itertools.count()}
LAST_STEP: dict[str, int] = {}  # per account, the last TOTP step whose code was sent: allauth accepts a code once
REQUESTS = itertools.count(1)
SIGNED_IN = itertools.count(1)
SIGN_INS: list[
    dict[str, Any]
] = []  # per client: seconds from the login page to the home page, and whether it went well


@events.init_command_line_parser.add_listener
def add_arguments(parser: Any) -> None:
    parser.add_argument("--plan-file", default="", help="the JSON plan written by bench/load.py")
    parser.add_argument("--max-requests", type=int, default=0, help="stop after this many requests (0: no limit)")
    parser.add_argument("--think", type=float, default=0.0, help="seconds each client waits between two tasks")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load once every client signed in")
    parser.add_argument("--sign-in-file", default="", help="where to write the sign-in times (JSON)")


@events.init.add_listener
def load_plan(environment: Any, **_kwargs: Any) -> None:
    PLAN.update(json.loads(Path(environment.parsed_options.plan_file).read_text(encoding="utf-8")))
    RUN["environment"] = environment


@events.request.add_listener
def stop_at_max_requests(**_kwargs: Any) -> None:
    """Bound the run in requests as well as in time: once the count is reached, quit (from another greenlet, so the
    client that made the last request is not killed inside this listener)."""
    environment = RUN["environment"]
    limit = environment.parsed_options.max_requests
    if limit and next(REQUESTS) == limit and environment.runner is not None:
        gevent.spawn(environment.runner.quit)


def signed_in(seconds: float, *, ok: bool, problem: str) -> None:
    """The measured window starts once every client has signed in (well or not): on a busy machine the password
    hashing of a dozen sign-ins alone takes seconds. The statistics start afresh then, so they cover the window
    only; the sign-ins are written to their own file. Locust's --run-time stays as a safety net."""
    SIGN_INS.append({"seconds": seconds, "ok": ok, "problem": "" if ok else problem})
    environment = RUN["environment"]
    if next(SIGNED_IN) == environment.parsed_options.num_users and environment.runner is not None:
        environment.stats.clear_all()
        gevent.spawn_later(environment.parsed_options.duration, environment.runner.quit)


@events.quitting.add_listener
def write_sign_ins(environment: Any, **_kwargs: Any) -> None:
    if environment.parsed_options.sign_in_file:
        Path(environment.parsed_options.sign_in_file).write_text(json.dumps(SIGN_INS), encoding="utf-8")


def totp_code(secret: str, step: int) -> str:
    """RFC 6238 (SHA-1, six digits), as an authenticator app computes it."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def fresh_code(email: str, secret: str) -> str:
    """A code not yet sent for this account, not about to expire: wait for the next step when needed (when two
    clients share an account, a step is about to end, or the last code arrived too late)."""
    while True:
        now = time.time()
        step = int(now) // TOTP_STEP
        left = (step + 1) * TOTP_STEP - now
        if LAST_STEP.get(email, -1) < step and left > 5:  # noqa: PLR2004 — margin for a slow round trip
            LAST_STEP[email] = step
            return totp_code(secret, step)
        gevent.sleep(left + 0.05)


class Staff(FastHttpUser):
    """One signed-in browser session plus the account's API token."""

    abstract = True
    kind = ""
    failed = False  # whether the last request went otherwise than expected
    problem = ""  # the first step that did, as "name: status N"

    def wait_time(self) -> float:
        return float(self.environment.parsed_options.think)

    def on_start(self) -> None:
        accounts = PLAN["accounts"][self.kind]
        self.account = accounts[next(NEXT_ACCOUNT[self.kind]) % len(accounts)]
        self.origin = "https://" + self.host.split("://", 1)[1].rstrip("/")
        self.proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
        self.random = random.Random(self.account["email"])  # picks pages, not secrets
        # The browser's side of the TLS proxy is HTTPS: its Secure cookies go out on this plain loopback hop too.
        self.client.cookiejar.set_policy(DefaultCookiePolicy(secure_protocols=("https", "wss", "http")))
        started, ok = time.perf_counter(), False
        try:
            ok = self.sign_in()
        finally:
            signed_in(time.perf_counter() - started, ok=ok, problem=self.problem)

    def on_stop(self) -> None:
        self.post(PLAN["paths"]["logout"], {}, "logout", expect=302)

    # --- requests ---------------------------------------------------------------------------------------------
    def get(
        self, path: str, name: str, *, expect: int | tuple[int, ...] = 200, must_contain: str = "", api: bool = False
    ) -> Any:
        headers = dict(self.proxy)
        if api:
            headers["Authorization"] = f"Bearer {self.account['token']}"
        with self.client.get(path, name=name, headers=headers, allow_redirects=False, catch_response=True) as reply:
            self.check(reply, expect, must_contain)
        return reply

    def post(
        self,
        path: str,
        data: dict[str, str],
        name: str,
        *,
        expect: int | tuple[int, ...] = 200,
        must_contain: str = "",
    ) -> Any:
        """A form POST; without a token from the page, the CSRF cookie's value (Django accepts either form)."""
        data = {"csrfmiddlewaretoken": self.csrf_cookie(), **data}
        headers = {
            **self.proxy,
            "Origin": self.origin,  # CSRF: an HTTPS request's origin must match the host
            "Content-Type": "application/x-www-form-urlencoded",
        }
        with self.client.post(
            path, data=urlencode(data), name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as reply:
            self.check(reply, expect, must_contain)
        return reply

    def csrf_cookie(self) -> str:
        return next((cookie.value or "" for cookie in self.client.cookiejar if cookie.name == "csrftoken"), "")

    def check(self, reply: Any, expect: int | tuple[int, ...], must_contain: str) -> None:
        self.failed = True
        if reply.status_code not in (expect if isinstance(expect, tuple) else (expect,)):
            self.problem = f"{reply.request_meta['name']}: status {reply.status_code}"
            reply.failure(f"status {reply.status_code}")  # never the URL or the body: ids and names stay out
        elif must_contain and must_contain not in reply.text:
            reply.failure("the search did not find the target case")
        else:
            reply.success()
            self.failed = False

    def sign_in(self) -> bool:
        """The login form, then the TOTP form; True when both ended on the way to the home page."""
        paths = PLAN["paths"]
        went_well = []
        form = self.get(paths["login"], "login_form")
        went_well.append(not self.failed)
        answer = self.post(
            paths["login"],
            {
                "login": self.account["email"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": csrf(form.text),
            },
            "login_password",
            expect=302,
        )
        went_well.append(not self.failed)
        second = self.get(answer.headers.get("location") or paths["mfa"], "login_totp_form")
        went_well.append(not self.failed)
        for _attempt in range(3):
            # A code that reaches a busy server after its 30-second step is refused (the form comes back, 200), as
            # it would be for a person, who then types the next one.
            code = fresh_code(self.account["email"], self.account["totp_secret"])
            data = {"code": code, "csrfmiddlewaretoken": csrf(second.text)}
            done = self.post(paths["mfa"], data, "login_totp", expect=(302, 200))
            if done.status_code != 200:  # noqa: PLR2004 — HTTP OK: the form again
                break
            second = done
        if done.status_code == 200:  # noqa: PLR2004 — three codes refused
            self.problem = self.problem or "login_totp: three codes refused"
        return all(went_well) and not self.failed and done.headers.get("location") == paths["home"]

    def case_id(self) -> str:
        return self.random.choice(self.account["case_ids"])


def csrf(html: str) -> str:
    found = CSRF_FIELD.search(html or "")
    return found.group(1) if found else ""


class CaseWorker(Staff):
    """Case managers, supervisors, directors, clinicians and legal advocates: their cases, dashboards, calendar and
    the API lists."""

    kind = "case_worker"
    weight = 1

    @task(10)
    def case_list(self) -> None:
        self.get(PLAN["paths"]["case_list"], "case_list")

    @task(5)
    def case_list_filtered(self) -> None:
        status = self.random.choice(self.account["statuses"])
        self.get(f"{PLAN['paths']['case_list']}?status={status}", "case_list_filtered")

    @task(5)
    def case_search_name(self) -> None:
        search = self.random.choice(self.account["searches"])
        detail = PLAN["paths"]["case_detail"].format(case_id=search["case_id"])
        self.post(PLAN["paths"]["case_list"], {"name": search["name"]}, "case_search_name", must_contain=detail)

    @task(15)
    def case_detail(self) -> None:
        self.get(PLAN["paths"]["case_detail"].format(case_id=self.case_id()), "case_detail")

    @task(8)
    def case_timeline(self) -> None:
        self.get(PLAN["paths"]["case_timeline"].format(case_id=self.case_id()), "case_timeline")

    @task(8)
    def dashboard(self) -> None:
        self.get(PLAN["paths"]["home"], "dashboard")

    @task(4)
    def caseload(self) -> None:
        self.get(PLAN["paths"]["caseload"], "caseload")

    @task(3)
    def calendar_day(self) -> None:
        self.get(PLAN["paths"]["calendar_day"], "calendar_day")

    @task(2)
    def calendar_week(self) -> None:
        self.get(PLAN["paths"]["calendar_week"], "calendar_week")

    @task(4)
    def my_tasks(self) -> None:  # not `tasks`: locust's own attribute of a user class
        self.get(PLAN["paths"]["tasks"], "tasks")

    @task(8)
    def api_cases(self) -> None:
        self.get(PLAN["paths"]["api_cases"], "api_cases", api=True)

    @task(4)
    def api_appointments(self) -> None:
        self.get(PLAN["paths"]["api_appointments"], "api_appointments", api=True)

    @task(4)
    def api_services(self) -> None:
        self.get(PLAN["paths"]["api_services"], "api_services", api=True)

    @task(2)
    def api_referrals(self) -> None:
        self.get(PLAN["paths"]["api_referrals"], "api_referrals", api=True)

    @task(3)
    def api_case_timeline(self) -> None:
        self.get(PLAN["paths"]["api_case_timeline"].format(case_id=self.case_id()), "api_case_timeline", api=True)

    @task(2)
    def api_case_services(self) -> None:
        self.get(PLAN["paths"]["api_case_services"].format(case_id=self.case_id()), "api_case_services", api=True)

    @task(2)
    def api_tasks(self) -> None:
        self.get(PLAN["paths"]["api_tasks"], "api_tasks", api=True)


class AgencyAdmin(Staff):
    """One agency admin: the home page, the staff list and the audit log (admins see no case rows)."""

    kind = "admin"
    fixed_count = 1

    @task(5)
    def dashboard(self) -> None:
        self.get(PLAN["paths"]["home"], "admin_dashboard")

    @task(3)
    def staff(self) -> None:
        self.get(PLAN["paths"]["staff"], "admin_staff")

    @task(2)
    def audit(self) -> None:
        self.get(PLAN["paths"]["audit"], "admin_audit")
