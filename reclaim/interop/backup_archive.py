"""The backup archive's container: a plain header, then the content sealed in AES-GCM chunks (STREAM).

Layout of the file::

    MAGIC                                   16 bytes, "RECLAIM-BACKUP1\\n"
    header length                           4 bytes, big-endian
    header                                  JSON: format version, archive id, how the content key is wrapped
    chunk*                                  4-byte big-endian length, then AES-GCM output (ciphertext and tag)

Every archive has its own random content key, wrapped either by the newest master key (purpose
`reclaim:backup-key`, so it can never pass for an agency's data key) or by a key file given with `--key-file`.
Chunk `i` is sealed with the nonce `i` (11 bytes, big-endian) followed by one byte that is 1 on the last chunk
and 0 on every other, and with the SHA-256 of magic and header as associated data. So a flipped bit (anywhere,
header included), chunks swapped or dropped, a cut-off end and anything appended after the last chunk all fail
to authenticate; the reader names which.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from typing import IO, TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ImproperlyConfigured

from reclaim.core import crypto

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

MAGIC = b"RECLAIM-BACKUP1\n"
FORMAT_VERSION = 1
CHUNK_BYTES = 1024 * 1024  # plaintext per chunk
_TAG_BYTES = 16
_LENGTH = struct.Struct(">I")
_MAX_HEADER_BYTES = 64 * 1024
_KEY_PURPOSE = b"reclaim:backup-key"
MASTER = "master"
KEY_FILE = "key-file"


class ArchiveError(Exception):
    """The archive cannot be read: damaged, tampered with, cut short, or sealed under a key that is not here.
    Messages name the place (a chunk number), never content."""


def load_key_file(path: Path) -> crypto.MasterKeyring:
    """A backup key file: one or more keys in the master-key format (32 bytes of URL-safe base64), newest first."""
    try:
        lines = [line.strip() for line in path.read_text(encoding="ascii").splitlines()]
    except (OSError, UnicodeDecodeError):
        raise ArchiveError("the key file cannot be read") from None
    try:
        return crypto.MasterKeyring([line for line in lines if line])
    except ImproperlyConfigured:
        raise ArchiveError(
            "the key file must hold a 32-byte key as URL-safe base64 (44 characters), one per line"
        ) from None


def _nonce(counter: int, *, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class ArchiveWriter:
    """Seal bytes written to it into chunks; `close()` seals the last chunk (possibly empty)."""

    def __init__(self, handle: IO[bytes], *, key_file: crypto.MasterKeyring | None = None) -> None:
        self._handle = handle
        content_key = AESGCM.generate_key(bit_length=256)
        keyring = key_file if key_file is not None else crypto.master_keyring()
        header = {
            "format": FORMAT_VERSION,
            "archive_id": os.urandom(16).hex(),
            "key": {
                "mode": KEY_FILE if key_file is not None else MASTER,
                "wrapped": keyring.wrap(content_key, purpose=_KEY_PURPOSE),
            },
        }
        self.archive_id: str = header["archive_id"]  # type: ignore[assignment]  # set just above
        header_bytes = json.dumps(header, sort_keys=True).encode("ascii")
        handle.write(MAGIC + _LENGTH.pack(len(header_bytes)) + header_bytes)
        self._aad = hashlib.sha256(MAGIC + header_bytes).digest()
        self._aead = AESGCM(content_key)
        self._buffer = bytearray()
        self._counter = 0
        self.bytes_written = len(MAGIC) + _LENGTH.size + len(header_bytes)

    def write(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) > CHUNK_BYTES:  # keep at least one byte back: the last chunk is sealed by close()
            self._seal(bytes(self._buffer[:CHUNK_BYTES]), last=False)
            del self._buffer[:CHUNK_BYTES]

    def close(self) -> None:
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _seal(self, plaintext: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._counter, last=last), plaintext, self._aad)
        self._handle.write(_LENGTH.pack(len(sealed)) + sealed)
        self._counter += 1
        self.bytes_written += _LENGTH.size + len(sealed)


def _read_exactly(handle: IO[bytes], size: int) -> bytes:
    data = handle.read(size)
    return data if data is not None else b""


class ArchiveReader:
    """Read and authenticate an archive chunk by chunk. Nothing is handed out before its chunk authenticates, and
    the iteration raises `ArchiveError` at the first chunk that does not, or when the last chunk is missing."""

    def __init__(self, path: Path, *, key_file: crypto.MasterKeyring | None = None) -> None:
        self.path = path
        self.size = path.stat().st_size
        with path.open("rb") as handle:
            self._header_bytes, self._data_start = self._read_header(handle)
        try:
            header = json.loads(self._header_bytes)
            self.archive_id = str(header["archive_id"])
            mode, wrapped = header["key"]["mode"], str(header["key"]["wrapped"])
            version = header["format"]
        except (ValueError, KeyError, TypeError):
            raise ArchiveError("the archive's header is damaged") from None
        if version != FORMAT_VERSION:
            raise ArchiveError(f"archive format {version} is not supported (this version reads {FORMAT_VERSION})")
        if mode == KEY_FILE and key_file is None:
            raise ArchiveError("this archive was written with --key-file: give the same key file")
        if mode == MASTER and key_file is not None:
            raise ArchiveError("this archive is sealed under the master key: leave out --key-file")
        keyring = key_file if key_file is not None else crypto.master_keyring()
        try:
            content_key = keyring.unwrap(wrapped, purpose=_KEY_PURPOSE)
        except crypto.CryptoError:
            where = "the key file" if key_file is not None else "RECLAIM_MASTER_KEYS"
            raise ArchiveError(
                f"the archive's key does not open with {where} (another key, or a damaged header)"
            ) from None
        self._aad = hashlib.sha256(MAGIC + self._header_bytes).digest()
        self._aead = AESGCM(content_key)

    @staticmethod
    def _read_header(handle: IO[bytes]) -> tuple[bytes, int]:
        if _read_exactly(handle, len(MAGIC)) != MAGIC:
            raise ArchiveError("this is not a Reclaim backup archive")
        raw_length = _read_exactly(handle, _LENGTH.size)
        if len(raw_length) != _LENGTH.size:
            raise ArchiveError("the archive is cut short in its header")
        (length,) = _LENGTH.unpack(raw_length)
        if length > _MAX_HEADER_BYTES:
            raise ArchiveError("the archive's header is damaged")
        header = _read_exactly(handle, length)
        if len(header) != length:
            raise ArchiveError("the archive is cut short in its header")
        return header, len(MAGIC) + _LENGTH.size + length

    def chunks(self, progress: Callable[[int], None] | None = None) -> Iterator[bytes]:
        """The plaintext, one authenticated chunk at a time; `progress` gets the archive bytes read so far."""
        with self.path.open("rb") as handle:
            handle.seek(self._data_start)
            counter = 0
            while True:
                raw_length = _read_exactly(handle, _LENGTH.size)
                if not raw_length:
                    raise ArchiveError(f"the archive ends after chunk {counter} without its last chunk (cut short)")
                if len(raw_length) != _LENGTH.size:
                    raise ArchiveError(f"the archive is cut short at chunk {counter + 1}")
                (length,) = _LENGTH.unpack(raw_length)
                if not _TAG_BYTES <= length <= CHUNK_BYTES + _TAG_BYTES:
                    raise ArchiveError(f"chunk {counter + 1} has an impossible length (damaged)")
                sealed = _read_exactly(handle, length)
                if len(sealed) != length:
                    raise ArchiveError(f"the archive is cut short in chunk {counter + 1}")
                plaintext, last = self._open(sealed, counter)
                if progress is not None:
                    progress(handle.tell())
                yield plaintext
                counter += 1
                if last:
                    if handle.read(1):
                        raise ArchiveError(f"the archive has data after its last chunk ({counter})")
                    return

    def _open(self, sealed: bytes, counter: int) -> tuple[bytes, bool]:
        for last in (False, True):
            try:
                return self._aead.decrypt(_nonce(counter, last=last), sealed, self._aad), last
            except InvalidTag:
                continue
        raise ArchiveError(f"chunk {counter + 1} fails authentication (altered, reordered or from another archive)")


def lines(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Newline-terminated records across chunk boundaries; a record left unterminated at the end is an error."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        *complete, pending = pending.split(b"\n")
        yield from complete
    if pending:
        raise ArchiveError("the archive's content ends inside a record")


def encode_record(record: Any) -> bytes:
    return json.dumps(record, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n"
