from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from reclaim.referrals import directory_hsds as hsds
from reclaim.referrals.models import Contact, Location, Organization, OrgService
from reclaim.referrals.tests.directory_fixtures import SHELTER_STREET, make_entry

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (Organization.objects.count(), OrgService.objects.count(), Location.objects.count(), Contact.objects.count())


def wipe() -> None:
    for model in (OrgService, Location, Contact, Organization):
        model.objects.all().delete()


def sample() -> dict[str, Any]:
    org_id, service_id, location_id = (str(uuid.uuid4()) for _ in range(3))
    return {
        "contents": [
            {
                "id": org_id,
                "name": "Harbour Legal Aid",
                "description": "Free immigration advice",
                "phones": [{"id": str(uuid.uuid4()), "number": "+1 555 0199"}],
                "services": [
                    {
                        "id": service_id,
                        "name": "Visa advice",
                        "status": "active",
                        "eligibility_description": "Survivors of trafficking",
                        "languages": [{"id": str(uuid.uuid4()), "code": "es"}],
                        "schedules": [
                            {
                                "id": str(uuid.uuid4()),
                                "freq": "WEEKLY",
                                "byday": "TU,TH",
                                "opens_at": "10:00",
                                "closes_at": "14:00",
                            }
                        ],
                        "attributes": [{"id": str(uuid.uuid4()), "taxonomy_term": {"code": "legal_assistance"}}],
                    }
                ],
                "locations": [
                    {
                        "id": location_id,
                        "location_type": "physical",
                        "name": "Office",
                        "addresses": [
                            {
                                "id": str(uuid.uuid4()),
                                "address_1": "5 Quay St",
                                "city": "Portland",
                                "state_province": "ME",
                                "postal_code": "04101",
                                "country": "US",
                                "address_type": "physical",
                            }
                        ],
                    }
                ],
                "contacts": [{"id": str(uuid.uuid4()), "name": "Ana Counsel", "email": "ana@legal.example"}],
            }
        ]
    }


def test_import_errors_name_their_paths_and_nothing_is_saved(agency):
    # given a file with a good organisation and several mistakes further on
    document = sample()
    service = document["contents"][0]["services"][0]
    service["schedules"][0]["byday"] = "XX"
    service["attributes"] = []
    document["contents"][0]["locations"][0]["latitude"] = "north"
    document["contents"][0]["contacts"][0]["email"] = "not-an-email"
    document["contents"].append({"id": "not-a-uuid", "name": ""})
    # when it is imported
    with pytest.raises(hsds.HsdsImportError) as refused:
        hsds.do_import_hsds(actor=None, agency=agency, document=document)
    # then every problem is reported with its path, and nothing was saved
    paths = set(refused.value.fields)
    assert {
        "contents[0].services[0].schedules[0]",
        "contents[0].services[0].attributes",
        "contents[0].locations[0].latitude",
        "contents[0].contacts[0].email",
        "contents[1].id",
        "contents[1].name",
    } <= paths
    assert counts() == (0, 0, 0, 0)


def test_import_is_idempotent_by_hsds_id(agency):
    document = sample()
    first = hsds.do_import_hsds(actor=None, agency=agency, document=document)
    assert first.created == {"organizations": 1, "services": 1, "locations": 1, "contacts": 1}
    assert counts() == (1, 1, 1, 1)
    service = OrgService.objects.get()
    assert (service.hours_rrule, service.category_code, service.languages) == (
        "FREQ=WEEKLY;BYDAY=TU,TH",
        "legal_assistance",
        ["es"],
    )
    again = hsds.do_import_hsds(actor=None, agency=agency, document=document)
    assert counts() == (1, 1, 1, 1)
    assert again.unchanged == {"organizations": 1, "services": 1, "locations": 1, "contacts": 1}
    assert OrgService.objects.get().version == 1
    # a changed name updates the same row
    document["contents"][0]["services"][0]["name"] = "Visa and asylum advice"
    changed = hsds.do_import_hsds(actor=None, agency=agency, document=document)
    assert changed.updated["services"] == 1
    assert OrgService.objects.get().name == "Visa and asylum advice"


