"""Volunteers API (/api/v1/outreach/volunteers) and the encryption of volunteers' personal data at rest."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from conftest import login_client
from reclaim.outreach.models import Volunteer, VolunteerAssignment, VolunteerHours
from reclaim.outreach.tests.volunteers_support import accepted_task, active_volunteer, applicant, clear, hours, task
from reclaim.outreach.volunteers_actions import do_thank_volunteer

pytestmark = pytest.mark.django_db
BASE = "/api/v1/outreach/volunteers"


def _json(client, method, url, body):
    return getattr(client, method)(url, body, content_type="application/json")


def test_create_read_update_and_conflict(personas):
    client = login_client(personas["outreach_coordinator"])
    bad = _json(client, "post", BASE, {"display_name": "Rosa", "email": "nope", "roles": ["transport"]})
    assert bad.status_code == 422 and "email" in bad.json()["fields"]
    unknown_role = _json(client, "post", BASE, {"display_name": "Rosa", "roles": ["driving"]})
    assert unknown_role.status_code == 422
    assert Volunteer.objects.count() == 0
    created = _json(
        client,
        "post",
        BASE,
        {"display_name": "Rosa", "email": "rosa@example.org", "roles": ["transport"], "motivation": "To help"},
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["roles"], body["version"], body["has_sign_in"]) == ("applied", ["transport"], 1, False)
    one = client.get(f"{BASE}/{body['id']}")
    assert one.status_code == 200 and one.json()["motivation"] == "To help"
    listed = client.get(BASE, {"status": "applied", "role": "transport"})
    assert [row["display_name"] for row in listed.json()["items"]] == ["Rosa"]
    assert client.get(BASE, {"role": "office"}).json()["items"] == []
    updated = _json(client, "put", f"{BASE}/{body['id']}", {"display_name": "Rosa H.", "version": 1})
    assert updated.status_code == 200 and updated.json()["version"] == 2
    stale = _json(client, "put", f"{BASE}/{body['id']}", {"display_name": "Mine", "version": 1})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert Volunteer.objects.get().display_name == "Rosa H."


def test_taking_on_without_checks_is_refused(personas, agency):
    coordinator = personas["outreach_coordinator"]
    volunteer = applicant(coordinator, agency)
    client = login_client(coordinator)
    url = f"{BASE}/{volunteer.pk}/status"
    assert _json(client, "post", url, {"to": "active", "version": 1}).status_code == 422  # applied -> active
    assert _json(client, "post", url, {"to": "screening", "version": 1}).status_code == 200
    refused = _json(client, "post", url, {"to": "active", "version": 2})
    assert refused.status_code == 400 and refused.json()["code"] == "outreach.volunteer_not_cleared"
    assert Volunteer.objects.get().status == "screening"
    clear(coordinator, volunteer)
    assert _json(client, "post", url, {"to": "active", "version": 2}).json()["status"] == "active"


def test_assignments_and_hours(personas, agency):
    coordinator, me = personas["outreach_coordinator"], personas["volunteer"]
    client = login_client(coordinator)
    waiting = applicant(coordinator, agency, "Waiting")
    body = {"kind": "interpreting", "title": "Interpret at the clinic", "starts_at": "2026-03-01T10:00:00Z"}
    refused = _json(client, "post", f"{BASE}/{waiting.pk}/assignments", body)
    assert refused.status_code == 400 and refused.json()["code"] == "outreach.volunteer_not_active"
    volunteer = active_volunteer(coordinator, agency, user=me)
    backwards = _json(client, "post", f"{BASE}/{volunteer.pk}/assignments", {**body, "ends_at": "2026-03-01T09:00:00Z"})
    assert backwards.status_code == 422 and "ends_at" in backwards.json()["fields"]
    assert VolunteerAssignment.objects.count() == 0
    created = _json(client, "post", f"{BASE}/{volunteer.pk}/assignments", {**body, "person_alias": "Sun"})
    assert created.status_code == 201 and created.json()["status"] == "offered"
    assert [a["title"] for a in client.get(f"{BASE}/{volunteer.pk}/assignments").json()["items"]] == [
        "Interpret at the clinic"
    ]
    # the volunteer sees it among their own, and can log hours only once it is accepted
    mine = login_client(me)
    assert [a["person_alias"] for a in mine.get(f"{BASE}/my-assignments").json()["items"]] == ["Sun"]
    hours_url = f"{BASE}/assignments/{created.json()['id']}/hours"
    day = str(timezone.localdate() - timedelta(days=1))
    assert (
        _json(mine, "post", hours_url, {"worked_on": day, "hours": "2"}).json()["code"]
        == "outreach.assignment_not_open"
    )
    accepted = accepted_task(coordinator, volunteer, title="Drive")
    hours_url = f"{BASE}/assignments/{accepted.pk}/hours"
    assert _json(mine, "post", hours_url, {"worked_on": day, "hours": "25"}).status_code == 422
    logged = _json(mine, "post", hours_url, {"worked_on": day, "hours": "2.25", "note": "Traffic"})
    assert logged.status_code == 201 and logged.json()["status"] == "submitted"
    # the coordinator approves with a correction; a stale approval is 409
    approval = f"{BASE}/hours/{logged.json()['id']}/approval"
    approved = _json(client, "post", approval, {"version": 1, "hours": "2"})
    assert approved.status_code == 200
    assert (approved.json()["hours"], approved.json()["hours_logged"], approved.json()["status"]) == (
        "2",
        "2.25",
        "approved",
    )
    assert _json(client, "post", approval, {"version": 1}).status_code == 409
    assert [Decimal(h["hours"]) for h in client.get(f"{BASE}/{volunteer.pk}/hours").json()["items"]] == [Decimal(2)]
    # the volunteer reaches no coordinator operation
    assert mine.get(BASE).status_code == 403
    assert mine.get(f"{BASE}/{volunteer.pk}").status_code == 403


def test_a_volunteer_reaches_only_their_own_assignments(personas, agency):
    coordinator, me = personas["outreach_coordinator"], personas["volunteer"]
    active_volunteer(coordinator, agency, "Me", user=me)
    someone = active_volunteer(coordinator, agency, "Someone")
    theirs = accepted_task(coordinator, someone, title="Theirs")
    mine = login_client(me)
    assert mine.get(f"{BASE}/my-assignments").json()["items"] == []
    day = str(timezone.localdate() - timedelta(days=1))
    response = _json(mine, "post", f"{BASE}/assignments/{theirs.pk}/hours", {"worked_on": day, "hours": "1"})
    assert response.status_code == 404
    assert VolunteerHours.objects.count() == 0


def test_other_agency_gets_404(personas, agency):
    coordinator = personas["outreach_coordinator"]
    volunteer = active_volunteer(coordinator, agency)
    entry = hours(coordinator, accepted_task(coordinator, volunteer))
    other = login_client(personas["other_agency_admin"])
    assert other.get(f"{BASE}/{volunteer.pk}").status_code == 404
    assert _json(other, "put", f"{BASE}/{volunteer.pk}", {"display_name": "X", "version": 1}).status_code == 404
    assert _json(other, "post", f"{BASE}/hours/{entry.pk}/approval", {"version": 1}).status_code == 404
    assert other.get(BASE).json()["items"] == []


def test_the_schema_documents_422():
    from reclaim.api.api import api

    paths = api.get_openapi_schema()["paths"]
    assert 422 in paths[BASE]["post"]["responses"]
    assert 409 in paths[BASE + "/{volunteer_id}"]["put"]["responses"]


NEEDLES = [
    "zinnia.quarrington@example.org",
    "555 0199 321",
    "Kalaallisut",
    "trained lifeguard",
    "Tuesdays after nine",
    "my cousin was trafficked",
    "Old Mill warehouse, back door",
    "Alias-Heron",
    "bring the car seat",
    "Stuck at the level crossing",
    "Reference from the parish",
    "Thank you Zinnia for every drive",
]


def test_volunteer_personal_data_is_not_stored_in_clear(personas, agency):
    coordinator = personas["outreach_coordinator"]
    volunteer = active_volunteer(
        coordinator,
        agency,
        "Z. Q.",
        email="zinnia.quarrington@example.org",
        phone="+1 555 0199 321",
        languages="Kalaallisut",
        skills="trained lifeguard",
        availability="Tuesdays after nine",
        motivation="my cousin was trafficked",
    )
    from reclaim.outreach import volunteers_actions as v

    step = volunteer.screenings.get(kind="references")
    v.do_record_screening(
        actor=coordinator,
        screening=step,
        expected_version=1,
        values=v.ScreeningValues("passed", note="Reference from the parish"),
    )
    assignment = task(
        coordinator,
        volunteer,
        place="Old Mill warehouse, back door",
        person_alias="Alias-Heron",
        details="bring the car seat",
    )
    assignment = v.do_respond_to_assignment(actor=coordinator, assignment=assignment, expected_version=1, accept=True)
    v.do_log_hours(
        actor=coordinator,
        assignment=assignment,
        values=v.HoursValues(timezone.localdate(), Decimal(1), note="Stuck at the level crossing"),
    )
    do_thank_volunteer(actor=coordinator, volunteer=volunteer, note="Thank you Zinnia for every drive")
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — introspected names
            chunks.extend(repr(row) for row in cursor.fetchall())
    dump = "\n".join(chunks)
    assert [needle for needle in NEEDLES if needle in dump] == []
    volunteer.refresh_from_db()
    assert volunteer.motivation == "my cousin was trafficked"
