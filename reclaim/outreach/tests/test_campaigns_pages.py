"""Campaign pages: plan and edit, partners, materials, the results log, the dashboard with suppressed
identifications, the comparison; who may do what; and the case's "campaign that led to this identification"."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import Case
from reclaim.core.models import AuditEvent
from reclaim.funding.actions import GrantValues, do_create_grant
from reclaim.outreach.models import Campaign, CampaignMaterial, CampaignPartner, CampaignTally, OutreachEvent
from reclaim.outreach.tests.campaigns_support import PDF, attribute_cases, make_campaign, set_k, tally
from reclaim.outreach.views import campaigns as campaign_views
from reclaim.referrals.models import Organization

pytestmark = pytest.mark.django_db


def _upload(data: bytes = PDF, name: str = "poster.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_plan_edit_and_see_a_campaign(personas, agency):
    grant = do_create_grant(
        actor=personas["agency_admin"], agency=agency, values=GrantValues(name="Prevention fund"), known_categories=[]
    )
    coordinator = login_client(personas["outreach_coordinator"])
    # the form offers the agency's grants
    assert "Prevention fund" in coordinator.get(reverse("outreach:campaign_add")).content.decode()
    response = coordinator.post(
        reverse("outreach:campaign_add"),
        {
            "name": "Safe jobs 2026",
            "goal": "Employers know the signs of forced labour.",
            "status": "planned",
            "audiences": ["employers", "migrant_workers"],
            "channels": ["print", "workshops"],
            "starts_on": "2026-03-01",
            "ends_on": "2026-09-30",
            "budget": "2500.00",
            "grant_id": str(grant.pk),
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:campaign_detail", args=[campaign.pk])
    assert campaign.audiences == ["employers", "migrant_workers"]
    assert campaign.grant_id == grant.pk and campaign.created_by == personas["outreach_coordinator"]
    assert AuditEvent.objects.filter(action="campaign.created", object_id=str(campaign.pk)).exists()
    page = coordinator.get(reverse("outreach:campaign_detail", args=[campaign.pk])).content.decode()
    assert "Safe jobs 2026" in page and "Prevention fund" in page and "Employers and recruiters" in page
    # edit, then a stale edit shows the conflict and keeps the saved values
    edit = reverse("outreach:campaign_edit", args=[campaign.pk])
    data = {"name": "Safe jobs", "status": "running", "starts_on": "2026-03-01", "ends_on": "2026-09-30", "version": 1}
    assert coordinator.post(edit, data).status_code == 302
    stale = coordinator.post(edit, {"name": "Mine", "status": "planned", "version": 1})
    assert stale.status_code == 200 and stale.context["conflict"] is not None
    assert "Someone else changed this campaign" in stale.content.decode()
    campaign.refresh_from_db()
    assert (campaign.name, campaign.status, campaign.version) == ("Safe jobs", "running", 2)
    # the list, filtered by status and period
    listing = coordinator.get(reverse("outreach:campaign_list"), {"status": "running"}).content.decode()
    assert "Safe jobs" in listing
    assert "Safe jobs" not in coordinator.get(reverse("outreach:campaign_list"), {"status": "planned"}).content.decode()
    assert "Safe jobs" not in coordinator.get(reverse("outreach:campaign_list"), {"end": "2026-02-01"}).content.decode()


def test_bad_campaign_input_is_refused_and_nothing_saved(personas):
    make_campaign(personas, name="Taken")
    coordinator = login_client(personas["outreach_coordinator"])
    bad = coordinator.post(
        reverse("outreach:campaign_add"),
        {"name": "New", "status": "planned", "starts_on": "2026-05-01", "ends_on": "2026-01-01"},
    )
    assert bad.status_code == 200 and "ends_on" in bad.context["form"].errors
    clash = coordinator.post(reverse("outreach:campaign_add"), {"name": "taken", "status": "planned"})
    assert clash.context["form"].errors["name"] == ["Your agency already has a campaign with this name."]
    unknown = coordinator.post(reverse("outreach:campaign_add"), {"name": "X", "status": "planned", "channels": ["tv"]})
    assert "channels" in unknown.context["form"].errors
    assert list(Campaign.objects.values_list("name", flat=True)) == ["Taken"]


def test_partners_from_the_directory_and_law_enforcement(personas):
    campaign = make_campaign(personas)
    organization = Organization.objects.create(name="Workers' Rights Centre")
    coordinator = login_client(personas["outreach_coordinator"])
    add = reverse("outreach:campaign_partner_add", args=[campaign.pk])
    assert (
        "Workers&#x27; Rights Centre"
        in coordinator.get(reverse("outreach:campaign_detail", args=[campaign.pk])).content.decode()
    )
    assert coordinator.post(add, {"organization_id": str(organization.pk)}).status_code == 302
    assert coordinator.post(add, {"name": "County Sheriff's Office", "kind": "police"}).status_code == 302
    # the same organisation twice, and a named partner without a kind: clear errors, nothing saved
    twice = coordinator.post(add, {"organization_id": str(organization.pk)})
    assert twice.status_code == 200 and "already a partner" in twice.content.decode()
    no_kind = coordinator.post(add, {"name": "Port police"})
    assert "kind" in no_kind.context["partner_form"].errors
    assert CampaignPartner.objects.count() == 2
    page = coordinator.get(reverse("outreach:campaign_detail", args=[campaign.pk])).content.decode()
    assert "County Sheriff&#x27;s Office" in page and "Local police" in page
    partner = CampaignPartner.objects.get(organization=organization)
    remove = reverse("outreach:campaign_partner_remove", args=[campaign.pk, partner.pk])
    assert coordinator.post(remove).status_code == 302
    assert coordinator.post(remove).status_code == 302  # twice: nothing more happens
    assert [p.name for p in CampaignPartner.objects.filter(removed_at__isnull=True)] == ["County Sheriff's Office"]
    shown = coordinator.get(reverse("outreach:campaign_detail", args=[campaign.pk])).context["partners"]
    assert [p.organization_id for p in shown] == [None]
    # it may be added again
    assert coordinator.post(add, {"organization_id": str(organization.pk)}).status_code == 302
    assert AuditEvent.objects.filter(action="campaign.partner_removed", object_id=str(partner.pk)).count() == 1


def test_materials_upload_download_and_a_newer_version(personas, settings):
    campaign = make_campaign(personas)
    coordinator = login_client(personas["outreach_coordinator"])
    url = reverse("outreach:campaign_materials", args=[campaign.pk])
    response = coordinator.post(
        url, {"file": _upload(), "title": "Know the signs", "language": "eng", "kind": "poster"}
    )
    assert response.status_code == 302
    first = CampaignMaterial.objects.get()
    assert (first.number, first.content_type, first.size) == (1, "application/pdf", len(PDF))
    download = coordinator.get(reverse("outreach:campaign_material_download", args=[campaign.pk, first.pk]))
    assert download.status_code == 200 and download.content == PDF
    assert download["Content-Disposition"].startswith("attachment") and "poster" not in download["Content-Disposition"]
    # a newer version supersedes it; both are kept
    newer = PDF + b"% v2\n"
    response = coordinator.post(url, {"file": _upload(newer), "replaces_id": str(first.pk), "kind": "poster"})
    assert response.status_code == 302
    second = CampaignMaterial.objects.get(number=2)
    first.refresh_from_db()
    assert first.superseded_at is not None and second.supersedes == first
    assert (second.title, second.language) == ("Know the signs", "eng")
    page = coordinator.get(reverse("outreach:campaign_detail", args=[campaign.pk])).content.decode()
    assert reverse("outreach:campaign_material_download", args=[campaign.pk, second.pk]) in page
    assert reverse("outreach:campaign_material_download", args=[campaign.pk, first.pk]) not in page
    # an executable, an empty title, a file too large: clear errors, nothing saved
    bad_type = coordinator.post(
        url, {"file": _upload(b"MZ\x90\x00\x03", "x.pdf"), "title": "T", "language": "eng", "kind": "poster"}
    )
    assert "This type of file is not accepted" in bad_type.content.decode()
    no_title = coordinator.post(url, {"file": _upload(), "language": "eng", "kind": "poster"})
    assert "Give the material a title." in no_title.content.decode()
    settings.RECLAIM_MATERIAL_MAX_BYTES = 10
    too_big = coordinator.post(url, {"file": _upload(), "title": "T", "language": "eng", "kind": "poster"})
    assert "larger than" in too_big.content.decode()
    assert CampaignMaterial.objects.count() == 2
    # analysts read and download, but may not upload
    analyst = login_client(personas["analyst"])
    assert analyst.get(url).status_code == 200
    assert analyst.get(reverse("outreach:campaign_material_download", args=[campaign.pk, second.pk])).status_code == 200
    assert analyst.post(url, {"file": _upload(), "title": "T", "language": "eng", "kind": "poster"}).status_code == 403


def test_results_log_and_dashboard_totals(personas):
    campaign = make_campaign(personas, budget=Decimal(1000))
    coordinator = login_client(personas["outreach_coordinator"])
    url = reverse("outreach:campaign_tallies", args=[campaign.pk])
    response = coordinator.post(
        url,
        {
            "on": "2026-02-10",
            "channel": "print",
            "reached_in_person": "40",
            "materials_distributed": "300",
            "hotline_contacts": "4",
            "cost": "200.00",
        },
    )
    assert response.status_code == 302
    tally(personas, campaign, on=date(2026, 3, 2), channel="social_media", reached_online=1500, cost=Decimal(100))
    OutreachEvent.objects.create(
        agency=campaign.agency,
        campaign=campaign,
        title="Workshop",
        starts_at=datetime(2026, 3, 15, 10, tzinfo=UTC),
        audience_size=60,
    )
    # bad entries: nothing saved
    future = coordinator.post(url, {"on": "2999-01-01", "channel": "print", "reached_in_person": "3"})
    assert "on" in future.context["form"].errors
    empty = coordinator.post(url, {"on": "2026-02-10", "channel": "print"})
    assert "Enter at least one number, or a cost." in empty.content.decode()
    negative = coordinator.post(url, {"on": "2026-02-10", "channel": "print", "reached_in_person": "-2"})
    assert "reached_in_person" in negative.context["form"].errors
    assert CampaignTally.objects.count() == 2
    response = login_client(personas["program_director"]).get(reverse("outreach:campaign_detail", args=[campaign.pk]))
    m = response.context["dashboard"].measures
    assert (m.events, m.people_at_events, m.reached_in_person, m.reached_online) == (1, 60, 100, 1500)
    assert (m.materials_distributed, m.hotline_contacts, m.cost) == (300, 4, Decimal("300.00"))
    assert m.cost_per_person == Decimal("0.19")  # 300 / 1600
    dashboard = response.context["dashboard"]
    assert dashboard.remaining == Decimal(700) and dashboard.percent_spent == 30
    channels = {row.code: (row.in_person, row.online) for row in dashboard.by_channel}
    assert channels == {"social_media": (0, 1500), "community_events": (60, 0), "print": (40, 0)}
    assert [(row.month, row.in_person, row.online, row.events) for row in dashboard.by_month] == [
        (date(2026, 2, 1), 40, 0, 0),
        (date(2026, 3, 1), 60, 1500, 1),
    ]
    assert AuditEvent.objects.filter(action="campaign.results_read", object_id=str(campaign.pk)).exists()


def test_identifications_are_counted_with_small_cell_suppression(personas, agency, survivor_a):
    set_k(agency, 5)
    campaign = make_campaign(personas)
    attribute_cases(personas, survivor_a, campaign, 3)
    director = login_client(personas["program_director"])
    url = reverse("outreach:campaign_detail", args=[campaign.pk])
    response = director.get(url)
    cell = response.context["dashboard"].measures.identifications
    assert cell.value is None and cell.text == "fewer than 5"
    assert '<dd id="identifications">fewer than 5</dd>' in response.content.decode()
    # outreach staff see the count, never which case
    page = login_client(personas["outreach_coordinator"]).get(url).content.decode()
    assert "fewer than 5" in page
    assert not any(case.number in page for case in Case.objects.all())
    # at k the exact number is shown
    attribute_cases(personas, survivor_a, campaign, 2)
    assert '<dd id="identifications">5</dd>' in director.get(url).content.decode()


def test_comparison_suppresses_each_identification_cell(personas, agency, survivor_a, assert_max_queries):
    set_k(agency, 5)
    big = make_campaign(personas, name="Big")
    small = make_campaign(personas, name="Small", starts_on=date(2025, 1, 1), ends_on=date(2025, 3, 31))
    attribute_cases(personas, survivor_a, big, 6)
    attribute_cases(personas, survivor_a, small, 2)
    tally(personas, big, reached_in_person=10)
    analyst = login_client(personas["analyst"])
    response = analyst.get(reverse("outreach:campaign_compare"))
    rows = {row.campaign.name: row.measures for row in response.context["comparison"].rows}
    assert rows["Small"].identifications.text == "fewer than 5"
    # 6 next to a shown total of 8 would give the small cell away: it is hidden too
    assert rows["Big"].identifications.value is None and rows["Big"].identifications.text == "hidden"
    assert response.context["comparison"].identifications_total.text == "8"
    assert rows["Big"].reached_in_person == 10
    # a period keeps the campaigns running in it
    only_2026 = analyst.get(reverse("outreach:campaign_compare"), {"start": "2026-01-01", "end": "2026-12-31"})
    assert [row.campaign.name for row in only_2026.context["comparison"].rows] == ["Big"]
    assert only_2026.context["comparison"].rows[0].measures.identifications.text == "6"
    csv = analyst.get(reverse("outreach:campaign_compare_csv"), {"start": "2026-01-01"}).content.decode()
    assert "Big" in csv and "Small" not in csv
    # constant queries whatever the number of campaigns
    with assert_max_queries(12) as few:
        analyst.get(reverse("outreach:campaign_compare"))
    for n in range(5):
        tally(personas, make_campaign(personas, name=f"More {n}"), reached_online=5)
    with assert_max_queries(len(few.captured_queries)):
        assert len(analyst.get(reverse("outreach:campaign_compare")).context["comparison"].rows) == 7


def test_campaign_list_has_constant_queries(personas, agency, assert_max_queries):
    grant = do_create_grant(
        actor=personas["agency_admin"], agency=agency, values=GrantValues(name="G"), known_categories=[]
    )
    make_campaign(personas, name="One", grant_id=grant.pk)
    coordinator = login_client(personas["outreach_coordinator"])
    with assert_max_queries(10) as few:
        coordinator.get(reverse("outreach:campaign_list"))
    for n in range(6):
        make_campaign(personas, name=f"C{n}", grant_id=grant.pk)
    with assert_max_queries(len(few.captured_queries)):
        response = coordinator.get(reverse("outreach:campaign_list"))
    assert response.content.decode().count(
        reverse("outreach:campaign_detail", args=[Campaign.objects.get(name="C1").pk])
    )


def test_who_may_do_what(personas, other_agency):
    campaign = make_campaign(personas)
    detail = reverse("outreach:campaign_detail", args=[campaign.pk])
    edit = reverse("outreach:campaign_edit", args=[campaign.pk])
    tallies = reverse("outreach:campaign_tallies", args=[campaign.pk])
    # readers: directors and analysts read, but do not write
    for persona in ("program_director", "analyst"):
        client = login_client(personas[persona])
        assert client.get(detail).status_code == 200
        assert client.get(edit).status_code == 403
        assert (
            client.post(tallies, {"on": "2026-02-01", "channel": "print", "reached_in_person": "5"}).status_code == 403
        )
        assert client.get(reverse("outreach:campaign_add")).status_code == 403
    assert not CampaignTally.objects.exists()
    # casework roles have no campaign pages; another agency's admin gets 404
    case_manager = login_client(personas["case_manager"])
    assert case_manager.get(reverse("outreach:campaign_list")).status_code == 403
    assert case_manager.get(detail).status_code == 403
    assert login_client(personas["other_agency_admin"]).get(detail).status_code == 404
    assert (
        login_client(personas["other_agency_admin"])
        .post(edit, {"name": "x", "status": "planned", "version": 1})
        .status_code
        == 404
    )
    # the menu
    assert reverse("outreach:campaign_list") in login_client(personas["analyst"]).get(reverse("home")).content.decode()
    assert reverse("outreach:campaign_list") not in case_manager.get(reverse("home")).content.decode()


def test_a_case_names_the_campaign_that_led_to_its_identification(personas, survivor_a, other_agency):
    campaign = make_campaign(personas)
    foreign = Campaign.objects.create(agency=other_agency, name="Elsewhere")
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    worker = login_client(personas["case_manager"])
    edit = reverse("cases:edit", args=[case.pk])
    form_page = worker.get(edit).content.decode()
    assert "Campaign that led to this identification" in form_page and "Safe jobs" in form_page
    assert "Elsewhere" not in form_page
    refused = worker.post(edit, {"campaign_id": str(foreign.pk), "version": case.version})
    assert refused.status_code == 200 and "campaign_id" in refused.context["form"].errors
    case.refresh_from_db()
    assert case.campaign_id is None
    assert worker.post(edit, {"campaign_id": str(campaign.pk), "version": case.version}).status_code == 302
    case.refresh_from_db()
    assert case.campaign_id == campaign.pk
    detail = login_client(personas["supervisor"]).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Campaign that led to the identification" in detail and "Safe jobs" in detail
    # and it can be taken off again
    assert worker.post(edit, {"campaign_id": "", "version": case.version}).status_code == 302
    case.refresh_from_db()
    assert case.campaign_id is None


def test_intake_names_the_campaign_when_the_agency_has_campaigns(personas, other_agency):
    worker = login_client(personas["case_manager"])
    intake = reverse("cases:open")
    # an agency without campaigns is not asked
    assert "Campaign that led to this identification" not in worker.get(intake).content.decode()
    campaign = make_campaign(personas)
    foreign = Campaign.objects.create(agency=other_agency, name="Elsewhere")
    page = worker.get(intake).content.decode()
    assert "Campaign that led to this identification" in page and "Safe jobs" in page and "Elsewhere" not in page
    # another agency's campaign is refused and nothing is opened
    refused = worker.post(intake, {"given_name": "Ana", "campaign_id": str(foreign.pk)})
    assert refused.status_code == 200 and "campaign_id" in refused.context["form"].errors
    assert not Case.objects.exists()
    # the agency's own is kept on the new case
    assert worker.post(intake, {"given_name": "Ana", "campaign_id": str(campaign.pk)}).status_code == 302
    assert Case.objects.get().campaign_id == campaign.pk


def test_the_results_log_is_paged_latest_first(personas, monkeypatch, django_assert_max_num_queries):
    # given three entries on three days, and two to a page
    monkeypatch.setattr(campaign_views, "TALLY_PAGE_SIZE", 2)
    campaign = make_campaign(personas)
    oldest, middle, latest = (
        tally(personas, campaign, on=date(2026, 2, day), reached_in_person=day) for day in (1, 2, 3)
    )
    client = login_client(personas["outreach_coordinator"])
    url = reverse("outreach:campaign_tallies", args=[campaign.pk])
    client.get(url)
    # when both pages are read
    with django_assert_max_num_queries(40) as first_read:
        first = client.get(url)
    with django_assert_max_num_queries(40) as second_read:
        second = client.get(url + "?page=2")
    # then the first holds the two latest and links to the next, the second the oldest, at the same cost
    assert list(first.context["tallies"]) == [latest, middle]
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert list(second.context["tallies"]) == [oldest]
    assert 'rel="next"' not in second.content.decode()
    assert len(second_read.captured_queries) == len(first_read.captured_queries)
    # and the form to record an entry is still on the page
    assert 'name="reached_in_person"' in second.content.decode()
