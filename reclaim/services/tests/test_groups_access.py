"""Who sees what of a group: a volunteer facilitator takes attendance with names only and no case access;
other agencies get 404; places are encrypted and stay out of titles and URLs; the menu and the task list."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.cases.tasklist import tasks_for
from reclaim.core.models import AuditEvent
from reclaim.services.group_actions import do_add_session, do_enrol
from reclaim.services.models import GroupProgram, GroupSession, ServiceRecord
from reclaim.services.tests.groups_support import make_cases, make_facilitator, make_past_session, make_program

pytestmark = pytest.mark.django_db

PLACE = "Refugio Santa Lucia, Calle Olmo 14"


def _dump_all_tables() -> str:
    """Every value of every table, as text (like tests/test_no_plaintext_at_rest.py)."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — names from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


@pytest.fixture
def group(personas, agency, team):
    manager = personas["case_manager"]
    program = make_program(manager, agency, location=PLACE, description="Weekly peer circle for women")
    session = make_past_session(manager, program)
    session.location = "Back room of the Olmo shelter"
    session.topic = "Sleeping well"
    session.save()
    case = make_cases(manager, agency, team, 1, assigned=[manager])[0]
    enrolment = do_enrol(actor=manager, program=program, case=case)
    return program, session, case, enrolment


