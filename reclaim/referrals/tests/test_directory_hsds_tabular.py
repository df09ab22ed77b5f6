"""HSDS 3.0 tabular form (directory_hsds_tabular.py): a zip of CSV tables, through the same import as the JSON."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reclaim.referrals import directory_hsds as hsds
from reclaim.referrals import directory_hsds_tabular as tabular
from reclaim.referrals.models import Location, Organization
from reclaim.referrals.tests.directory_fixtures import SHELTER_STREET, make_entry
from reclaim.referrals.tests.test_directory_hsds import counts, sample, wipe

pytestmark = pytest.mark.django_db


def members(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def rezip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def test_round_trip_through_the_zip_into_another_agency_gives_the_same_directory(personas, agency, other_agency):
    # given a directory with every kind of row, a confidential location included, and a formula-looking name
    entry = make_entry(personas["agency_admin"], agency, name='=HYPERLINK("http://x.example")')
    hsds.do_import_hsds(actor=None, agency=agency, document=sample())
    exported = hsds.export_document(actor=None, agency=agency)
    data = tabular.export_zip(actor=None, agency=agency)
    files = members(data)
    # the package holds the spec's tables and its descriptor; no cell starts a formula; no shelter
    assert set(files) == {*tabular.TABLES, tabular.DATAPACKAGE}
    names = [r["path"] for r in json.loads(files[tabular.DATAPACKAGE])["resources"]]
    assert names == list(tabular.TABLES)
    organizations = rows(files["organizations.csv"])
    assert {r["name"] for r in organizations} == {'\'=HYPERLINK("http://x.example")', "Harbour Legal Aid"}
    assert all(not cell.startswith(("=", "+", "-", "@")) for t in files.values() for cell in t.split(","))
    assert SHELTER_STREET not in data.decode("latin-1")
    assert len(rows(files["service_at_location.csv"])) == 2
    # when the directory is emptied and the zip imported by another agency
    wipe()
    report = tabular.do_import_hsds_zip(actor=None, agency=other_agency, data=data)
    # then the same (public) directory comes back, now kept by that agency
    assert report.created == {"organizations": 2, "services": 2, "locations": 2, "contacts": 2}
    assert hsds.export_document(actor=None, agency=other_agency) == exported
    assert Organization.objects.get(hsds_id=entry["org"].hsds_id).maintained_by == other_agency
    assert not Location.objects.filter(confidential=True).exists()
    # and importing it again changes nothing
    again = tabular.do_import_hsds_zip(actor=None, agency=other_agency, data=data)
    assert again.created == again.updated == dict.fromkeys(hsds.KINDS, 0)


def test_dry_run_reports_and_saves_nothing(agency):
    hsds.do_import_hsds(actor=None, agency=agency, document=sample())
    data = tabular.export_zip(actor=None, agency=agency)
    wipe()
    report = tabular.do_import_hsds_zip(actor=None, agency=agency, data=data, dry_run=True)
    assert report.dry_run and report.created["organizations"] == 1
    assert counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (lambda files: {"x.txt": "not a zip"}, "services.csv", "missing"),
        (lambda files: {k: v for k, v in files.items() if k != "addresses.csv"}, "addresses.csv", "missing"),
        (
            lambda files: {**files, "services.csv": files["services.csv"].replace("organization_id", "org", 1)},
            "services.csv",
            "Missing columns: organization_id",
        ),
        (
            lambda files: {**files, "units.csv": "id,id,name\r\n"},
            "units.csv",
            "Columns named twice: id",
        ),
        (
            lambda files: {**files, "services.csv": files["services.csv"].replace("Visa advice", "")},
            "services.csv line 2: name",
            "required",
        ),
        (
            lambda files: {**files, "schedules.csv": files["schedules.csv"].replace("TU,TH", "")},
            None,
            None,
        ),
    ],
)
def test_bad_packages_get_a_clear_error_and_nothing_is_saved(agency, change, where, message):
    # given a good package, spoiled in one way
    hsds.do_import_hsds(actor=None, agency=agency, document=sample())
    files = members(tabular.export_zip(actor=None, agency=agency))
    wipe()
    data = rezip(change(files))
    if where is None:  # a blank cell where a value was: not an error
        tabular.do_import_hsds_zip(actor=None, agency=agency, data=data)
        assert counts()[0] == 1
        return
    # when it is imported, then the problem is named by file (and line and column), and nothing is saved
    with pytest.raises(hsds.HsdsImportError) as caught:
        tabular.do_import_hsds_zip(actor=None, agency=agency, data=data)
    assert where in caught.value.fields, caught.value.fields
    assert any(message in text for text in caught.value.fields[where]), caught.value.fields
    assert counts() == (0, 0, 0, 0)


def test_not_a_zip_and_rows_pointing_nowhere_are_refused(agency):
    with pytest.raises(hsds.HsdsImportError) as caught:
        tabular.do_import_hsds_zip(actor=None, agency=agency, data=b"%PDF-1.4 not a zip")
    assert list(caught.value.fields) == ["file"]
    hsds.do_import_hsds(actor=None, agency=agency, document=sample())
    files = members(tabular.export_zip(actor=None, agency=agency))
    wipe()
    organization_id = rows(files["organizations.csv"])[0]["id"]
    files["services.csv"] = files["services.csv"].replace(organization_id, "7d1f1a6e-0000-4000-8000-000000000000")
    with pytest.raises(hsds.HsdsImportError) as caught:
        tabular.do_import_hsds_zip(actor=None, agency=agency, data=rezip(files))
    assert "services.csv line 2: organization_id" in caught.value.fields
    assert counts() == (0, 0, 0, 0)


def test_download_and_upload_in_the_ui_and_the_api(client_as, agency):
    # given a directory, and an agency admin
    hsds.do_import_hsds(actor=None, agency=agency, document=sample())
    client = client_as("agency_admin")
    # when they download the zip from the page and from the API
    page = client.get(reverse("referrals:directory_export_zip"))
    api = client.get("/api/v1/directory/hsds.zip")
    # then both are the package, as an attachment with no personal detail in its name
    assert page.status_code == api.status_code == 200
    assert page["Content-Type"] == "application/zip"
    assert page["Content-Disposition"] == 'attachment; filename="directory-hsds.zip"'
    assert members(page.content) == members(api.content)
    assert reverse("referrals:directory_export_zip") in client.get(reverse("referrals:directory")).content.decode()
    # and uploading it (dry run) reports on the page and through the API
    upload = SimpleUploadedFile("d.zip", page.content, content_type="application/zip")
    response = client.post(reverse("referrals:directory_import"), {"file": upload, "dry_run": "on"})
    assert response.status_code == 200
    assert response.context["report"].unchanged["organizations"] == 1
    upload = SimpleUploadedFile("d.zip", b"PK\x03\x04 broken", content_type="application/zip")
    response = client.post("/api/v1/directory/hsds.zip", {"file": upload, "dry_run": "true"})
    assert response.status_code == 422
    assert response.json()["fields"] == {"file": ["This is not a zip file."]}
