"""Clinical and legal notes are hidden from the other roles: notes page, API list, API read by id,
timeline page, overview and timeline API all answer from the same rule."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.cases.tests.notes_helpers import SEES, TEXTS, make_noted_case

PERSONAS = sorted(SEES)


@pytest.fixture
def noted(personas, survivor_a):
    return make_noted_case(personas, survivor_a)


def _levels_in(html: str) -> set[str]:
    return {level for level, text in TEXTS.items() if text in html}


@pytest.mark.parametrize("persona", PERSONAS)
def test_notes_page_shows_exactly_the_levels_the_role_may_read(personas, noted, persona):
    # given a case with a general, a clinical and a legal note
    client = login_client(personas[persona])
    # when the persona opens the notes tab
    response = client.get(reverse("cases:notes", args=[noted.case.pk]))
    # then only the texts of the levels they may read are on the page
    assert response.status_code == 200
    assert _levels_in(response.content.decode()) == SEES[persona]
    assert {n.confidentiality for n in response.context["page"].object_list} == SEES[persona]
    assert response.context["page"].paginator.count == len(SEES[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_list_and_read_by_id_follow_the_same_rule(personas, noted, persona):
    client = login_client(personas[persona])
    # when the persona lists the notes
    listed = client.get(f"/api/v1/cases/{noted.case.pk}/notes")
    # then the list holds exactly the visible levels
    assert listed.status_code == 200
    assert {n["confidentiality"] for n in listed.json()["items"]} == SEES[persona]
    assert _levels_in(listed.content.decode()) == SEES[persona]
    # and reading each note by id gives 200 for visible ones and 404 for hidden ones, with no text
    for level, note in noted.notes.items():
        response = client.get(f"/api/v1/cases/{noted.case.pk}/notes/{note.pk}")
        expected = 200 if level in SEES[persona] else 404
        assert response.status_code == expected, (level, response.status_code)
        if expected == 404:
            assert TEXTS[level] not in response.content.decode()
            assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("persona", PERSONAS)
def test_timeline_page_api_and_overview_hide_events_about_hidden_notes(personas, noted, persona):
    client = login_client(personas[persona])
    # when the persona reads the timeline page, the timeline API and the overview's latest events
    page = client.get(reverse("cases:timeline", args=[noted.case.pk]))
    api = client.get(f"/api/v1/cases/{noted.case.pk}/timeline")
    overview = client.get(reverse("cases:detail", args=[noted.case.pk]))
    # then note events appear only for the levels the persona may read
    page_levels = {e.parameters["confidentiality"] for e in page.context["page"].object_list if e.type == "note_added"}
    api_levels = {e["parameters"]["confidentiality"] for e in api.json()["items"] if e["type"] == "note_added"}
    overview_levels = {e.parameters["confidentiality"] for e in overview.context["timeline"] if e.type == "note_added"}
    assert page_levels == api_levels == overview_levels == SEES[persona]
    # and the count covers only what the persona sees (opened + one event per visible note)
    assert page.context["page"].paginator.count == 1 + len(SEES[persona])
    # and no note text ever reaches the timeline
    for response in (page, api, overview):
        assert _levels_in(response.content.decode()) == set()


def test_hidden_note_ids_are_not_in_any_page_of_a_case_manager(personas, noted):
    # given the case manager, who may read general notes only
    client = login_client(personas["case_manager"])
    hidden = {str(noted.notes["clinical"].pk), str(noted.notes["legal"].pk)}
    # when they read every tab of the case file
    pages = [
        client.get(reverse(name, args=[noted.case.pk])).content.decode()
        for name in ("cases:detail", "cases:notes", "cases:timeline")
    ]
    pages.append(client.get(f"/api/v1/cases/{noted.case.pk}/timeline").content.decode())
    # then not even the ids of the hidden notes appear
    assert [h for h in hidden for page in pages if h in page] == []


def test_other_agency_gets_404_for_the_notes_and_each_note(personas, noted):
    client = login_client(personas["other_agency_user"])
    assert client.get(reverse("cases:notes", args=[noted.case.pk])).status_code == 404
    assert client.get(f"/api/v1/cases/{noted.case.pk}/notes").status_code == 404
    general = noted.notes["general"]
    assert client.get(f"/api/v1/cases/{noted.case.pk}/notes/{general.pk}").status_code == 404
    assert client.get(reverse("cases:note_edit", args=[noted.case.pk, general.pk])).status_code == 404


def test_a_note_of_one_case_is_not_found_through_another_case(personas, noted, survivor_a):
    # given a second case the case manager works on
    other = make_noted_case(personas, survivor_a).case
    client = login_client(personas["case_manager"])
    # when a note of the first case is asked for under the second
    response = client.get(f"/api/v1/cases/{other.pk}/notes/{noted.notes['general'].pk}")
    # then it is not found
    assert response.status_code == 404
