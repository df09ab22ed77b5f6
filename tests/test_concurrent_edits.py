"""Two editors on one case (issue 13, item 4), property-tested: both read the same version and save at the same moment
through the API of a real server with two worker processes. Exactly one wins; the other gets 409 with the version
saved now, and nothing of theirs is written. Runs on SQLite (writers queue on the write lock) and PostgreSQL (the
case row is locked for the check)."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.crash_support import SETUP, IntakeClient, Server, installation, running, shell

# django_db: so that the run sets the test database up (the migrated copies are found from it), even alone
pytestmark = pytest.mark.django_db

EDITS = st.fixed_dictionaries(
    {"identification_place": st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=30).map(str.strip)},
    optional={
        "danger_now": st.booleans(),
        "is_minor": st.sampled_from([True, False, None]),
        "identified_on": st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 1, 1)),
    },
)


def _together(client: IntakeClient, path: str, bodies: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """Send the bodies at the same moment, one thread each."""
    start = threading.Barrier(len(bodies))
    answers: list[tuple[int, dict[str, Any]] | None] = [None] * len(bodies)

    def send(index: int) -> None:
        start.wait()
        answers[index] = client.call("PATCH", path, bodies[index])

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(answer is not None for answer in answers)
    return [answer for answer in answers if answer is not None]


def test_two_editors_saving_the_same_version_at_once_exactly_one_wins(request: pytest.FixtureRequest, tmp_path: Path):
    env = installation(request, tmp_path)
    made = shell(env, SETUP)
    server = Server(env, tmp_path / "gunicorn.log", workers=2)
    with running(server):
        client = IntakeClient(server, made["token"], made["team"])
        case_id = client.until_answered("Edited")
        path = f"/api/v1/cases/{case_id}"
        rounds = iter(range(10_000))

        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(first=EDITS, second=EDITS)
        def two_editors(first: dict[str, Any], second: dict[str, Any]) -> None:
            n = next(rounds)
            # given both editors read the case at the same version; each changes the place (so each save is a change)
            status, before = client.call("GET", path)
            assert status == 200
            version = before["version"]
            bodies = [
                {"version": version, **first, "identification_place": f"a{n} {first['identification_place']}"},
                {"version": version, **second, "identification_place": f"b{n} {second['identification_place']}"},
            ]
            bodies = [{k: v.isoformat() if isinstance(v, date) else v for k, v in body.items()} for body in bodies]
            # when both save at once
            answers = _together(client, path, bodies)
            # then exactly one wins, the other is told someone saved first
            statuses = sorted(status for status, _ in answers)
            assert statuses == [200, 409], answers
            winner = next(body for body, (status, _) in zip(bodies, answers, strict=True) if status == 200)
            loser = next(answer for status, answer in answers if status == 409)
            assert loser["code"] == "edit_conflict" and loser["current_version"] == version + 1
            # and the case holds the winner's values, at the next version, nothing of the loser's
            status, after = client.call("GET", path)
            assert status == 200 and after["version"] == version + 1
            for name, value in winner.items():
                if name in after and name != "version":  # the place is not in the case's answer (it is PII)
                    assert after[name] == (value if name != "danger_now" or value is not None else False), name

        two_editors()
    assert "database is locked" not in (tmp_path / "gunicorn.log").read_text()
