"""Seed known PII, then read the raw database (every table, every column) and find none of it."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from reclaim.cases.actions import do_add_note, do_open_case, do_strike_note
from reclaim.people.actions import do_add_relation, do_create_survivor, do_update_survivor_contact_safety
from tests.schema_support import on_migrated_sqlite_file

KNOWN = {
    "given_name": "Zenobia",
    "family_name": "Okonkwo-Haverford",
    "chosen_name": "Nobi",
    "phone": "+44 7700 900123",
}
DOB = date(1993, 7, 29)
NEEDLES = [
    "Zenobia",
    "zenobia",
    "Okonkwo",
    "okonkwo",
    "Haverford",
    "7700900123",
    "7700 900123",
    "1993-07-29",
    "19930729",
]


def _found(needles: list[str], dump: str) -> list[str]:
    """The needles that appear in the dump. A needle of digits only must stand on its own (no hex digit next to
    it): the dump is full of random digits (ids stored as 32 hex digits on SQLite, the audit chain's hashes, blind
    indexes, 64-bit blocking keys), where any eight given digits can turn up (CI, session 26, found "19930729"
    once and never again; the ISO form "1993-07-29", which a stored date would show, was not there). A date or
    number written out as a value is delimited by quotes, commas or spaces."""
    found = []
    for needle in needles:
        if needle.isdigit():
            if re.search(rf"(?<![0-9a-fA-F]){needle}(?![0-9a-fA-F])", dump):
                found.append(needle)
        elif needle in dump:
            found.append(needle)
    return found


def _dump_all_tables() -> str:
    """The equivalent of a database dump: every value of every table, as text."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — table names from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


@pytest.mark.django_db
def test_database_holds_no_seeded_pii_in_clear(agency, team):
    # given a survivor with known identity values
    survivor = do_create_survivor(actor=None, agency=agency, reference="PII-1", date_of_birth=DOB, team=team, **KNOWN)
    # when the whole database is read raw
    dump = _dump_all_tables()
    # then none of the values appears, though the model still reads them back
    assert _found(NEEDLES, dump) == []
    assert _found(["19930729"], "('a1b2', 19930729, 'x')") == ["19930729"]  # a value written out is still found
    survivor.refresh_from_db()
    assert (survivor.given_name, survivor.date_of_birth) == ("Zenobia", DOB)


NOTE_NEEDLES = ["Quetzalcoatl bakery", "threatened her sister", "Misfiled under the wrong survivor"]


@pytest.mark.django_db
def test_case_note_text_and_strike_reason_are_not_in_clear(agency, team, personas, survivor_a):
    # given clinical and legal notes with known text, one of them struck out with a known reason
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=team)
    do_add_note(
        actor=personas["case_manager"],
        case=case,
        confidentiality="general",
        kind="home_visit",
        body="Works at the Quetzalcoatl bakery on weekends.",
    )
    legal = do_add_note(
        actor=personas["legal_advocate"],
        case=case,
        confidentiality="legal",
        kind="other",
        body="The recruiter threatened her sister.",
    )
    do_strike_note(
        actor=personas["legal_advocate"], note=legal, expected_version=1, reason="Misfiled under the wrong survivor"
    )
    # when the whole database is read raw
    dump = _dump_all_tables()
    # then neither the note texts nor the reason appear, in notes, events or audit rows
    assert [needle for needle in NOTE_NEEDLES if needle in dump] == []
    legal.refresh_from_db()
    assert legal.strike_reason == "Misfiled under the wrong survivor"


@pytest.mark.django_db
def test_history_places_notes_and_flag_reasons_are_not_stored_in_clear(personas, survivor_a):
    from reclaim.cases.actions import (
        HistoryEventData,
        do_clear_flag,
        do_open_case,
        do_raise_flag,
        do_record_history_event,
    )

    # given a history event and a flag carrying known free text
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    do_record_history_event(
        actor=personas["case_manager"],
        case=case,
        data=HistoryEventData(type="Transit", place="Wexhamptonbury depot", description="Quillonbrook van ride"),
    )
    flag = do_raise_flag(
        actor=personas["case_manager"], case=case, kind="safety_concern", reason="Brindlemarsh threats"
    )
    do_clear_flag(actor=personas["case_manager"], flag=flag, reason="Tarvolington relocation")
    # when the whole database is read raw; then none of it appears
    dump = _dump_all_tables()
    needles = ["Wexhamptonbury", "Quillonbrook", "Brindlemarsh", "Tarvolington"]
    assert [needle for needle in needles if needle in dump] == []


@on_migrated_sqlite_file
def test_sqlite_file_of_a_seeded_demo_holds_no_names(tmp_path: Path, migrated_sqlite_file: Path):
    # given a freshly migrated SQLite database seeded by the real command in a child process
    db_file = tmp_path / "reclaim.sqlite3"
    shutil.copyfile(migrated_sqlite_file, db_file)
    env = {**os.environ, "RECLAIM_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--survivors", "40", "--no-progress"],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    with sqlite3.connect(db_file) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # when the file bytes are read
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("reclaim.sqlite3*"))
    # then no seeded full name appears (long names only: short ones could occur by chance in base64)
    from reclaim.demo import data

    names = [n for n in (*data.GIVEN_NAMES, *data.FAMILY_NAMES) if len(n) >= 7]
    assert len(names) > 10
    assert [n for n in names if n.encode() in raw] == []
    assert b"+1555" not in raw


