"""Legacy import in the browser and through the API: the mapping steps, the dry run, confirmation, the
background run, who may do it, and the uploaded file kept encrypted then deleted."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import login_client
from reclaim.core.models import AuditEvent
from reclaim.documents.files import document_storage
from reclaim.interop.imports_actions import run_import
from reclaim.interop.imports_models import ImportMapping, ImportRun
from reclaim.interop.tests.imports_support import SURVIVOR_HEADERS, csv_bytes, make_mapping, survivor_rows
from reclaim.people.models import Survivor

pytestmark = pytest.mark.django_db


def test_an_admin_maps_checks_and_imports_a_file_in_the_browser(agency, personas):
    admin = login_client(personas["agency_admin"])
    rows = [["S1", "Adaeze", "Okonkwo", "1993-07-09", "", "F"], ["S2", "Bo", "Lind", "1990-13-01", "", "M"]]
    upload = SimpleUploadedFile("maria lopez clients.csv", csv_bytes(SURVIVOR_HEADERS, rows))
    response = admin.post(reverse("interop:import_new"), {"file": upload, "kind": "survivors"})
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("interop:import_columns", args=[run.pk])
    assert "maria" not in run.file_name and run.status == "draft"
    stored = document_storage().open(run.storage_name).read()
    assert b"Adaeze" not in stored  # encrypted at rest
    page = admin.get(response["Location"])
    assert page.status_code == 200
    for header in SURVIVOR_HEADERS:
        assert f'<option value="{header}"' in page.content.decode()
    columns = {
        "name": "Old CRM people",
        "source_system": "oldcrm",
        "col_source_id": "ID",
        "col_given_name": "First name",
        "col_family_name": "Last name",
        "col_date_of_birth": "DOB",
        "col_gender": "Sex",
        "on_duplicate": "skip",
    }
    response = admin.post(reverse("interop:import_columns", args=[run.pk]), columns)
    assert response["Location"] == reverse("interop:import_values", args=[run.pk])
    values_url = response["Location"]
    text = admin.get(values_url).content.decode()
    assert "Gender: F" in text and "Gender: M" in text
    response = admin.post(values_url, {"v_gender_0": "Feminine", "v_gender_1": "Masculine"})
    assert response["Location"] == reverse("interop:import_run", args=[run.pk])
    mapping = ImportMapping.objects.get(name="Old CRM people")
    assert mapping.value_maps == {"gender": {"F": "Feminine", "M": "Masculine"}}
    waiting = admin.get(response["Location"]).content.decode()
    assert "<progress" in waiting and 'http-equiv="refresh"' in waiting
    run_import(run.pk)  # the worker
    text = admin.get(response["Location"]).content.decode()
    assert "is not a date (expected YYYY-MM-DD)" in text
    assert "1990-13-01" not in text
    assert Survivor.objects.count() == 0  # a dry run
    response = admin.post(reverse("interop:import_confirm", args=[run.pk]))
    real = ImportRun.objects.get(dry_run=False)
    assert response["Location"] == reverse("interop:import_run", args=[real.pk])
    run_import(real.pk)
    real.refresh_from_db()
    assert (real.status, real.created, real.errors) == ("succeeded", 1, 1)
    assert Survivor.objects.get().gender == "Feminine"
    assert real.storage_name == "" and not document_storage().exists(run.storage_name)  # deleted after the run
    listing = admin.get(reverse("interop:imports")).content.decode()
    assert real.file_name in listing
    assert AuditEvent.objects.filter(action="import.confirmed", object_id=str(real.pk)).exists()


def test_other_staff_get_403_and_another_agency_404(agency, personas):
    mapping = make_mapping(personas["agency_admin"], agency, "survivors")
    from reclaim.interop.imports_actions import do_upload

    run = do_upload(actor=personas["agency_admin"], agency=agency, kind="survivors", data=b"ID\nS1\n", mapping=mapping)
    for persona in ("case_manager", "program_director", "analyst"):
        assert login_client(personas[persona]).get(reverse("interop:imports")).status_code == 403
        assert login_client(personas[persona]).get(f"/api/v1/imports/{run.pk}").status_code == 403
    other = login_client(personas["other_agency_admin"])
    assert other.get(reverse("interop:import_run", args=[run.pk])).status_code == 404
    assert other.get(f"/api/v1/imports/{run.pk}").status_code == 404


def test_the_api_saves_a_mapping_uploads_and_reports_the_run(agency, personas):
    api = login_client(personas["agency_admin"])
    body = {
        "name": "crm people",
        "kind": "survivors",
        "source_system": "crm",
        "column_map": {"source_id": "ID", "given_name": "First name", "family_name": "Last name"},
        "value_maps": {"gender": {"F": "Feminine"}},
    }
    response = api.post("/api/v1/imports/mappings", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert api.get("/api/v1/imports/mappings").json()["items"][0]["name"] == "crm people"
    bad = api.post(
        "/api/v1/imports/mappings", {**body, "column_map": {"shoe_size": "X"}}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert "column_map" in bad.json()["fields"]
    upload = SimpleUploadedFile("x.csv", csv_bytes(SURVIVOR_HEADERS, survivor_rows(3)))
    response = api.post("/api/v1/imports", {"file": upload, "mapping": "crm people", "dry_run": "false"})
    assert response.status_code == 202, response.content
    run_id = response.json()["id"]
    assert response.json()["status"] == "queued"
    run_import(run_id)
    run = api.get(f"/api/v1/imports/{run_id}").json()
    assert (run["status"], run["created"], run["errors"], run["dry_run"]) == ("succeeded", 3, 0, False)
    assert Survivor.objects.filter(agency=agency).count() == 3
    wrong = api.post("/api/v1/imports", {"file": SimpleUploadedFile("x.csv", b"ID\n"), "mapping": "nope"})
    assert wrong.status_code == 422
