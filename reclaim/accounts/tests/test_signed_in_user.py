"""A session's user is read with their active membership, its agency, its team ids and the membership facts in
one query (accounts.selectors.signed_in_user, behind both authentication backends): the same membership that
active_membership() reads on its own, or none when the user has no active membership in an active agency."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import load_backend
from django.urls import reverse

from conftest import login_client
from reclaim.accounts.models import Agency, Membership, Team, TeamMember, User
from reclaim.accounts.selectors import active_membership, signed_in_user, team_ids
from reclaim.outreach.tests.training_support import make_course, set_block
from reclaim.outreach.training_gate import BLOCKED

pytestmark = pytest.mark.django_db


def _read_alone(user: User) -> Membership | None:
    """The membership as active_membership() reads it for a user object that carries none yet."""
    return active_membership(User.objects.get(pk=user.pk))


def _facts(membership: Membership | None) -> tuple[object, ...] | None:
    if membership is None:
        return None
    return (
        membership.pk,
        membership.role,
        membership.agency.slug,
        sorted(team_ids(membership)),
        getattr(membership, BLOCKED),
    )


@pytest.mark.parametrize("blocked", [False, True])
def test_a_member_comes_with_the_same_membership_in_one_query(personas, agency, blocked, assert_max_queries):
    # given a case manager in two teams, in an agency that does or does not block case data until trained
    manager = personas["case_manager"]
    membership = Membership.objects.get(user=manager, is_active=True)
    second = Team.objects.create(agency=agency, name="Night shift")
    TeamMember.objects.create(agency=agency, team=second, membership=membership)
    make_course(agency)
    set_block(agency, on=blocked)
    # when the session's user is read, the membership and its facts come with it, and asking again costs nothing
    with assert_max_queries(1):
        user = signed_in_user(manager.pk)
        assert user is not None
        read = active_membership(user)
    assert _facts(read) == _facts(_read_alone(manager))
    assert read is not None
    assert read.user is user
    assert len(team_ids(read)) == 2
    assert getattr(read, BLOCKED) is blocked


def test_a_user_without_a_membership_costs_one_query_too(personas, assert_max_queries):
    operator = personas["platform_operator"]
    with assert_max_queries(1):
        user = signed_in_user(operator.pk)
        assert user is not None
        assert user.is_platform_operator
        assert active_membership(user) is None


def test_a_membership_ended_or_in_a_switched_off_agency_is_none(personas, agency):
    manager, clinician = personas["case_manager"], personas["clinician"]
    Membership.objects.filter(user=clinician).update(is_active=False)
    assert active_membership(signed_in_user(clinician.pk)) is None
    Agency.objects.filter(pk=agency.pk).update(is_active=False)
    assert active_membership(signed_in_user(manager.pk)) is None
    assert _read_alone(manager) is None


def test_an_unknown_user_is_none(db):
    assert signed_in_user("00000000-0000-0000-0000-000000000000") is None


def test_every_backend_reads_the_membership_and_refuses_a_deactivated_user(personas):
    manager = personas["case_manager"]
    for path in settings.AUTHENTICATION_BACKENDS:
        user = load_backend(path).get_user(manager.pk)
        assert user is not None
        assert hasattr(user, "_reclaim_membership"), path
    # a deactivated user's session no longer signs anyone in
    client = login_client(manager)
    User.objects.filter(pk=manager.pk).update(is_active=False)
    for path in settings.AUTHENTICATION_BACKENDS:
        assert load_backend(path).get_user(manager.pk) is None
    response = client.get(reverse("cases:list"), secure=True)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
