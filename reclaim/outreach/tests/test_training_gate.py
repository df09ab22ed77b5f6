"""Block until trained: with the agency's setting on, a case worker without a current trauma-informed care certificate
sees no case data (list, detail, API), and is told why; with the setting off nothing changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.accounts.models import User
from reclaim.cases.actions import do_open_case
from reclaim.cases.selectors import cases_for_user
from reclaim.outreach.tests.training_support import certify, make_course, set_block
from reclaim.outreach.training_gate import case_data_blocked

pytestmark = pytest.mark.django_db

NOTICE = "Complete trauma-informed care training to see case data"


@pytest.fixture
def case(personas, survivor_a):
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)


def _sees(user, case) -> dict[str, object]:
    client = login_client(user)
    listing = client.get(reverse("cases:list"))
    return {
        "listed": case.number in listing.content.decode(),
        "notice": NOTICE in listing.content.decode(),
        "detail": client.get(reverse("cases:detail", args=[case.pk])).status_code,
        "api": client.get(f"/api/v1/cases/{case.pk}").status_code,
        "api_list": len(client.get("/api/v1/cases").json()["items"]),
        "survivor_listed": case.survivor.reference in client.get(reverse("people:list")).content.decode(),
        "survivor": client.get(reverse("people:detail", args=[case.survivor_id])).status_code,
    }


def test_with_the_setting_off_nothing_changes(personas, agency, case):
    # given an agency that never set the setting, then one that switched it off again
    make_course(agency)
    assert _sees(personas["case_manager"], case) == {
        "listed": True,
        "notice": False,
        "detail": 200,
        "api": 200,
        "api_list": 1,
        "survivor_listed": True,
        "survivor": 200,
    }
    set_block(agency, on=True)
    set_block(agency, on=False)
    assert _sees(personas["case_manager"], case)["detail"] == 200


def test_with_the_setting_on_an_untrained_case_manager_sees_nothing(personas, agency, case):
    # given the setting on and no certificate
    make_course(agency)
    set_block(agency, on=True)
    # then the list is empty with the notice, the detail and the API answer 404
    assert _sees(personas["case_manager"], case) == {
        "listed": False,
        "notice": True,
        "detail": 404,
        "api": 404,
        "api_list": 0,
        "survivor_listed": False,
        "survivor": 404,
    }
    # and the case page says why, with the way to My training
    page = login_client(personas["case_manager"]).get(reverse("cases:detail", args=[case.pk]))
    assert NOTICE in page.content.decode()
    assert reverse("outreach:training_mine") in page.content.decode()
    # the program director (agency scope) is blocked too
    assert login_client(personas["program_director"]).get(reverse("cases:detail", args=[case.pk])).status_code == 404
    # My training tells them as well
    assert NOTICE in login_client(personas["case_manager"]).get(reverse("outreach:training_mine")).content.decode()


def test_a_current_certificate_opens_the_cases_and_an_expired_one_blocks_again(personas, agency, case):
    tic = make_course(agency, valid_months=12)
    set_block(agency, on=True)
    # given a certificate completed ten days ago
    certify(personas["case_manager"], tic, completed_days_ago=10)
    assert _sees(personas["case_manager"], case) == {
        "listed": True,
        "notice": False,
        "detail": 200,
        "api": 200,
        "api_list": 1,
        "survivor_listed": True,
        "survivor": 200,
    }
    # given only an expired certificate (a colleague's fresh one does not count)
    clinician = personas["clinician"]
    certify(clinician, tic, completed_days_ago=400)
    certify(personas["supervisor"], tic, completed_days_ago=1)
    assert login_client(clinician).get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_a_certificate_of_another_topic_does_not_count(personas, agency, case):
    other = make_course(agency, "Using Reclaim", topic="platform", valid_months=None)
    set_block(agency, on=True)
    certify(personas["case_manager"], other)
    assert _sees(personas["case_manager"], case)["detail"] == 404


def test_another_agencys_setting_does_not_touch_this_agency(personas, other_agency, case):
    set_block(other_agency, on=True)
    assert _sees(personas["case_manager"], case)["detail"] == 200


def test_the_gate_costs_no_query_of_its_own_and_the_explanation_one_cached_query(personas, agency, assert_max_queries):
    set_block(agency, on=True)
    user = User.objects.get(pk=personas["case_manager"].pk)
    from reclaim.accounts.selectors import active_membership

    active_membership(user)  # the membership is cached already in a request
    # the case query carries the gate inside it: one query, no rows
    with assert_max_queries(1):
        assert list(cases_for_user(user)) == []
    # the explanation asks once per request
    with assert_max_queries(1):
        assert case_data_blocked(user) is True
        assert case_data_blocked(user) is True
    # roles that see no case data pay nothing
    coordinator = User.objects.get(pk=personas["outreach_coordinator"].pk)
    active_membership(coordinator)
    with assert_max_queries(0):
        assert case_data_blocked(coordinator) is False


def test_the_block_is_read_with_the_membership_not_inside_each_case_query(personas, agency, survivor_a):
    from reclaim.accounts.selectors import active_membership
    from reclaim.outreach.training_gate import forget_case_data_block

    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    make_course(agency)
    user = User.objects.get(pk=personas["case_manager"].pk)
    active_membership(user)
    # while the member may see case data, the case query carries no trace of the training policy
    assert "trainingpolicy" not in str(cases_for_user(user).query)
    assert list(cases_for_user(user)) == [case]
    # the answer holds for the request (the membership carries it) until it is forgotten
    set_block(agency, on=True)
    forget_case_data_block(user)
    assert "trainingpolicy" not in str(cases_for_user(user).query)
    assert list(cases_for_user(user)) == []
    assert case_data_blocked(user) is True
    # a certificate opens it again
    certify(personas["case_manager"], make_course(agency, "Trauma-informed care II"))
    forget_case_data_block(user)
    assert list(cases_for_user(user)) == [case]
    assert case_data_blocked(user) is False
