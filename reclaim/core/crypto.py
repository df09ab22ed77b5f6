"""Envelope encryption: per-agency data keys wrapped by master keys (KEKs) from the environment.

Ciphertext format (text, stored in a TEXT column):  ``e1$<data key id>$<base64(nonce | AES-GCM ct)>``
Wrapped data key format:                            ``k1$<kek id>$<base64(nonce | AES-GCM ct)>``

The associated data binds a ciphertext to its column, so a value copied into another column
does not decrypt. Keys never reach the database in clear and never appear in logs.
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
import time
from functools import cache
from typing import TYPE_CHECKING, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

CIPHERTEXT_PREFIX = "e1$"
WRAPPED_PREFIX = "k1$"
_NONCE_BYTES = 12
_KEY_BYTES = 32
_WRAP_AAD = b"reclaim:data-key"


class CryptoError(Exception):
    """A value could not be decrypted: wrong key, tampered ciphertext or unknown key id."""


class Ciphertext(str):
    """A string that is already encrypted; encrypted fields accept nothing else for the database."""

    __slots__ = ()


def _decode_key(raw: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4))
    except (ValueError, UnicodeEncodeError):
        raise ImproperlyConfigured("an encryption key is not valid URL-safe base64") from None
    if len(key) != _KEY_BYTES:
        raise ImproperlyConfigured("encryption keys must be 32 bytes (44 characters of URL-safe base64)")
    return key


def generate_key() -> str:
    """A new 32-byte key as URL-safe base64, the format RECLAIM_MASTER_KEYS and RECLAIM_INDEX_KEYS take."""
    return base64.urlsafe_b64encode(os.urandom(_KEY_BYTES)).decode("ascii")


def key_fingerprint(key: bytes) -> str:
    return hashlib.sha256(b"reclaim:kek-id:" + key).hexdigest()[:16]


class MasterKeyring:
    """The key-encryption keys, newest first: the first wraps, all of them unwrap."""

    def __init__(self, raw_keys: list[str]) -> None:
        if not raw_keys:
            raise ImproperlyConfigured("set RECLAIM_MASTER_KEYS or RECLAIM_MASTER_KEYS_FILE")
        self._keys = [_decode_key(raw) for raw in raw_keys]
        self._by_id = {key_fingerprint(key): key for key in self._keys}

    @property
    def current_id(self) -> str:
        return key_fingerprint(self._keys[0])

    def wrap(self, data_key: bytes, *, purpose: bytes = _WRAP_AAD) -> str:
        """Seal `data_key` under the newest master key; `purpose` (associated data) keeps a key wrapped for one use
        (an agency's data key, a backup archive's key) from being accepted as the other."""
        nonce = os.urandom(_NONCE_BYTES)
        sealed = AESGCM(self._keys[0]).encrypt(nonce, data_key, purpose)
        return f"{WRAPPED_PREFIX}{self.current_id}${base64.b64encode(nonce + sealed).decode('ascii')}"

    def unwrap(self, wrapped: str, *, purpose: bytes = _WRAP_AAD) -> bytes:
        try:
            prefix_and_id, blob = wrapped.rsplit("$", 1)
            kek_id = prefix_and_id.removeprefix(WRAPPED_PREFIX)
            kek = self._by_id[kek_id]
            raw = base64.b64decode(blob)
            return AESGCM(kek).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], purpose)
        except KeyError:
            raise CryptoError("data key is wrapped by a master key that is not configured") from None
        except (ValueError, InvalidTag):
            raise CryptoError("wrapped data key is damaged") from None

    def wrapped_with_current(self, wrapped: str) -> bool:
        return wrapped.startswith(f"{WRAPPED_PREFIX}{self.current_id}$")


@cache
def master_keyring() -> MasterKeyring:
    return MasterKeyring(list(settings.RECLAIM_MASTER_KEYS))


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


class KeyStore(Protocol):
    """Where wrapped data keys live (accounts.keystore.AgencyKeyStore); core only knows this shape."""

    def active_key(self, scope_id: UUID) -> tuple[str, bytes]: ...

    def key_by_id(self, key_id: str) -> bytes: ...


@cache
def key_store() -> KeyStore:
    store: KeyStore = import_string(settings.RECLAIM_KEY_STORE)()
    return store


class KeyCache:
    """Unwrapped keys in process memory; active keys expire so a rotation elsewhere is picked up."""

    ACTIVE_TTL_SECONDS = 300.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_id: dict[str, bytes] = {}
        self._active: dict[UUID, tuple[float, str]] = {}
        self._ciphers: dict[str, tuple[bytes, AESGCM]] = {}

    def get(self, key_id: str) -> bytes | None:
        return self._by_id.get(key_id)

    def put(self, key_id: str, key: bytes) -> None:
        with self._lock:
            self._by_id[key_id] = key

    def get_active(self, scope_id: UUID) -> str | None:
        entry = self._active.get(scope_id)
        if entry is None or time.monotonic() - entry[0] > self.ACTIVE_TTL_SECONDS:
            return None
        return entry[1]

    def put_active(self, scope_id: UUID, key_id: str) -> None:
        with self._lock:
            self._active[scope_id] = (time.monotonic(), key_id)

    def cipher(self, key_id: str, key: bytes) -> AESGCM:
        """The AES-GCM object of a key, made once: making one costs more than sealing a short value."""
        entry = self._ciphers.get(key_id)
        if entry is not None and entry[0] == key:  # the same id with another key (a test's store) makes a new one
            return entry[1]
        cipher = AESGCM(key)
        with self._lock:
            self._ciphers[key_id] = (key, cipher)
        return cipher

    def clear(self) -> None:
        with self._lock:
            self._by_id.clear()
            self._active.clear()
            self._ciphers.clear()


KEY_CACHE = KeyCache()


def encrypt(plaintext: bytes, *, scope_id: UUID, aad: str) -> Ciphertext:
    key_id, key = key_store().active_key(scope_id)
    return _seal(KEY_CACHE.cipher(key_id, key), f"{CIPHERTEXT_PREFIX}{key_id}$", plaintext, aad.encode("utf-8"))


def sealer(scope_id: UUID, *, aad: str) -> Callable[[bytes], Ciphertext]:
    """`encrypt` for many values of one scope and column: the active key is looked up once, here (bulk writes
    hold one for a call; a rotation in the meantime applies from the next call, and the old key still decrypts)."""
    key_id, key = key_store().active_key(scope_id)
    cipher, prefix, associated = KEY_CACHE.cipher(key_id, key), f"{CIPHERTEXT_PREFIX}{key_id}$", aad.encode("utf-8")
    return lambda plaintext: _seal(cipher, prefix, plaintext, associated)


def _seal(cipher: AESGCM, prefix: str, plaintext: bytes, aad: bytes) -> Ciphertext:
    nonce = os.urandom(_NONCE_BYTES)  # fresh for every value: a nonce used twice under one key breaks GCM
    return Ciphertext(prefix + base64.b64encode(nonce + cipher.encrypt(nonce, plaintext, aad)).decode("ascii"))


def ciphertext_key_id(token: str) -> str:
    if not token.startswith(CIPHERTEXT_PREFIX):
        raise CryptoError("value is not Reclaim ciphertext")
    return token[len(CIPHERTEXT_PREFIX) :].split("$", 1)[0]


def decrypt(token: str, *, aad: str) -> bytes:
    key_id = ciphertext_key_id(token)
    key = key_store().key_by_id(key_id)
    try:
        raw = base64.b64decode(token.rsplit("$", 1)[1])
        return KEY_CACHE.cipher(key_id, key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], aad.encode("utf-8"))
    except (ValueError, IndexError, InvalidTag):
        raise CryptoError("ciphertext is damaged or bound to another field") from None
