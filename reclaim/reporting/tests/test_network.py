"""Network-wide unduplicated counts: two agencies with overlapping people give the hand-computed number of
distinct people, only as a suppressed aggregate; joining and leaving are explicit and audited; leaving
deletes the agency's tokens; tokens are unrelated to the agencies' own blind indexes; page and API."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.cases.models import Case
from reclaim.core.models import AuditEvent
from reclaim.people.actions import do_create_survivor
from reclaim.reporting import network as networks
from reclaim.reporting.jobs import run_job
from reclaim.reporting.models import NetworkCount, NetworkMembership, NetworkToken, ReportingPolicy

IDENTIFIED = datetime.date(2025, 4, 1)


def _serve(agency, n, given, family, dob, *, cases=1):
    survivor = do_create_survivor(
        actor=None,
        agency=agency,
        reference=f"{agency.slug[-1]}-{n:05d}",
        given_name=given,
        family_name=family,
        date_of_birth=dob,
    )
    for i in range(cases):
        Case.objects.create(agency=agency, survivor=survivor, number=f"{n}-{i}", identified_on=IDENTIFIED)
    return survivor


def _people(prefix, count):
    return [(f"{prefix}{i}", f"Family{i}", datetime.date(1980 + i % 20, 1 + i % 12, 1 + i % 28)) for i in range(count)]


@pytest.fixture
def coalition(personas, agency, other_agency):
    """Agency A serves 12 people (one with two cases), agency B 11; 5 of B's are A's people written in other
    case and spacing, so 12 + 11 - 5 = 18 different people. Both have k = 5."""
    for the_agency in (agency, other_agency):
        ReportingPolicy.objects.create(agency=the_agency, k=5)
    people_a = _people("Maria", 12)
    for n, (given, family, dob) in enumerate(people_a):
        _serve(agency, n, given, family, dob, cases=2 if n == 0 else 1)
    shared = [(given.upper(), f" {family.lower()} ", dob) for given, family, dob in people_a[:5]]
    for n, (given, family, dob) in enumerate(shared + _people("José", 6)):
        _serve(other_agency, n, given, family, dob)
    network = networks.do_create_network(actor=personas["agency_admin"], name="Gulf Coast Coalition")
    networks.do_set_network_membership(actor=personas["agency_admin"], network=network, member=True)
    networks.do_set_network_membership(actor=personas["other_agency_admin"], network=network, member=True)
    return network


def _count(admin, network, period="2025"):
    job = networks.start_network_count(actor=admin, network=network, period=period)
    return run_job(job.pk)


def test_network_count_is_distinct_people_across_agencies(coalition, personas, agency, other_agency):
    first = _count(personas["agency_admin"], coalition)
    # with only agency A counted so far: its 12 people
    assert first.result["count"] == "12" and first.result["agencies"] == 1
    done = _count(personas["other_agency_admin"], coalition)
    assert done.status == "done"
    assert done.result == {"network": "Gulf Coast Coalition", "period": "2025", "count": "18", "k": 5, "agencies": 2}
    assert NetworkCount.objects.filter(network=coalition).latest("created_at").shown == 18
    # tokens are equal across agencies for the same person, and unrelated to each agency's own blind indexes
    tokens_a = set(NetworkToken.objects.filter(agency=agency).values_list("token", flat=True))
    tokens_b = set(NetworkToken.objects.filter(agency=other_agency).values_list("token", flat=True))
    assert len(tokens_a & tokens_b) == 5
    from reclaim.people.models import Survivor

    own_indexes = set(Survivor.objects.values_list("name_index", flat=True)) | set(
        Survivor.objects.values_list("dob_index", flat=True)
    )
    assert not (tokens_a | tokens_b) & own_indexes


def test_small_counts_are_suppressed(personas, agency, other_agency):
    ReportingPolicy.objects.create(agency=agency, k=5)
    ReportingPolicy.objects.create(agency=other_agency, k=8)
    for n, (given, family, dob) in enumerate(_people("Ana", 6)):
        _serve(agency, n, given, family, dob)
    network = networks.do_create_network(actor=personas["platform_operator"], name="Small network")
    networks.do_set_network_membership(actor=personas["agency_admin"], network=network, member=True)
    # 6 people and k = 5: shown
    assert _count(personas["agency_admin"], network).result["count"] == "6"
    # agency B joins with k = 8, so the network's k is 8 and 6 is "fewer than 8"
    networks.do_set_network_membership(actor=personas["other_agency_admin"], network=network, member=True)
    job = _count(personas["agency_admin"], network)
    assert job.result["count"].startswith("fewer than 8") and job.result["k"] == 8
    assert NetworkCount.objects.filter(network=network).latest("created_at").shown is None
    # B serves 2 more people: 8 in all, but A could subtract its own 6 and learn "2 elsewhere": not shown
    for n, (given, family, dob) in enumerate(_people("Bea", 2)):
        _serve(other_agency, n, given, family, dob)
    assert _count(personas["other_agency_admin"], network).result["count"].startswith("fewer than")
    assert networks.release(8, [6, 2], 8) is None and networks.release(20, [10, 10], 8) == 20


def test_leaving_deletes_tokens_and_is_audited(coalition, personas, other_agency):
    _count(personas["agency_admin"], coalition)
    _count(personas["other_agency_admin"], coalition)
    assert NetworkToken.objects.filter(agency=other_agency).count() == 11
    client = login_client(personas["other_agency_admin"])
    response = client.post(reverse("reporting:network"), {"action": "leave", "network": str(coalition.pk)})
    assert response.status_code == 302
    assert not NetworkToken.objects.filter(agency=other_agency).exists()
    assert not NetworkMembership.objects.filter(agency=other_agency, left_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="reporting.network_left", agency_id=other_agency.pk).exists()
    assert AuditEvent.objects.filter(action="reporting.network_joined", agency_id=other_agency.pk).exists()
    # the next count has A's people only, and B may no longer ask for one
    assert _count(personas["agency_admin"], coalition).result["count"] == "12"
    response = client.post(
        reverse("reporting:network"), {"action": "count", "count-network": str(coalition.pk), "count-period": "2025"}
    )
    assert response.status_code == 400


def test_network_page_joins_and_counts(coalition, personas, agency):
    networks.do_set_network_membership(actor=personas["agency_admin"], network=coalition, member=False)
    client = login_client(personas["agency_admin"])
    page = client.get(reverse("reporting:network")).content.decode()
    assert "Join Gulf Coast Coalition" in page
    client.post(reverse("reporting:network"), {"action": "join", "network": str(coalition.pk)})
    assert NetworkMembership.objects.filter(agency=agency, left_at__isnull=True).exists()
    response = client.post(
        reverse("reporting:network"), {"action": "count", "count-network": str(coalition.pk), "count-period": "2025"}
    )
    assert response.status_code == 302
    run_job(response["Location"].rstrip("/").split("/")[-1])
    page = client.get(reverse("reporting:network")).content.decode()
    assert "12" in page and "Leave Gulf Coast Coalition" in page
    # a name that exists already is a field error, nothing saved
    response = client.post(reverse("reporting:network"), {"action": "create", "new-name": "gulf coast coalition"})
    assert response.status_code == 400 and "already a network" in response.content.decode()


def test_network_api(coalition, personas):
    client = login_client(personas["agency_admin"])
    response = client.post(
        "/api/v1/reports/network-count/run",
        {"network_id": str(coalition.pk), "period": "2025"},
        content_type="application/json",
    )
    assert response.status_code == 202
    run_job(response.json()["id"])
    counts = client.get("/api/v1/reports/network-count").json()
    assert counts[0]["count"] == "12" and counts[0]["shown"] == 12 and "token" not in str(counts)
    bad = client.post(
        "/api/v1/reports/network-count/run",
        {"network_id": str(coalition.pk), "period": "soon"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    left = client.put(f"/api/v1/networks/{coalition.pk}/membership", {"member": False}, content_type="application/json")
    assert left.status_code == 200 and left.json()["member"] is False
    assert client.get("/api/v1/reports/network-count").json() == []
    assert login_client(personas["analyst"]).get("/api/v1/reports/network-count").status_code == 403
