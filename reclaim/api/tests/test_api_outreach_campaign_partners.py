"""Issue 11 API completeness: a campaign's partners (list, add, remove) with the campaign page's gates: runners add
and remove, readers list; 422 naming the field on bad input with nothing saved; another agency 404, roles 403."""

from __future__ import annotations

import pytest

from reclaim.core.models import AuditEvent
from reclaim.outreach.campaigns_actions import PartnerValues, do_add_partner
from reclaim.outreach.models import CampaignPartner
from reclaim.outreach.tests.campaigns_support import make_campaign
from reclaim.referrals.models import Organization

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def base(campaign) -> str:
    return f"/api/v1/outreach/campaigns/{campaign.pk}/partners"


def test_add_list_and_remove(personas, client_as):
    # given a campaign and an organisation of the partner directory
    campaign = make_campaign(personas)
    organization = Organization.objects.create(name="Workers' Rights Centre")
    client = client_as("outreach_coordinator")
    # when the organisation and a law-enforcement unit are added
    directory = post(client, base(campaign), {"organization_id": str(organization.pk)})
    named = post(client, base(campaign), {"name": "County Sheriff's Office", "kind": "police"})
    # then both are partners, as readers see
    assert directory.status_code == 201, directory.content
    assert named.status_code == 201, named.content
    assert (directory.json()["organization_name"], directory.json()["name"], directory.json()["kind"]) == (
        "Workers' Rights Centre",
        "",
        "",
    )
    assert (named.json()["organization_id"], named.json()["kind"]) == (None, "police")
    listed = client_as("program_director").get(base(campaign)).json()
    assert {p["id"] for p in listed["items"]} == {directory.json()["id"], named.json()["id"]}
    # when the organisation is removed, twice
    url = f"{base(campaign)}/{directory.json()['id']}"
    removed = client.delete(url)
    assert removed.status_code == 200 and removed.json()["removed_at"] is not None
    again = client.delete(url)
    # then it is kept, marked removed once, and left out of the list
    assert again.status_code == 200 and again.json()["removed_at"] == removed.json()["removed_at"]
    assert [p["id"] for p in client.get(base(campaign)).json()["items"]] == [named.json()["id"]]
    assert CampaignPartner.objects.count() == 2
    assert AuditEvent.objects.filter(action="campaign.partner_removed").count() == 1


def test_bad_input_is_422_and_saves_nothing(personas, client_as):
    campaign = make_campaign(personas)
    organization = Organization.objects.create(name="Workers' Rights Centre")
    do_add_partner(
        actor=personas["outreach_coordinator"], campaign=campaign, values=PartnerValues(organization_id=organization.pk)
    )
    client = client_as("outreach_coordinator")
    for body, field in [
        ({}, "name"),
        ({"name": "Port police"}, "kind"),
        ({"name": "Port police", "kind": "navy"}, "kind"),
        ({"organization_id": str(organization.pk)}, "organization_id"),  # already a partner
        ({"organization_id": str(campaign.pk)}, "organization_id"),  # not in the directory
        ({"organization_id": "nope"}, "organization_id"),
        ({"name": "x" * 201, "kind": "police"}, "name"),
    ]:
        response = post(client, base(campaign), body)
        assert response.status_code == 422, (body, response.content)
        assert field in response.json()["fields"], (field, response.json())
    assert CampaignPartner.objects.count() == 1


def test_other_agency_404_and_roles_403(personas, client_as):
    campaign = make_campaign(personas)
    partner = do_add_partner(
        actor=personas["outreach_coordinator"],
        campaign=campaign,
        values=PartnerValues(name="Port police", kind="police"),
    )
    body = {"name": "Harbour police", "kind": "police"}
    for persona, expected in [("other_agency_admin", 404), ("case_manager", 403)]:
        client = client_as(persona)
        assert client.get(base(campaign)).status_code == expected
        assert post(client, base(campaign), body).status_code == expected
        assert client.delete(f"{base(campaign)}/{partner.pk}").status_code == expected
    # an analyst reads the partners, but neither adds nor removes one
    analyst = client_as("analyst")
    assert analyst.get(base(campaign)).status_code == 200
    assert post(analyst, base(campaign), body).status_code == 403
    assert analyst.delete(f"{base(campaign)}/{partner.pk}").status_code == 403
    # a partner of another campaign is not found under this one
    other = make_campaign(personas, name="Other campaign")
    assert client_as("outreach_coordinator").delete(f"{base(other)}/{partner.pk}").status_code == 404
    assert CampaignPartner.objects.get().removed_at is None
