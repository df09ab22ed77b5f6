"""Volunteers (issue 10 item 5): a coordinator records an application, screens, takes on (only when cleared),
invites to sign in, offers tasks and approves hours; the volunteer sees only their own tasks and hours."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, login_client
from reclaim.accounts.actions import do_accept_invitation, do_add_member
from reclaim.accounts.models import Invitation
from reclaim.accounts.roles import Role
from reclaim.core.errors import DomainError
from reclaim.core.models import AuditEvent
from reclaim.outreach import volunteers_actions as v
from reclaim.outreach.models import (
    OutreachEvent,
    Volunteer,
    VolunteerAgreement,
    VolunteerAssignment,
    VolunteerHours,
    VolunteerScreening,
)
from reclaim.outreach.tests.volunteers_support import accepted_task, active_volunteer, applicant, clear, hours, task
from reclaim.outreach.views import volunteers as volunteer_views
from reclaim.outreach.volunteers_selectors import hours_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(personas):
    return personas["outreach_coordinator"]


def test_record_an_application_and_refuse_bad_input(personas, agency, coordinator):
    client = login_client(coordinator)
    # bad input: no name, a malformed email -> the form says so and nothing is saved
    bad = client.post(reverse("outreach:volunteer_add"), {"display_name": "  ", "email": "not-an-email"})
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) >= {"display_name", "email"}
    assert Volunteer.objects.count() == 0
    # a good application
    response = client.post(
        reverse("outreach:volunteer_add"),
        {
            "display_name": "Rosa Helper",
            "email": "Rosa@Example.org",
            "phone": "+1 555 0100",
            "languages": "Spanish, Tagalog",
            "roles": ["transport", "interpreting"],
            "availability": "Weekday evenings",
            "motivation": "I want to help",
        },
    )
    volunteer = Volunteer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:volunteer_detail", args=[volunteer.pk])
    assert (volunteer.status, volunteer.email, volunteer.roles) == (
        "applied",
        "rosa@example.org",
        ["transport", "interpreting"],
    )
    assert volunteer.applied_on == timezone.localdate()
    assert sorted(volunteer.screenings.values_list("kind", flat=True)) == [
        "background_check",
        "interview",
        "references",
    ]
    assert AuditEvent.objects.filter(action="volunteer.applied", object_id=str(volunteer.pk)).exists()
    # the page reads back, and the read is audited
    page = client.get(reverse("outreach:volunteer_detail", args=[volunteer.pk]))
    assert page.status_code == 200
    assert "Weekday evenings" in page.content.decode()
    assert AuditEvent.objects.filter(action="volunteer.viewed", object_id=str(volunteer.pk)).exists()


def test_taking_on_needs_background_check_and_confidentiality_agreement(agency, coordinator):
    client = login_client(coordinator)
    volunteer = applicant(coordinator, agency)
    status_url = reverse("outreach:volunteer_status", args=[volunteer.pk])
    # applied -> active skips screening: refused
    response = client.post(status_url, {"to": "active", "version": volunteer.version}, follow=True)
    assert "cannot be moved" in response.content.decode()
    client.post(status_url, {"to": "screening", "version": volunteer.version})
    volunteer.refresh_from_db()
    assert volunteer.status == "screening"
    # screening -> active without the checks: refused, naming both missing things
    response = client.post(status_url, {"to": "active", "version": volunteer.version}, follow=True)
    text = response.content.decode()
    assert "background check has not been passed" in text and "No signed confidentiality agreement" in text
    volunteer.refresh_from_db()
    assert volunteer.status == "screening"
    # waiving the background check needs a reason
    check = volunteer.screenings.get(kind="background_check")
    screening_url = reverse("outreach:volunteer_screening", args=[volunteer.pk, check.pk])
    bad = client.post(screening_url, {"status": "waived", "version": check.version})
    assert bad.status_code == 200 and "note" in bad.context["form"].errors
    check.refresh_from_db()
    assert check.status == "not_started"
    client.post(
        screening_url,
        {"status": "waived", "note": "Checked by the partner agency last month", "version": check.version},
    )
    check.refresh_from_db()
    assert (check.status, check.recorded_by) == ("waived", coordinator)
    # still no agreement: refused
    with pytest.raises(DomainError) as refused:
        v.do_change_volunteer_status(
            actor=coordinator, volunteer=volunteer, expected_version=volunteer.version, to="active"
        )
    assert refused.value.code == "outreach.volunteer_not_cleared"
    # an expired confidentiality agreement does not count
    past = timezone.localdate() - timedelta(days=400)
    v.do_record_agreement(
        actor=coordinator,
        volunteer=volunteer,
        values=v.AgreementValues("confidentiality", past, expires_on=past + timedelta(days=365)),
    )
    with pytest.raises(DomainError, match="expired"):
        v.do_change_volunteer_status(
            actor=coordinator, volunteer=volunteer, expected_version=volunteer.version, to="active"
        )
    # a bad agreement is refused and not saved
    bad = client.post(
        reverse("outreach:volunteer_agreement_add", args=[volunteer.pk]),
        {"kind": "confidentiality", "signed_on": "2026-02-01", "expires_on": "2026-01-01"},
    )
    assert bad.status_code == 200 and "expires_on" in bad.context["form"].errors
    assert VolunteerAgreement.objects.count() == 1
    client.post(
        reverse("outreach:volunteer_agreement_add", args=[volunteer.pk]),
        {"kind": "confidentiality", "signed_on": str(timezone.localdate()), "document_version": "v3"},
    )
    client.post(status_url, {"to": "active", "version": volunteer.version})
    volunteer.refresh_from_db()
    assert volunteer.status == "active"
    # active <-> paused; -> left
    for to in ("paused", "active", "left"):
        client.post(status_url, {"to": to, "version": volunteer.version, "reason": "Moving away"})
        volunteer.refresh_from_db()
        assert volunteer.status == to


def test_invite_an_active_volunteer_and_link_the_sign_in_on_acceptance(agency, coordinator, personas):
    client = login_client(coordinator)
    volunteer = active_volunteer(coordinator, agency, email="rosa@example.org")
    response = client.post(reverse("outreach:volunteer_sign_in", args=[volunteer.pk]))
    assert response.status_code == 200 and response.context["new_link"]
    invitation = Invitation.objects.get(email="rosa@example.org")
    assert invitation.role == Role.VOLUNTEER
    volunteer.refresh_from_db()
    assert volunteer.invitation == invitation and volunteer.user is None
    # a second invitation while the first waits: refused
    again = client.post(reverse("outreach:volunteer_sign_in", args=[volunteer.pk]), follow=True)
    assert "already waiting" in again.content.decode()
    # accepting the invitation links the new user to the volunteer
    user = do_accept_invitation(invitation=invitation, password="a-long-password-for-rosa-7")
    volunteer.refresh_from_db()
    assert volunteer.user == user
    page = login_client(user).get(reverse("outreach:volunteer_my_assignments"))
    assert page.status_code == 200 and page.context["volunteer"] == volunteer


def test_sign_in_links_an_existing_volunteer_user_and_refuses_other_roles(agency, coordinator, personas):
    existing = do_add_member(
        actor=None, agency=agency, email="val@example.org", display_name="Val", role=Role.VOLUNTEER, password=PASSWORD
    ).user
    volunteer = active_volunteer(coordinator, agency, email="val@example.org")
    linked, secret = v.do_give_sign_in(actor=coordinator, volunteer=volunteer)
    assert secret is None and linked.user == existing
    # a case manager's email cannot become a volunteer's sign-in
    other = active_volunteer(coordinator, agency, "Case Person", email="case_manager@a.example")
    with pytest.raises(DomainError) as refused:
        v.do_give_sign_in(actor=coordinator, volunteer=other)
    assert refused.value.code == "outreach.volunteer_email_taken"
    # an applicant gets no sign-in
    with pytest.raises(DomainError):
        v.do_give_sign_in(actor=coordinator, volunteer=applicant(coordinator, agency, email="a@example.org"))
    assert Invitation.objects.filter(role=Role.VOLUNTEER).count() == 0


def test_offer_tasks_only_to_active_volunteers(agency, other_agency, coordinator, personas):
    client = login_client(coordinator)
    waiting = applicant(coordinator, agency)
    refused = client.post(
        reverse("outreach:volunteer_assignment_add", args=[waiting.pk]),
        {"kind": "transport", "title": "Drive", "starts_at": "2026-03-01T10:00"},
    )
    assert refused.status_code == 200 and "Only an active volunteer" in refused.content.decode()
    volunteer = active_volunteer(coordinator, agency, "Active One")
    event = OutreachEvent.objects.create(agency=agency, title="Job fair", starts_at=timezone.now(), place="Hall")
    foreign = OutreachEvent.objects.create(
        agency=other_agency, title="B fair", starts_at=timezone.now(), place="B hall"
    )
    url = reverse("outreach:volunteer_assignment_add", args=[volunteer.pk])
    bad = client.post(
        url, {"kind": "transport", "title": "", "starts_at": "2026-03-01T10:00", "ends_at": "2026-03-01T09:00"}
    )
    assert bad.status_code == 200 and "title" in bad.context["form"].errors
    # another agency's event is not even a choice
    foreign_pick = client.post(
        url, {"kind": "events", "title": "Stand", "starts_at": "2026-03-01T10:00", "event_id": str(foreign.pk)}
    )
    assert "event_id" in foreign_pick.context["form"].errors
    ends_first = client.post(
        url, {"kind": "events", "title": "Stand", "starts_at": "2026-03-01T10:00", "ends_at": "2026-03-01T09:00"}
    )
    assert "ends_at" in ends_first.context["form"].errors
    assert VolunteerAssignment.objects.count() == 0
    ok = client.post(
        url,
        {
            "kind": "events",
            "title": "Info stand",
            "starts_at": "2026-03-01T10:00",
            "event_id": str(event.pk),
            "place": "Side entrance",
            "person_alias": "Blue",
        },
    )
    assert ok.status_code == 302
    assignment = VolunteerAssignment.objects.get()
    assert (assignment.status, assignment.event, assignment.place, assignment.person_alias) == (
        "offered",
        event,
        "Side entrance",
        "Blue",
    )
    # the coordinator edits it; a stale edit shows the conflict and changes nothing
    edit = reverse("outreach:volunteer_assignment_edit", args=[assignment.pk])
    data = {"kind": "events", "title": "Info stand (morning)", "starts_at": "2026-03-01T09:00", "status": "offered"}
    assert client.post(edit, {**data, "version": 1}).status_code == 302
    stale = client.post(edit, {**data, "title": "Mine", "version": 1})
    assert stale.status_code == 200 and stale.context["conflict"]
    assignment.refresh_from_db()
    assert assignment.title == "Info stand (morning)"


def test_the_volunteer_sees_only_their_own_tasks(agency, coordinator, personas):
    me = personas["volunteer"]
    mine = active_volunteer(coordinator, agency, "Val", user=me)
    someone = active_volunteer(coordinator, agency, "Other Helper")
    my_task = task(coordinator, mine, days=3, title="Childcare at the workshop", place="Room 4", person_alias="Sun")
    their_task = task(coordinator, someone, days=3, title="Their secret task")
    client = login_client(me)
    page = client.get(reverse("outreach:volunteer_my_assignments"))
    text = page.content.decode()
    assert "Childcare at the workshop" in text and "Room 4" in text and "Sun" in text
    assert "Their secret task" not in text
    # another volunteer's task: 404 on answering and on logging hours
    assert (
        client.post(
            reverse("outreach:volunteer_my_respond", args=[their_task.pk]), {"answer": "accept", "version": 1}
        ).status_code
        == 404
    )
    assert client.get(reverse("outreach:volunteer_my_log_hours", args=[their_task.pk])).status_code == 404
    # coordinator pages: 403
    assert client.get(reverse("outreach:volunteer_list")).status_code == 403
    assert client.get(reverse("outreach:volunteer_detail", args=[mine.pk])).status_code == 403
    # accept the offered task, then log hours
    client.post(reverse("outreach:volunteer_my_respond", args=[my_task.pk]), {"answer": "accept", "version": 1})
    my_task.refresh_from_db()
    assert my_task.status == "accepted"
    log = reverse("outreach:volunteer_my_log_hours", args=[my_task.pk])
    future = client.post(log, {"worked_on": str(timezone.localdate() + timedelta(days=1)), "hours": "2"})
    assert future.status_code == 200 and "worked_on" in future.context["form"].errors
    too_many = client.post(log, {"worked_on": str(timezone.localdate()), "hours": "30"})
    assert "hours" in too_many.context["form"].errors
    assert VolunteerHours.objects.count() == 0
    assert (
        client.post(log, {"worked_on": str(timezone.localdate()), "hours": "2.5", "note": "Ran late"}).status_code
        == 302
    )
    entry = VolunteerHours.objects.get()
    assert (entry.volunteer, entry.hours, entry.status, entry.logged_by) == (mine, Decimal("2.5"), "submitted", me)
    hours_page = client.get(reverse("outreach:volunteer_my_hours"))
    assert hours_page.status_code == 200 and hours_page.context["summary"].waiting == Decimal("2.5")


def test_a_volunteer_without_a_linked_record_sees_an_empty_state(personas):
    client = login_client(personas["volunteer"])
    for name in ("outreach:volunteer_my_assignments", "outreach:volunteer_my_hours"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "not linked to a volunteer record yet" in response.content.decode()
    # other roles have no volunteer pages
    assert login_client(personas["case_manager"]).get(reverse("outreach:volunteer_my_assignments")).status_code == 403


def test_approve_and_correct_hours_totals_and_milestones(agency, coordinator, personas):
    me = personas["volunteer"]
    volunteer = active_volunteer(coordinator, agency, user=me)
    assignment = accepted_task(coordinator, volunteer)
    entries = [hours(me, assignment, "6", days_ago=1), hours(me, assignment, "5", days_ago=40)]
    client = login_client(coordinator)
    waiting = client.get(reverse("outreach:volunteer_hours_waiting"))
    assert list(waiting.context["entries"]) == sorted(entries, key=lambda e: e.worked_on)
    approve = reverse("outreach:volunteer_hours_approve", args=[entries[0].pk])
    bad = client.post(approve, {"hours": "0", "version": 1})
    assert bad.status_code == 200 and "hours" in bad.context["form"].errors
    assert client.post(approve, {"hours": "5.5", "version": 1}).status_code == 302
    entries[0].refresh_from_db()
    assert (entries[0].status, entries[0].hours, entries[0].hours_logged, entries[0].approved_by) == (
        "approved",
        Decimal("5.5"),
        Decimal(6),
        coordinator,
    )
    stale = client.post(approve, {"hours": "1", "version": 1})
    assert stale.status_code == 200 and stale.context["conflict"]
    client.post(reverse("outreach:volunteer_hours_approve", args=[entries[1].pk]), {"hours": "5", "version": 1})
    summary = hours_summary(volunteer)
    assert (summary.approved, summary.waiting) == (Decimal("10.5"), Decimal(0))
    assert len(summary.months) == 2 or entries[0].worked_on.month == entries[1].worked_on.month
    assert summary.milestones_reached == [10] and summary.next_milestone == 25
    # recognition: a thank-you note, shown to the coordinator and to the volunteer
    bad_thanks = client.post(reverse("outreach:volunteer_thanks_add", args=[volunteer.pk]), {"note": " "})
    assert bad_thanks.status_code == 200
    client.post(reverse("outreach:volunteer_thanks_add", args=[volunteer.pk]), {"note": "Thank you for the drives!"})
    detail = client.get(reverse("outreach:volunteer_detail", args=[volunteer.pk])).content.decode()
    assert "Thank you for the drives!" in detail and "10 hours" in detail
    mine = login_client(me).get(reverse("outreach:volunteer_my_hours")).content.decode()
    assert "Thank you for the drives!" in mine and "10 hours" in mine


def test_edit_with_conflict(agency, coordinator):
    volunteer = applicant(coordinator, agency, phone="+1 555 0001")
    client = login_client(coordinator)
    url = reverse("outreach:volunteer_edit", args=[volunteer.pk])
    assert client.post(url, {"display_name": "Rosa H.", "version": 1}).status_code == 302
    stale = client.post(url, {"display_name": "Mine", "version": 1})
    assert stale.status_code == 200 and stale.context["conflict"]
    volunteer.refresh_from_db()
    assert (volunteer.display_name, volunteer.version) == ("Rosa H.", 2)


def test_other_agency_and_other_roles(agency, other_agency, coordinator, personas):
    volunteer = applicant(coordinator, agency)
    other_admin = login_client(personas["other_agency_admin"])
    assert other_admin.get(reverse("outreach:volunteer_detail", args=[volunteer.pk])).status_code == 404
    assert (
        other_admin.post(
            reverse("outreach:volunteer_status", args=[volunteer.pk]), {"to": "declined", "version": 1}
        ).status_code
        == 404
    )
    assert AuditEvent.objects.filter(action="access.denied", object_id=str(volunteer.pk)).exists()
    assert login_client(personas["case_manager"]).get(reverse("outreach:volunteer_list")).status_code == 403
    volunteer.refresh_from_db()
    assert volunteer.status == "applied"


def test_list_filters_and_constant_queries(agency, coordinator, assert_max_queries):
    client = login_client(coordinator)
    first = active_volunteer(coordinator, agency, "Ana", roles=["transport"])
    hours(coordinator, accepted_task(coordinator, first), "3")
    applicant(coordinator, agency, "Bea", roles=["interpreting"])
    url = reverse("outreach:volunteer_list")
    response = client.get(url, {"status": "active"})
    assert [v.display_name for v in response.context["volunteers"]] == ["Ana"]
    response = client.get(url, {"role": "interpreting"})
    assert [v.display_name for v in response.context["volunteers"]] == ["Bea"]
    client.get(url)  # warm the session and membership caches
    with assert_max_queries(12) as few:
        client.get(url)
    for index in range(12):
        volunteer = active_volunteer(coordinator, agency, f"Helper {index}", roles=["events", "office"])
        hours(coordinator, accepted_task(coordinator, volunteer), "1")
    with assert_max_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["volunteers"]) == 14


def test_volunteer_pages_do_not_grow_with_their_tasks(agency, coordinator, personas, assert_max_queries):
    me = personas["volunteer"]
    volunteer = active_volunteer(coordinator, agency, user=me)
    hours(me, accepted_task(coordinator, volunteer), "1")
    coordinator_client, my_client = login_client(coordinator), login_client(me)
    detail = reverse("outreach:volunteer_detail", args=[volunteer.pk])
    pages = [
        (coordinator_client, detail),
        (my_client, reverse("outreach:volunteer_my_assignments")),
        (my_client, reverse("outreach:volunteer_my_hours")),
        (coordinator_client, reverse("outreach:volunteer_hours_waiting")),
    ]
    counts = []
    for client, url in pages:
        client.get(url)
        with assert_max_queries(40) as context:
            client.get(url)
        counts.append(len(context.captured_queries))
    for days in range(8):
        hours(me, accepted_task(coordinator, volunteer, days=-days - 3), "1", days_ago=days + 2)
        task(coordinator, volunteer, days=days + 1)
    for (client, url), count in zip(pages, counts, strict=True):
        with assert_max_queries(count):
            client.get(url)


def test_screening_rows_are_per_volunteer(agency, coordinator):
    one, two = applicant(coordinator, agency, "One"), applicant(coordinator, agency, "Two")
    client = login_client(coordinator)
    step = two.screenings.get(kind="interview")
    # another volunteer's screening step under this volunteer's URL: 404
    assert client.get(reverse("outreach:volunteer_screening", args=[one.pk, step.pk])).status_code == 404
    assert VolunteerScreening.objects.filter(volunteer=two, status="not_started").count() == 3


def test_hours_cannot_be_logged_on_an_offered_task(agency, coordinator):
    volunteer = clear(coordinator, applicant(coordinator, agency))
    volunteer.refresh_from_db()
    volunteer = v.do_change_volunteer_status(
        actor=coordinator, volunteer=volunteer, expected_version=volunteer.version, to="active"
    )
    offered = task(coordinator, volunteer)
    with pytest.raises(DomainError) as refused:
        v.do_log_hours(actor=coordinator, assignment=offered, values=v.HoursValues(date(2026, 1, 5), Decimal(1)))
    assert refused.value.code == "outreach.assignment_not_open"
    assert VolunteerHours.objects.count() == 0


def test_a_task_that_has_started_can_no_longer_be_declined(agency, coordinator, personas):
    # given a volunteer who accepted a task that took place two days ago
    me = personas["volunteer"]
    mine = active_volunteer(coordinator, agency, "Val", user=me)
    done = accepted_task(coordinator, mine, title="Drive to the clinic")
    client = login_client(me)
    # then their page offers no "Decline" on it
    page = client.get(reverse("outreach:volunteer_my_assignments")).content.decode()
    assert "Drive to the clinic" in page
    assert 'value="decline"' not in page
    # and declining it anyway is refused with a clear message, nothing changed
    response = client.post(
        reverse("outreach:volunteer_my_respond", args=[done.pk]), {"answer": "decline", "version": done.version}
    )
    done.refresh_from_db()
    assert done.status == "accepted"
    assert response.status_code in (200, 302, 400)
    followed = client.get(reverse("outreach:volunteer_my_assignments")).content.decode()
    assert "already started" in response.content.decode() + followed


def _two_pages(client, url, django_assert_max_num_queries):
    """The first and second page of a list of hours (two to a page), and checks both cost the same queries."""
    client.get(url)  # warm the session and membership caches
    with django_assert_max_num_queries(40) as first_read:
        first = client.get(url)
    with django_assert_max_num_queries(40) as second_read:
        second = client.get(url + "?page=2")
    assert len(second_read.captured_queries) == len(first_read.captured_queries)
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert 'rel="next"' not in second.content.decode() and 'href="?page=1" rel="prev"' in second.content.decode()
    return first, second


def test_hours_waiting_are_paged_oldest_first(
    agency, coordinator, personas, monkeypatch, django_assert_max_num_queries
):
    # given three entries waiting for approval, and two to a page
    monkeypatch.setattr(volunteer_views, "HOURS_PAGE_SIZE", 2)
    me = personas["volunteer"]
    assignment = accepted_task(coordinator, active_volunteer(coordinator, agency, user=me), days=-5)
    oldest, middle, newest = (hours(me, assignment, "1", days_ago=days) for days in (3, 2, 1))
    url = reverse("outreach:volunteer_hours_waiting")
    # when both pages are read
    first, second = _two_pages(login_client(coordinator), url, django_assert_max_num_queries)
    # then the first holds the two oldest, the second the newest, each still with its approve link
    assert list(first.context["entries"]) == [oldest, middle]
    assert list(second.context["entries"]) == [newest]
    assert reverse("outreach:volunteer_hours_approve", args=[newest.pk]) in second.content.decode()


def test_my_hours_are_paged_latest_first(agency, coordinator, personas, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(volunteer_views, "HOURS_PAGE_SIZE", 2)
    me = personas["volunteer"]
    assignment = accepted_task(coordinator, active_volunteer(coordinator, agency, user=me), days=-5)
    oldest, middle, newest = (hours(me, assignment, "1", days_ago=days) for days in (3, 2, 1))
    first, second = _two_pages(login_client(me), reverse("outreach:volunteer_my_hours"), django_assert_max_num_queries)
    assert list(first.context["hours"]) == [newest, middle]
    assert list(second.context["hours"]) == [oldest]


def test_a_volunteers_hours_are_paged_on_their_page(
    agency, coordinator, personas, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(volunteer_views, "HOURS_PAGE_SIZE", 2)
    me = personas["volunteer"]
    volunteer = active_volunteer(coordinator, agency, user=me)
    assignment = accepted_task(coordinator, volunteer, days=-5)
    oldest, middle, newest = (hours(me, assignment, "1", days_ago=days) for days in (3, 2, 1))
    url = reverse("outreach:volunteer_detail", args=[volunteer.pk])
    first, second = _two_pages(login_client(coordinator), url, django_assert_max_num_queries)
    assert list(first.context["hours"]) == [newest, middle]
    assert list(second.context["hours"]) == [oldest]
    # the totals are of every entry, whatever the page
    assert second.context["summary"].waiting == Decimal(3)


def test_editing_a_task_keeps_its_event_however_old(agency, coordinator, monkeypatch):
    # given a task pointed at an event, and two later events with room for two in the choices
    monkeypatch.setattr(volunteer_views, "EVENT_CHOICES", 2)
    volunteer = active_volunteer(coordinator, agency, "Active One")
    now = timezone.now()
    old = OutreachEvent.objects.create(agency=agency, title="Old fair", starts_at=now - timedelta(days=9), place="Hall")
    for days in (2, 1):
        OutreachEvent.objects.create(agency=agency, title="New", starts_at=now - timedelta(days=days), place="Hall")
    assignment = task(coordinator, volunteer, days=3, title="Stand")
    VolunteerAssignment.objects.filter(pk=assignment.pk).update(event=old)
    # when the coordinator saves the task with its event unchanged
    client = login_client(coordinator)
    edit = reverse("outreach:volunteer_assignment_edit", args=[assignment.pk])
    assert f'value="{old.pk}"' in client.get(edit).content.decode()
    data = {"kind": "events", "title": "Stand (moved)", "starts_at": "2026-03-01T09:00", "status": "offered"}
    saved = client.post(edit, {**data, "event_id": str(old.pk), "version": assignment.version})
    # then it is saved with that event
    assert saved.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.title, assignment.event_id) == ("Stand (moved)", old.pk)
