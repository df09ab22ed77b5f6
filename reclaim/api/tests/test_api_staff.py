"""Issue 11 D: the agency's staff through the API (members, invitations, teams), with the Staff pages' rules:
agency admins only, another agency's rows 404, bad input a clear 4xx with nothing saved."""

from __future__ import annotations

import pytest
from django.core import mail

from reclaim.accounts.actions import do_create_team
from reclaim.accounts.models import ApiToken, Invitation, Membership, Team
from reclaim.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def send(client, method, url, body):
    return getattr(client, method)(url, body, content_type="application/json")


def test_members_list_role_teams_and_active(client_as, personas, team):
    # given the agency's personas
    client = client_as("agency_admin")
    # when the admin lists them
    response = client.get("/api/v1/staff/members?limit=100")
    # then each member comes with role, teams and active, and only agency A's staff are there
    assert response.status_code == 200
    rows = {row["email"]: row for row in response.json()["items"]}
    manager = rows[personas["case_manager"].email]
    assert (manager["role"], manager["is_active"]) == ("case_manager", True)
    assert manager["team_ids"] == [str(team.pk)]
    assert personas["other_agency_user"].email not in rows
    # and the role filter narrows the list
    only = client.get("/api/v1/staff/members?role=clinician").json()["items"]
    assert [row["email"] for row in only] == [personas["clinician"].email]


def test_members_list_is_for_admins_only(client_as):
    assert client_as("supervisor").get("/api/v1/staff/members").status_code == 403
    assert client_as("agency_admin").get("/api/v1/staff/members?role=boss").status_code == 422


def test_change_role_teams_and_suspend_then_reactivate(client_as, personas, agency):
    # given a second team and the case manager's membership with a live API token
    night = do_create_team(actor=None, agency=agency, name="Night shift")
    membership = Membership.objects.get(user=personas["case_manager"])
    ApiToken.objects.create(user=membership.user, membership=membership, name="t", prefix="p1", token_hash="h" * 64)
    client = client_as("agency_admin")
    url = f"/api/v1/staff/members/{membership.pk}"
    # when the admin moves them to supervisor in the night team and suspends them
    response = send(client, "put", url, {"role": "supervisor", "team_ids": [str(night.pk)], "is_active": False})
    # then the change is saved, audited, and their tokens stop working
    assert response.status_code == 200, response.content
    assert (response.json()["role"], response.json()["team_ids"], response.json()["is_active"]) == (
        "supervisor",
        [str(night.pk)],
        False,
    )
    assert not ApiToken.objects.filter(membership=membership, revoked_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="membership.changed", object_id=str(membership.pk)).exists()
    # and reactivating gives the member back
    again = send(client, "put", url, {"role": "supervisor", "team_ids": [], "is_active": True})
    assert again.status_code == 200
    assert again.json()["is_active"] is True and again.json()["team_ids"] == []


def test_change_refuses_a_foreign_team_yourself_and_other_agencies(client_as, personas, other_team):
    client = client_as("agency_admin")
    membership = Membership.objects.get(user=personas["case_manager"])
    url = f"/api/v1/staff/members/{membership.pk}"
    # a team of agency B: 422 on team_ids, nothing changed
    foreign = send(client, "put", url, {"role": "clinician", "team_ids": [str(other_team.pk)], "is_active": True})
    assert foreign.status_code == 422
    assert "team_ids" in foreign.json()["fields"]
    membership.refresh_from_db()
    assert membership.role == "case_manager"
    # the admin cannot demote themself (the page's rule): 400
    own = Membership.objects.get(user=personas["agency_admin"])
    refused = send(client, "put", f"/api/v1/staff/members/{own.pk}", {"role": "volunteer", "is_active": True})
    assert (refused.status_code, refused.json()["code"]) == (400, "accounts.self_change")
    # agency B's admin cannot reach agency A's member
    assert (
        send(client_as("other_agency_admin"), "put", url, {"role": "volunteer", "is_active": True}).status_code == 404
    )


def test_invite_list_and_withdraw(client_as, team, django_capture_on_commit_callbacks):
    client = client_as("agency_admin")
    # when the admin invites someone to the team
    with django_capture_on_commit_callbacks(execute=True):
        created = send(
            client,
            "post",
            "/api/v1/staff/invitations",
            {"display_name": "Rosa", "email": "Rosa@A.example", "role": "clinician", "team_id": str(team.pk)},
        )
    # then the answer carries the one-time link once, and the email went out with the same link
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["email"] == "rosa@a.example" and body["team_id"] == str(team.pk)
    assert body["link"].startswith("http") and "/invitations/" in body["link"]
    assert body["link"].rsplit("/invitations/", 1)[1] in mail.outbox[0].body
    # it is pending, and withdrawing it takes it off the pending list
    assert [row["id"] for row in client.get("/api/v1/staff/invitations").json()["items"]] == [body["id"]]
    revoked = client.post(f"/api/v1/staff/invitations/{body['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert client.get("/api/v1/staff/invitations").json()["items"] == []


def test_invitation_replay_does_not_repeat_the_link(client_as):
    client = client_as("agency_admin")
    body = {"display_name": "Rosa", "email": "rosa@a.example", "role": "clinician"}
    headers = {"Idempotency-Key": "invite-rosa-1"}
    first = client.post("/api/v1/staff/invitations", body, content_type="application/json", headers=headers)
    again = client.post("/api/v1/staff/invitations", body, content_type="application/json", headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["link"] and again.json()["link"] is None
    assert again.json()["id"] == first.json()["id"] and Invitation.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"display_name": "Rosa", "email": "not-an-email", "role": "clinician"},
        {"display_name": "   ", "email": "rosa@a.example", "role": "clinician"},
        {"display_name": "Rosa", "email": "rosa@a.example", "role": "boss"},
        {"display_name": "Rosa", "email": "rosa@a.example", "role": "clinician", "team_id": "not-a-uuid"},
    ],
)
def test_invite_bad_input_is_422_and_saves_nothing(client_as, body):
    response = send(client_as("agency_admin"), "post", "/api/v1/staff/invitations", body)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert not Invitation.objects.exists()


def test_invite_a_foreign_team_and_non_admins_are_refused(client_as, other_team):
    body = {"display_name": "Rosa", "email": "rosa@a.example", "role": "clinician", "team_id": str(other_team.pk)}
    assert send(client_as("agency_admin"), "post", "/api/v1/staff/invitations", body).status_code == 422
    body.pop("team_id")
    assert send(client_as("supervisor"), "post", "/api/v1/staff/invitations", body).status_code == 403
    assert not Invitation.objects.exists()


def test_teams_list_and_create(client_as, team):
    client = client_as("agency_admin")
    created = send(client, "post", "/api/v1/staff/teams", {"name": "Night shift"})
    assert created.status_code == 201
    names = [row["name"] for row in client.get("/api/v1/staff/teams").json()["items"]]
    assert names == sorted([team.name, "Night shift"])
    # a name already taken is a 400 on `name`; a blank one a 422; neither creates a team
    taken = send(client, "post", "/api/v1/staff/teams", {"name": "Night shift"})
    assert (taken.status_code, taken.json()["code"], list(taken.json()["fields"])) == (
        400,
        "accounts.duplicate_team",
        ["name"],
    )
    assert send(client, "post", "/api/v1/staff/teams", {"name": " "}).status_code == 422
    assert send(client_as("case_manager"), "post", "/api/v1/staff/teams", {"name": "Mine"}).status_code == 403
    assert Team.objects.filter(agency=team.agency).count() == 2
