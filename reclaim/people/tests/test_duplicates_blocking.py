"""Blocking of the intake duplicate check: the keys survivors are stored under, and the one capped lookup statement."""

from __future__ import annotations

from datetime import date

from django.db import connection

from reclaim.people import blocking, duplicates
from reclaim.people.actions import do_create_survivor, do_update_survivor_identity
from reclaim.people.models import SurvivorMatchKey


def test_keys_are_integers_without_clear_text_and_a_swapped_or_mistyped_name_shares_one(agency):
    # given a survivor on record
    survivor = do_create_survivor(
        actor=None, agency=agency, reference="B-1", given_name="Marisol", family_name="Quintanilla"
    )
    stored = set(SurvivorMatchKey.objects.filter(survivor=survivor).values_list("key", flat=True))
    # then the keys are integers, none of them a name
    assert stored
    assert all(isinstance(key, int) for key in stored)
    # and the probe keys of the names swapped, or with one letter dropped, added or replaced, meet them
    keyer = blocking.MatchKeyer(scope_id=agency.pk)
    for given, family in [
        ("Quintanilla", "Marisol"),
        ("Marisol", "Quintanila"),
        ("Marisoll", "Quintanilla"),
        ("Marisol", "Quintamilla"),
    ]:
        assert stored & set(keyer.probe(given, family)), (given, family)
    # while another family name does not
    assert not stored & set(keyer.probe("Marisol", "Okafor"))


def test_a_common_given_name_does_not_crowd_out_the_person(agency):
    # given more people called Maria than one key may return, and the person the probe is about
    for number in range(duplicates.KEY_CAP + 20):
        do_create_survivor(
            actor=None, agency=agency, reference=f"M-{number}", given_name="Maria", family_name=f"Ba{number:03d}"
        )
    person = do_create_survivor(
        actor=None, agency=agency, reference="T-1", given_name="Maria", family_name="Quintanilla"
    )
    # when intake types her name with a slip and no birth date
    found = duplicates.find_duplicates(agency.pk, duplicates.Probe("Maria", "Quintanila"))
    # then she is found, and nobody else
    assert [c.survivor.pk for c in found] == [person.pk]


def test_the_blocking_statement_uses_an_index_for_every_lookup(agency):
    # given people without a phone, and statistics that say so (a mostly empty column looks unselective to SQLite)
    for number in range(20):
        do_create_survivor(actor=None, agency=agency, reference=f"S-{number}", given_name="Ana", family_name="Okafor")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # and a probe with names, a birth date and a phone
    probe = duplicates.Probe("Marisol", "Quintanilla", date(1990, 3, 14), "+1 555 010 9999")
    lookups = duplicates._lookups(agency.pk, probe, blocking.MatchKeyer(scope_id=agency.pk))
    sql, params = duplicates.blocking_statement(agency.pk, lookups)
    # when the database explains it (PostgreSQL told not to scan: these test tables are nearly empty)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    # then every key is an equality on the (agency, key) index, the date and the phone on theirs; nothing is scanned
    assert plan.count("people_matchkey_lookup") == sum(1 for lookup in lookups if lookup.column == "key")
    assert "people_survivor_dob" in plan
    assert "people_survivor_phone" in plan
    assert "Seq Scan" not in plan
    assert "SCAN people" not in plan


def test_a_renamed_person_is_found_by_the_new_name_only(agency, personas):
    # given a survivor on record, renamed
    survivor = do_create_survivor(actor=None, agency=agency, reference="R-1", given_name="Amara", family_name="Okafor")
    do_update_survivor_identity(
        actor=personas["case_manager"], survivor=survivor, expected_version=1, changes={"family_name": "Nwosu"}
    )
    # when intake checks either name, without a birth date
    by_new = duplicates.find_duplicates(agency.pk, duplicates.Probe("Amara", "Nwosu"))
    by_old = duplicates.find_duplicates(agency.pk, duplicates.Probe("Amara", "Okafor"))
    # then the keys followed the change
    assert [c.survivor.pk for c in by_new] == [survivor.pk]
    assert by_old == []
