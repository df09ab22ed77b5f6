"""Personas and shared fixtures, defined once (STYLE.md §6). Data is set up through actions."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from http import HTTPStatus
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from reclaim.accounts.actions import NewMember, do_add_members, do_create_agency, do_create_team
from reclaim.accounts.models import Agency, Team, User
from reclaim.accounts.roles import Role
from reclaim.people.actions import do_create_survivor
from reclaim.people.models import Survivor

# Property tests check properties, not speed: hypothesis's 200 ms deadline per example only made them flaky on a busy
# machine (a slow example under load fails as "DeadlineExceeded", then passes on replay).
hypothesis_settings.register_profile("reclaim", deadline=None)
hypothesis_settings.load_profile("reclaim")

PASSWORD = "a-long-test-passphrase-42"

# What makes a test one that uses a database: pytest-django's marker or fixtures, or the fixtures that hand a test
# a migrated database of its own for a child process (crash, import, schema and benchmark tests).
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "migrated_postgres_url",
        "migrated_sqlite_file",
    }
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use a database (CI's second pass, on PostgreSQL: the others cannot differ)",
    )


def uses_a_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(fixtures & DATABASE_FIXTURES)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--database-tests-only"):
        return
    kept = [item for item in items if uses_a_database(item)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if not uses_a_database(item)])
        items[:] = kept


STAFF_PERSONAS = {
    "agency_admin": Role.AGENCY_ADMIN,
    "program_director": Role.PROGRAM_DIRECTOR,
    "supervisor": Role.SUPERVISOR,
    "case_manager": Role.CASE_MANAGER,
    "clinician": Role.CLINICIAN,
    "legal_advocate": Role.LEGAL_ADVOCATE,
    "outreach_coordinator": Role.OUTREACH_COORDINATOR,
    "analyst": Role.DATA_ANALYST,
    "volunteer": Role.VOLUNTEER,
    "partner_user": Role.PARTNER_USER,
}
# Survivors sign in to the portal (reclaim/portal), not as staff: "survivor" holds the portal account on agency
# A's matrix case, "other_survivor" one in agency B. Every staff route answers 404 to both.
SURVIVOR_PERSONAS = ["survivor", "other_survivor"]
ALL_PERSONAS = [
    *STAFF_PERSONAS,
    "other_agency_user",
    "other_agency_admin",
    "platform_operator",
    "anonymous",
    *SURVIVOR_PERSONAS,
]


@pytest.fixture(scope="session")
def django_db_use_migrations() -> bool:
    """Test databases are made from the models, then the migrations' data and SQL are replayed (see
    tests/schema_support.py for why, and for the test that proves it equal to a migrated database)."""
    from tests.schema_support import RUN_MIGRATIONS

    return RUN_MIGRATIONS


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> None:
    from tests.schema_support import RUN_MIGRATIONS, replay_data_operations

    if RUN_MIGRATIONS:
        return
    with django_db_blocker.unblock():
        replay_data_operations(connection)
        if getattr(connection, "_test_serialized_contents", None) is not None:
            # Django took its snapshot for serialized_rollback before the replay, and of the apps it believes have
            # migrations (none, as pytest-django has hidden them): take it again, of every app, with the rows.
            from django.test.utils import override_settings

            with override_settings(MIGRATION_MODULES={}):
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory) -> Path:
    """A SQLite file migrated the way an installation is (`migrate`, then `createcachetable`) in a child process:
    about a minute, so it is made once for the whole run and shared by the test processes (a file lock in the
    run's temporary directory). Copy it before writing to it."""
    import fcntl

    from tests.schema_support import install_fresh

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the directory all workers of this run have in common
    var_dir = shared / "migrated-sqlite"
    done = var_dir / "done"
    with open(shared / "migrated-sqlite.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            var_dir.mkdir(exist_ok=True)
            env = {**os.environ, "RECLAIM_VAR_DIR": str(var_dir)}
            env.pop("DATABASE_URL", None)
            install_fresh(env)
            done.touch()
    return var_dir / "reclaim.sqlite3"


@pytest.fixture(scope="session")
def migrated_postgres_lock(tmp_path_factory) -> Path:
    """The file lock that guards the run's migrated PostgreSQL database (shared by the test processes)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the directory all workers of this run have in common
    return shared / "migrated-postgres.lock"


@pytest.fixture(scope="session")
def migrated_postgres_url(django_db_setup, django_db_blocker, migrated_postgres_lock) -> Iterator[str]:
    """A database on the test PostgreSQL server migrated the way an installation is (`migrate`, then
    `createcachetable`, in child processes): about a minute, so it is made once for the whole run and shared by
    the test processes, like the SQLite file above. Each process that uses it counts itself in (a file lock in the
    run's temporary directory); the last one out drops it. Tests that write copy it first (`CREATE DATABASE ...
    TEMPLATE`: tests/schema_support.py `copy_of_migrated_postgres`); nobody connects to it."""
    import fcntl
    import re

    import psycopg

    from tests.schema_support import install_fresh

    settings = connection.settings_dict
    # test_reclaim_gw0 and test_reclaim_gw1 share test_reclaim_migrated
    name = re.sub(r"_gw\d+$", "", settings["NAME"]) + "_migrated"
    base = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
    users = migrated_postgres_lock.with_suffix(".users")

    def _admin(statement: str) -> None:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(statement)

    with open(migrated_postgres_lock, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        count = int(users.read_text()) if users.exists() else 0
        if count == 0:  # nobody holds it: (re)make it; a database left by an interrupted run is dropped first
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            _admin(f'CREATE DATABASE "{name}"')
            try:
                install_fresh({**os.environ, "DATABASE_URL": f"{base}/{name}"})
            except BaseException:
                _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                raise
        users.write_text(str(count + 1))
    try:
        yield f"{base}/{name}"
    finally:
        with open(migrated_postgres_lock, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            count = int(users.read_text()) - 1
            users.write_text(str(count))
            if count == 0:
                _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts and ends in the default language: a request leaves its language active in the thread
    (LocaleMiddleware and the staff and portal language middlewares activate one, nothing deactivates it), so code
    run outside a request in the next test (tasks, actions building texts) would inherit it."""
    translation.deactivate()
    yield
    translation.deactivate()


def isolated_settings(documents: Path) -> dict[str, Any]:
    """The settings every test runs with (`_fast_and_isolated`), for a fixture wider than one test to use too."""
    from django.conf import settings as configured

    return {
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Every test Client loads the middleware again; WhiteNoise with finders and without autorefresh walks every
        # static file each time (70 ms a client). Autorefresh looks a file up only when it is asked for.
        "WHITENOISE_AUTOREFRESH": True,
        # Document files go to a directory of the test's own, never var/documents.
        "STORAGES": {
            **configured.STORAGES,
            "documents": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": documents},
            },
        },
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    }


@contextmanager
def module_world(django_db_blocker: Any, documents: Path) -> Iterator[None]:
    """For a module-scoped fixture that builds rows once for all of a module's tests: inside, the database is open
    and the test settings hold; the rows are written in a transaction of the module's own, each test then runs in
    a savepoint of it (pytest-django's `db`), and everything is rolled back when the block ends."""
    with django_db_blocker.unblock(), override_settings(**isolated_settings(documents)), translation.override(None):
        cache.clear()
        with transaction.atomic():
            try:
                yield
            finally:
                transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    for name, value in isolated_settings(tmp_path / "documents").items():
        setattr(settings, name, value)
    # Rate-limit counters (failed logins per IP) live in the cache: start every test with none.
    cache.clear()


@pytest.fixture
def agency(db) -> Agency:
    return do_create_agency(actor=None, name="Agency A", slug="agency-a", org_type="NGO")


@pytest.fixture
def other_agency(db) -> Agency:
    return do_create_agency(actor=None, name="Agency B", slug="agency-b", org_type="NGO")


@pytest.fixture
def team(agency) -> Team:
    return do_create_team(actor=None, agency=agency, name="Intake")


@pytest.fixture
def other_team(other_agency) -> Team:
    return do_create_team(actor=None, agency=other_agency, name="Intake")


def make_personas(agency: Agency, team: Team, other_agency: Agency, other_team: Team) -> dict[str, User | None]:
    """Every staff role in agency A (all in team "Intake"), colleagues in agency B, an operator, anonymous."""
    ours = do_add_members(
        actor=None,
        agency=agency,
        members=[
            NewMember(f"{name}@a.example", name, role, PASSWORD, (team,)) for name, role in STAFF_PERSONAS.items()
        ],
    )
    users: dict[str, User | None] = {name: m.user for name, m in zip(STAFF_PERSONAS, ours, strict=True)}
    theirs = do_add_members(
        actor=None,
        agency=other_agency,
        members=[
            NewMember("cm@b.example", "B case manager", Role.CASE_MANAGER, PASSWORD, (other_team,)),
            NewMember("admin@b.example", "B admin", Role.AGENCY_ADMIN, PASSWORD),
        ],
    )
    users["other_agency_user"], users["other_agency_admin"] = (m.user for m in theirs)
    users["platform_operator"] = User.objects.create_user(
        email="op@platform.example", password=PASSWORD, display_name="Operator", is_platform_operator=True
    )
    users["anonymous"] = None
    return users


@pytest.fixture
def personas(agency, team, other_agency, other_team) -> dict[str, User | None]:
    return make_personas(agency, team, other_agency, other_team)


def portal_client(account: Any) -> Client:
    """A browser signed in to the portal as this survivor's account (as reclaim/portal/auth.py would)."""
    from reclaim.portal import auth

    client = Client()
    session = client.session
    session[auth.ACCOUNT_KEY] = str(account.pk)
    session[auth.GENERATION_KEY] = account.session_generation
    session[auth.LAST_SEEN_KEY] = time.time()
    session[auth.AGENCY_KEY] = str(account.agency_id)
    session.save()
    return client


def active_portal_account(case: Any, actor: Any, username: str) -> Any:
    """Portal access for the case's survivor, set up by `actor` and activated with `username`."""
    from reclaim.connect.actions import do_activate, do_create_portal_access

    _account, code = do_create_portal_access(actor=actor, case=case)
    return do_activate(code=code, username=username, passphrase="a-long-portal-passphrase-7")


def first_two_pages(client: Client, url: str, assert_max_queries: Any) -> tuple[Any, Any]:
    """Pages 1 and 2 of a paged list (after one request that warms the session and caches), asserting that the
    second costs the same statements as the first."""
    client.get(url)
    with assert_max_queries(30) as first_read:
        first = client.get(url)
    with assert_max_queries(30) as second_read:
        second = client.get(f"{url}{'&' if '?' in url else '?'}page=2")
    assert len(second_read.captured_queries) == len(first_read.captured_queries)
    return first, second


def login_client(user: Any, *, mfa_done: bool = True, reauthenticated_at: float | None = 0.0) -> Client:
    """A signed-in client. By default MFA is set up and the password was re-entered just now
    (allauth's session record), so step-up actions go through; pass None to leave that out.
    A PortalAccount gives a survivor's portal session instead."""
    from reclaim.connect.models import PortalAccount

    if isinstance(user, PortalAccount):
        return portal_client(user)
    client = Client()
    if user is not None:
        # The session Client.force_login would store, written in one save. Without django.contrib.auth.login's key
        # rotation and user_logged_in signal (the sign-in audit row, last_login): a third of each request a test
        # makes, thousands of times a run. Signing in itself is tested through the forms (accounts/tests).
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

        session = import_module(django_settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = django_settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        if mfa_done:
            session["_reclaim_mfa_ok"] = True
        if reauthenticated_at is not None:
            session["account_authentication_methods"] = [
                {"method": "password", "at": time.time() - reauthenticated_at, "reauthenticated": True}
            ]
            session["account_authentication_methods_user"] = str(user.pk)
        session.save()
        client.cookies[django_settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.fixture
def client_as(personas) -> Callable[[str], Client]:
    def make(persona: str) -> Client:
        return login_client(personas[persona])

    return make


def make_survivor_a(agency: Agency, team: Team, personas: dict[str, Any]) -> Survivor:
    """A survivor of agency A in team Intake, assigned to the case manager, clinician and legal advocate."""
    return do_create_survivor(
        actor=None,
        agency=agency,
        reference="A-000001",
        given_name="Marisol",
        family_name="Quintanilla",
        date_of_birth=date(1996, 4, 17),
        phone="+1 555 010 4477",
        team=team,
        assigned=[personas["case_manager"], personas["clinician"], personas["legal_advocate"]],
    )


def make_survivor_b(other_agency: Agency, other_team: Team, personas: dict[str, Any]) -> Survivor:
    return do_create_survivor(
        actor=None,
        agency=other_agency,
        reference="B-000001",
        given_name="Teodora",
        family_name="Vasquez-Lindqvist",
        date_of_birth=date(2001, 9, 3),
        team=other_team,
        assigned=[personas["other_agency_user"]],
    )


@pytest.fixture
def survivor_a(agency, team, personas) -> Survivor:
    return make_survivor_a(agency, team, personas)


@pytest.fixture
def survivor_b(other_agency, other_team, personas) -> Survivor:
    return make_survivor_b(other_agency, other_team, personas)


_TEST_TRANSACTION_NOISE = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def page_and_queries(client: Client, url: str) -> tuple[str, list[str]]:
    """The page's HTML and the SQL it ran, on a second visit (the first warms the caches a page reads once)."""
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode(), [q["sql"] for q in context.captured_queries]


@pytest.fixture
def assert_max_queries():
    """Like django_assert_max_num_queries, but without the SAVEPOINT statements that exist only because
    the test runs inside a transaction (in production an atomic block here is BEGIN/COMMIT, not logged)."""
    from contextlib import contextmanager

    from django.test.utils import CaptureQueriesContext

    @contextmanager
    def check(limit: int):
        with CaptureQueriesContext(connection) as context:
            yield context
        real = [q["sql"] for q in context.captured_queries if not q["sql"].startswith(_TEST_TRANSACTION_NOISE)]
        assert len(real) <= limit, f"{len(real)} queries (limit {limit}):\n" + "\n".join(real)

    return check


AUDIT_TRIGGERS_SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS core_auditevent_no_update BEFORE UPDATE ON core_auditevent BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;",
    "CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;",
]


@pytest.fixture(scope="module")
def emptied_for_restore(django_db_blocker) -> None:
    """Module-scoped, so it runs before the function-scoped database set-up of a test that asks for
    `django_db_serialized_rollback`: that fixture writes the migrations' rows back with
    their original ids, which fails when an earlier live-server test of the same worker flushed the tables and
    post_migrate made content types again under new ids. Emptying them first (post_migrate held back) lets the
    snapshot go back whole."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update")
                cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_delete")
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for statement in AUDIT_TRIGGERS_SQLITE:
                    cursor.execute(statement)


@pytest.fixture
def flushable_db(transactional_db) -> Iterator[None]:
    """transactional_db for live-server tests. Django empties tables with DELETE on SQLite, which the
    audit triggers refuse, so they are lifted just for that flush and put back before the next test."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for statement in AUDIT_TRIGGERS_SQLITE:
                cursor.execute(statement)
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_delete")
