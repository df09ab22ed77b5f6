"""schemathesis against the live API: real HTTP on loopback, a case manager's API token, seeded data.

Every operation of /api/v1 gets a few generated requests with the real ids of the permission matrix's objects
in its path (so they reach the code behind the access gate), then a few deliberately invalid ones (schemathesis'
negative mode: wrong types, missing fields, malformed ids, huge numbers). Checks: no 5xx, and every response body
conforms to the schema declared for its status code. It takes about 2 to 3 minutes on 2 busy cores (the setup of
the test database apart).

Every answer's status must also be one the document declares for the operation (`status_code_conformance`):
the error statuses come from reclaim/api/openapi.py and the handlers' own `response=` declarations.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from reclaim.accounts.actions import do_create_api_token
from reclaim.accounts.models import Membership
from tests.test_permission_matrix import API_MATRIX, objects  # noqa: F401 — `objects` is the seeding fixture

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
EXAMPLES = 2  # per operation and mode; derandomized, so every run sends the same requests

# Operations a generated request must not run, each with the reason. Keep this list short and explained.
EXCLUDED: dict[tuple[str, str], str] = {}

# Writes that end an object (revoke, delete) go last, so the other operations still find the seeded objects.
ENDING_METHODS = {"DELETE": 1}


def _real_path_parameters(path_template: str, url: str) -> dict[str, str]:
    """The path parameters of `url` (built by the permission matrix from real objects) under `path_template`."""
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path_template))
    match = re.fullmatch(pattern, urlsplit(url).path)
    assert match is not None, (path_template, url)
    return match.groupdict()


def _run(strategy: Any, session: requests.Session, base_url: str) -> str | None:
    """The first failure of a few generated requests, as text, or None."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failing request is reported as it was
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case: Any) -> None:
        case.call_and_validate(base_url=base_url, session=session, checks=CHECKS)

    try:
        check()
    except Unsatisfiable:
        return None  # nothing in this operation can be made invalid (no parameters, no body): nothing to send
    except (Exception, BaseExceptionGroup) as exc:  # collected, and reported all together by the test
        causes = exc.exceptions if isinstance(exc, BaseExceptionGroup) else ()  # e.g. hypothesis' FlakyFailure
        return "\n".join(f"{type(e).__name__}: {e}" for e in (exc, *causes))[:3000]
    return None


def test_every_operation_answers_without_5xx_and_as_declared(
    emptied_for_restore,  # before the restore below: an earlier live test may have remade content types
    django_db_serialized_rollback,  # the reference data of the migrations is back even after another live test
    flushable_db,
    live_server,
    personas,
    objects,  # noqa: F811 — the fixture imported above
    settings,
    request: pytest.FixtureRequest,
):
    settings.RECLAIM_API_RATE_LIMIT = "100000/minute"
    settings.RECLAIM_API_WRITE_RATE_LIMIT = "100000/minute"
    membership = Membership.objects.get(user=personas["case_manager"])
    _token, raw = do_create_api_token(actor=personas["case_manager"], membership=membership, name="schemathesis")
    real_urls = {key: entry[0](objects) for key, entry in API_MATRIX.items()}

    # Authentication is the token in every request: no generated cookies or headers for the security schemes.
    config = schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}})
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json", config=config, timeout=120)
    session = requests.Session()
    request.addfinalizer(session.close)  # else a kept-alive socket holds a server thread and its database session
    session.headers["Authorization"] = f"Bearer {raw}"
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda op: (ENDING_METHODS.get(op.method.upper(), 0), op.path, op.method))

    statuses: Counter[int] = Counter()
    session.hooks["response"].append(lambda response, *args, **kwargs: statuses.update([response.status_code]))

    started = time.monotonic()
    failures: dict[str, str] = {}
    for operation in operations:
        key = (operation.method.lower(), operation.path)
        if key in EXCLUDED:
            continue
        real = _real_path_parameters(operation.path, real_urls[key]) if key in real_urls else {}
        strategies = {
            "real ids": operation.as_strategy(path_parameters=real or None),
            # invalid values are refused by validation before any object is looked up: generated ids will do
            "invalid": operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        }
        for mode, strategy in strategies.items():
            problem = _run(strategy, session, live_server.url)
            if problem:
                failures[f"{operation.method.upper()} {operation.path} ({mode})"] = problem
    elapsed = time.monotonic() - started
    print(f"schemathesis: {len(operations)} operations, {statuses.total()} requests in {elapsed:.0f} s: {statuses}")  # noqa: T201
    assert not failures, "\n\n".join(f"{name}\n{text}" for name, text in failures.items())
    # the token held to the end: a run of 401s would have passed every check without testing anything
    assert statuses[401] == 0
    assert len(operations) == len(API_MATRIX)
