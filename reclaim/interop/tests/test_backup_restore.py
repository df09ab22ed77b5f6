"""`manage.py backup` and `manage.py restore` on real databases and real files.

The restore goes into a second database, a copy of this process's database as the suite built it (what `migrate`
leaves: content types, permissions and reference data, no users), see backup_support.py."""

from __future__ import annotations

import base64
import io
import os
import struct
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.utils import load_backend

from reclaim.accounts.actions import do_create_agency
from reclaim.accounts.models import Agency, User
from reclaim.core.audit import verify_chain
from reclaim.core.models import AuditEvent
from reclaim.documents.actions import do_upload_document
from reclaim.documents.models import DocumentKind, DocumentVersion
from reclaim.interop.backup import write_backup
from reclaim.interop.backup_archive import MAGIC
from reclaim.interop.tests.backup_support import clone_database, drop_database, stored_files, table_rows
from reclaim.people.actions import do_create_survivor
from reclaim.people.models import Survivor

pytestmark = pytest.mark.usefixtures("emptied_for_restore", "django_db_serialized_rollback", "flushable_db")

TARGET = "restore_target"


@pytest.fixture
def target(tmp_path, settings):
    """An empty instance to restore into: its own database and its own document directory."""
    clone_database(TARGET, tmp_path)
    # Content types and permissions get other ids than the source's, as in a separately migrated instance.
    with transaction.atomic(using=TARGET), connections[TARGET].cursor() as cursor:
        cursor.execute("UPDATE auth_permission SET id = id + 5000, content_type_id = content_type_id + 700")
        cursor.execute("UPDATE django_content_type SET id = id + 700")
    yield tmp_path / "target-documents"
    drop_database(TARGET)


def _use_documents(settings, root: Path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}},
    }


def _backup(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("backup", "--out", str(path), "--no-progress", *args, stdout=out)
    return out.getvalue()


def _restore(path: Path, *args: str, progress: bool = False) -> str:
    """The command's output; with `progress`, the bars are drawn too (to a buffer), as an operator sees them."""
    out, err = io.StringIO(), io.StringIO()
    flags = () if progress else ("--no-progress",)
    call_command("restore", str(path), "--database", TARGET, *flags, *args, stdout=out, stderr=err)
    if progress:
        assert "checking" in err.getvalue() and "restoring" in err.getvalue()
    return out.getvalue()


def _nothing_written(documents: Path) -> None:
    assert User.objects.using(TARGET).count() == 0
    assert Agency.objects.using(TARGET).count() == 0
    assert AuditEvent.objects.using(TARGET).count() == 0
    assert not documents.exists() or stored_files(documents) == {}


def _big_document(personas, survivor) -> None:
    """A 1.5 MB text file, so the archive spans several chunks."""
    text = base64.b64encode(os.urandom(1_100_000)) + b"\n"
    do_upload_document(
        actor=personas["case_manager"],
        survivor=survivor,
        kind=DocumentKind.OTHER,
        title="big",
        upload=SimpleUploadedFile("big.txt", text, content_type="text/plain"),
    )


def test_round_trip_of_a_demo_instance(tmp_path, settings, target):
    # given a small demo network with documents, and a group holding a permission (a content-type reference)
    call_command("seed_demo", "--survivors", "6", "--no-progress")
    group = Group.objects.create(name="auditors")
    group.permissions.add(Permission.objects.get(codename="view_auditevent"))
    source_rows = table_rows()
    source_files = stored_files(Path(settings.STORAGES["documents"]["OPTIONS"]["location"]))
    assert DocumentVersion.objects.exists()
    assert source_files
    archive = tmp_path / "backup.rcb"
    # when it is backed up, and restored into an empty instance with its own document directory
    said = _backup(archive)
    _use_documents(settings, target)
    restored = _restore(archive, progress=True)
    # then every table is the same row by row (the restore adds its own audit row at the end of the chain)
    assert "chain verified" in restored
    assert "backup" in said
    target_rows = table_rows(TARGET)
    assert target_rows["core_auditevent"][-1][4] == "backup.restored"
    target_rows["core_auditevent"].pop()
    assert set(target_rows) == set(source_rows)
    for table, rows in source_rows.items():
        assert target_rows[table] == rows, table
    # and every document file byte for byte, and the audit chain verifies there
    assert stored_files(target) == source_files
    assert verify_chain(using=TARGET).first_broken_id is None
    # and restoring again, now that the instance is in use, is refused with nothing changed
    with pytest.raises(CommandError, match="not empty"):
        _restore(archive)
    assert table_rows(TARGET)["accounts_user"] == source_rows["accounts_user"]
    # and the archive holds none of the survivors' names in clear (names of 6 letters or more: a shorter one
    # turns up by chance in this much ciphertext), nor a document's
    raw = archive.read_bytes()
    names = {n for s in Survivor.objects.all() for n in (s.given_name, s.family_name) if n and len(n) >= 6}
    assert names
    for name in names:
        assert name.encode() not in raw
    assert b"%PDF-1." not in raw


def _chunks(data: bytes) -> tuple[int, list[tuple[int, int]]]:
    """Where the chunks are: (start of the first, [(offset, length)...])."""
    (header_length,) = struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])
    position = start = len(MAGIC) + 4 + header_length
    found = []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        found.append((position, 4 + length))
        position += 4 + length
    return start, found


