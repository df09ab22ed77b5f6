"""Legacy import: checking rows, writing them once, the duplicate check, malformed files."""

from __future__ import annotations

import pytest

from reclaim.interop.imports_actions import execute, new_run
from reclaim.interop.imports_models import ImportedRecord
from reclaim.interop.tests.imports_support import (
    SURVIVOR_HEADERS,
    csv_bytes,
    make_mapping,
    survivor_rows,
    xlsx_bytes,
)
from reclaim.people.models import Survivor, SurvivorMatchKey

pytestmark = pytest.mark.django_db


def run_file(admin, mapping, data, *, dry_run=False):
    run = new_run(actor=admin, mapping=mapping, file_format="csv", size=len(data), dry_run=dry_run)
    outcome = execute(run, mapping, data, actor=admin)
    run.refresh_from_db()
    return run, outcome


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_survivors_are_imported_once(fmt, agency, personas):
    admin = personas["agency_admin"]
    mapping = make_mapping(admin, agency, "survivors")
    rows = survivor_rows(5)
    data = (csv_bytes if fmt == "csv" else xlsx_bytes)(SURVIVOR_HEADERS, rows)
    run, _outcome = run_file(admin, mapping, data)
    assert (run.status, run.created, run.errors, run.row_errors) == ("succeeded", 5, 0, [])
    person = Survivor.objects.get(pk=ImportedRecord.objects.get(source_id="S1").object_id)
    assert (person.given_name, person.family_name, str(person.date_of_birth)) == (rows[0][1], rows[0][2], rows[0][3])
    assert person.gender == "Feminine"
    assert person.name_index and person.dob_index
    assert SurvivorMatchKey.objects.filter(survivor=person).exists()
    again, _ = run_file(admin, mapping, data)
    assert (again.created, again.unchanged) == (0, 5)
    assert Survivor.objects.filter(agency=agency).count() == 5


