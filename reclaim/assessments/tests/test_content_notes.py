"""A gentle note before the questions of instruments that touch on trauma or self-harm (DOMAIN.md §7.6):
PCL-5 and PHQ-9 ship one; an instrument's own `content_note` replaces it; others show none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reclaim.assessments.definition import DefinitionError, validate_definition
from reclaim.assessments.presentation import content_note
from reclaim.assessments.tests.helpers import licensed_definition, shipped

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "words"),
    [("pcl5", "a very stressful experience"), ("phq9", "thoughts of death or of hurting oneself")],
)
def test_sensitive_instruments_open_with_a_note_before_the_questions(client_as, case, code, words):
    html = client_as("clinician").get(reverse("assessments:take", args=[case.pk, code])).content.decode()
    assert "Before you start" in html
    assert words in html
    assert "stop at any time" in html
    # the note comes before the first question
    assert html.index("Before you start") < html.index("<fieldset")


def test_an_instrument_without_sensitive_questions_has_no_note(client_as, case):
    html = client_as("clinician").get(reverse("assessments:take", args=[case.pk, "gad7"])).content.decode()
    assert "Before you start" not in html


def test_an_instruments_own_note_comes_first_and_is_validated():
    # given a definition with its own note
    definition = licensed_definition()
    definition["content_note"] = {"en": "Some questions are about sleep and nightmares."}
    # then it is valid and shown
    assert content_note(validate_definition(definition)) == "Some questions are about sleep and nightmares."
    # and a shipped instrument's own note would replace the shipped one
    pcl5 = shipped("pcl5")
    assert "very stressful experience" in content_note(pcl5)
    pcl5["content_note"] = {"en": "Our own words."}
    assert content_note(pcl5) == "Our own words."
    # and a note missing the instrument's language is refused, naming its path
    definition["content_note"] = {"fr": "Quelques questions."}
    with pytest.raises(DefinitionError) as info:
        validate_definition(definition)
    assert "content_note: has no text in 'en'" in info.value.errors


def test_no_note_for_a_definition_without_one():
    assert content_note(shipped("brs")) == ""
    assert content_note(licensed_definition()) == ""
