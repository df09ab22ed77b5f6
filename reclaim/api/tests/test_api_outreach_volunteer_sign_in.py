"""Issue 11 API completeness: giving a volunteer a sign-in, as on the volunteer page: an active volunteer with an
email address is invited (the answer carries the link, once) or their existing volunteer sign-in is linked;
the rules refuse with 400 and a stable code, and nothing is sent; coordinators only."""

from __future__ import annotations

import pytest

from conftest import PASSWORD
from reclaim.accounts.actions import do_add_member
from reclaim.accounts.models import Invitation
from reclaim.accounts.roles import Role
from reclaim.outreach.tests.volunteers_support import active_volunteer, applicant

pytestmark = pytest.mark.django_db


def sign_in_url(volunteer) -> str:
    return f"/api/v1/outreach/volunteers/{volunteer.pk}/sign-in"


def test_invite_then_refuse_a_second_invitation(personas, agency, client_as):
    # given an active volunteer with an email address
    volunteer = active_volunteer(personas["outreach_coordinator"], agency, email="rosa@example.org")
    client = client_as("outreach_coordinator")
    # when the coordinator gives them a sign-in
    response = client.post(sign_in_url(volunteer))
    # then an invitation with the volunteer role is made, and its link is in the answer
    assert response.status_code == 200, response.content
    data = response.json()
    invitation = Invitation.objects.get(email="rosa@example.org")
    assert invitation.role == Role.VOLUNTEER
    assert data["linked"] is False
    assert data["invitation_link"].startswith("http") and "/invitations/" in data["invitation_link"]
    assert data["volunteer"]["has_sign_in"] is False
    # a second request while the invitation waits is refused
    again = client.post(sign_in_url(volunteer))
    assert again.status_code == 400
    assert again.json()["code"] == "outreach.volunteer_invitation_pending"
    assert Invitation.objects.filter(email="rosa@example.org").count() == 1


def test_links_an_existing_volunteer_sign_in(personas, agency, client_as):
    existing = do_add_member(
        actor=None, agency=agency, email="val@example.org", display_name="Val", role=Role.VOLUNTEER, password=PASSWORD
    ).user
    volunteer = active_volunteer(personas["outreach_coordinator"], agency, email="val@example.org")
    response = client_as("agency_admin").post(sign_in_url(volunteer))
    assert response.status_code == 200, response.content
    assert (response.json()["linked"], response.json()["invitation_link"]) == (True, None)
    assert response.json()["volunteer"]["has_sign_in"] is True
    volunteer.refresh_from_db()
    assert volunteer.user == existing


def test_rules_refuse_with_400_and_roles_403(personas, agency, client_as):
    coordinator = personas["outreach_coordinator"]
    client = client_as("outreach_coordinator")
    for volunteer, code in [
        (applicant(coordinator, agency, email="a@example.org"), "outreach.volunteer_not_active"),
        (active_volunteer(coordinator, agency, "No Mail"), "outreach.volunteer_no_email"),
        (
            active_volunteer(coordinator, agency, "Staff", email="case_manager@a.example"),
            "outreach.volunteer_email_taken",
        ),
    ]:
        response = client.post(sign_in_url(volunteer))
        assert response.status_code == 400, response.content
        assert response.json()["code"] == code
    volunteer = active_volunteer(coordinator, agency, "Rosa", email="rosa@example.org")
    assert client_as("other_agency_admin").post(sign_in_url(volunteer)).status_code == 404
    assert client_as("analyst").post(sign_in_url(volunteer)).status_code == 403
    assert not Invitation.objects.filter(role=Role.VOLUNTEER).exists()
