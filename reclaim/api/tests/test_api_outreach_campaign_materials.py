"""Issue 11 API completeness: a campaign's materials (list, upload a material or a newer version, download) with
the materials page's gates: runners upload, readers list and download; 413/415/400 for a refused file and 422 for
bad values, nothing stored; another agency 404, roles without campaigns 403."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reclaim.outreach.campaigns_actions import MaterialValues, do_upload_material
from reclaim.outreach.models import CampaignMaterial
from reclaim.outreach.tests.campaigns_support import PDF, make_campaign

pytestmark = pytest.mark.django_db


def pdf(name: str = "poster.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def base(campaign) -> str:
    return f"/api/v1/outreach/campaigns/{campaign.pk}/materials"


def test_upload_a_new_version_list_and_download(personas, client_as):
    # given a campaign and its coordinator
    campaign = make_campaign(personas)
    client = client_as("outreach_coordinator")
    # when a poster is uploaded, then a newer version of it without repeating title and language
    first = client.post(base(campaign), {"file": pdf(), "title": "Safe jobs poster", "language": "ENG"})
    assert first.status_code == 201, first.content
    poster = first.json()
    second = client.post(base(campaign), {"file": pdf("v2.pdf", PDF + b"v2"), "replaces_id": poster["id"]})
    assert second.status_code == 201, second.content
    newer = second.json()
    # then the newer one is version 2 of the same material, and the first is kept, no longer current
    assert (newer["title"], newer["language"], newer["number"], newer["supersedes_id"], newer["current"]) == (
        "Safe jobs poster",
        "eng",
        2,
        poster["id"],
        True,
    )
    assert (poster["kind"], poster["content_type"], poster["size"]) == ("poster", "application/pdf", len(PDF))
    # readers list every version (newest first), or only the current ones
    reader = client_as("analyst")
    listed = reader.get(base(campaign)).json()
    assert [(m["number"], m["current"]) for m in listed["items"]] == [(2, True), (1, False)]
    assert [m["id"] for m in reader.get(f"{base(campaign)}?current=true").json()["items"]] == [newer["id"]]
    # and download either, under a neutral name
    download = reader.get(f"{base(campaign)}/{poster['id']}/content")
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "poster" not in download["Content-Disposition"].lower()
    assert download["Cache-Control"].startswith("no-store")


def test_paging(personas, client_as):
    campaign = make_campaign(personas)
    for number in range(3):
        do_upload_material(
            actor=personas["outreach_coordinator"],
            campaign=campaign,
            values=MaterialValues(title=f"Leaflet {number}", language="eng", kind="leaflet"),
            upload=pdf(),
        )
    client = client_as("program_director")
    first = client.get(f"{base(campaign)}?limit=2").json()
    second = client.get(f"{base(campaign)}?limit=2&cursor={first['next_cursor']}").json()
    assert [m["title"] for m in first["items"] + second["items"]] == ["Leaflet 0", "Leaflet 1", "Leaflet 2"]
    assert second["next_cursor"] is None


def test_refused_files_and_values_store_nothing(personas, client_as, settings):
    # given a campaign with one poster, replaced once, and a 1 kB limit on materials
    campaign = make_campaign(personas)
    coordinator = personas["outreach_coordinator"]
    old = do_upload_material(
        actor=coordinator, campaign=campaign, values=MaterialValues(title="Poster", language="eng"), upload=pdf()
    )
    do_upload_material(
        actor=coordinator,
        campaign=campaign,
        values=MaterialValues(title="", language="", replaces_id=old.pk),
        upload=pdf(),
    )
    other = make_campaign(personas, name="Other campaign")
    elsewhere = do_upload_material(
        actor=coordinator, campaign=other, values=MaterialValues(title="Flyer", language="spa"), upload=pdf()
    )
    settings.RECLAIM_MATERIAL_MAX_BYTES = 1024
    client = client_as("outreach_coordinator")
    before = CampaignMaterial.objects.count()
    # when refused uploads are sent; then each is a clear 4xx naming the problem
    too_large = client.post(base(campaign), {"file": pdf(data=PDF + b"x" * 2000), "title": "Big", "language": "eng"})
    assert too_large.status_code == 413
    assert too_large.json()["code"] == "outreach.material_too_large"
    exe = client.post(base(campaign), {"file": pdf("a.pdf", b"MZ\x90\x00binary"), "title": "X", "language": "eng"})
    assert exe.status_code == 415
    empty = client.post(base(campaign), {"file": pdf(data=b""), "title": "Empty", "language": "eng"})
    assert empty.status_code == 400
    assert "file" in empty.json()["fields"]
    for body, field in [
        ({"title": "No file", "language": "eng"}, "file"),
        ({"file": pdf(), "language": "eng"}, "title"),
        ({"file": pdf(), "title": "Poster", "language": "english!"}, "language"),
        ({"file": pdf(), "title": "Poster", "language": "eng", "kind": "billboard"}, "kind"),
        ({"file": pdf(), "replaces_id": str(old.pk)}, "replaces_id"),  # already superseded
        ({"file": pdf(), "replaces_id": str(elsewhere.pk)}, "replaces_id"),  # another campaign's
        ({"file": pdf(), "replaces_id": "not-a-uuid"}, "replaces_id"),
    ]:
        response = client.post(base(campaign), body)
        assert response.status_code == 422, (body, response.content)
        assert field in str(response.json()["fields"]), (field, response.json())
    assert CampaignMaterial.objects.count() == before


def test_other_agency_404_and_roles_without_campaigns_403(personas, client_as):
    # given a campaign of agency A with a material
    campaign = make_campaign(personas)
    material = do_upload_material(
        actor=personas["outreach_coordinator"],
        campaign=campaign,
        values=MaterialValues(title="Poster", language="eng"),
        upload=pdf(),
    )
    download = f"{base(campaign)}/{material.pk}/content"
    # then another agency's admin finds nothing; a case manager may not read campaigns; readers may not upload
    for persona, expected in [("other_agency_admin", 404), ("case_manager", 403)]:
        client = client_as(persona)
        assert client.get(base(campaign)).status_code == expected
        assert client.get(download).status_code == expected
        assert client.post(base(campaign), {"file": pdf(), "title": "X", "language": "eng"}).status_code == expected
    analyst = client_as("analyst")
    assert analyst.post(base(campaign), {"file": pdf(), "title": "X", "language": "eng"}).status_code == 403
    # a material id of another campaign of the agency is not found under this one
    other = make_campaign(personas, name="Other campaign")
    assert analyst.get(f"{base(other)}/{material.pk}/content").status_code == 404
    assert CampaignMaterial.objects.count() == 1
