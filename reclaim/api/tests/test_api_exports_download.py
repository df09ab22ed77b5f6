"""`reporting:export_download` through the API: GET /exports/{id}/file serves the finished de-identified export
under the page's rules (its creator only, the password re-entered just now, never a bare token), with the same
content type, neutral file name and audit row as the browser download."""

from __future__ import annotations

import csv
import io

from django.test import Client
from openpyxl import load_workbook

from conftest import login_client
from reclaim.accounts.actions import do_create_api_token
from reclaim.accounts.models import Membership
from reclaim.core.models import AuditEvent
from reclaim.reporting.exports.runner import start_export
from reclaim.reporting.jobs import run_job


def _finished_export(user, agency):
    job = start_export(actor=user, agency=agency, fmt="csv", period="2025")
    return run_job(job.pk)


def _downloads(job):
    return AuditEvent.objects.filter(action="reporting.export_downloaded", object_id=str(job.pk))


def test_creator_downloads_csv_and_xlsx_and_each_download_is_audited(agency, personas):
    # given a finished export of the program director
    director = personas["program_director"]
    job = _finished_export(director, agency)
    client = login_client(director)
    # when the CSV is downloaded
    response = client.get(f"/api/v1/exports/{job.pk}/file")
    # then it is the page's file: CSV with the export's columns, a neutral name, not cached, audited
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="deidentified-export-2025.csv"'
    assert "no-store" in response["Cache-Control"]
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == job.result["columns"]
    # and the XLSX too, with its "about" sheet
    xlsx = client.get(f"/api/v1/exports/{job.pk}/file?format=xlsx")
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content))["about"]["A1"].value == "Export"
    assert [event.detail["format"] for event in _downloads(job).order_by("id")] == ["csv", "xlsx"]


def test_a_token_or_a_stale_session_is_refused_and_nothing_is_recorded(agency, personas):
    # given a finished export, and its creator's API token and a session without a recent password
    director = personas["program_director"]
    job = _finished_export(director, agency)
    _token, raw = do_create_api_token(actor=director, membership=Membership.objects.get(user=director), name="s")
    url = f"/api/v1/exports/{job.pk}/file"
    # when each asks for the file
    by_token = Client(headers={"Authorization": f"Bearer {raw}"}).get(url)
    stale = login_client(director, reauthenticated_at=None).get(url)
    # then both are refused with the step-up code, and no download is audited
    for response in (by_token, stale):
        assert response.status_code == 403
        assert response.json()["code"] == "reauthentication_required"
    assert not _downloads(job).exists()


def test_someone_elses_unfinished_or_bad_format_is_refused(agency, personas):
    # given the director's finished export and one still queued
    director = personas["program_director"]
    job = _finished_export(director, agency)
    queued = start_export(actor=director, agency=agency, fmt="csv", period="2025")
    # then other report runners get 404, roles without reports 403, a queued job 404 and a bad format 422
    for persona in ("analyst", "agency_admin", "other_agency_admin"):
        assert login_client(personas[persona]).get(f"/api/v1/exports/{job.pk}/file").status_code == 404
    assert login_client(personas["case_manager"]).get(f"/api/v1/exports/{job.pk}/file").status_code == 403
    client = login_client(director)
    assert client.get(f"/api/v1/exports/{queued.pk}/file").status_code == 404
    bad = client.get(f"/api/v1/exports/{job.pk}/file?format=pdf")
    assert bad.status_code == 422 and "format" in bad.json()["fields"]
    assert not _downloads(job).exists()
