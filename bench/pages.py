"""In-process p50/p95 and query counts of the main pages and API lists, on the seeded demo data (issue 12).

Run: . scripts/devenv.sh && .venv/bin/python bench/pages.py [--repeat 30] [--agency harbor] [--user EMAIL]
     [--seed-first N] [--only REGEX]
     (seed first with `manage.py seed_demo --survivors 100000`, or pass --seed-first N to do it here; DATABASE_URL
     picks the database, SQLite by default).
Each target is requested once to warm up, then R times through django.test.Client in this process; one line per
target gives the median and 95th percentile (nearest rank) in ms, the median number of queries (savepoints left
out, see SAVEPOINTS) and the status.
No time is asserted. Any answer other than 200 prints `unexpected ...` and the command exits with 1.

Targets are picked deterministically: the user's case of the middle survivor reference; for the search by name
and by name + birth date, and for the person's API lists, the case from the middle of those whose person the user
may also open that has a birth date. (The demo case manager, the default user, is assigned to every case of the
agency but to the first 20 people only; `--user director@harbor.example` sees every person.) The search terms are
read from that record in memory and never printed. The API lists are named below by router module and function;
their paths come from the routers.

The database is left as it was: everything (the signed-in session, the API tokens, audit rows of reads, rate-limit
counters) happens in one transaction that is rolled back at the end. So the commit of a request's writes (a
session save, an audit row) is not in the times. Each API list gets a token of its own, so the read rate limit
(RECLAIM_API_RATE_LIMIT, 600 a minute by default) is counted as in production but not reached.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# API lists, by router module and function: the agency-wide lists, then the lists of one case or one person.
# (There is no list of all survivors or of plans in /api/v1: a person is reached through a case, and a case has
# one plan.)
API_LISTS = [
    ("cases", "list_cases"),
    ("services", "list_services"),
    ("scheduling", "my_appointments"),
    ("referrals", "list_referrals"),
    ("assessment_schedules", "due"),
    ("groups", "list_groups"),
    ("legal_deadlines", "list_deadlines"),
    ("cases", "case_timeline"),
    ("cases", "list_notes"),
    ("cases", "case_needs"),
    ("assessments", "list_assessments"),
    ("services", "list_case_services"),
    ("scheduling", "list_case_appointments"),
    ("consents", "list_consents"),
    ("contacts", "list_relations"),
    ("me", "my_tasks"),
]
PATH_PARAMETER = re.compile(r"\{(?:\w+:)?(\w+)\}")
# Inside the benchmark's transaction a request's atomic blocks are savepoints; on their own they would be a BEGIN
# and a COMMIT, which Django does not count as queries. So savepoint statements are left out of the count.
SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


class Rollback(Exception):
    pass


@dataclass
class Target:
    name: str
    url: str
    method: str = "GET"
    data: dict[str, str] = field(default_factory=dict)
    token: str | None = None  # API lists: a bearer token
    must_contain: str = ""  # a search must find the target case (its link)
    is_list: bool = False  # API: the answer is a page, {items, next_cursor}


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of all values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def api_path(module_name: str, function: str, ids: dict[str, str]) -> str:
    """The URL of a GET operation, found in its router by function name, with its path parameters filled in."""
    import importlib

    from django.urls import reverse

    router = importlib.import_module(f"reclaim.api.{module_name}").router
    for path, view in router.path_operations.items():
        for operation in view.operations:
            if operation.view_func.__name__ == function and "GET" in operation.methods:
                filled = PATH_PARAMETER.sub(lambda match: ids[match.group(1)], path)
                return reverse("api:api-root") + filled.lstrip("/")
    raise LookupError(f"no GET operation {module_name}.{function} in the API")


def pick_targets(agency: Any, user: Any) -> tuple[Any, Any]:
    """The user's case of the middle survivor reference; and, among the cases whose person the user may also open
    (the person search and the person's API lists need that), the first from the middle with a birth date."""
    from reclaim.cases.selectors import cases_for_user
    from reclaim.people.selectors import survivors_for_user

    cases = cases_for_user(user).filter(agency=agency).order_by("survivor__reference", "number")
    ids = list(cases.values_list("pk", flat=True))
    people = list(cases.filter(survivor__in=survivors_for_user(user)).values_list("pk", flat=True))
    if not ids or not people:
        raise SystemExit("unexpected: this user sees no cases or people here (seed first, or pick another --user)")
    case = cases.select_related("survivor").get(pk=ids[len(ids) // 2])
    middle = len(people) // 2
    for pk in people[middle:] + people[:middle]:
        dated = cases.select_related("survivor").get(pk=pk)
        if dated.survivor.date_of_birth is not None:
            return case, dated
    raise SystemExit("unexpected: nobody this user may open has a birth date to search for")


def new_client() -> Any:
    """A test client speaking to a host the settings allow (`request` adds HTTPS when plain HTTP is redirected)."""
    from django.conf import settings
    from django.test import Client

    allowed = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host != "*"]
    return Client(SERVER_NAME=allowed[0] if allowed else "localhost")


def signed_in_client(user: Any) -> Any:
    """A browser session past sign-in and MFA, as conftest.login_client makes one."""
    from reclaim.accounts.middleware import _SESSION_KEY as MFA_DONE

    client = new_client()
    client.force_login(user)
    session = client.session
    session[MFA_DONE] = True
    session.save()
    return client


def build_targets(agency: Any, user: Any) -> list[Target]:
    from django.urls import reverse

    from reclaim.accounts.actions import do_create_api_token
    from reclaim.accounts.selectors import active_membership
    from reclaim.reporting import dashboards

    case, dated = pick_targets(agency, user)
    person = dated.survivor
    full_name = f"{person.given_name} {person.family_name}"
    case_list = reverse("cases:list")
    targets = [
        Target("case_list", case_list),
        Target("case_list_filtered", f"{case_list}?status={case.status}"),
        Target(
            "case_search_name",
            case_list,
            "POST",
            {"name": full_name},
            must_contain=reverse("cases:detail", args=[dated.pk]),
        ),
        Target(
            "case_search_name_dob",
            case_list,
            "POST",
            {"name": full_name, "date_of_birth": person.date_of_birth.isoformat()},
            must_contain=reverse("cases:detail", args=[dated.pk]),
        ),
        Target("case_detail", reverse("cases:detail", args=[case.pk])),
        Target("case_timeline", reverse("cases:timeline", args=[case.pk])),
        Target("dashboard", reverse("home")),
        Target("dashboard_caseload", reverse("reporting:dashboard_caseload")),
        Target("calendar_day", reverse("scheduling:calendar_day")),
        Target("calendar_week", reverse("scheduling:calendar_week")),
        Target("tasks", reverse("tasks")),
    ]
    if dashboards.can_see(user, "program"):  # program directors, agency admins and analysts
        targets.append(Target("dashboard_program", reverse("reporting:dashboard_program")))
    membership = active_membership(user)
    ids = {"case_id": str(case.pk), "survivor_id": str(dated.survivor_id)}
    for module_name, function in API_LISTS:
        _token, raw = do_create_api_token(actor=user, membership=membership, name=f"bench {function}")
        url = api_path(module_name, function, ids)
        targets.append(Target(f"api_{module_name}.{function}", url, token=raw, is_list=True))
    return targets


def request(client: Any, target: Target) -> Any:
    from django.conf import settings

    headers = {"Authorization": f"Bearer {target.token}"} if target.token else {}
    if target.method == "POST":
        return client.post(target.url, target.data, secure=settings.SECURE_SSL_REDIRECT, headers=headers)
    return client.get(target.url, secure=settings.SECURE_SSL_REDIRECT, headers=headers)


def unexpected_answer(target: Target, response: Any) -> str:
    if response.status_code != 200:  # noqa: PLR2004 — HTTP OK
        return f"status {response.status_code}"
    if target.must_contain and target.must_contain not in response.content.decode():
        return "the search did not find the target case"
    if target.is_list:
        body = response.json()
        if not isinstance(body, dict) or "items" not in body or "next_cursor" not in body:
            return "not a page of {items, next_cursor}"
    return ""


def measure(client: Any, api_client: Any, target: Target, repeat: int) -> tuple[str, bool]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    use = api_client if target.token else client
    problem = unexpected_answer(target, request(use, target))  # warm-up
    times: list[float] = []
    counts: list[int] = []
    status = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = request(use, target)
            times.append(time.perf_counter() - started)
        counts.append(sum(1 for query in queries.captured_queries if not query["sql"].startswith(SAVEPOINTS)))
        status = response.status_code
        problem = problem or unexpected_answer(target, response)
    line = (
        f"name={target.name} p50_ms={statistics.median(times) * 1000:.1f} "
        f"p95_ms={percentile(times, 0.95) * 1000:.1f} queries={round(statistics.median(counts))} status={status}"
    )
    if problem:
        line += f"\nunexpected {target.name}: {problem}"
    return line, not problem


def require_cache_table() -> None:
    """The API's rate limits live in the database cache; a database seeded without its table answers 500."""
    from django.conf import settings
    from django.db import connection

    cache = settings.CACHES["default"]
    if cache["BACKEND"].endswith("DatabaseCache") and cache["LOCATION"] not in connection.introspection.table_names():
        raise SystemExit(f"unexpected: no {cache['LOCATION']} table; run `manage.py createcachetable` first")


def main() -> None:
    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--agency", default="harbor", help="agency slug (default: harbor, the first demo agency)")
    parser.add_argument(
        "--user", help="email of the signed-in user (default: the agency's demo case manager, assigned to every case)"
    )
    parser.add_argument("--seed-first", type=int, metavar="N", help="run seed_demo --survivors N into this database")
    parser.add_argument(
        "--only", metavar="REGEX", help="measure only the targets whose name matches (e.g. 'case_|calendar')"
    )
    args = parser.parse_args()
    django.setup()
    from reclaim.core.dbstate import exit_unless_migrated

    exit_unless_migrated()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from reclaim.accounts.models import Agency, User
    from reclaim.accounts.selectors import active_membership
    from reclaim.cases.models import Case
    from reclaim.demo import data

    if args.seed_first is not None:
        call_command("seed_demo", survivors=args.seed_first, no_progress=True)
    require_cache_table()
    ok = True
    try:
        with transaction.atomic():
            agency = Agency.objects.get(slug=args.agency)
            user = User.objects.get(email=args.user or data.staff_email("casemanager", agency.slug))
            membership = active_membership(user)
            targets = [t for t in build_targets(agency, user) if not args.only or re.search(args.only, t.name)]
            print(
                f"database={connection.vendor} agency={agency.slug} cases={Case.objects.filter(agency=agency).count()} "
                f"role={membership.role if membership else None} repeat={args.repeat} debug={settings.DEBUG}"
            )
            client, api_client = signed_in_client(user), new_client()
            for target in targets:
                line, fine = measure(client, api_client, target, args.repeat)
                print(line, flush=True)
                ok = ok and fine
            raise Rollback
    except Rollback:
        pass
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
