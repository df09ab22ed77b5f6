"""Blind indexes: keyed HMACs of normalised values for exact search on encrypted data.

The index key is separate from the master keys, and each agency and purpose gets its own
sub-key (HKDF), so equal values in two agencies or two columns produce unrelated indexes.
The duplicate check's blocking keys (people/blocking.py) are made the same way, as 64-bit
integers. Index values are never exported.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import jellyfish
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable
    from uuid import UUID

INDEX_HEX_CHARS = 32  # 128 bits: collisions stay negligible, less to correlate than a full digest

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s]")
_NOT_DIGIT = re.compile(r"\D")


def normalise_text(value: str) -> str:
    """Case- and accent-folded, punctuation dropped, whitespace collapsed: 'José  Núñez-Ruiz' → 'jose nunez ruiz'."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    no_punct = _NOT_WORD.sub(" ", stripped.casefold())
    return _SPACES.sub(" ", no_punct).strip()


def normalise_phone(value: str) -> str:
    digits = _NOT_DIGIT.sub("", value)
    return digits.lstrip("0") if not value.strip().startswith("+") else digits


def normalise_date(value: datetime.date) -> str:
    return value.isoformat()


def name_parts(value: str) -> list[str]:
    return [part for part in normalise_text(value).split(" ") if part]


def phonetic_codes(value: str) -> set[str]:
    """Metaphone and NYSIIS codes for each part of a name; transliteration variants tend to share one."""
    return {code for part in name_parts(value) for code in _part_codes(part)}


def _part_codes(part: str) -> list[str]:
    ascii_part = part.encode("ascii", "ignore").decode("ascii")
    if not ascii_part:
        return [f"u:{part}"]
    return [f"m:{jellyfish.metaphone(ascii_part)}", f"n:{jellyfish.nysiis(ascii_part)}"]


@cache
def _index_root_key() -> bytes:
    keys = list(settings.RECLAIM_INDEX_KEYS)
    if not keys:
        raise ImproperlyConfigured("set RECLAIM_INDEX_KEYS or RECLAIM_INDEX_KEYS_FILE")
    raw = keys[0]
    return base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4))


@lru_cache(maxsize=4096)
def _sub_key(scope_id: UUID, purpose: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"reclaim:bidx:{scope_id}:{purpose}".encode())
    return hkdf.derive(_index_root_key())


def blind_index(normalised: str, *, scope_id: UUID, purpose: str) -> str:
    """HMAC-SHA256 of an already normalised value under the agency's sub-key for this purpose."""
    return hmac.digest(_sub_key(scope_id, purpose), normalised.encode("utf-8"), "sha256").hex()[:INDEX_HEX_CHARS]


def blind_key(normalised: str, *, scope_id: UUID, purpose: str) -> int:
    """`blind_index` as a signed 64-bit integer, for tables with millions of keys (the duplicate check's
    blocking keys): a quarter of the stored bytes of the hex form. Within one agency and purpose, two of
    20 million keys collide with a chance of about 1 in 100,000; a collision only adds a candidate to score."""
    digest = hmac.digest(_sub_key(scope_id, purpose), normalised.encode("utf-8"), "sha256")
    return int.from_bytes(digest[:8], "big", signed=True)


def blind_keyer(*, scope_id: UUID, purpose: str) -> Callable[[str], int]:
    """`blind_key` with the agency and purpose fixed, for bulk work (an import, the demo: millions of keys).

    The same HMAC-SHA256 (RFC 2104), with the hash states of the padded sub-key (the inner and outer pads) made
    once and copied for each value: about a third of the time of a fresh `hmac` object per value, which is what
    an import of 100,000 people spent most of its key-making time on (BENCHMARKS.md)."""
    block = hashlib.sha256().block_size
    sub_key = _sub_key(scope_id, purpose).ljust(block, b"\0")  # 32 bytes: shorter than a block, so padded
    inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in sub_key))
    outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in sub_key))
    from_bytes = int.from_bytes

    def key(normalised: str) -> int:
        digest = inner.copy()
        digest.update(normalised.encode("utf-8"))
        result = outer.copy()
        result.update(digest.digest())
        return from_bytes(result.digest()[:8], "big", signed=True)

    return key


def text_index(value: str | None, *, scope_id: UUID, purpose: str) -> str:
    if not value or not normalise_text(value):
        return ""
    return blind_index(normalise_text(value), scope_id=scope_id, purpose=purpose)


def date_index(value: datetime.date | None, *, scope_id: UUID, purpose: str) -> str:
    if value is None:
        return ""
    return blind_index(normalise_date(value), scope_id=scope_id, purpose=purpose)


def phone_index(value: str | None, *, scope_id: UUID, purpose: str) -> str:
    if not value or not normalise_phone(value):
        return ""
    return blind_index(normalise_phone(value), scope_id=scope_id, purpose=purpose)