RELATION = {
    "name": "Philippa Wetherell-Oyelaran",
    "phone": "+44 7700 900456",
    "email": "philippa.wetherell@example.org",
    "address": "14 Quarrymoor Lane, Bramblecote",
    "notes": "Minds the twins on Thursdays",
    "unsafe_reason": "Husband shares her phone",
    "safe_times": "Tuesdays before nine",
    "date_of_birth": date(1961, 11, 14),
}
RELATION_NEEDLES = [
    "Philippa",
    "Wetherell",
    "Oyelaran",
    "7700900456",
    "7700 900456",
    "philippa.wetherell",
    "Quarrymoor",
    "Bramblecote",
    "twins on Thursdays",
    "shares her phone",
    "Tuesdays before",
    "1961-11-14",
    "19611114",
    "Only after midnight",
]


@pytest.mark.django_db
def test_family_and_contacts_hold_no_pii_in_clear(agency, team):
    # given a survivor with a relation and the survivor's own safe times, all fields filled
    survivor = do_create_survivor(actor=None, agency=agency, reference="PII-2", team=team)
    relation = do_add_relation(
        actor=None, survivor=survivor, values={"kind": "family_member", "safe_to_contact": "no", **RELATION}
    )
    do_update_survivor_contact_safety(
        actor=None, survivor=survivor, expected_version=survivor.version, safe_times="Only after midnight"
    )
    # when the whole database is read raw
    dump = _dump_all_tables()
    # then none of it appears in clear, though the model reads it back
    assert [needle for needle in RELATION_NEEDLES if needle in dump] == []
    relation.refresh_from_db()
    assert (relation.name, relation.date_of_birth, relation.safe_times) == (
        RELATION["name"],
        RELATION["date_of_birth"],
        RELATION["safe_times"],
    )


@pytest.mark.django_db
def test_the_basis_of_a_status_decision_is_not_stored_in_clear(personas, survivor_a):
    from datetime import date

    from reclaim.cases.actions import do_record_determination

    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    do_record_determination(
        actor=personas["case_manager"],
        case=case,
        status="ActualVictimOfTrafficking",
        decided_by="Police",
        decided_on=date(2026, 11, 2),
        basis="Zanzibarine task force letter",
    )
    assert "Zanzibarine" not in _dump_all_tables()


def test_outcome_rating_notes_are_not_stored_in_clear(personas, survivor_a):
    from reclaim.assessments.outcome_actions import do_edit_outcome_rating, do_rate_outcomes

    # given an outcome rating with a note, then corrected with another note
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    rating = do_rate_outcomes(
        actor=personas["case_manager"], case=case, scores={"income": 2}, note="Moving to Glenfarquhar flats"
    )
    do_edit_outcome_rating(
        actor=personas["case_manager"],
        rating=rating,
        expected_version=1,
        scores={"income": 3},
        rated_on=rating.rated_on,
        with_survivor=True,
        note="Cousin at Pellingworth farm",
    )
    # when the whole database is read raw; then neither note appears, in ratings, events or audit rows
    dump = _dump_all_tables()
    assert [needle for needle in ["Glenfarquhar", "Pellingworth"] if needle in dump] == []
    rating.refresh_from_db()
    assert rating.note == "Cousin at Pellingworth farm"


@pytest.mark.django_db
def test_assessment_answers_and_alert_notes_are_not_in_clear(personas, survivor_a):
    import json

    from reclaim.assessments.actions import do_acknowledge_alert, do_record_assessment
    from reclaim.assessments.models import AssessmentAlert

    # given a PCL-5 with a distinctive answer vector and an acknowledged alert with a known note
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    answers = [4, 3, 2, 1, 0] * 4
    do_record_assessment(actor=personas["clinician"], case=case, instrument_code="pcl5", answers=answers)
    alert = AssessmentAlert.objects.get()
    do_acknowledge_alert(actor=personas["clinician"], alert=alert, note="Quorvendale crisis line called")
    # when the whole database is read raw; then neither appears
    dump = _dump_all_tables()
    needles = ["Quorvendale", json.dumps(answers), json.dumps(answers, separators=(",", ":")), "4, 3, 2, 1, 0, 4"]
    assert [needle for needle in needles if needle in dump] == []


