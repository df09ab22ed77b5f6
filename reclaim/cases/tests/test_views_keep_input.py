"""A case form refused by the server comes back with everything that was typed or chosen, marked as unsaved
(data-warn-unsaved="kept", so leaving the page asks first), and nothing is saved."""

from __future__ import annotations

import re

from django.urls import reverse

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import Case, CaseNote, HistoricEvent
from reclaim.people.models import Survivor

KEPT = 'data-warn-unsaved="kept"'


def _selected(html: str, name: str, value: str) -> bool:
    """Whether the <option value> of select `name` is rendered selected."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.DOTALL)
    return select is not None and re.search(rf'<option value="{value}"[^>]*selected', select.group(1)) is not None


def test_intake_refused_for_one_bad_date_keeps_every_answer(personas, team):
    client = login_client(personas["case_manager"])
    # when the intake is sent with a date that does not exist
    response = client.post(
        reverse("cases:open"),
        {
            "chosen_name": "Nuri",
            "pronouns": "they/them",
            "date_of_birth": "2001-02-30",
            "gender": "NonConforming",
            "identification_source": "hotline",
            "identification_place": "Bus station",
            "urgent_needs": ["safe_accommodation"],
            "team": team.pk,
        },
    )
    # then the form comes back with the error and with every answer as it was given
    html = response.content.decode()
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"date_of_birth"}
    assert 'value="Nuri"' in html
    assert 'value="they/them"' in html
    assert 'value="Bus station"' in html
    assert 'value="2001-02-30"' in html
    assert _selected(html, "gender", "NonConforming")
    assert _selected(html, "identification_source", "hotline")
    assert re.search(r'<input type="checkbox" name="urgent_needs" value="safe_accommodation"[^>]*checked', html)
    assert KEPT in html
    assert not Case.objects.exists()
    assert not Survivor.objects.exists()


def test_an_untouched_intake_is_not_marked_unsaved(personas):
    html = login_client(personas["case_manager"]).get(reverse("cases:open")).content.decode()
    assert "data-warn-unsaved" in html
    assert KEPT not in html
    assert "js/unsaved.js" in html


def test_case_details_refused_keep_what_was_typed(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    client = login_client(personas["case_manager"])
    response = client.post(
        reverse("cases:edit", args=[case.pk]),
        {"identified_on": "yesterday", "identification_place": "Harbour office", "version": case.version},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "identified_on" in response.context["form"].errors
    assert 'value="Harbour office"' in html
    assert 'value="yesterday"' in html
    assert KEPT in html
    case.refresh_from_db()
    assert case.identification_place in (None, "")


def test_a_note_refused_for_its_date_keeps_its_text(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    client = login_client(personas["case_manager"])
    response = client.post(
        reverse("cases:note_add", args=[case.pk]),
        {
            "confidentiality": "general",
            "kind": "other",
            "occurred_on": "2020-13-45",
            "body": "Wants to call her sister.",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "occurred_on" in response.context["form"].errors
    assert "Wants to call her sister.</textarea>" in html
    assert KEPT in html
    assert not CaseNote.objects.exists()


def test_a_history_event_refused_keeps_the_answers(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    client = login_client(personas["case_manager"])
    response = client.post(
        reverse("cases:history_add", args=[case.pk]),
        {"type": "Exploitation", "started_year": "2019", "started_month": "2", "started_day": "31", "place": "A farm"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'value="A farm"' in html
    assert 'value="2019"' in html
    assert KEPT in html
    assert not HistoricEvent.objects.exists()
