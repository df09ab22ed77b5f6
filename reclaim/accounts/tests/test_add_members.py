"""`do_add_members`: several staff at once, all or none, the same rows as one `do_add_member` each."""

from __future__ import annotations

import pytest

from conftest import PASSWORD
from reclaim.accounts.actions import NewMember, do_add_member, do_add_members
from reclaim.accounts.models import Membership, TeamMember, User
from reclaim.accounts.roles import Role
from reclaim.core.audit import verify_chain
from reclaim.core.errors import DomainError
from reclaim.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_members_get_users_roles_teams_and_audit_rows(agency, team):
    # when two staff are added at once, one in a team and one without a password yet
    made = do_add_members(
        actor=None,
        agency=agency,
        members=[
            NewMember("Ana@A.example", "Ana", Role.CASE_MANAGER, PASSWORD, (team, team)),
            NewMember("bo@a.example", "Bo", Role.CLINICIAN, None),
        ],
    )
    # then each has a user (email lower-cased), a membership with the role, team places and an audit row
    ana, bo = (User.objects.get(pk=m.user_id) for m in made)
    assert (ana.email, ana.check_password(PASSWORD), ana.has_usable_password()) == ("ana@a.example", True, True)
    assert not bo.has_usable_password()
    assert [m.role for m in Membership.objects.filter(agency=agency).order_by("user__email")] == [
        Role.CASE_MANAGER,
        Role.CLINICIAN,
    ]
    assert list(TeamMember.objects.filter(team=team).values_list("membership_id", flat=True)) == [made[0].pk]
    audit = AuditEvent.objects.filter(action="membership.created").order_by("id")
    assert [(a.object_id, a.detail) for a in audit] == [(str(m.pk), {"role": m.role}) for m in made]
    assert verify_chain().first_broken_id is None


def test_one_taken_email_adds_no_one(agency, team, other_team):
    do_add_member(
        actor=None, agency=agency, email="ana@a.example", display_name="Ana", role="case_manager", password=None
    )
    before = (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    attempts = [
        [
            NewMember("new@a.example", "New", Role.CASE_MANAGER, None),
            NewMember("ANA@a.example", "Ana", Role.CLINICIAN, None),
        ],
        [
            NewMember("twice@a.example", "T", Role.CASE_MANAGER, None),
            NewMember("twice@a.example", "T", Role.CLINICIAN, None),
        ],
    ]
    for members in attempts:
        with pytest.raises(DomainError) as taken:
            do_add_members(actor=None, agency=agency, members=members)
        assert taken.value.code == "accounts.email_taken"
    # a team of another agency and a role that does not exist are refused too
    with pytest.raises(DomainError) as foreign:
        do_add_members(
            actor=None, agency=agency, members=[NewMember("x@a.example", "X", Role.CASE_MANAGER, None, (other_team,))]
        )
    assert foreign.value.code == "accounts.foreign_team"
    with pytest.raises(Exception, match="role"):
        do_add_members(actor=None, agency=agency, members=[NewMember("y@a.example", "Y", "wizard", None)])
    assert (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()) == before
