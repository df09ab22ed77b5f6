from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given, settings
from hypothesis import strategies as st

from reclaim.core import crypto


@pytest.fixture
def agency_id(agency):
    return agency.pk


@pytest.mark.django_db
@settings(max_examples=50, deadline=None)
@given(text=st.text(max_size=500))
def test_encrypt_then_decrypt_returns_the_plaintext(text):
    # given an agency (created once: hypothesis reuses the database between examples)
    from reclaim.accounts.models import Agency

    agency = Agency.objects.first() or _make_agency()
    # when
    token = crypto.encrypt(text.encode(), scope_id=agency.pk, aad="people.survivor.given_name")
    # then
    assert token.startswith(crypto.CIPHERTEXT_PREFIX)
    assert crypto.decrypt(token, aad="people.survivor.given_name") == text.encode()


def _make_agency():
    from reclaim.accounts.actions import do_create_agency

    return do_create_agency(actor=None, name="H", slug="hypothesis", org_type="NGO")


def test_ciphertext_is_bound_to_its_column(agency_id):
    token = crypto.encrypt(b"Marisol", scope_id=agency_id, aad="people.survivor.given_name")
    with pytest.raises(crypto.CryptoError):
        crypto.decrypt(token, aad="people.survivor.family_name")


def test_tampered_ciphertext_is_refused(agency_id):
    token = crypto.encrypt(b"Marisol", scope_id=agency_id, aad="x")
    head, blob = token.rsplit("$", 1)
    flipped = blob[:-6] + ("A" if blob[-6] != "A" else "B") + blob[-5:]
    with pytest.raises(crypto.CryptoError):
        crypto.decrypt(f"{head}${flipped}", aad="x")


def test_same_plaintext_encrypts_differently_each_time(agency_id):
    assert crypto.encrypt(b"same", scope_id=agency_id, aad="x") != crypto.encrypt(b"same", scope_id=agency_id, aad="x")


def test_agencies_use_different_data_keys(agency, other_agency):
    token_a = crypto.encrypt(b"v", scope_id=agency.pk, aad="x")
    token_b = crypto.encrypt(b"v", scope_id=other_agency.pk, aad="x")
    assert crypto.ciphertext_key_id(token_a) != crypto.ciphertext_key_id(token_b)


def test_master_keyring_unwraps_with_older_keys_and_wraps_with_the_newest():
    # given a key wrapped under an old master key
    old, new = crypto.generate_key(), crypto.generate_key()
    data_key = crypto.new_data_key()
    wrapped = crypto.MasterKeyring([old]).wrap(data_key)
    # when the keyring gains a newer key
    ring = crypto.MasterKeyring([new, old])
    # then the old wrapping still opens, and is not "current"
    assert ring.unwrap(wrapped) == data_key
    assert not ring.wrapped_with_current(wrapped)
    assert ring.wrapped_with_current(ring.wrap(data_key))


def test_unknown_master_key_is_a_clear_error():
    wrapped = crypto.MasterKeyring([crypto.generate_key()]).wrap(crypto.new_data_key())
    with pytest.raises(crypto.CryptoError, match="not configured"):
        crypto.MasterKeyring([crypto.generate_key()]).unwrap(wrapped)


@pytest.mark.parametrize("bad", ["", "short", "!!!notbase64!!!"])
def test_bad_master_keys_fail_loudly(bad):
    with pytest.raises(ImproperlyConfigured):
        crypto.MasterKeyring([bad] if bad else [])


def test_a_sealer_encrypts_as_encrypt_does_under_the_scopes_active_key(agency_id):
    # given a sealer for one agency and column, as bulk writes use
    seal = crypto.sealer(agency_id, aad="people.survivor.given_name")
    # when it seals two equal values
    first, second = seal(b"Marisol"), seal(b"Marisol")
    # then each decrypts like encrypt's, under the same active key, with a nonce of its own
    expected_key = crypto.ciphertext_key_id(crypto.encrypt(b"x", scope_id=agency_id, aad="x"))
    assert crypto.decrypt(first, aad="people.survivor.given_name") == b"Marisol"
    assert crypto.ciphertext_key_id(first) == crypto.ciphertext_key_id(second) == expected_key
    assert first != second
    with pytest.raises(crypto.CryptoError):
        crypto.decrypt(first, aad="people.survivor.family_name")


def test_the_key_cache_makes_a_cipher_once_per_key_and_forgets_it_when_cleared():
    # given a cache and two keys that a store might give under one id
    cache = crypto.KeyCache()
    key, other = crypto.new_data_key(), crypto.new_data_key()
    # when the same id and key are asked twice, then the same cipher comes back
    cipher = cache.cipher("k", key)
    assert cache.cipher("k", key) is cipher
    # another key under that id gets a cipher of its own, which seals under that key
    replaced = cache.cipher("k", other)
    assert replaced is not cipher
    nonce = b"\0" * 12
    assert AESGCM(other).decrypt(nonce, replaced.encrypt(nonce, b"v", b"a"), b"a") == b"v"
    # and clearing the cache (key rotation) drops the ciphers with the keys
    cache.clear()
    assert cache.cipher("k", other) is not replaced
