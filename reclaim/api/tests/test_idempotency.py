from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from conftest import login_client
from reclaim.accounts.actions import do_create_api_token
from reclaim.accounts.idempotency import Outcome, claim_idempotency_key, key_hash
from reclaim.accounts.models import ApiToken, IdempotencyKey, Membership
from reclaim.accounts.tasks import purge_expired_idempotency_keys
from reclaim.api.idempotency import request_hash
from reclaim.people.models import Survivor

NEW_PERSON = {"given_name": "Nadia", "family_name": "Okonkwo-Reyes", "confirmed_new_person": True}


def _token(user) -> tuple[ApiToken, str]:
    return do_create_api_token(actor=user, membership=Membership.objects.get(user=user), name="t")


def _bearer(user) -> Client:
    _t, raw = _token(user)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _create(client: Client, key: str | None, body: dict[str, object] | None = None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post("/api/v1/survivors", body or NEW_PERSON, content_type="application/json", headers=headers)


def test_a_retry_with_the_same_key_replays_the_first_answer_and_creates_nothing(personas, agency):
    client = _bearer(personas["case_manager"])
    before = Survivor.objects.filter(agency=agency).count()
    # when the same create is sent twice with one key
    first = _create(client, "create-nadia-1")
    second = _create(client, "create-nadia-1")
    # then one survivor exists, and the retry got the very same answer, marked as a replay
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first
    assert second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()
    assert Survivor.objects.filter(agency=agency).count() == before + 1
    record = IdempotencyKey.objects.get()
    assert (record.status_code, record.agency_id, record.user_id) == (201, agency.pk, personas["case_manager"].pk)


def test_without_a_key_each_post_creates(personas, agency):
    client = _bearer(personas["case_manager"])
    before = Survivor.objects.filter(agency=agency).count()
    assert _create(client, None).status_code == 201
    assert _create(client, None).status_code == 201
    assert Survivor.objects.filter(agency=agency).count() == before + 2
    assert not IdempotencyKey.objects.exists()


def test_the_same_key_with_a_different_body_is_refused_and_nothing_is_created(personas, agency):
    client = _bearer(personas["case_manager"])
    assert _create(client, "k-1").status_code == 201
    before = Survivor.objects.filter(agency=agency).count()
    response = _create(client, "k-1", {**NEW_PERSON, "given_name": "Ines"})
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert response.json()["fields"] == {}
    assert "Nadia" not in response.content.decode() and "Ines" not in response.content.decode()
    assert Survivor.objects.filter(agency=agency).count() == before


def test_a_duplicate_while_the_first_is_still_running_gets_409(personas, agency, rf):
    user = personas["case_manager"]
    token, raw = _token(user)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    # given the first request with this key has claimed it and not answered yet
    request = rf.post("/api/v1/survivors", NEW_PERSON, content_type="application/json")
    claim = claim_idempotency_key(
        user=user, agency_id=agency.pk, principal=f"token:{token.pk}", key="slow-1", request_hash=request_hash(request)
    )
    assert claim.outcome is Outcome.NEW
    before = Survivor.objects.filter(agency=agency).count()
    # when the retry arrives
    response = _create(client, "slow-1")
    # then it is told to wait, and nothing ran
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_in_progress"
    assert Survivor.objects.filter(agency=agency).count() == before


def test_a_claim_left_by_a_request_that_died_is_given_up_after_a_while(personas, agency, rf):
    user = personas["case_manager"]
    token, raw = _token(user)
    request = rf.post("/api/v1/survivors", NEW_PERSON, content_type="application/json")
    claim_idempotency_key(
        user=user, agency_id=agency.pk, principal=f"token:{token.pk}", key="died-1", request_hash=request_hash(request)
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = _create(Client(headers={"Authorization": f"Bearer {raw}"}), "died-1")
    assert response.status_code == 201


def test_a_refused_request_is_not_stored_so_the_key_can_be_used_again(personas, agency):
    client = _bearer(personas["case_manager"])
    # a 422 (no name at all is refused by validation) with the key
    refused = client.post(
        "/api/v1/survivors", {"given_name": 12}, content_type="application/json", headers={"Idempotency-Key": "k-2"}
    )
    assert refused.status_code == 422
    assert not IdempotencyKey.objects.exists()
    # the corrected request with the same key goes through
    assert _create(client, "k-2").status_code == 201
    assert IdempotencyKey.objects.count() == 1


def test_a_read_only_refusal_frees_the_key_too(personas):
    response = _create(_bearer(personas["program_director"]), "k-3")
    assert response.status_code == 403
    assert not IdempotencyKey.objects.exists()


def test_keys_belong_to_their_token_and_expire_after_a_day(personas, agency):
    user = personas["case_manager"]
    first_token, second_token = _bearer(user), _bearer(user)
    before = Survivor.objects.filter(agency=agency).count()
    assert _create(first_token, "shared-key").status_code == 201
    # another token with the same key is another client: its request runs
    other = _create(second_token, "shared-key")
    assert other.status_code == 201
    assert "Idempotent-Replayed" not in other
    assert Survivor.objects.filter(agency=agency).count() == before + 2
    # a day later the key is forgotten: the same request runs again, and the purge removes the old rows
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        assert purge_expired_idempotency_keys.call() == 2
        again = _create(first_token, "shared-key")
        assert again.status_code == 201
        assert "Idempotent-Replayed" not in again
    assert Survivor.objects.filter(agency=agency).count() == before + 3
    assert IdempotencyKey.objects.count() == 1


def test_an_expired_key_is_not_replayed_even_before_the_purge(personas, agency):
    client = _bearer(personas["case_manager"])
    before = Survivor.objects.filter(agency=agency).count()
    assert _create(client, "k-4").status_code == 201
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert "Idempotent-Replayed" not in _create(client, "k-4")
    assert Survivor.objects.filter(agency=agency).count() == before + 2
    assert IdempotencyKey.objects.count() == 1


def test_session_calls_have_keys_of_their_own(personas, agency):
    client = login_client(personas["case_manager"])
    before = Survivor.objects.filter(agency=agency).count()
    assert _create(client, "browser-1").status_code == 201
    replay = _create(client, "browser-1")
    assert replay["Idempotent-Replayed"] == "true"
    assert Survivor.objects.filter(agency=agency).count() == before + 1
    assert IdempotencyKey.objects.get().principal == f"user:{personas['case_manager'].pk}"


def test_a_malformed_key_is_refused(personas, agency):
    client = _bearer(personas["case_manager"])
    before = Survivor.objects.filter(agency=agency).count()
    for key in ["x" * 256, "tab\there", "ключ"]:
        response = client.post(
            "/api/v1/survivors", NEW_PERSON, content_type="application/json", headers={"Idempotency-Key": key}
        )
        assert response.status_code == 422, key
        assert response.json()["code"] == "idempotency_key_invalid"
    assert _create(client, "x" * 255).status_code == 201
    assert Survivor.objects.filter(agency=agency).count() == before + 1


def test_the_key_is_stored_hashed_and_the_answer_encrypted(personas):
    from django.db import connection

    assert _create(_bearer(personas["case_manager"]), "visible-key-value").status_code == 201
    record = IdempotencyKey.objects.get()
    assert record.key_hash == key_hash("visible-key-value")
    assert "Okonkwo-Reyes" in record.response_body  # the model reads it back
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_idempotencykey")
        raw = repr(cursor.fetchall())
    assert "Okonkwo" not in raw and "Nadia" not in raw and "visible-key-value" not in raw


def test_get_requests_ignore_the_header(personas):
    client = _bearer(personas["case_manager"])
    response = client.get("/api/v1/me", headers={"Idempotency-Key": "k-5"})
    assert response.status_code == 200
    assert not IdempotencyKey.objects.exists()