@pytest.mark.django_db
def test_consent_names_and_signatures_are_not_stored_in_clear(personas, survivor_a, other_agency):
    from datetime import timedelta

    from django.utils import timezone

    from reclaim.consent.actions import ConsentInput, do_record_consent, do_revoke_consent
    from reclaim.consent.models import InformedOf

    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    consent = do_record_consent(
        actor=personas["case_manager"],
        survivor=case.survivor,
        case=case,
        data=ConsentInput(
            purpose="information_sharing",
            method="signature",
            recipient_kind="person",
            recipient_name="Quillfeather advocate",
            data_classes=["identity"],
            signature="Brambleworth signs",
            signer_name="Brambleworth",
            informed_of=list(InformedOf.values),
            expires_on=timezone.localdate() + timedelta(days=300),
        ),
    )
    do_revoke_consent(
        actor=personas["case_manager"],
        consent=consent,
        by_whom="survivor",
        how="phone",
        note="Moved to Oxthwaite",
        expected_version=1,
    )
    dump = _dump_all_tables()
    assert [n for n in ("Quillfeather", "Brambleworth", "Oxthwaite") if n in dump] == []


@pytest.mark.django_db
def test_confidential_directory_location_is_not_stored_in_clear(personas, agency):
    from reclaim.referrals import directory_actions as directory

    # given a shelter whose address is confidential, kept by agency A
    org = directory.do_create_organization(
        actor=personas["agency_admin"], agency=agency, data=directory.OrganizationInput(name="Shelter Org")
    )
    shelter = directory.do_save_location(
        actor=personas["agency_admin"],
        organization=org,
        data=directory.LocationInput(
            confidential=True,
            address_1="17 Wrenfeather Close",
            address_2="Flat Quillon",
            postal_code="ZX9 4QP",
            city="Leeds",
            latitude="53.812345",
            longitude="-1.543210",
        ),
    )
    # when the whole database is read raw; then none of the address or coordinates appears
    dump = _dump_all_tables()
    assert [n for n in ("Wrenfeather", "Quillon", "ZX9 4QP", "53.812345", "1.54321") if n in dump] == []
    shelter.refresh_from_db()
    assert shelter.hidden_address_1 == "17 Wrenfeather Close"


def test_referral_reason_packet_override_reason_and_outcome_note_are_not_stored_in_clear(
    personas, survivor_a, other_agency
):
    from reclaim.referrals.actions import (
        ReferralInput,
        do_create_referral,
        do_override_consent,
        do_send_referral,
        do_transition_referral,
    )

    # given a referral with known free text in its reason, override reason, packet and outcome note
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    draft = do_create_referral(
        actor=personas["case_manager"],
        case=case,
        data=ReferralInput(
            service_category="psychological_support",
            to_agency_id=other_agency.pk,
            reason="Gravelmouth counselling needed",
            data_classes=["identity", "contact"],
        ),
    )
    draft = do_override_consent(
        actor=personas["supervisor"], referral=draft, reason="Wintercombe court order", expected_version=1
    )
    referral = do_send_referral(actor=personas["case_manager"], referral=draft, expected_version=draft.version)
    for to, extra in (("accepted", {}), ("in_progress", {})):
        referral = do_transition_referral(
            actor=personas["other_agency_user"], referral=referral, to=to, expected_version=referral.version, **extra
        )
    do_transition_referral(
        actor=personas["other_agency_user"],
        referral=referral,
        to="completed",
        expected_version=referral.version,
        outcome="got_help",
        note="Saw Dr Pellinore weekly",
    )
    # when the whole database is read raw; then none of it appears (packet: the name and phone)
    dump = _dump_all_tables()
    needles = ["Gravelmouth", "Wintercombe", "Pellinore", "Marisol", "0104477", "010 4477"]
    assert _found(needles, dump) == []
    referral.refresh_from_db()
    assert referral.packet["identity"]["name"] == "Marisol"
    assert referral.outcome_note == "Saw Dr Pellinore weekly"


@pytest.mark.django_db
def test_legal_access_grant_reason_is_not_stored_in_clear(agency, team, personas, survivor_a):
    from reclaim.legal.actions import do_grant_privileged_access

    # given a legal-access grant with a known reason
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=team)
    grant = do_grant_privileged_access(
        actor=personas["legal_advocate"],
        case=case,
        user=personas["case_manager"],
        reason="Preparing Xochiquetzal for the consular interview",
    )
    # when the whole database is read raw, then the reason is nowhere in clear (grant, event or audit row)
    assert "Xochiquetzal" not in _dump_all_tables()
    grant.refresh_from_db()
    assert grant.reason == "Preparing Xochiquetzal for the consular interview"


def test_law_enforcement_contact_names_requests_and_notes_are_not_stored_in_clear(personas, survivor_a):
    # given a law-enforcement contact with a known agency, officer, request and notes (issue 7)
    from reclaim.legal.actions import LEContactInput, do_record_le_contact

    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    do_record_le_contact(
        actor=personas["legal_advocate"],
        case=case,
        data=LEContactInput(
            occurred_on=date(2026, 1, 5),
            kind="interview",
            agency_name="Hollowmere Constabulary",
            officer_name="Sergeant Pemberwick",
            request="Identify the Farrowdale recruiter",
            notes="Stopped after the Quinlashire question",
        ),
    )
    # when the whole database is read raw, then none of it appears
    dump = _dump_all_tables()
    assert [n for n in ("Hollowmere", "Pemberwick", "Farrowdale", "Quinlashire") if n in dump] == []
