"""The trafficking history form: a gentle note before the questions, and "prefer not to say" stated for the
lists whose standard has no such code (none ticked means not said)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import HistoricEvent
from reclaim.people.actions import do_create_survivor


def test_the_history_form_opens_with_a_note_and_every_list_can_be_left_unsaid(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    client = login_client(personas["case_manager"])
    # when the form to add an event is opened
    html = client.get(reverse("cases:history_add", args=[case.pk])).content.decode()
    # then a note comes before the first question
    assert "Before you ask" in html
    assert "do not need to tell the whole story" in html
    assert html.index("Before you ask") < html.index('name="type"')
    # and each tick-box list says that ticking none is "prefer not to say"
    assert html.count("Leave every box unticked if the person prefers not to say or does not know.") == 4
    # and the single-choice lists offer it as their first option
    assert html.count("Prefer not to say / not known") >= 2
    # when only the kind of event is given
    response = client.post(reverse("cases:history_add", args=[case.pk]), {"type": "Exploitation"})
    # then it is saved with nothing else said
    assert response.status_code == 302
    event = HistoricEvent.objects.get()
    assert not event.codings.exists()
    assert event.relationship_to_trafficker in ("", None)


def test_intake_shows_a_possible_match_by_the_name_they_use(agency, team, personas):
    # given a known person who uses another name than their legal one
    do_create_survivor(
        actor=None,
        agency=agency,
        reference="A-000002",
        given_name="Marisol",
        family_name="Quintanilla",
        chosen_name="Mari",
        date_of_birth=datetime.date(1996, 4, 17),
        team=team,
        assigned=[personas["case_manager"]],
    )
    client = login_client(personas["case_manager"])
    # when the intake checks for an existing record with the legal name
    response = client.post(
        reverse("cases:open"),
        {
            "given_name": "Marisol",
            "family_name": "Quintanilla",
            "date_of_birth": "1996-04-17",
            "action": "check_duplicates",
        },
    )
    # then the candidate shows the name the person uses too
    assert "uses the name Mari" in response.content.decode()
