"""De-identified exports end to end: who is in them (research consent, served in the period, each person
once), what is never in them (names, birth dates, references, case numbers, ids, blind indexes, free text),
k-anonymity with the agency's k, CSV and XLSX safe from formula injection, the download behind step-up
re-authentication with an audit row, 404 for anyone else's export, and the API."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import login_client
from reclaim.cases.models import Case, EventCoding, HistoricEvent, StatusDetermination
from reclaim.consent.models import ConsentRecord
from reclaim.core import htcds as vocab
from reclaim.core.models import AuditEvent
from reclaim.people.actions import do_create_survivor
from reclaim.reporting.exports import files, htcds
from reclaim.reporting.exports.runner import start_export
from reclaim.reporting.jobs import run_job
from reclaim.reporting.models import JobStatus, ReportingPolicy, ReportJob

K = 5
IDENTIFIED = datetime.date(2025, 3, 1)
GIVEN = ["Xiomara", "Ludovica", "Wenceslao", "Apolonia", "Bartholomew", "Zenaida", "Evangelina", "Casimiro"]
SEEDED: list[str] = []


def _person(
    agency,
    n,
    *,
    dob,
    gender="Feminine",
    consent=True,
    country="US",
    exploitation=("SexualExploitation",),
    identified=IDENTIFIED,
    second_case=False,
):
    given, family = f"{GIVEN[n % len(GIVEN)]}{n}", f"Quintero-Albarrán{n}"
    survivor = do_create_survivor(
        actor=None,
        agency=agency,
        reference=f"X-{n:06d}",
        given_name=given,
        family_name=family,
        date_of_birth=dob,
        phone=f"+1 555 77{n:04d}",
        gender=gender,
    )
    cases = [Case.objects.create(agency=agency, survivor=survivor, number=f"C-{n:05d}", identified_on=identified)]
    if second_case:
        cases.append(
            Case.objects.create(agency=agency, survivor=survivor, number=f"C-{n:05d}b", identified_on=identified)
        )
    for case in cases:
        event = HistoricEvent.objects.create(
            agency=agency,
            case=case,
            type=vocab.EXPLOITATION,
            country=country,
            place="Motel on Route 9",
            description=f"Told us about {given}",
        )
        for code in exploitation:
            EventCoding.objects.create(
                agency=agency, event=event, case=case, vocabulary=vocab.TYPE_OF_EXPLOITATION, code=code
            )
        StatusDetermination.objects.create(
            agency=agency, case=case, status="ActualVictimOfTrafficking", decided_by="NGO", decided_on=identified
        )
    if consent:
        ConsentRecord.objects.create(
            agency=agency,
            survivor=survivor,
            purpose="research",
            recipient_kind="any",
            method="verbal",
            starts_on=datetime.date(2024, 1, 1),
            expires_on=datetime.date(2099, 1, 1),
        )
    survivor.refresh_from_db()
    SEEDED.extend(
        [
            given,
            family,
            survivor.reference,
            str(survivor.pk),
            survivor.pk.hex,
            dob.isoformat(),
            survivor.name_index,
            survivor.dob_index,
            "Route 9",
            "Told us",
        ]
        + [case.number for case in cases]
        + [str(case.pk) for case in cases]
    )
    return survivor


@pytest.fixture
def seeded(agency):
    """Six women aged 24-26 (one with two cases), five men aged 30-38, one person with a rare combination,
    and two people without a research consent; k = 5."""
    SEEDED.clear()
    ReportingPolicy.objects.create(agency=agency, k=K)
    for n in range(6):
        _person(agency, n, dob=datetime.date(2000, 1, 15), second_case=n == 0)
    for n in range(6, 11):
        _person(
            agency, n, dob=datetime.date(1990, 6, 1), gender="Masculine", exploitation=("ForcedLabour",), country="MX"
        )
    _person(agency, 11, dob=datetime.date(1950, 2, 2), gender="NonConforming", country="PH")
    for n in range(12, 14):
        _person(agency, n, dob=datetime.date(2000, 1, 15), consent=False)
    # a revoked research consent counts as none
    revoked = _person(agency, 14, dob=datetime.date(2000, 1, 15), consent=True)
    ConsentRecord.objects.filter(survivor=revoked).update(revoked_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    return agency


def _run(user, agency, **kwargs):
    job = start_export(actor=user, agency=agency, fmt=kwargs.pop("fmt", "csv"), **kwargs)
    return run_job(job.pk)


def test_export_has_one_row_per_consenting_person_in_bands_and_years(seeded, personas):
    job = _run(personas["program_director"], seeded, period="2025")
    assert job.status == JobStatus.DONE
    result = ReportJob.objects.get(pk=job.pk).result
    rows = [dict(zip(result["columns"], row, strict=True)) for row in result["rows"]]
    # 12 people consented (the one with two cases counts once); the rare one is left out
    assert result["summary"]["released_rows"] == len(rows) == 11
    assert result["summary"]["dropped_rows"] == 1
    # and one person left out is a count under k: the page and the file say "fewer than 5" (this agency's k), not 1
    assert result["summary"]["dropped_rows_text"] == "fewer than 5"
    assert result["summary"]["without_research_consent"] is None  # 3 is under k: not shown
    # ages are CTDC bands at identification, dates are years
    assert Counter_of(rows, htcds.AGE) == {"24--26": 6, "30--38": 5}
    assert {row[htcds.YEAR] for row in rows} == {"2025"}
    assert Counter_of(rows, htcds.EXPLOITATION) == {"SexualExploitation": 6, "ForcedLabour": 5}
    assert {row[htcds.STATUS] for row in rows} == {"ActualVictimOfTrafficking"}
    # row numbers are 1..n
    assert sorted(int(row[htcds.ROW_NUMBER]) for row in rows) == list(range(1, 12))
    # every combination of quasi-identifiers is shared by at least k rows
    qis = [htcds.YEAR, htcds.AGE, htcds.GENDER, htcds.COUNTRY, htcds.EXPLOITATION]
    combos = Counter_of(rows, *qis)
    assert min(combos.values()) >= K


def Counter_of(rows, *columns):  # noqa: N802
    from collections import Counter

    return dict(Counter(tuple(row[c] for c in columns) if len(columns) > 1 else row[columns[0]] for row in rows))


def test_no_identifier_in_any_export_file(seeded, personas):
    job = _run(personas["program_director"], seeded, period="2025")
    client = login_client(personas["program_director"])
    csv_body = client.post(reverse("reporting:export_download", args=[job.pk, "csv"])).content.decode()
    xlsx = client.post(reverse("reporting:export_download", args=[job.pk, "xlsx"])).content
    book = load_workbook(io.BytesIO(xlsx))
    xlsx_text = json.dumps([[cell.value for cell in row] for sheet in book for row in sheet.iter_rows()])
    stored = json.dumps(ReportJob.objects.get(pk=job.pk).result)
    for text in (csv_body, xlsx_text, stored):
        for identifier in SEEDED:
            assert identifier and identifier not in text, identifier
    # and the file has exactly the documented columns
    assert csv_body.splitlines()[0].split(",") == list(htcds.COLUMNS)


def test_research_consent_gate_and_period(seeded, personas):
    # people identified in 2025 are not served in 2023
    job = _run(personas["program_director"], seeded, period="2023")
    assert job.result["summary"]["released_rows"] == 0
    # a range of years works too
    job = _run(personas["program_director"], seeded, from_year=2024, to_year=2026)
    assert job.result["summary"]["released_rows"] == 11
    # when every consent is taken back, nobody is exported
    ConsentRecord.objects.update(revoked_at=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC))
    job = _run(personas["program_director"], seeded, period="2025")
    assert job.result["rows"] == [] and job.result["summary"]["without_research_consent"] == 15


def test_csv_and_xlsx_neutralise_formulas():
    columns = ["rowNumber", '=HYPERLINK("http://x")']
    rows = [["1", "=1+2"], ["2", "+SUM(A1)"], ["3", "-2"], ["4", "@cmd"], ["5", "\tTAB"], ["6", "ForcedLabour"]]
    parsed = list(csv.reader(io.StringIO(files.export_csv(columns, rows).decode())))
    assert parsed[0][1].startswith("'=")
    assert [row[1] for row in parsed[1:]] == ["'=1+2", "'+SUM(A1)", "'-2", "'@cmd", "'\tTAB", "ForcedLabour"]
    book = load_workbook(io.BytesIO(files.export_xlsx(columns, rows, [("=evil", "=1")])))
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type == "s", (cell.coordinate, cell.data_type)
                assert not str(cell.value).startswith(("=", "+", "-", "@"))
    assert book["export"]["B2"].value == "'=1+2"


def test_download_needs_step_up_and_is_audited(seeded, personas):
    director = personas["program_director"]
    job = _run(director, seeded, period="2025")
    url = reverse("reporting:export_download", args=[job.pk, "csv"])
    # without a recent password the download sends the person to re-enter it, and nothing is recorded
    stale = login_client(director, reauthenticated_at=None)
    response = stale.post(url)
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    assert not AuditEvent.objects.filter(action="reporting.export_downloaded").exists()
    # with it, the file comes and the download is audited, once per download
    fresh = login_client(director)
    response = fresh.post(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    fresh.post(reverse("reporting:export_download", args=[job.pk, "xlsx"]))
    events = AuditEvent.objects.filter(action="reporting.export_downloaded", object_id=str(job.pk))
    assert events.count() == 2
    # a format that does not exist is 404
    assert fresh.post(reverse("reporting:export_download", args=[job.pk, "pdf"])).status_code == 404


def test_someone_elses_export_is_404(seeded, personas):
    job = _run(personas["program_director"], seeded, period="2025")
    url = reverse("reporting:export_download", args=[job.pk, "csv"])
    for persona in ("analyst", "agency_admin", "other_agency_admin"):
        assert login_client(personas[persona]).post(url).status_code == 404
    assert login_client(personas["case_manager"]).post(url).status_code == 403


def test_analyst_runs_an_export_from_the_page(seeded, personas):
    client = login_client(personas["analyst"])
    page = client.get(reverse("reporting:exports"))
    assert page.status_code == 200 and "research consent" in page.content.decode()
    response = client.post(reverse("reporting:export_run"), {"period": "2025", "format": "xlsx"})
    job = ReportJob.objects.get(created_by=personas["analyst"])
    assert response.status_code == 302 and response["Location"] == reverse("reporting:job", args=[job.pk])
    run_job(job.pk)
    text = client.get(reverse("reporting:job", args=[job.pk])).content.decode()
    assert "Download XLSX" in text and "left out" in text
    assert "fewer than 5 rows were still rarer" in text  # one person left out: not given as "1"
    # and the file has the rows and an "about" sheet saying what was suppressed
    body = client.post(reverse("reporting:export_download", args=[job.pk, "xlsx"])).content
    book = load_workbook(io.BytesIO(body))
    assert book["export"].max_row == 12 and book["about"]["A1"].value == "Export"
    about = {row[0].value: row[1].value for row in book["about"].iter_rows() if row[0].value}
    assert about["Rows left out (combination rarer than k even with nothing shown)"] == "fewer than 5"


def test_bad_input_is_a_clear_error_and_nothing_is_queued(seeded, personas):
    client = login_client(personas["analyst"])
    response = client.post(reverse("reporting:export_run"), {"period": "", "format": "csv"})
    assert response.status_code == 400 and "Choose a period" in response.content.decode()
    response = client.post(reverse("reporting:export_run"), {"from_year": 2026, "to_year": 2020, "format": "csv"})
    assert response.status_code == 400 and "last year" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_api_runs_an_export_and_never_returns_rows(seeded, personas):
    client = login_client(personas["analyst"])
    response = client.post("/api/v1/exports/run", {"period": "2025", "format": "csv"}, content_type="application/json")
    assert response.status_code == 202
    job_id = response.json()["id"]
    run_job(job_id)
    status = client.get(f"/api/v1/reports/jobs/{job_id}").json()
    assert status["status"] == "done" and status["result"] is None  # rows: the file only
    bad = client.post("/api/v1/exports/run", {"period": "2025-Q9"}, content_type="application/json")
    assert bad.status_code == 422 and "period" in bad.json()["fields"]
    bad = client.post("/api/v1/exports/run", {"period": "2025", "format": "pdf"}, content_type="application/json")
    assert bad.status_code == 422
    assert ReportJob.objects.count() == 1
    denied = login_client(personas["case_manager"]).post(
        "/api/v1/exports/run", {"period": "2025"}, content_type="application/json"
    )
    assert denied.status_code == 403


def test_export_reads_take_a_constant_number_of_queries(seeded, personas, agency, assert_max_queries):
    from reclaim.reporting.exports.data import people_for_export
    from reclaim.reporting.periods import parse

    with assert_max_queries(8):
        people, _without = people_for_export(agency.pk, parse("2025"), datetime.date(2025, 6, 1))
    assert len(people) == 12


def test_the_stored_export_is_not_plain_text_at_rest(seeded, personas):
    from django.db import connection

    job = _run(personas["program_director"], seeded, period="2025")
    with connection.cursor() as cursor:
        cursor.execute("SELECT result FROM reporting_reportjob WHERE id = %s", [job.pk.hex])
        raw = cursor.fetchone()[0]
    text = str(bytes(raw) if isinstance(raw, memoryview) else raw)
    assert "vic_TypeOfExploitation" not in text and "SexualExploitation" not in text


def test_a_french_reader_sees_the_column_notes_in_french_and_the_file_keeps_codes(seeded, personas):
    from django.utils import translation

    # given an analyst who reads French
    analyst = personas["analyst"]
    analyst.language = "fr"
    analyst.save(update_fields=["language"])
    client = login_client(analyst)
    # when they open the exports page, then the notes on each column are in French
    page = client.get(reverse("reporting:exports")).content.decode()
    assert "Code prs_Gender du HTCDS." in page and "HTCDS prs_Gender code." not in page
    # and when an export runs while French is active, the file keeps the standard's codes and English notes
    with translation.override("fr"):
        job = _run(personas["program_director"], seeded, period="2025")
    result = ReportJob.objects.get(pk=job.pk).result
    assert result["definitions"][htcds.GENDER] == "HTCDS prs_Gender code."
    rows = [dict(zip(result["columns"], row, strict=True)) for row in result["rows"]]
    assert {row[htcds.EXPLOITATION] for row in rows} == {"SexualExploitation", "ForcedLabour"}
    assert {row[htcds.COUNTRY] for row in rows} == {"US", "MX"}