def test_dry_run_reports_and_saves_nothing(agency):
    report = hsds.do_import_hsds(actor=None, agency=agency, document=sample(), dry_run=True)
    assert report.created["organizations"] == 1
    assert counts() == (0, 0, 0, 0)


def test_entries_of_another_agency_are_not_changed(agency, other_agency):
    document = sample()
    hsds.do_import_hsds(actor=None, agency=agency, document=document)
    document["contents"][0]["name"] = "Taken over"
    with pytest.raises(hsds.HsdsImportError) as refused:
        hsds.do_import_hsds(actor=None, agency=other_agency, document=document)
    assert "contents[0].id" in refused.value.fields
    assert Organization.objects.get().name == "Harbour Legal Aid"


def test_round_trip_export_import_gives_the_same_directory(personas, agency):
    # given a directory with every kind of row, a confidential location included
    make_entry(personas["agency_admin"], agency)
    hsds.do_import_hsds(actor=None, agency=agency, document=sample())
    exported = hsds.export_document(actor=None, agency=agency)
    # the shelter is never exported, not even to the agency that keeps it (DOMAIN.md §12.1)
    assert not any(loc.get("x_reclaim_confidential") for org in exported["contents"] for loc in org["locations"])
    assert SHELTER_STREET not in json.dumps(exported)
    # when the directory is emptied and the export imported again
    wipe()
    report = hsds.do_import_hsds(actor=None, agency=agency, document=json.loads(json.dumps(exported)))
    # then the same (public) directory comes back
    assert report.created == {"organizations": 2, "services": 2, "locations": 2, "contacts": 2}
    assert hsds.export_document(actor=None, agency=agency) == exported
    assert not Location.objects.filter(confidential=True).exists()


def test_export_holds_hsds_shapes(personas, agency):
    make_entry(personas["agency_admin"], agency)
    document = hsds.export_document(actor=None, agency=agency)
    org = document["contents"][0]
    assert document["total_items"] == 1
    assert {"id", "name", "description", "services", "locations", "contacts", "phones"} <= set(org)
    schedule = org["services"][0]["schedules"][0]
    assert (schedule["freq"], schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "WEEKLY",
        "MO,TU,WE,TH,FR",
        "09:00",
        "17:00",
    )
    assert org["services"][0]["capacities"][0]["available"] == 4
    assert org["services"][0]["attributes"][0]["taxonomy_term"]["code"] == "housing_shelter"


def test_management_command(tmp_path, agency, capsys):
    path = tmp_path / "directory.json"
    path.write_text(json.dumps(sample()), encoding="utf-8")
    call_command("import_hsds", str(path), "--agency", "agency-a", "--dry-run")
    assert counts() == (0, 0, 0, 0)
    call_command("import_hsds", str(path), "--agency", "agency-a")
    assert counts() == (1, 1, 1, 1)
    assert "organizations: 1 new" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"id": "x"}]), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_hsds", str(bad), "--agency", "agency-a")
    assert "[0].id" in capsys.readouterr().err


def test_api_import_reports_422_with_paths(client_as):
    response = client_as("agency_admin").post(
        "/api/v1/directory/hsds", {"document": [{"id": "x", "name": "A"}]}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "directory.hsds_invalid"
    assert "[0].id" in response.json()["fields"]
    assert counts() == (0, 0, 0, 0)
    ok = client_as("agency_admin").post(
        "/api/v1/directory/hsds", {"document": sample()}, content_type="application/json"
    )
    assert ok.status_code == 200
    assert ok.json()["created"]["organizations"] == 1


def test_import_page_upload(client_as):
    upload = SimpleUploadedFile("d.json", json.dumps(sample()).encode(), content_type="application/json")
    response = client_as("agency_admin").post(reverse("referrals:directory_import"), {"file": upload})
    assert response.status_code == 200
    assert "Imported" in response.content.decode()
    assert counts() == (1, 1, 1, 1)
    broken = SimpleUploadedFile("d.json", b"{not json", content_type="application/json")
    response = client_as("agency_admin").post(reverse("referrals:directory_import"), {"file": broken})
    assert "This is neither a JSON file nor a zip." in response.content.decode()