def _tampered(data: bytes) -> dict[str, bytes]:
    start, chunks = _chunks(data)
    (a, a_len), (b, b_len) = chunks[0], chunks[1]
    flipped_middle = bytearray(data)
    flipped_middle[len(data) // 2] ^= 0x01
    flipped_header = bytearray(data)
    flipped_header[start - 3] ^= 0x20
    last, _ = chunks[-1]
    return {
        "a flipped bit": bytes(flipped_middle),
        "a flipped header byte": bytes(flipped_header),
        "cut short": data[:-100],
        "last chunk dropped": data[:last],
        "chunks swapped": data[:a] + data[b : b + b_len] + data[a : a + a_len] + data[b + b_len :],
        "data appended": data + data[a : a + a_len],
    }


def test_a_tampered_archive_or_a_wrong_key_is_refused_with_nothing_written(
    tmp_path, settings, target, personas, survivor_a
):
    # given an archive of several chunks sealed under a key file, and another key file
    _big_document(personas, survivor_a)
    key_file, other = tmp_path / "backup.key", tmp_path / "other.key"
    key_file.write_text(base64.urlsafe_b64encode(os.urandom(32)).decode() + "\n")
    other.write_text(base64.urlsafe_b64encode(os.urandom(32)).decode() + "\n")
    archive = tmp_path / "backup.rcb"
    _backup(archive, "--key-file", str(key_file))
    data = archive.read_bytes()
    assert len(_chunks(data)[1]) >= 3
    _use_documents(settings, target)
    for what, bad in _tampered(data).items():
        damaged = tmp_path / "damaged.rcb"
        damaged.write_bytes(bad)
        # when a damaged copy is restored
        with pytest.raises(CommandError) as refused:
            _restore(damaged, "--key-file", str(key_file))
        # then it is refused, and nothing was written
        assert "refused, nothing was written" in str(refused.value), what
        _nothing_written(target)
    # and so is the intact archive without its key file, or with another one
    with pytest.raises(CommandError, match="written with --key-file"):
        _restore(archive)
    with pytest.raises(CommandError, match="does not open with the key file"):
        _restore(archive, "--key-file", str(other))
    _nothing_written(target)
    # and with its key file it restores
    assert "chain verified" in _restore(archive, "--key-file", str(key_file))
    assert stored_files(target) == stored_files(Path(tmp_path / "documents"))


def test_a_broken_audit_chain_stops_the_backup(tmp_path, personas):
    # given an audit row changed behind the chain's back (the triggers lifted for it)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update")
        else:
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE core_auditevent SET action = 'tampered' WHERE id = (SELECT MIN(id) FROM core_auditevent)"
        )
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER USER")
    # when a backup is taken, it stops and writes no file
    with pytest.raises(CommandError, match="audit chain is broken"):
        _backup(tmp_path / "backup.rcb")
    assert not list(tmp_path.glob("backup.rcb*"))


def _write_survivors(source: dict[str, Any], stop: threading.Event, failures: list[BaseException]) -> None:
    """Another writer, as a web process would be: this thread's own connection, to the source database, creating
    survivors through the action (each with its audit row) until told to stop."""
    connections[DEFAULT_DB_ALIAS] = load_backend(source["ENGINE"]).DatabaseWrapper(source, DEFAULT_DB_ALIAS)
    try:
        agency = do_create_agency(actor=None, name="Writer agency", slug="writer", org_type="NGO")
        for n in range(2000):
            if stop.is_set():
                break
            do_create_survivor(
                actor=None, agency=agency, reference=f"W-{n:05d}", given_name="Written", family_name=str(n)
            )
    except BaseException as exc:  # handed to the test, which fails with it
        failures.append(exc)
    finally:
        connections[DEFAULT_DB_ALIAS].close()


def test_a_backup_taken_while_another_writer_is_busy_is_consistent(tmp_path, settings, target, personas):
    # given a source database of its own, written to by another connection creating survivors
    source = clone_database("backup_source", tmp_path)
    stop, failures = threading.Event(), list[BaseException]()
    writer = threading.Thread(target=_write_survivors, args=(source, stop, failures))
    writer.start()
    try:
        written = Survivor.objects.using("backup_source")
        deadline = time.monotonic() + 60
        while not written.exists() and time.monotonic() < deadline and writer.is_alive():
            time.sleep(0.02)
        before = written.count()
        probe = load_backend(source["ENGINE"]).DatabaseWrapper(source, "backup_probe")  # outside the snapshot

        def meanwhile(_rows: int, _table: str) -> None:
            # the first time the backup reports progress (its snapshot taken), let the writer commit a few more
            while not waited and time.monotonic() < deadline and writer.is_alive():
                with probe.cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM people_survivor")
                    if cursor.fetchone()[0] >= before + 5:
                        waited.append(True)
                time.sleep(0.02)

        waited: list[bool] = []
        # when a backup of it is taken meanwhile
        archive = tmp_path / "backup.rcb"
        report = write_backup(archive, using="backup_source", progress=meanwhile)
        after = written.count()
        probe.close()
    finally:
        stop.set()
        writer.join(timeout=60)
        drop_database("backup_source")
    assert not failures, failures
    # then it restores, with a verified chain, and every survivor in it has its audit row and the other way round
    _use_documents(settings, target)
    assert "chain verified" in _restore(archive)
    survivors = set(Survivor.objects.using(TARGET).values_list("pk", flat=True))
    audited = set(
        AuditEvent.objects.using(TARGET).filter(action="survivor.created").values_list("object_id", flat=True)
    )
    assert {str(pk) for pk in survivors} == audited
    assert waited  # the writer committed survivors while the backup ran...
    assert 0 < before <= len(survivors) < before + 5 <= after  # ...and the archive holds the snapshot, not those
    assert report.rows > 0
