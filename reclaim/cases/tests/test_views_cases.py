from __future__ import annotations

from datetime import date

from django.urls import reverse

from conftest import login_client
from reclaim.cases.actions import do_assign_case, do_open_case
from reclaim.cases.models import Case
from reclaim.core.models import AuditEvent
from reclaim.people.actions import do_create_survivor
from reclaim.people.models import Survivor


def test_a_case_opens_with_nothing_but_a_click(personas):
    client = login_client(personas["case_manager"])
    # when every question is skipped
    response = client.post(reverse("cases:open"), {"gender": "NonSpecifiedUnknown"})
    # then a survivor and an identified case exist, and the case manager works on it
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.status == "identified"
    assert case.survivor.given_name is None
    assert client.get(response["Location"]).status_code == 200


def test_open_case_keeps_pii_out_of_the_url_and_title(personas, team):
    client = login_client(personas["case_manager"])
    response = client.post(
        reverse("cases:open"),
        {
            "given_name": "Ifeoma",
            "family_name": "Adeyemi-Strand",
            "date_of_birth": "2004-02-29",
            "identification_source": "hotline",
            "team": team.pk,
            "is_minor": "false",
            "gender": "Feminine",
            "nationality_class": "foreign_national",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Adeyemi" not in response.redirect_chain[-1][0]
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Ifeoma" not in title
    survivor = Survivor.objects.get()
    assert survivor.family_name == "Adeyemi-Strand"
    # and the status the person chose to give is kept as a code, shown on their record
    assert survivor.nationality_class == "foreign_national"
    assert "Foreign national" in client.get(reverse("people:detail", args=[survivor.pk])).content.decode()


def test_open_case_rejects_bad_input_and_saves_nothing(personas, other_team):
    client = login_client(personas["case_manager"])
    response = client.post(
        reverse("cases:open"),
        {
            "date_of_birth": "31/31/2000",
            "team": other_team.pk,
            "identification_source": "<script>",
            "nationality_class": "martian",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {
        "date_of_birth",
        "team",
        "identification_source",
        "nationality_class",
    }
    assert not Case.objects.exists()
    assert not Survivor.objects.exists()


def test_stage_move_in_the_ui_shows_what_is_missing(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    client = login_client(personas["case_manager"])
    response = client.post(reverse("cases:transition", args=[case.pk]), {"to": "intake", "version": case.version})
    assert response.status_code == 200
    assert "consents to receive services" in response.content.decode()
    ok = client.post(
        reverse("cases:transition", args=[case.pk]),
        {"to": "intake", "version": case.version, "services_consent_on": "2026-11-02"},
    )
    assert ok.status_code == 302
    case.refresh_from_db()
    assert case.status == "intake"


def test_a_stale_edit_shows_the_conflict_screen(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    client = login_client(personas["case_manager"])
    client.post(
        reverse("cases:transition", args=[case.pk]), {"to": "intake", "version": 1, "services_consent_on": "2026-11-02"}
    )
    response = client.post(reverse("cases:transition", args=[case.pk]), {"to": "stabilization", "version": 1})
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    case.refresh_from_db()
    assert case.status == "intake"


def test_supervisor_approves_closure_in_the_ui(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    manager, supervisor = login_client(personas["case_manager"]), login_client(personas["supervisor"])
    manager.post(reverse("cases:request_approval", args=[case.pk]), {"kind": "close", "close_reason": "goals_met"})
    approval = case.approvals.get()
    detail = supervisor.get(reverse("cases:detail", args=[case.pk]))
    assert detail.context["can_decide"]
    supervisor.post(reverse("cases:decide_approval", args=[case.pk, approval.pk]), {"decision": "approve"})
    case.refresh_from_db()
    assert case.status == "closed"


def test_case_pages_keep_a_flat_query_count_and_audit_reads(
    personas, agency, team, django_assert_max_num_queries, assert_max_queries
):
    cases = []
    for i in range(30):
        survivor = do_create_survivor(actor=None, agency=agency, reference=f"Q-{i}", given_name=f"N{i}", team=team)
        cases.append(
            do_open_case(
                actor=personas["case_manager"],
                survivor=survivor,
                team=team,
                trafficking_status="PossibleVictimOfTrafficking",
            )
        )
    client = login_client(personas["supervisor"])
    with django_assert_max_num_queries(12):
        listing = client.get(reverse("cases:list"))
    assert len(listing.context["page"].object_list) == 30
    with assert_max_queries(12):  # QUALITY.md's budget for the case detail
        detail = client.get(reverse("cases:detail", args=[cases[0].pk]))
    assert detail.status_code == 200
    assert AuditEvent.objects.filter(action="case.read", object_id=str(cases[0].pk)).exists()


def test_case_list_filters(personas, agency, team):
    survivor = do_create_survivor(actor=None, agency=agency, reference="F-1", team=team)
    danger = do_open_case(actor=personas["case_manager"], survivor=survivor, team=team, danger_now=True)
    do_open_case(actor=personas["case_manager"], survivor=survivor, team=team)
    client = login_client(personas["supervisor"])
    listed = client.get(reverse("cases:list"), {"danger": "on"}).context["page"].object_list
    assert [c.pk for c in listed] == [danger.pk]
    by_number = client.get(reverse("cases:list"), {"number": danger.number}).context["page"].object_list
    assert [c.pk for c in by_number] == [danger.pk]


def test_intake_shows_likely_duplicates_and_opens_a_case_on_the_same_person(personas, survivor_a):
    client = login_client(personas["case_manager"])
    # when intake types a name and birth date close to an existing record and asks for a check
    checked = client.post(
        reverse("cases:open"),
        {
            "given_name": "Marisol",
            "family_name": "Quintanila",
            "date_of_birth": "1996-04-17",
            "gender": "NonSpecifiedUnknown",
            "action": "check_duplicates",
        },
    )
    # then the record is offered, with why it matched, and nothing is saved yet
    assert [c.survivor.pk for c, _may_open in checked.context["candidates"]] == [survivor_a.pk]
    assert "same date of birth" in checked.content.decode()
    assert not Case.objects.exists()
    # when "same person" is chosen
    response = client.post(
        reverse("cases:open"),
        {
            "given_name": "Marisol",
            "family_name": "Quintanila",
            "date_of_birth": "1996-04-17",
            "gender": "NonSpecifiedUnknown",
            "existing_survivor": str(survivor_a.pk),
        },
    )
    # then the case opens on the existing record, which is not overwritten, and no new person exists
    assert response.status_code == 302
    assert Case.objects.get().survivor_id == survivor_a.pk
    assert Survivor.objects.count() == 1
    survivor_a.refresh_from_db()
    assert survivor_a.family_name == "Quintanilla"


def test_intake_with_only_a_name_near_several_records_asks_for_the_birth_date(personas, agency, team):
    # given two people one slip of the keyboard apart from the name intake will type
    for reference, family, born in (("N-1", "Tanra", date(1990, 4, 2)), ("N-2", "Danro", date(1971, 11, 23))):
        do_create_survivor(
            actor=None,
            agency=agency,
            reference=reference,
            team=team,
            given_name="Jose",
            family_name=family,
            date_of_birth=born,
        )
    client = login_client(personas["case_manager"])
    form = {"given_name": "Jose", "family_name": "Tanro", "gender": "NonSpecifiedUnknown", "action": "check_duplicates"}
    # when intake checks with the name only
    checked = client.post(reverse("cases:open"), form)
    # then no record is offered, and the page says why and asks for the birth date
    assert checked.context["candidates"] == []
    page = checked.content.decode()
    assert "without a date of birth nothing tells them apart" in page
    assert "No likely existing record found" not in page
    assert "Tanra" not in page
    # when the birth date is added, then the right record is offered
    dated = client.post(reverse("cases:open"), {**form, "date_of_birth": "1990-04-02"})
    assert [c.survivor.reference for c, _may_open in dated.context["candidates"]] == ["N-1"]


def test_same_person_choice_cannot_reach_another_agencys_record(personas, survivor_b):
    client = login_client(personas["case_manager"])
    response = client.post(
        reverse("cases:open"), {"gender": "NonSpecifiedUnknown", "existing_survivor": str(survivor_b.pk)}
    )
    assert response.status_code == 404
    assert not Case.objects.exists()


def test_the_assignment_form_loads_its_lists_only_when_opened(personas, survivor_a, team):
    # given a case the supervisor may reassign
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=team)
    client = login_client(personas["supervisor"])
    url = reverse("cases:detail", args=[case.pk])
    # when the page is shown, then it offers to open the form and lists no staff yet
    page = client.get(url)
    assert page.context["assign_form"] is None
    assert f"{url}?assign=1" in page.content.decode()
    # when the form is opened without htmx, then the whole page comes back with the form's lists
    opened = client.get(url, {"assign": "1"})
    staff = {person.pk for person in opened.context["assign_form"].fields["lead_worker"].queryset}
    assert personas["case_manager"].pk in staff
    assert 'name="lead_worker"' in opened.content.decode()
    assert "<html" in opened.content.decode()
    # when htmx asks for it, then only the form comes back
    fragment = client.get(url, {"assign": "1"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert 'name="lead_worker"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_read_only_roles_are_not_given_the_assignment_form(personas, survivor_a):
    # given a case the program director may read but not reassign
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    client = login_client(personas["program_director"])
    # when they ask for the form, then the page has none
    response = client.get(reverse("cases:detail", args=[case.pk]), {"assign": "1"})
    assert response.status_code == 200
    assert response.context["assign_form"] is None
    assert 'name="lead_worker"' not in response.content.decode()


def test_a_stale_assignment_shows_the_other_persons_worker_by_name(personas, survivor_a, team):
    # given the supervisor opened the form, then someone else made the clinician the lead worker
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=team)
    client = login_client(personas["supervisor"])
    do_assign_case(
        actor=personas["supervisor"],
        case=case,
        lead_worker=personas["clinician"],
        team=team,
        expected_version=case.version,
    )
    # when the supervisor saves with the version they loaded
    response = client.post(
        reverse("cases:assign", args=[case.pk]),
        {"version": case.version, "lead_worker": personas["case_manager"].pk, "team": team.pk},
    )
    # then the conflict screen names the worker saved now, and the form is open again
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    assert response.context["assign_form"] is not None
    assert personas["clinician"].display_name in response.content.decode()
