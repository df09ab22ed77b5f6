from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from conftest import login_client
from reclaim.accounts.actions import do_create_api_token
from reclaim.accounts.models import Membership
from reclaim.api.ratelimit import Rate, parse_rate

# The start of a minute, so a test's requests never straddle two windows.
MINUTE_START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)


def _bearer(user) -> Client:
    _token, raw = do_create_api_token(actor=user, membership=Membership.objects.get(user=user), name="t")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def frozen():
    with time_machine.travel(MINUTE_START + timedelta(seconds=10), tick=False) as traveller:
        yield traveller


def test_reads_over_the_limit_get_429_with_the_error_body_and_retry_after(personas, settings, frozen):
    settings.RECLAIM_API_RATE_LIMIT = "2/minute"
    client = _bearer(personas["case_manager"])
    # the first two reads pass and say how many are left
    first, second = client.get("/api/v1/me"), client.get("/api/v1/me")
    assert (first.status_code, second.status_code) == (200, 200)
    assert first["X-RateLimit-Limit"] == "2"
    assert (first["X-RateLimit-Remaining"], second["X-RateLimit-Remaining"]) == ("1", "0")
    window_end = int((MINUTE_START + timedelta(minutes=1)).timestamp())
    assert first["X-RateLimit-Reset"] == str(window_end)
    # the third is refused, in the one error shape, with the seconds to wait
    third = client.get("/api/v1/me")
    assert third.status_code == 429
    assert third.json() == {
        "code": "rate_limited",
        "message": "Too many requests. Wait a moment, then try again.",
        "fields": {},
    }
    assert third["Retry-After"] == "50"
    assert third["X-RateLimit-Remaining"] == "0"


def test_a_new_window_lets_requests_through_again(personas, settings, frozen):
    settings.RECLAIM_API_RATE_LIMIT = "1/minute"
    client = _bearer(personas["case_manager"])
    assert client.get("/api/v1/me").status_code == 200
    assert client.get("/api/v1/me").status_code == 429
    frozen.move_to(MINUTE_START + timedelta(minutes=1, seconds=1))
    assert client.get("/api/v1/me").status_code == 200


def test_writes_count_against_their_own_lower_limit(personas, settings, frozen):
    settings.RECLAIM_API_RATE_LIMIT = "100/minute"
    settings.RECLAIM_API_WRITE_RATE_LIMIT = "1/minute"
    client = _bearer(personas["case_manager"])
    body = {"given_name": "Nadia", "family_name": "Okonkwo-Reyes", "confirmed_new_person": True}
    assert client.post("/api/v1/survivors", body, content_type="application/json").status_code == 201
    refused = client.post("/api/v1/survivors", body, content_type="application/json")
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    # reads still pass, and report the read limit
    read = client.get("/api/v1/me")
    assert read.status_code == 200
    assert read["X-RateLimit-Limit"] == "100"


def test_each_token_and_each_session_user_has_its_own_count(personas, settings, frozen):
    settings.RECLAIM_API_RATE_LIMIT = "1/minute"
    first_token, second_token = _bearer(personas["case_manager"]), _bearer(personas["case_manager"])
    assert first_token.get("/api/v1/me").status_code == 200
    assert first_token.get("/api/v1/me").status_code == 429
    # another token of the same person, the same person signed in, and a colleague are counted apart
    assert second_token.get("/api/v1/me").status_code == 200
    session = login_client(personas["case_manager"])
    assert session.get("/api/v1/me").status_code == 200
    assert session.get("/api/v1/me").status_code == 429
    assert _bearer(personas["clinician"]).get("/api/v1/me").status_code == 200


def test_an_unauthenticated_call_is_not_counted_and_gets_no_headers(personas, settings):
    settings.RECLAIM_API_RATE_LIMIT = "1/minute"
    for _ in range(3):
        response = Client().get("/api/v1/me")
        assert response.status_code == 401
        assert "X-RateLimit-Limit" not in response


def test_an_empty_setting_turns_the_limit_off(personas, settings):
    settings.RECLAIM_API_RATE_LIMIT = ""
    client = _bearer(personas["case_manager"])
    for _ in range(5):
        response = client.get("/api/v1/me")
        assert response.status_code == 200
        assert "X-RateLimit-Limit" not in response


def test_pages_outside_the_api_are_not_counted(personas, settings):
    settings.RECLAIM_API_RATE_LIMIT = "1/minute"
    client = login_client(personas["case_manager"])
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200


def test_the_default_limits_are_configured(settings):
    assert parse_rate(settings.RECLAIM_API_RATE_LIMIT) == Rate(limit=600, window=60)
    assert parse_rate(settings.RECLAIM_API_WRITE_RATE_LIMIT) == Rate(limit=120, window=60)


@pytest.mark.parametrize(
    ("text", "rate"),
    [("10/s", Rate(10, 1)), ("5000/hours", Rate(5000, 3600)), ("1/d", Rate(1, 86400)), ("", None)],
)
def test_rates_are_read_from_text(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["ten/minute", "10/fortnight", "10"])
def test_a_malformed_rate_is_refused(text):
    with pytest.raises(ValueError, match="a rate is"):
        parse_rate(text)


def test_the_reset_time_is_in_the_future(personas):
    response = _bearer(personas["case_manager"]).get("/api/v1/me")
    assert int(response["X-RateLimit-Reset"]) > time.time() - 1
