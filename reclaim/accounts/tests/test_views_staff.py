from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.accounts.actions import do_invite_staff
from reclaim.accounts.models import Invitation, Membership, User
from reclaim.core.models import AuditEvent


def test_admin_invites_staff_who_accepts_and_must_set_up_mfa(personas, team, django_capture_on_commit_callbacks):
    # given the agency admin
    admin = login_client(personas["agency_admin"])
    # when they invite a new case manager
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("accounts:team"),
            {"display_name": "Nia New", "email": "nia@a.example", "role": "case_manager", "team": team.pk},
        )
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    link = re.search(r"/invitations/[^/\s]+/", str(mail.outbox[0].body)).group(0)
    # and the invitee accepts with a weak password first
    invitee = login_client(None)
    weak = invitee.post(link, {"password1": "password", "password2": "password"})
    assert weak.status_code == 200
    assert not User.objects.filter(email="nia@a.example").exists()
    strong = invitee.post(link, {"password1": "tidal-lantern-okra-95", "password2": "tidal-lantern-okra-95"})
    # then the account exists with the invited role and team, and MFA set-up is required
    assert strong.status_code == 302
    membership = Membership.objects.get(user__email="nia@a.example")
    assert membership.role == "case_manager"
    assert list(membership.teams.all()) == [team]
    home = invitee.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"] == reverse("mfa_activate_totp")
    # and the link cannot be used twice
    assert invitee.post(link, {"password1": "x" * 20, "password2": "x" * 20}).status_code == 404


def test_invite_form_rejects_bad_input_without_saving(personas):
    admin = login_client(personas["agency_admin"])
    response = admin.post(reverse("accounts:team"), {"display_name": "", "email": "not-an-email", "role": "wizard"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"display_name", "email", "role"}
    assert not Invitation.objects.exists()


def test_invite_cannot_pick_another_agencys_team(personas, other_team):
    admin = login_client(personas["agency_admin"])
    response = admin.post(
        reverse("accounts:team"),
        {"display_name": "X", "email": "x@a.example", "role": "case_manager", "team": other_team.pk},
    )
    assert "team" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_admin_deactivates_a_member_and_their_tokens_stop(personas):
    admin = login_client(personas["agency_admin"])
    membership = Membership.objects.get(user=personas["case_manager"])
    token_client = login_client(personas["case_manager"])
    token_client.post(reverse("accounts:tokens"), {"name": "script", "expires_in_days": 30})
    response = admin.post(reverse("accounts:member_edit", args=[membership.pk]), {"role": "case_manager"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    assert not membership.api_tokens.filter(revoked_at__isnull=True).exists()


def test_admin_cannot_demote_themselves(personas):
    admin = login_client(personas["agency_admin"])
    own = Membership.objects.get(user=personas["agency_admin"])
    response = admin.post(reverse("accounts:member_edit", args=[own.pk]), {"role": "volunteer", "is_active": "on"})
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.role == "agency_admin"


@pytest.mark.django_db
def test_audit_log_lists_only_own_agency_rows_and_filters(
    personas, survivor_a, survivor_b, django_assert_max_num_queries
):
    admin = login_client(personas["agency_admin"])
    login_client(personas["case_manager"]).get(reverse("people:detail", args=[survivor_a.pk]))
    with django_assert_max_num_queries(12):
        response = admin.get(reverse("accounts:audit"), {"action": "survivor.read"})
    rows = [row["event"] for row in response.context["rows"]]
    assert rows
    assert {r.action for r in rows} == {"survivor.read"}
    assert all(r.agency_id == survivor_a.agency_id for r in rows)
    assert str(survivor_b.pk) not in response.content.decode()


def test_audit_filter_rejects_bad_dates(personas):
    response = login_client(personas["agency_admin"]).get(reverse("accounts:audit"), {"since": "yesterday"})
    assert response.status_code == 200
    assert "since" in response.context["form"].errors


def test_views_are_audited(personas, survivor_a):
    login_client(personas["clinician"]).get(reverse("people:detail", args=[survivor_a.pk]))
    row = AuditEvent.objects.filter(action="survivor.read").latest("id")
    assert (row.actor_id, row.object_id) == (personas["clinician"].pk, str(survivor_a.pk))


def test_the_team_page_lists_every_open_invitation_however_many_were_sent_since(personas, team):
    # given an open invitation, then sixty more that were accepted or withdrawn
    admin = personas["agency_admin"]
    _old, _secret = do_invite_staff(
        actor=admin, agency=team.agency, email="first@example.org", display_name="First", role="case_manager", team=team
    )
    for n in range(60):
        later, _secret = do_invite_staff(
            actor=admin,
            agency=team.agency,
            email=f"s{n}@example.org",
            display_name=f"S{n}",
            role="clinician",
            team=team,
        )
        Invitation.objects.filter(pk=later.pk).update(revoked_at=timezone.now())
    # when the admin opens the team page
    page = login_client(admin).get(reverse("accounts:team"))
    # then the open invitation is listed, and none of the closed ones
    assert [i.email for i in page.context["invitations"]] == ["first@example.org"]