def _chain(admin, agency, fmt, personas):
    """People, then their cases, services and appointments, each kind from its own file."""
    import datetime

    from django.utils import timezone

    write = csv_bytes if fmt == "csv" else xlsx_bytes
    mappings = {kind: make_mapping(admin, agency, kind) for kind in ("survivors", "cases", "services", "appointments")}
    files = {
        "survivors": write(SURVIVOR_HEADERS, survivor_rows(2)),
        "cases": write(
            ["Case ID", "Client ID", "Identified", "Referred by", "Status"],
            [["C1", "S1", "2024-03-01", "Police", "confirmed"], ["C2", "S2", "", "hotline", ""]],
        ),
        "services": write(
            ["Service ID", "Case ID", "Service", "Date", "Minutes"],
            [["V1", "C1", "ESL class", "2024-03-05", "60"], ["V2", "C2", "education.esl", "2024-04-01", ""]],
        ),
        "appointments": write(
            ["Appt ID", "Case ID", "Start", "End", "Worker", "Purpose"],
            [
                [
                    "A1",
                    "C1",
                    (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%d 10:00"),
                    (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%d 11:00"),
                    personas["case_manager"].email,
                    "First meeting",
                ]
            ],
        ),
    }
    return mappings, files


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_kind_is_imported_through_its_domain_and_only_once(fmt, agency, personas):
    from reclaim.cases.models import Case, CaseEvent
    from reclaim.scheduling.models import Appointment
    from reclaim.services.models import ServiceRecord

    admin = personas["agency_admin"]
    mappings, files = _chain(admin, agency, fmt, personas)
    for kind in ("survivors", "cases", "services", "appointments"):
        run, _ = run_file(admin, mappings[kind], files[kind])
        assert (kind, run.status, run.errors, run.row_errors) == (kind, "succeeded", 0, [])
        assert run.created == (1 if kind == "appointments" else 2)
    case = Case.objects.get(pk=ImportedRecord.objects.get(kind="cases", source_id="C1").object_id)
    assert case.identification_source == "law_enforcement_local"
    assert case.determinations.get().status == "ActualVictimOfTrafficking"
    assert CaseEvent.objects.filter(case=case, type="opened").exists()
    service = ServiceRecord.objects.get(pk=ImportedRecord.objects.get(kind="services", source_id="V1").object_id)
    assert (service.case_id, service.service_type.code, service.duration_minutes) == (case.pk, "education.esl", 60)
    appointment = Appointment.objects.get(case=case)
    assert appointment.purpose == "First meeting"
    for kind in ("survivors", "cases", "services", "appointments"):
        again, _ = run_file(admin, mappings[kind], files[kind])
        assert (kind, again.created, again.errors) == (kind, 0, 0)
    assert (Case.objects.filter(agency=agency).count(), ServiceRecord.objects.count(), Appointment.objects.count()) == (
        2,
        2,
        1,
    )


def test_a_row_pointing_at_a_person_not_imported_is_an_error(agency, personas):
    admin = personas["agency_admin"]
    mapping = make_mapping(admin, agency, "cases")
    data = csv_bytes(["Case ID", "Client ID", "Identified", "Referred by", "Status"], [["C9", "S404", "", "", ""]])
    run, _ = run_file(admin, mapping, data)
    assert run.created == 0
    assert run.row_errors == [
        {
            "row": 2,
            "column": "Client ID",
            "reason": "no record with this id was imported from this source system; import those first",
        }
    ]


def test_dry_run_reports_every_row_error_and_writes_nothing(agency, personas):
    admin = personas["agency_admin"]
    mapping = make_mapping(admin, agency, "survivors")
    rows = [
        ["S1", "Ana", "Okafor", "1990-02-30", "", "F"],  # not a date
        ["S2", '=HYPERLINK("http://x")', "Lee", "1991-01-01", "", "F"],  # formula
        ["S3", "", "", "1992-01-01", "", "F"],  # no name
        ["S4", "Ines", "Barros", "1993-01-01", "", "Woman?"],  # unmapped code
        ["S5", "Ola", "Nowak", "1994-01-01", "+1 555 0100", "M"],  # fine: a phone is not a formula
        ["S5", "Ola", "Nowak", "1994-01-01", "", "M"],  # repeated id
        ["S7", "Rui", "Costa", "2999-01-01", "@SUM(A1)", ""],  # future birth date, formula
    ]
    run, _ = run_file(admin, mapping, csv_bytes(SURVIVOR_HEADERS, rows), dry_run=True)
    assert (run.status, run.created, run.errors) == ("succeeded", 1, 6)
    assert [(e["row"], e["column"]) for e in run.row_errors] == [
        (2, "DOB"),
        (3, "First name"),
        (4, "First name"),
        (5, "Sex"),
        (7, "ID"),
        (8, "Phone"),
        (8, "DOB"),
    ]
    assert run.row_errors[0]["reason"] == "is not a date (expected YYYY-MM-DD)"
    text = str(run.row_errors)
    for value in ("1990-02-30", "HYPERLINK", "Woman?", "@SUM", "2999"):
        assert value not in text  # no cell value is echoed
    assert Survivor.objects.filter(agency=agency).count() == 0
    assert ImportedRecord.objects.count() == 0


def test_an_import_skips_the_rows_with_errors_and_a_fixed_file_adds_them(agency, personas):
    admin = personas["agency_admin"]
    mapping = make_mapping(admin, agency, "survivors")
    rows = [["S1", "Ana", "Okafor", "1990-01-30", "", "F"], ["S2", "=1+1", "Lee", "1991-01-01", "", "F"]]
    run, _ = run_file(admin, mapping, csv_bytes(SURVIVOR_HEADERS, rows))
    assert (run.created, run.errors) == (1, 1)
    assert [s.given_name for s in Survivor.objects.filter(agency=agency)] == ["Ana"]
    rows[1][1] = "Mei"
    fixed, _ = run_file(admin, mapping, csv_bytes(SURVIVOR_HEADERS, rows))
    assert (fixed.created, fixed.unchanged, fixed.errors) == (1, 1, 0)


def test_a_file_in_another_encoding_is_refused_clearly(agency, personas):
    admin = personas["agency_admin"]
    mapping = make_mapping(admin, agency, "survivors")
    data = csv_bytes(SURVIVOR_HEADERS, [["S1", "Zoë", "Müller", "1990-01-30", "", "F"]], encoding="cp1252")
    run, _ = run_file(admin, mapping, data)
    assert run.status == "failed"
    assert "not UTF-8" in run.message
    assert Survivor.objects.count() == 0
    bom, _ = run_file(
        admin, mapping, b"\xef\xbb\xbf" + csv_bytes(SURVIVOR_HEADERS, [["S1", "Zoë", "Müller", "", "", ""]])
    )
    assert (bom.status, bom.created) == ("succeeded", 1)
    assert Survivor.objects.get().given_name == "Zoë"


def test_a_missing_required_column_fails_the_file_before_any_row(agency, personas):
    admin = personas["agency_admin"]
    mapping = make_mapping(admin, agency, "survivors")
    data = csv_bytes(["First name", "Last name"], [["Ana", "Okafor"]])
    run, _ = run_file(admin, mapping, data)
    assert run.status == "failed"
    assert run.message == "Required columns are missing from the file: ID. No row was read."
    assert run.row_errors == []
    assert Survivor.objects.count() == 0


def test_formula_cells_in_a_workbook_are_never_stored(agency, personas):
    admin = personas["agency_admin"]
    mapping = make_mapping(admin, agency, "survivors")
    rows = [
        ["S1", '=HYPERLINK("http://evil","x")', "Lee", "", "", ""],
        ["S2", "Ana", "+cmd|' /C calc'!A0", "", "", ""],
        ["S3", "Ana", "Okafor", "", "-SUM(1,2)", ""],
        ["S4", "Ana", "Lopes", "", "+351 21 000 0000", ""],
    ]
    run, _ = run_file(admin, mapping, xlsx_bytes(SURVIVOR_HEADERS, rows))
    assert (run.created, run.errors) == (1, 3)
    assert {e["reason"] for e in run.row_errors} == {"contains a formula; formulas are never imported"}
    assert Survivor.objects.get().phone == "+351 21 000 0000"


def test_a_file_over_the_size_limit_is_refused(agency, personas, settings):
    settings.RECLAIM_IMPORT_MAX_BYTES = 100
    admin = personas["agency_admin"]
    mapping = make_mapping(admin, agency, "survivors")
    run, _ = run_file(admin, mapping, csv_bytes(SURVIVOR_HEADERS, survivor_rows(20)))
    assert run.status == "failed"
    assert "too large" in run.message
    assert Survivor.objects.count() == 0


def test_a_likely_duplicate_is_not_created_unless_the_mapping_links_it(agency, personas, survivor_a):
    admin = personas["agency_admin"]
    rows = [["S1", "Marisol", "Quintanila", "1996-04-17", "", "F"], ["S2", "Ana", "Okafor", "", "", "F"]]
    skip = make_mapping(admin, agency, "survivors")
    run, _ = run_file(admin, skip, csv_bytes(SURVIVOR_HEADERS, rows))
    assert (run.created, run.linked, run.errors) == (1, 0, 1)
    assert run.row_errors == [{"row": 2, "column": "First name", "reason": "possible duplicate of an existing record"}]
    link = make_mapping(admin, agency, "survivors", name="linking", source="othercrm", on_duplicate="link")
    linked, _ = run_file(admin, link, csv_bytes(SURVIVOR_HEADERS, rows[:1]))
    assert (linked.created, linked.linked, linked.errors) == (0, 1, 0)
    record = ImportedRecord.objects.get(source_system="othercrm", source_id="S1")
    assert (record.object_id, record.linked) == (survivor_a.pk, True)
    assert Survivor.objects.filter(agency=agency).count() == 2


def test_a_row_with_only_a_name_equally_near_two_different_people_is_a_possible_duplicate(agency, personas):
    import datetime

    from reclaim.people.actions import do_create_survivor

    # given two people whose family names are each one slip of the keyboard from "Tanro"
    for reference, family, born in [
        ("A-7", "Tanra", datetime.date(1990, 4, 2)),
        ("A-8", "Danro", datetime.date(1971, 11, 23)),
    ]:
        do_create_survivor(
            actor=None, agency=agency, reference=reference, given_name="Jose", family_name=family, date_of_birth=born
        )
    admin = personas["agency_admin"]
    rows = [["S1", "Jose", "Tanro", "", "", "M"]]
    # when a legacy row gives only that name, then it is not created: a person reviews it (intake would ask for the
    # birth date, which a file cannot give)
    run, _ = run_file(admin, make_mapping(admin, agency, "survivors"), csv_bytes(SURVIVOR_HEADERS, rows))
    assert (run.created, run.errors) == (0, 1)
    assert run.row_errors[0]["reason"] == "possible duplicate of an existing record"
    # and a mapping that links duplicates does not link it either: it is not one match
    link = make_mapping(admin, agency, "survivors", name="linking", source="othercrm", on_duplicate="link")
    linked, _ = run_file(admin, link, csv_bytes(SURVIVOR_HEADERS, rows))
    assert (linked.created, linked.linked, linked.errors) == (0, 0, 1)
    assert Survivor.objects.filter(agency=agency).count() == 2


def test_an_imported_person_is_found_by_search_and_by_the_intake_duplicate_check(agency, personas):
    import datetime

    from reclaim.people.duplicates import Probe, find_duplicates
    from reclaim.people.selectors import search_survivors

    admin = personas["agency_admin"]
    mapping = make_mapping(admin, agency, "survivors")
    run_file(admin, mapping, csv_bytes(SURVIVOR_HEADERS, [["S1", "Adaeze", "Okonkwo", "1993-07-09", "", "F"]]))
    person = Survivor.objects.get(agency=agency)
    found = search_survivors(
        personas["program_director"], name="Adaeze Okonkwo", date_of_birth=datetime.date(1993, 7, 9)
    )
    assert list(found) == [person]
    matches = find_duplicates(
        agency.pk, Probe(given_name="Adaze", family_name="Okonkwo", date_of_birth=datetime.date(1993, 7, 9))
    )
    assert [m.survivor for m in matches] == [person]


def test_two_thousand_people_import_in_batches_with_one_audit_row_each(agency, personas, settings):
    from reclaim.core.models import AuditEvent

    settings.RECLAIM_IMPORT_BATCH_SIZE = 500
    admin = personas["agency_admin"]
    mapping = make_mapping(admin, agency, "survivors")
    data = csv_bytes(SURVIVOR_HEADERS, survivor_rows(2000))
    run, _ = run_file(admin, mapping, data)
    assert (run.created, run.errors, run.progress_done, run.progress_total) == (2000, 0, 2000, 2000)
    assert AuditEvent.objects.filter(action="import.batch", object_id=str(run.pk)).count() == 4
    assert Survivor.objects.filter(agency=agency).values("reference").distinct().count() == 2000
    again, _ = run_file(admin, mapping, data)
    assert (again.created, again.unchanged) == (0, 2000)
    assert Survivor.objects.filter(agency=agency).count() == 2000


def test_an_import_on_sqlite_writes_with_a_larger_page_cache_and_puts_the_old_one_back(agency, personas, monkeypatch):
    from django.db import connection

    from reclaim.interop import imports_actions

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's page cache only: PostgreSQL's buffers are the server's")
    # given the connection's page cache and an import whose writes note the cache they ran with
    with connection.cursor() as cursor:
        before = cursor.execute("PRAGMA cache_size").fetchone()[0]
    seen = []
    real = imports_actions._write

    def noting(*args, **kwargs):
        with connection.cursor() as cursor:
            seen.append(cursor.execute("PRAGMA cache_size").fetchone()[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(imports_actions, "_write", noting)
    admin = personas["agency_admin"]
    run, _outcome = run_file(
        admin, make_mapping(admin, agency, "survivors"), csv_bytes(SURVIVOR_HEADERS, survivor_rows(3))
    )
    # then the rows were written with the import's cache, and the connection has its own again
    assert run.created == 3
    assert seen == [-imports_actions.SQLITE_IMPORT_CACHE_KIB]
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA cache_size").fetchone()[0] == before
