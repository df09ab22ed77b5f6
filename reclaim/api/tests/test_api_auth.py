from __future__ import annotations

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import login_client
from reclaim.accounts.actions import do_change_membership, do_create_api_token, do_revoke_api_token
from reclaim.accounts.models import ApiToken, Membership


def _token_for(user) -> tuple[ApiToken, str]:
    return do_create_api_token(actor=user, membership=Membership.objects.get(user=user), name="test")


def _bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_me_with_a_token(personas):
    _token, raw = _token_for(personas["case_manager"])
    response = _bearer(raw).get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body["role"] == "case_manager"
    assert body["capabilities"]["case_scope"] == "assigned"


def test_tokens_are_stored_hashed(personas):
    token, raw = _token_for(personas["case_manager"])
    assert raw.split("_", 2)[2] not in token.token_hash
    assert len(token.token_hash) == 64


def test_bad_revoked_and_suspended_tokens_get_401(personas, agency):
    _t, raw = _token_for(personas["case_manager"])
    assert _bearer(raw + "x").get("/api/v1/me").status_code == 401
    assert _bearer("rcl_nothing_here").get("/api/v1/me").status_code == 401
    # a revoked token
    token2, raw2 = _token_for(personas["clinician"])
    do_revoke_api_token(actor=personas["clinician"], token=token2)
    assert _bearer(raw2).get("/api/v1/me").status_code == 401
    # a suspended user's token
    membership = Membership.objects.get(user=personas["legal_advocate"])
    _t3, raw3 = _token_for(personas["legal_advocate"])
    assert _bearer(raw3).get("/api/v1/me").status_code == 200
    do_change_membership(
        actor=personas["agency_admin"], membership=membership, role=membership.role, teams=[], is_active=False
    )
    response = _bearer(raw3).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_survivor_read_through_the_api_respects_scope(personas, survivor_a, survivor_b):
    _t, raw = _token_for(personas["case_manager"])
    client = _bearer(raw)
    ok = client.get(f"/api/v1/survivors/{survivor_a.pk}")
    assert ok.status_code == 200
    assert ok.json()["given_name"] == "Marisol"
    other = client.get(f"/api/v1/survivors/{survivor_b.pk}")
    assert other.status_code == 404
    assert other.json() == {"code": "not_found", "message": "Not found.", "fields": {}}
    malformed = client.get("/api/v1/survivors/not-a-uuid")
    assert malformed.status_code == 404
    assert malformed.json()["code"] == "not_found"


def test_token_page_shows_a_new_token_once(personas):
    client = login_client(personas["case_manager"])
    response = client.post(reverse("accounts:tokens"), {"name": "sync script", "expires_in_days": 90})
    raw = response.context["new_token"]
    assert raw.startswith("rcl_")
    assert raw not in client.get(reverse("accounts:tokens")).content.decode()
    assert _bearer(raw).get("/api/v1/me").status_code == 200


def test_create_api_token_command(personas, capsys):
    call_command("create_api_token", "--user", "case_manager@a.example")
    raw = capsys.readouterr().out.strip()
    assert _bearer(raw).get("/api/v1/me").status_code == 200


def test_openapi_schema_is_served():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/me" in response.json()["paths"]
