"""The "Person's details" page (people:edit): the one staff place to change a person's own details after intake."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.core.models import AuditEvent
from reclaim.people.actions import do_update_survivor_identity
from reclaim.people.models import Gender, NationalityClass, Survivor


def _edit_url(survivor: Survivor) -> str:
    return reverse("people:edit", args=[survivor.pk])


def _body(survivor: Survivor, **changes: str) -> dict[str, str]:
    body = {
        "given_name": survivor.given_name or "",
        "family_name": survivor.family_name or "",
        "chosen_name": survivor.chosen_name or "",
        "date_of_birth": survivor.date_of_birth.isoformat() if survivor.date_of_birth else "",
        "pronouns": survivor.pronouns,
        "preferred_language": survivor.preferred_language,
        "gender": survivor.gender,
        "nationality_class": survivor.nationality_class,
        "version": str(survivor.version),
    }
    body.update(changes)
    return body


def test_the_form_starts_from_the_record(personas, survivor_a):
    # given a recorded person
    client = login_client(personas["case_manager"])
    # when the page is opened
    response = client.get(_edit_url(survivor_a))
    # then it shows what is recorded, the version it was loaded at, and no name in the title
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["given_name"] == "Marisol"
    assert form.initial["date_of_birth"] == date(1996, 4, 17)
    assert form.initial["version"] == survivor_a.version
    html = response.content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Marisol" not in title


def test_a_change_is_saved_reindexed_and_audited(personas, survivor_a):
    # given a case manager on the person's details page
    client = login_client(personas["case_manager"])
    body = _body(
        survivor_a,
        family_name="Okonkwo-Reyes",
        chosen_name="Sol",
        pronouns="she/her",
        preferred_language="spa",
        gender=Gender.NON_CONFORMING,
        nationality_class=NationalityClass.FOREIGN_NATIONAL,
    )
    # when they save new details
    response = client.post(_edit_url(survivor_a), body)
    # then they are stored under a new version, back on the record
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[survivor_a.pk])
    survivor_a.refresh_from_db()
    assert (survivor_a.family_name, survivor_a.chosen_name, survivor_a.pronouns) == ("Okonkwo-Reyes", "Sol", "she/her")
    assert (survivor_a.preferred_language, survivor_a.gender) == ("spa", Gender.NON_CONFORMING)
    assert survivor_a.nationality_class == NationalityClass.FOREIGN_NATIONAL
    assert survivor_a.version == 2
    # and the search by the new name finds the person, by the old one no longer
    found = client.post(reverse("people:list"), {"name": "Marisol Okonkwo-Reyes"})
    assert [s.pk for s in found.context["page"].object_list] == [survivor_a.pk]
    old = client.post(reverse("people:list"), {"name": "Marisol Quintanilla"})
    assert list(old.context["page"].object_list) == []
    # and the audit row names the changed fields only (never their values)
    row = AuditEvent.objects.filter(action="survivor.updated", object_id=str(survivor_a.pk)).get()
    assert row.actor_id == personas["case_manager"].pk
    assert row.detail == {
        "fields": ["chosen_name", "family_name", "gender", "nationality_class", "preferred_language", "pronouns"]
    }


def test_every_answer_may_be_cleared(personas, survivor_a):
    # given a person with a name, birth date, gender and nationality class recorded
    survivor_a = do_update_survivor_identity(
        actor=personas["supervisor"],
        survivor=survivor_a,
        expected_version=1,
        changes={"gender": Gender.FEMININE, "nationality_class": NationalityClass.LPR},
    )
    client = login_client(personas["case_manager"])
    body = _body(survivor_a, given_name="", family_name="", date_of_birth="", gender="", nationality_class="")
    # when every answer is left empty ("prefer not to say")
    response = client.post(_edit_url(survivor_a), body)
    # then nothing is recorded, gender says "prefer not to say / unknown", and the old name no longer finds them
    assert response.status_code == 302
    survivor_a.refresh_from_db()
    assert (survivor_a.given_name, survivor_a.family_name, survivor_a.date_of_birth) == (None, None, None)
    assert (survivor_a.gender, survivor_a.nationality_class) == (Gender.UNKNOWN, "")
    old = client.post(reverse("people:list"), {"name": "Marisol Quintanilla"})
    assert list(old.context["page"].object_list) == []


def test_next_returns_to_the_case_and_never_off_site(personas, survivor_a):
    client = login_client(personas["case_manager"])
    # when the page was reached from another page of the site, saving goes back there
    back = client.post(_edit_url(survivor_a), {**_body(survivor_a, pronouns="they"), "next": "/cases/"})
    assert back["Location"] == "/cases/"
    # and a link to another site is ignored
    survivor_a.refresh_from_db()
    off = client.post(_edit_url(survivor_a), {**_body(survivor_a, pronouns="he"), "next": "https://evil.example/"})
    assert off["Location"] == reverse("people:detail", args=[survivor_a.pk])


def test_a_stale_save_is_refused_and_keeps_what_was_typed(personas, survivor_a):
    # given the page was loaded at version 1, then a colleague changed the pronouns
    client = login_client(personas["case_manager"])
    stale = _body(survivor_a, chosen_name="Mari")
    do_update_survivor_identity(
        actor=personas["supervisor"], survivor=survivor_a, expected_version=1, changes={"pronouns": "ella"}
    )
    # when the stale form is saved
    response = client.post(_edit_url(survivor_a), stale)
    # then nothing of it is saved, their value is shown, and the typed input stays, on the current version
    assert response.status_code == 409
    survivor_a.refresh_from_db()
    assert (survivor_a.chosen_name, survivor_a.pronouns, survivor_a.version) == (None, "ella", 2)
    form = response.context["form"]
    assert form["chosen_name"].value() == "Mari"
    assert form["version"].value() == "2"
    assert ("Pronouns", "ella") in response.context["conflict"]
    assert "Someone else changed this while you were editing" in response.content.decode()


def test_another_agencys_person_is_not_found(personas, survivor_b):
    client = login_client(personas["case_manager"])
    assert client.get(reverse("people:edit", args=[survivor_b.pk])).status_code == 404
    assert (
        client.post(reverse("people:edit", args=[survivor_b.pk]), _body(survivor_b, chosen_name="X")).status_code == 404
    )
    survivor_b.refresh_from_db()
    assert survivor_b.chosen_name is None


def test_read_only_roles_may_not_change_details(personas, survivor_a):
    # given the program director, who reads the agency's survivors but does not work cases
    client = login_client(personas["program_director"])
    # when they try to change a person's details
    response = client.post(_edit_url(survivor_a), _body(survivor_a, chosen_name="X"))
    # then they are refused and nothing changes
    assert response.status_code == 403
    survivor_a.refresh_from_db()
    assert survivor_a.chosen_name is None


def test_the_record_links_to_the_page_for_editors_only(personas, survivor_a):
    edit = _edit_url(survivor_a)
    assert (
        edit
        in login_client(personas["case_manager"]).get(reverse("people:detail", args=[survivor_a.pk])).content.decode()
    )
    assert (
        edit
        not in login_client(personas["program_director"])
        .get(reverse("people:detail", args=[survivor_a.pk]))
        .content.decode()
    )


def test_the_case_and_the_booking_form_link_here_and_saving_comes_back(personas, survivor_a):
    # given a case of the person
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    client = login_client(personas["case_manager"])
    overview = reverse("cases:detail", args=[case.pk])
    link = f"{_edit_url(survivor_a)}?next={overview}"
    # when the case overview and the booking form are opened
    pages = [
        client.get(overview),
        client.get(reverse("scheduling:case_appointments", args=[case.pk])),
    ]
    # then each links to the person's details, with the way back
    assert link in pages[0].content.decode()
    assert _edit_url(survivor_a) in pages[1].content.decode()
    # and saving there returns to the case overview
    response = client.post(_edit_url(survivor_a), {**_body(survivor_a, preferred_language="tgl"), "next": overview})
    assert response["Location"] == overview
