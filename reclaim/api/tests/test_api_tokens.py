"""Issue 11 D: your API tokens through the API. Creating one needs the password re-entered, as on the page: an API
token is always refused, a browser session only passes right after re-entering it."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import login_client
from reclaim.accounts.actions import do_create_api_token
from reclaim.accounts.models import ApiToken, Membership

pytestmark = pytest.mark.django_db


def _bearer(user) -> tuple[ApiToken, Client]:
    token, raw = do_create_api_token(actor=user, membership=Membership.objects.get(user=user), name="script")
    return token, Client(headers={"Authorization": f"Bearer {raw}"})


def test_create_list_and_revoke_from_a_recent_session(personas):
    client = login_client(personas["case_manager"])
    # when a token is created just after the password was entered
    created = client.post("/api/v1/tokens", {"name": "nightly sync", "expires_in_days": 30}, "application/json")
    # then the secret is in the answer, works as a bearer token, and is not stored
    assert created.status_code == 201, created.content
    body = created.json()
    secret = body["token"]
    assert secret.startswith("rcl_") and body["active"] is True and body["expires_at"] is not None
    assert secret not in ApiToken.objects.get(pk=body["id"]).token_hash
    assert Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/me").status_code == 200
    # the list shows it without the secret
    listed = client.get("/api/v1/tokens").json()["items"]
    assert [row["id"] for row in listed] == [body["id"]] and "token" not in listed[0]
    # revoked, it stops working at once
    revoked = client.post(f"/api/v1/tokens/{body['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    assert Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/me").status_code == 401


def test_an_api_token_cannot_create_a_token(personas):
    _token, client = _bearer(personas["case_manager"])
    response = client.post("/api/v1/tokens", {"name": "another"}, "application/json")
    assert (response.status_code, response.json()["code"]) == (403, "reauthentication_required")
    assert ApiToken.objects.count() == 1


def test_a_session_without_a_recent_password_cannot_create_a_token(personas):
    client = login_client(personas["case_manager"], reauthenticated_at=3600)
    response = client.post("/api/v1/tokens", {"name": "another"}, "application/json")
    assert (response.status_code, response.json()["code"]) == (403, "reauthentication_required")
    assert not ApiToken.objects.exists()


def test_a_token_may_revoke_itself_but_not_someone_elses(personas):
    token, client = _bearer(personas["case_manager"])
    other, _other_client = _bearer(personas["clinician"])
    assert client.post(f"/api/v1/tokens/{other.pk}/revoke").status_code == 404
    assert client.get("/api/v1/tokens").json()["items"][0]["id"] == str(token.pk)
    assert client.post(f"/api/v1/tokens/{token.pk}/revoke").status_code == 200
    assert client.get("/api/v1/tokens").status_code == 401


@pytest.mark.parametrize("body", [{"name": ""}, {"name": "x" * 81}, {"name": "ok", "expires_in_days": 7}, {}])
def test_bad_input_is_422_and_creates_nothing(personas, body):
    response = login_client(personas["case_manager"]).post("/api/v1/tokens", body, "application/json")
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_a_replay_does_not_repeat_the_secret(personas):
    client = login_client(personas["case_manager"])
    headers = {"Idempotency-Key": "token-1"}
    first = client.post("/api/v1/tokens", {"name": "sync"}, "application/json", headers=headers)
    again = client.post("/api/v1/tokens", {"name": "sync"}, "application/json", headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["token"] and again.json()["token"] is None
    assert again.json()["id"] == first.json()["id"] and ApiToken.objects.count() == 1