def test_a_volunteer_facilitator_takes_attendance_but_cannot_open_the_case(personas, group):
    program, session, case, enrolment = group
    volunteer = personas["volunteer"]
    make_facilitator(program, volunteer)
    client = login_client(volunteer)
    # the group, its sessions and the sheet open; the roster shows the name in use and no case number
    for url in (
        reverse("services:group_list"),
        reverse("services:group_detail", args=[program.pk]),
        reverse("services:group_sessions", args=[program.pk]),
        reverse("services:group_attendance", args=[program.pk, session.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert case.number not in page
        assert reverse("cases:detail", args=[case.pk]) not in page
    assert "Chosen0" in client.get(reverse("services:group_detail", args=[program.pk])).content.decode()
    assert "Person0" not in client.get(reverse("services:group_detail", args=[program.pk])).content.decode()
    # taking attendance works and writes the service record
    response = client.post(
        reverse("services:group_attendance", args=[program.pk, session.pk]),
        {f"mark_{enrolment.pk}": "present", "version": session.version},
    )
    assert response.status_code == 302
    assert ServiceRecord.objects.filter(case=case, source_id=session.pk).count() == 1
    # the case file stays closed to them
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code in (403, 404)
    assert client.get(reverse("cases:timeline", args=[case.pk])).status_code in (403, 404)
    # and so do the group's management pages and the certificate
    assert client.get(reverse("services:group_edit", args=[program.pk])).status_code == 403
    assert (
        client.post(reverse("services:group_enrol", args=[program.pk]), {"case_number": case.number}).status_code == 403
    )
    assert client.get(reverse("services:group_certificate", args=[program.pk, enrolment.pk])).status_code in (403, 404)


def test_a_volunteer_sees_only_the_groups_they_facilitate(personas, agency, group):
    program, _session, _case, _enrolment = group
    volunteer = personas["volunteer"]
    other = make_program(personas["case_manager"], agency, name="CBT group", kind="cbt_group")
    make_facilitator(program, volunteer)
    client = login_client(volunteer)
    assert client.get(reverse("services:group_detail", args=[other.pk])).status_code == 404
    page = client.get(reverse("services:group_list")).content.decode()
    assert program.name in page and "CBT group" not in page


def test_a_volunteer_who_facilitates_nothing_gets_403_and_404(personas, group):
    program, session, _case, _enrolment = group
    client = login_client(personas["volunteer"])
    assert client.get(reverse("services:group_list")).status_code == 403
    assert client.get(reverse("services:group_detail", args=[program.pk])).status_code == 404
    assert client.get(reverse("services:group_attendance", args=[program.pk, session.pk])).status_code == 404


def test_another_agency_gets_404_everywhere(personas, group):
    program, session, _case, enrolment = group
    client = login_client(personas["other_agency_user"])
    for url in (
        reverse("services:group_detail", args=[program.pk]),
        reverse("services:group_sessions", args=[program.pk]),
        reverse("services:group_attendance", args=[program.pk, session.pk]),
        reverse("services:group_certificate", args=[program.pk, enrolment.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert program.name not in client.get(reverse("services:group_list")).content.decode()


def test_staff_with_case_access_see_the_roster_with_case_links_and_the_read_is_audited(personas, group):
    program, _session, case, _enrolment = group
    client = login_client(personas["case_manager"])
    page = client.get(reverse("services:group_detail", args=[program.pk])).content.decode()
    assert reverse("cases:detail", args=[case.pk]) in page
    assert case.number in page
    assert AuditEvent.objects.filter(action="group.read", object_id=str(program.pk)).exists()


def test_staff_who_cannot_open_the_case_see_no_name(personas, group):
    program, _session, case, _enrolment = group
    # the legal advocate works cases but is not assigned to this one
    page = login_client(personas["legal_advocate"]).get(reverse("services:group_detail", args=[program.pk]))
    assert page.status_code == 200
    assert "Chosen0" not in page.content.decode()
    assert case.number not in page.content.decode()


def test_places_topics_and_descriptions_are_not_stored_in_clear_nor_shown_in_titles_or_urls(personas, group):
    program, session, _case, _enrolment = group
    dump = _dump_all_tables()
    for needle in ("Santa Lucia", "Calle Olmo", "Olmo shelter", "Sleeping well", "peer circle"):
        assert needle not in dump
    program = GroupProgram.objects.get(pk=program.pk)
    assert program.location == PLACE
    assert GroupSession.objects.get(pk=session.pk).topic == "Sleeping well"
    page = login_client(personas["case_manager"]).get(reverse("services:group_sessions", args=[program.pk]))
    title = page.content.decode().split("<title>")[1].split("</title>")[0]
    assert "Olmo" not in title and "Olmo" not in page.request["PATH_INFO"]


def test_the_groups_menu_entry_shows_for_casework_and_facilitators_only(personas, group):
    program, *_ = group
    url = reverse("services:group_list")
    assert url in login_client(personas["case_manager"]).get(reverse("home")).content.decode()
    assert url not in login_client(personas["volunteer"]).get(reverse("home")).content.decode()
    make_facilitator(program, personas["volunteer"])
    assert url in login_client(personas["volunteer"]).get(reverse("home")).content.decode()


def test_the_task_list_asks_facilitators_for_missing_attendance(personas, agency, group):
    program, session, _case, _enrolment = group
    volunteer = personas["volunteer"]
    make_facilitator(program, volunteer)
    today = timezone.localdate()
    # a session three weeks ago and a future one are not asked for
    do_add_session(
        actor=personas["case_manager"],
        program=program,
        starts_at=timezone.now() - datetime.timedelta(days=21),
        duration_minutes=60,
    )
    do_add_session(
        actor=personas["case_manager"],
        program=program,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        duration_minutes=60,
    )
    items = [item for item in tasks_for(volunteer, today) if item.source == "group_attendance"]
    assert [item.url for item in items] == [reverse("services:group_attendance", args=[program.pk, session.pk])]
    assert tasks_for(personas["clinician"], today) == [] or all(
        item.source != "group_attendance" for item in tasks_for(personas["clinician"], today)
    )
    client = login_client(volunteer)
    client.post(items[0].url, {f"mark_{_enrolment.pk}": "absent", "version": session.version})
    assert [item for item in tasks_for(volunteer, today) if item.source == "group_attendance"] == []


def test_the_group_list_query_count_is_flat(personas, agency, team, assert_max_queries):
    manager = personas["case_manager"]
    client = login_client(manager)
    counts = []
    for total in (2, 8):
        while GroupProgram.objects.count() < total:
            program = make_program(manager, agency, facilitators=[manager, personas["volunteer"]])
            make_past_session(manager, program)
        client.get(reverse("services:group_list"))
        with assert_max_queries(12) as context:
            assert client.get(reverse("services:group_list")).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]
