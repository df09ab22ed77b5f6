"""The "partner with referral" persona: staff of agency B holding a referral from agency A — a case manager who
accepted it and opened a case, and a partner-agency user — reach the referral and its packet, and nothing else
of A's case. Every route and API operation of the permission matrix that answers 404 to an outsider of agency B
is walked as both, against A's case, survivor, documents and timeline, and must still answer 404."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.consent.actions import ConsentInput, do_record_consent
from reclaim.consent.models import InformedOf
from reclaim.referrals.actions import NewCase, ReferralInput, do_create_referral, do_transition_referral

from .conftest import SERVICE

# The permission matrix's route lists and its `objects` fixture, reused as they are (imported by name at run
# time, so the type checker of the application does not walk the project-level test module).
_matrix = importlib.import_module("tests.test_permission_matrix")
MATRIX: dict[str, Any] = _matrix.MATRIX
API_MATRIX: dict[tuple[str, str], Any] = _matrix.API_MATRIX
objects = _matrix.objects

OUTSIDER_404_ROUTES = sorted(name for name, (_m, _u, table) in MATRIX.items() if table["other_agency_user"] == 404)
OUTSIDER_404_OPERATIONS = sorted(op for op, entry in API_MATRIX.items() if entry[1]["other_agency_user"] == 404)


def _refusals(table: dict[str, int]) -> dict[str, set[int]]:
    """404 for both; the partner user may instead get the 403 its role gets for an operation it may never
    make at all (opening a case): refused before any record is looked up, so it tells nothing about A."""
    partner = {404, 403} if table["partner_user"] == 403 else {404}
    return {"b_case_manager": {404}, "b_partner": partner}


@pytest.fixture
def partners(objects, personas, other_agency, b_partner) -> dict[str, Any]:
    """A referral from A's matrix case to agency B with identity (consented), accepted by B with a new case."""
    case = objects["case"]
    do_record_consent(
        actor=personas["case_manager"],
        survivor=case.survivor,
        case=case,
        data=ConsentInput(
            purpose="service_referral",
            method="verbal",
            signer_name="Marisol",
            witness_name="A colleague",
            recipient_kind="agency",
            recipient_agency_id=other_agency.pk,
            data_classes=["identity"],
            informed_of=list(InformedOf.values),
            expires_on=case.created_at.date().replace(year=case.created_at.year + 1),
        ),
    )
    referral = do_create_referral(
        actor=personas["case_manager"],
        case=case,
        data=ReferralInput(service_category=SERVICE, to_agency_id=other_agency.pk, data_classes=["identity"]),
        send=True,
    )
    referral = do_transition_referral(
        actor=personas["other_agency_user"],
        referral=referral,
        to="accepted",
        expected_version=referral.version,
        new_case=NewCase(confirm_new=True),
    )
    return {"referral": referral, "users": {"b_case_manager": personas["other_agency_user"], "b_partner": b_partner}}


@pytest.mark.django_db
def test_the_partner_reaches_the_referral_and_its_packet(partners):
    referral = partners["referral"]
    for user in partners["users"].values():
        client = login_client(user)
        page = client.get(reverse("referrals:incoming_detail", args=[referral.pk]))
        assert page.status_code == 200
        assert "Marisol" in page.content.decode()
        assert client.get(f"/api/v1/referrals/{referral.pk}").json()["packet"]["identity"]["name"] == "Marisol"


def _call(user: Any, method: str, url: str, body: Any, *, multipart: bool) -> int:
    client = login_client(user)
    if body is None:
        return getattr(client, method)(url).status_code
    if multipart:
        return getattr(client, method)(url, body).status_code
    return getattr(client, method)(url, body, content_type="application/json").status_code


@pytest.mark.django_db
def test_every_case_and_survivor_route_of_a_is_404_for_the_partner(objects, partners):
    # one walk over the whole list (the matrix's fixture is costly to build once per route)
    failures = {}
    for route in OUTSIDER_404_ROUTES:
        method, build_url, table = MATRIX[route]
        url = build_url(objects)
        statuses = {name: _call(user, method, url, None, multipart=False) for name, user in partners["users"].items()}
        allowed = _refusals(table)
        wrong = {name: status for name, status in statuses.items() if status not in allowed[name]}
        if wrong:
            failures[route] = wrong
    assert failures == {}


@pytest.mark.django_db
def test_every_case_and_survivor_api_operation_of_a_is_404_for_the_partner(objects, partners):
    failures = {}
    for operation in OUTSIDER_404_OPERATIONS:
        method, _path = operation
        entry = API_MATRIX[operation]
        make_body = entry[2] if len(entry) > 2 else None
        multipart = len(entry) > 3 and entry[3] == "multipart"
        url = entry[0](objects)
        statuses = {
            name: _call(user, method, url, make_body(objects) if make_body else None, multipart=multipart)
            for name, user in partners["users"].items()
        }
        allowed = _refusals(entry[1])
        wrong = {name: status for name, status in statuses.items() if status not in allowed[name]}
        if wrong:
            failures[" ".join(operation)] = wrong
    assert failures == {}


@pytest.mark.django_db
def test_the_walk_covers_the_case_file_the_survivor_the_documents_and_the_timeline():
    # the lists above are not empty by accident: the parts of A's case a partner must never reach are in them
    for route in ("cases:detail", "cases:timeline", "people:detail", "documents:case_documents", "consent:case"):
        assert route in OUTSIDER_404_ROUTES
    for operation in (("get", "/api/v1/cases/{case_id}"), ("get", "/api/v1/survivors/{survivor_id}")):
        assert operation in OUTSIDER_404_OPERATIONS


@pytest.mark.django_db
def test_a_cannot_reach_bs_receiving_case_either(personas, partners):
    receiving = partners["referral"].receiving_case
    for persona in ("case_manager", "supervisor", "program_director"):
        client = login_client(personas[persona])
        assert client.get(reverse("cases:detail", args=[receiving.pk])).status_code == 404
        assert client.get(reverse("cases:timeline", args=[receiving.pk])).status_code == 404
        assert client.get(f"/api/v1/cases/{receiving.pk}").status_code == 404
