from __future__ import annotations

from datetime import date

import pytest

from reclaim.demo.accuracy import measure
from reclaim.people import duplicates
from reclaim.people.actions import do_create_survivor


def test_same_person_written_differently_is_found_with_reasons(agency):
    # given a survivor on record
    survivor = do_create_survivor(
        actor=None,
        agency=agency,
        reference="D-1",
        given_name="Mohammed",
        family_name="Haddad",
        date_of_birth=date(1994, 3, 7),
    )
    # when intake types a transliteration, a swapped birth date, or the names swapped
    probes = [
        duplicates.Probe("Muhammad", "Haddad", date(1994, 3, 7)),
        duplicates.Probe("Mohammed", "Haddad", date(1994, 7, 3)),
        duplicates.Probe("Haddad", "Mohammed", None),
    ]
    # then each finds the record, and says why
    for probe in probes:
        found = duplicates.find_duplicates(agency.pk, probe)
        assert [c.survivor.pk for c in found] == [survivor.pk], probe
        assert found[0].reasons


def test_different_person_with_the_same_name_but_another_birth_date_is_not_suggested(agency):
    do_create_survivor(
        actor=None,
        agency=agency,
        reference="D-1",
        given_name="Lucia",
        family_name="Mendoza",
        date_of_birth=date(1990, 1, 1),
    )
    assert duplicates.find_duplicates(agency.pk, duplicates.Probe("Lucia", "Mendoza", date(1971, 8, 30))) == []


def test_other_agencies_are_never_searched(agency, other_agency):
    do_create_survivor(
        actor=None,
        agency=other_agency,
        reference="D-1",
        given_name="Lucia",
        family_name="Mendoza",
        date_of_birth=date(1990, 1, 1),
    )
    assert duplicates.find_duplicates(agency.pk, duplicates.Probe("Lucia", "Mendoza", date(1990, 1, 1))) == []


def test_empty_probe_finds_nothing(agency):
    assert duplicates.find_duplicates(agency.pk, duplicates.Probe()) == []


def test_same_name_with_a_conflicting_birth_date_in_the_same_year_is_not_suggested(agency):
    do_create_survivor(
        actor=None,
        agency=agency,
        reference="D-1",
        given_name="Lucia",
        family_name="Mendoza",
        date_of_birth=date(1990, 3, 14),
    )
    assert duplicates.find_duplicates(agency.pk, duplicates.Probe("Lucia", "Mendoza", date(1990, 8, 30))) == []
    # but one mistyped digit, or 1 January standing for an unknown date, still is
    for typed in (date(1990, 3, 17), date(1990, 1, 1)):
        [found] = duplicates.find_duplicates(agency.pk, duplicates.Probe("Lucia", "Mendoza", typed))
        assert any("digit" in r or "1 January" in r for r in found.reasons)


def test_a_birth_date_or_a_phone_alone_never_makes_a_match(agency):
    do_create_survivor(
        actor=None,
        agency=agency,
        reference="D-1",
        given_name="Lucia",
        family_name="Mendoza",
        date_of_birth=date(1990, 3, 14),
        phone="+1 555 010 9999",
    )
    assert duplicates.find_duplicates(agency.pk, duplicates.Probe(date_of_birth=date(1990, 3, 14))) == []
    # a shared phone (a controller's, a shelter's) with another name and birth date is someone else
    other = duplicates.Probe("Amara", "Okafor", date(1971, 2, 2), "+1 555 010 9999")
    assert duplicates.find_duplicates(agency.pk, other) == []
    # the phone and one more agreeing signal is a match
    [found] = duplicates.find_duplicates(agency.pk, duplicates.Probe("Lucia", "Mendosa", None, "+15550109999"))
    assert "same phone number" in found.reasons


def test_without_a_birth_date_a_look_alike_is_dropped_beside_the_exact_record(agency):
    exact = do_create_survivor(
        actor=None, agency=agency, reference="D-1", given_name="Josefina", family_name="Zewen", date_of_birth=None
    )
    do_create_survivor(
        actor=None,
        agency=agency,
        reference="D-2",
        given_name="Josefina",
        family_name="Pewen",
        date_of_birth=date(2009, 10, 28),
    )
    found = duplicates.find_duplicates(agency.pk, duplicates.Probe("Josefina", "Zewen"))
    assert [c.survivor.pk for c in found] == [exact.pk]
    # while a typo with no birth date still finds the record
    found = duplicates.find_duplicates(agency.pk, duplicates.Probe("Josefina", "Zewn"))
    assert exact.pk in [c.survivor.pk for c in found]


def test_a_name_that_merely_sounds_alike_is_not_enough_without_a_birth_date(agency):
    do_create_survivor(
        actor=None,
        agency=agency,
        reference="D-1",
        given_name="Olena",
        family_name="Marrilu",
        date_of_birth=date(1981, 10, 8),
    )
    # Marol and Marrilu share Metaphone and NYSIIS codes but are two edits apart
    assert duplicates.find_duplicates(agency.pk, duplicates.Probe("Olena", "Marol")) == []


@pytest.mark.django_db
def test_accuracy_on_the_labelled_synthetic_set():
    # given 5,000 synthetic people (given names from eight cultures, common ones more often) and 600 probes
    # (typos, swapped names, missing birth dates, transliterations, day/month swaps, and new people),
    # see bench/duplicate_accuracy.py
    result = measure(people_count=5000, probe_count=600, seed=3)
    # then the QUALITY.md bar holds overall and for every kind of probe
    assert result.precision >= 0.99
    assert result.recall >= 0.95
    for variant, (hits, total) in result.by_variant.items():
        assert hits / total >= 0.95, variant
