"""Events pages (issue 10 item 2): plan and edit, attendance, paper feedback forms and results, follow-ups on the
owner's task list, who may do what, and the confidential place kept encrypted."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reclaim.core.models import AuditEvent
from reclaim.outreach.events_actions import (
    EventValues,
    do_add_follow_up,
    do_create_event,
    do_enter_paper_survey,
)
from reclaim.outreach.events_selectors import survey_results
from reclaim.outreach.models import Campaign, EventFollowUp, EventSurveyResponse, OutreachEvent
from reclaim.outreach.nav import outreach_nav

pytestmark = pytest.mark.django_db

RIGHT = [1, 0, 1, 0, 1]  # every statement answered right
WRONG = [0, 1, 0, 1, 0]


def make_event(personas, agency, *, days: int = -1, **values) -> OutreachEvent:
    coordinator = personas["outreach_coordinator"]
    defaults = {
        "title": "Spotting the signs",
        "starts_at": timezone.now() + datetime.timedelta(days=days),
        "place": "Community hall",
        "facilitator_ids": [coordinator.pk],
    }
    return do_create_event(actor=coordinator, agency=agency, values=EventValues(**(defaults | values)))


def event_form(personas, **overrides) -> dict[str, object]:
    return {
        "title": "Workshop for employers",
        "format": "in_person",
        "audience": "employers",
        "on": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "starts": "10:00",
        "ends": "12:00",
        "place": "Chamber of commerce, room 3",
        "facilitators": [str(personas["outreach_coordinator"].pk)],
        **overrides,
    }


def test_the_coordinator_plans_an_event_and_finds_it_among_the_upcoming(personas, agency, client_as):
    # given a campaign of the agency
    campaign = Campaign.objects.create(agency=agency, name="Safe jobs")
    client = client_as("outreach_coordinator")
    # when the coordinator adds an event to it
    response = client.post(reverse("outreach:event_add"), event_form(personas, campaign=str(campaign.pk)))
    # then it is saved with its facilitator, and the page shows it
    event = OutreachEvent.objects.get(agency=agency)
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:event_detail", args=[event.pk])
    assert (event.campaign, event.audience, event.place) == (campaign, "employers", "Chamber of commerce, room 3")
    assert list(event.facilitators.all()) == [personas["outreach_coordinator"]]
    assert timezone.localtime(event.ends_at) - timezone.localtime(event.starts_at) == datetime.timedelta(hours=2)
    assert AuditEvent.objects.filter(action="outreach_event.created", object_id=str(event.pk)).exists()
    page = client.get(reverse("outreach:event_detail", args=[event.pk])).content.decode()
    assert "Workshop for employers" in page
    assert "Chamber of commerce, room 3" in page
    # and it is listed among upcoming events, also when filtered by its campaign, not among past ones
    listing = client.get(reverse("outreach:event_list"), {"campaign": str(campaign.pk)}).content.decode()
    assert "Workshop for employers" in listing
    assert "Workshop for employers" not in client.get(reverse("outreach:event_list"), {"when": "past"}).content.decode()


def test_bad_input_gets_clear_errors_and_saves_nothing(personas, agency, other_agency, client_as):
    client = client_as("outreach_coordinator")
    # an event without a title that ends before it starts, with another agency's staff member as facilitator
    response = client.post(
        reverse("outreach:event_add"),
        event_form(
            personas, title="", starts="12:00", ends="10:00", facilitators=[str(personas["other_agency_user"].pk)]
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "This field is required." in page
    assert "is not one of the available choices" in page
    assert OutreachEvent.objects.count() == 0
    # and one whose only problem is its end
    response = client.post(reverse("outreach:event_add"), event_form(personas, starts="12:00", ends="10:00"))
    assert response.status_code == 400
    assert "The event cannot end before it starts." in response.content.decode()
    assert OutreachEvent.objects.count() == 0


def test_a_stale_edit_shows_the_conflict_and_keeps_the_saved_values(personas, agency, client_as):
    event = make_event(personas, agency, days=5)
    client = client_as("agency_admin")
    form = client.get(reverse("outreach:event_edit", args=[event.pk]))
    assert form.status_code == 200
    # someone else saves first
    stale = event_form(personas, title="Renamed by me", version=str(event.version))
    client_as("outreach_coordinator").post(
        reverse("outreach:event_edit", args=[event.pk]),
        event_form(personas, title="Theirs", version=str(event.version)),
    )
    response = client.post(reverse("outreach:event_edit", args=[event.pk]), stale)
    assert response.status_code == 409
    assert "Someone else changed this event" in response.content.decode()
    event.refresh_from_db()
    assert event.title == "Theirs"
    assert event.version == 2


def test_attendance_is_recorded_after_the_event_with_groups_that_fit_the_total(personas, agency, client_as):
    client = client_as("outreach_coordinator")
    upcoming = make_event(personas, agency, days=3)
    url = reverse("outreach:event_attendance", args=[upcoming.pk])
    # not before it has started
    response = client.post(url, {"audience_size": "20", "version": upcoming.version})
    assert response.status_code == 400
    assert "once the event has started" in response.content.decode()
    upcoming.refresh_from_db()
    assert upcoming.audience_size is None
    past = make_event(personas, agency, days=-2)
    url = reverse("outreach:event_attendance", args=[past.pk])
    # groups adding up to more than the total are refused
    response = client.post(url, {"audience_size": "10", "group_youth": "8", "group_schools": "5", "version": 1})
    assert response.status_code == 400
    assert "more than the 10 people who came" in response.content.decode()
    past.refresh_from_db()
    assert (past.audience_size, past.attendance_by_group, past.version) == (None, {}, 1)
    # groups without a total give the total
    response = client.post(url, {"group_youth": "8", "group_schools": "5", "version": 1})
    assert response.status_code == 302
    past.refresh_from_db()
    assert (past.audience_size, past.attendance_by_group) == (13, {"schools": 5, "youth": 8})
    page = client.get(reverse("outreach:event_detail", args=[past.pk])).content.decode()
    assert "13 people came." in page


def test_paper_forms_give_results_without_showing_any_one_answer_set(personas, agency, client_as):
    event = make_event(personas, agency)
    client = client_as("outreach_coordinator")
    url = reverse("outreach:event_survey_entry", args=[event.pk])
    assert client.get(url).status_code == 200

    def enter(phase: str, answers: list[int | None]) -> int:
        data = {"phase": phase} | {f"item_{i + 1}": "" if a is None else str(a) for i, a in enumerate(answers)}
        return client.post(url, data).status_code

    # two forms before (1 and 3 right), two after (5 and 4 right; a skipped statement counts as not known)
    assert enter("pre", [1, 1, 0, 1, 0]) == 302  # right: items 1 only
    assert enter("pre", [1, 0, 1, 1, 0]) == 302  # right: 1, 2, 3
    assert enter("post", RIGHT) == 302
    assert enter("post", [1, 0, 1, 0, None]) == 302
    # a form without saying before or after is refused
    assert enter("", RIGHT) == 400
    assert EventSurveyResponse.objects.count() == 4
    assert sorted(EventSurveyResponse.objects.values_list("total", flat=True)) == [1, 3, 4, 5]
    results = survey_results(event)
    assert (results.pre_count, results.post_count) == (2, 2)
    assert (results.pre_mean, results.post_mean, results.change) == (Decimal("2.0"), Decimal("4.5"), Decimal("2.5"))
    assert [(i.pre_percent, i.post_percent) for i in results.items] == [
        (Decimal(100), Decimal(100)),
        (Decimal(50), Decimal(100)),
        (Decimal(50), Decimal(100)),
        (Decimal(0), Decimal(100)),
        (Decimal(0), Decimal(50)),
    ]
    page = client.get(reverse("outreach:event_detail", args=[event.pk])).content.decode()
    assert "+2.5" in page
    assert "Mean right answers after (of 5)" in page


def test_follow_ups_are_on_the_owners_task_list_until_done(personas, agency, client_as):
    event = make_event(personas, agency)
    coordinator = client_as("outreach_coordinator")
    # the coordinator gives a follow-up to the case manager
    response = coordinator.post(
        reverse("outreach:event_follow_up_add", args=[event.pk]),
        {"what": "Call the clinic about a second session", "owner": str(personas["case_manager"].pk), "due_on": ""},
    )
    assert response.status_code == 302
    follow_up = EventFollowUp.objects.get()
    owner = client_as("case_manager")
    tasks = owner.get(reverse("tasks")).content.decode()
    assert "Call the clinic about a second session" in tasks
    assert reverse("outreach:event_detail", args=[event.pk]) in tasks
    # the owner opens the event from there and marks it done
    assert owner.get(reverse("outreach:event_detail", args=[event.pk])).status_code == 200
    done = owner.post(reverse("outreach:event_follow_up_done", args=[event.pk, follow_up.pk]), {"version": 1})
    assert done.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    assert "Call the clinic" not in owner.get(reverse("tasks")).content.decode()
    # another case manager, who owns nothing of this event, cannot open it
    assert client_as("clinician").get(reverse("outreach:event_detail", args=[event.pk])).status_code == 403


def test_a_follow_up_needs_what_and_an_owner_of_the_agency(personas, agency, client_as):
    event = make_event(personas, agency)
    response = client_as("outreach_coordinator").post(
        reverse("outreach:event_follow_up_add", args=[event.pk]),
        {"what": " ", "owner": str(personas["other_agency_user"].pk)},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert EventFollowUp.objects.count() == 0


def test_read_only_roles_get_403_on_writes_and_another_agency_404(personas, agency, client_as):
    event = make_event(personas, agency)
    version = {"version": event.version}
    for persona in ("program_director", "analyst"):
        client = client_as(persona)
        assert client.get(reverse("outreach:event_detail", args=[event.pk])).status_code == 200
        assert client.post(reverse("outreach:event_edit", args=[event.pk]), event_form(personas)).status_code == 403
        assert client.post(reverse("outreach:event_attendance", args=[event.pk]), version).status_code == 403
        assert client.post(reverse("outreach:event_survey_link", args=[event.pk]), {"open": "1"}).status_code == 403
        assert client.post(reverse("outreach:event_add"), event_form(personas)).status_code == 403
    for persona in ("other_agency_admin", "other_agency_user"):
        client = client_as(persona)
        assert client.get(reverse("outreach:event_detail", args=[event.pk])).status_code == 404
        assert client.post(reverse("outreach:event_attendance", args=[event.pk]), version).status_code == 404
    event.refresh_from_db()
    assert (event.version, event.survey_open) == (1, False)


def test_a_confidential_place_is_encrypted_and_shown_only_to_those_running_the_event(personas, agency, client_as):
    event = make_event(personas, agency, place="Back room of the Quillfeather bakery", place_is_confidential=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT place FROM outreach_outreachevent WHERE id = %s", [event.pk.hex])
        stored = cursor.fetchone()
    if stored is None:  # PostgreSQL keeps UUIDs as uuid
        with connection.cursor() as cursor:
            cursor.execute("SELECT place FROM outreach_outreachevent WHERE id = %s", [str(event.pk)])
            stored = cursor.fetchone()
    assert stored is not None
    assert "Quillfeather" not in str(stored[0])
    assert (
        "Quillfeather"
        in client_as("outreach_coordinator").get(reverse("outreach:event_detail", args=[event.pk])).content.decode()
    )
    assert AuditEvent.objects.filter(
        action="outreach_event.confidential_place_read", actor_id=personas["outreach_coordinator"].pk
    ).exists()
    director_page = (
        client_as("program_director").get(reverse("outreach:event_detail", args=[event.pk])).content.decode()
    )
    assert "Quillfeather" not in director_page
    assert "Only those running the event see where it is." in director_page


def test_the_event_list_costs_the_same_few_queries_for_many_events(personas, agency, client_as, assert_max_queries):
    campaign = Campaign.objects.create(agency=agency, name="Safe jobs")
    client = client_as("program_director")
    url = reverse("outreach:event_list") + "?when=all"
    make_event(personas, agency, campaign_id=campaign.pk)
    client.get(url)  # warm the session and caches
    with assert_max_queries(20) as few:
        assert client.get(url).status_code == 200
    for n in range(12):
        event = make_event(personas, agency, days=-n, campaign_id=campaign.pk)
        do_enter_paper_survey(actor=personas["outreach_coordinator"], event=event, phase="pre", answers=RIGHT)
        do_add_follow_up(
            actor=personas["outreach_coordinator"], event=event, what="x", owner_id=personas["analyst"].pk, due_on=None
        )
    with assert_max_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("Spotting the signs") == 13


def test_the_menu_has_events_for_outreach_readers_only(personas):
    for persona in ("outreach_coordinator", "agency_admin", "program_director", "analyst"):
        assert reverse("outreach:event_list") in [url for url, _label in outreach_nav(personas[persona])]
    for persona in ("case_manager", "volunteer", "partner_user"):
        assert reverse("outreach:event_list") not in [url for url, _label in outreach_nav(personas[persona])]
