"""The retention pages end to end: the admin edits the policy, places a hold by case number, meets the hold when
deciding an erasure request; the legal advocate places a hold from the case."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from conftest import first_two_pages, login_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment
from reclaim.people.actions import do_create_survivor
from reclaim.retention import views as retention_views
from reclaim.retention.actions import do_decide_erasure_request, do_place_legal_hold, do_record_erasure_request
from reclaim.retention.models import ErasureRequest, ErasureStatus, LegalHold
from reclaim.retention.selectors import policy_for
from reclaim.retention.tests.support import recorded_erasure_request


def test_admin_saves_the_policy_and_a_stale_form_shows_the_conflict(agency, personas):
    client = login_client(personas["agency_admin"])
    # when the admin saves
    response = client.post(reverse("retention:policy"), {"version": 0, "case_months": 96, "document_months": 60})
    # then it is stored
    assert response.status_code == 302
    assert (policy_for(agency.pk).case_months, policy_for(agency.pk).document_months) == (96, 60)
    # when a form loaded before that save is sent
    response = client.post(reverse("retention:policy"), {"version": 0, "case_months": 48, "document_months": 48})
    # then the other values are shown and nothing changes
    assert response.status_code == 200
    assert b"Someone else changed the policy" in response.content
    assert policy_for(agency.pk).case_months == 96
    # and a period under the floor is refused with a field error
    response = client.post(reverse("retention:policy"), {"version": 1, "case_months": 12, "document_months": 12})
    assert response.status_code == 200
    assert policy_for(agency.pk).version == 1


def test_admin_places_a_hold_by_case_number_and_approval_is_refused_while_it_holds(agency, personas, survivor_a):
    # given a case and an erasure request recorded by the case manager
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    request = do_record_erasure_request(
        actor=personas["case_manager"],
        survivor=survivor_a,
        requested_on=timezone.localdate(),
        requested_by="survivor",
        verification="in_person",
    )
    client = login_client(personas["agency_admin"])
    # when the admin places a hold by the case's number
    response = client.post(reverse("retention:holds"), {"case_number": case.number, "reason": "Court order"})
    assert response.status_code == 302
    assert LegalHold.objects.filter(case=case, lifted_at__isnull=True).exists()
    # then the request list shows it blocked, and approving it says why and keeps it open
    page = client.get(reverse("retention:erasure_list"))
    assert b"blocked by a legal hold" in page.content
    response = client.post(
        reverse("retention:erasure_decide", args=[request.pk]),
        {"version": request.version, "approve": "yes", "comment": ""},
        follow=True,
    )
    assert b"legal hold applies" in response.content
    assert ErasureRequest.objects.get(pk=request.pk).status == ErasureStatus.PENDING


def test_legal_advocate_places_a_hold_from_the_case_but_the_case_manager_cannot(agency, personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    CaseAssignment.objects.create(agency=agency, case=case, user=personas["legal_advocate"])  # as the matrix does
    url = reverse("retention:case_holds", args=[case.pk])
    # when the case manager tries
    assert login_client(personas["case_manager"]).post(url, {"reason": "x"}).status_code == 403
    # when the legal advocate (assigned to the person's case) places one
    response = login_client(personas["legal_advocate"]).post(url, {"reason": "Witness in a trial"})
    # then it is in place
    assert response.status_code == 302
    assert LegalHold.objects.filter(case=case, lifted_at__isnull=True).count() == 1


def test_the_holds_list_pages_newest_first_and_a_page_costs_the_same(
    agency, personas, survivor_a, monkeypatch, django_assert_max_num_queries
):
    # given three cases under a hold, placed one after the other, and two holds to a page
    monkeypatch.setattr(retention_views, "HOLDS_PAGE_SIZE", 2)
    cases = [do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team) for _ in range(3)]
    for case in cases:
        do_place_legal_hold(actor=personas["agency_admin"], case=case, reason=f"Court order {case.number}")
    # when the first two pages are read
    client = login_client(personas["agency_admin"])
    first, second = first_two_pages(client, reverse("retention:holds"), django_assert_max_num_queries)
    # then the first shows the two newest holds, counts all three and links to the next page; the second the oldest
    body = first.content.decode()
    assert [hold.case_id for hold in first.context["holds"]] == [cases[2].pk, cases[1].pk]
    assert "3 cases under a legal hold, newest hold first" in body
    assert 'href="?page=2" rel="next"' in body
    assert [hold.case_id for hold in second.context["holds"]] == [cases[0].pk]


def _person(agency, team, k):
    return do_create_survivor(actor=None, agency=agency, reference=f"E-{k}", given_name=f"P{k}", team=team)


def test_the_erasure_request_list_pages_newest_first_and_a_page_costs_the_same(
    agency, team, personas, monkeypatch, django_assert_max_num_queries
):
    # given three people's pending requests, recorded one after the other, and two requests to a page
    monkeypatch.setattr(retention_views, "ERASURE_PAGE_SIZE", 2)
    requests = [recorded_erasure_request(personas, _person(agency, team, k)) for k in range(3)]
    # when the first two pages are read
    client = login_client(personas["agency_admin"])
    first, second = first_two_pages(client, reverse("retention:erasure_list"), django_assert_max_num_queries)
    # then the first shows the two newest requests, each with its decision form, counts all three and links to the
    # next page; the second holds the oldest
    body = first.content.decode()
    assert [r.pk for r in first.context["requests"]] == [requests[2].pk, requests[1].pk]
    assert "3 erasure requests, newest first within each status" in body
    assert body.count('name="approve"') == 2
    assert 'href="?page=2" rel="next"' in body
    assert [r.pk for r in second.context["requests"]] == [requests[0].pk]


def test_the_erasure_request_list_shows_the_waiting_ones_first(agency, team, personas):
    # given a request that is waiting and a later one already declined
    waiting = recorded_erasure_request(personas, _person(agency, team, 1))
    declined = recorded_erasure_request(personas, _person(agency, team, 2))
    do_decide_erasure_request(
        actor=personas["agency_admin"],
        request=declined,
        approve=False,
        comment="Kept",
        expected_version=declined.version,
    )
    # then the list shows the waiting one first, as the API does
    page = login_client(personas["agency_admin"]).get(reverse("retention:erasure_list"))
    assert [r.pk for r in page.context["requests"]] == [waiting.pk, declined.pk]
