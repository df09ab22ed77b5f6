"""Titles, file names, digests and archive reasons are ciphertext in the database; file bytes are ciphertext on disk."""

from __future__ import annotations

import hashlib

from django.db import connection

from reclaim.documents.actions import do_archive_document, do_upload_document
from reclaim.documents.tests.conftest import PDF_BYTES, SECRET_LINE, stored_files, upload


def _dump_all_tables() -> str:
    """Every value of every table as text, like a database dump (same as tests/test_no_plaintext_at_rest.py)."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — names from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_document_metadata_and_bytes_are_encrypted_at_rest(personas, case_a):
    # given a document whose title, file name and archive reason carry recognisable words
    document = do_upload_document(
        actor=personas["case_manager"],
        survivor=case_a.survivor,
        case=case_a,
        kind="identity_document",
        title="Zenobia residence Quillmarsh",
        upload=upload(name="Okonkwo-Haverford-Quillmarsh.pdf"),
    )
    do_archive_document(
        actor=personas["case_manager"], document=document, reason="Zenobia asked for it to go", expected_version=1
    )
    # when the database and the storage directory are read raw
    dump = _dump_all_tables()
    disk = b"".join(p.read_bytes() for p in stored_files())
    # then none of it appears in clear, not even the digest of the file (the words are ones no shipped reference
    # text holds: "permit" was one until an instrument's source note said "permitted")
    assert [n for n in ("Zenobia", "Okonkwo", "Haverford", "Quillmarsh") if n in dump] == []
    assert hashlib.sha256(PDF_BYTES).hexdigest() not in dump
    assert SECRET_LINE not in disk
    assert b"Zenobia" not in disk
