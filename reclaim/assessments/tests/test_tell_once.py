"""Tell once (issue 14, DOMAIN.md §7.6): an instrument starts in the person's preferred language, read from
their record (a three-letter code such as "spa" finds the instrument's "es"), when the instrument is given in
it; otherwise in the interface language. The language chosen for one assessment stays with it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reclaim.assessments.definition import matching_language
from reclaim.assessments.models import Assessment
from reclaim.people.actions import do_update_survivor_identity

pytestmark = pytest.mark.django_db

ITEM1_ES = "Poco interés o placer en hacer cosas"
ITEM1_EN = "Little interest or pleasure in doing things"


def _speaks(personas, case, language):
    survivor = case.survivor
    do_update_survivor_identity(
        actor=personas["case_manager"],
        survivor=survivor,
        expected_version=survivor.version,
        changes={"preferred_language": language},
    )


def test_three_letter_codes_match_the_instruments_two_letter_ones():
    definition = {"languages": ["en", "es", "fr"]}
    assert matching_language(definition, "spa") == "es"
    assert matching_language(definition, "fra") == "fr"
    assert matching_language(definition, "ara") is None
    assert matching_language(definition, "xyz") is None


def test_the_start_form_and_the_take_page_start_in_the_persons_language(personas, client_as, case):
    _speaks(personas, case, "spa")
    client = client_as("case_manager")
    page = client.get(reverse("assessments:case_assessments", args=[case.pk])).content.decode()
    phq9 = page[page.index('id="start-phq9-language"') :].split("</select>")[0]
    gad7 = page[page.index('id="start-gad7-language"') :].split("</select>")[0]
    assert '<option value="es" lang="es" selected>' in phq9
    assert '<option value="en" lang="en" selected>' in gad7  # the GAD-7 is not given in Spanish
    take = client.get(reverse("assessments:take", args=[case.pk, "phq9"])).content.decode()
    assert ITEM1_ES in take and ITEM1_EN not in take


def test_a_language_chosen_for_one_assessment_stays_with_it(personas, client_as, case):
    _speaks(personas, case, "spa")
    answers = {f"item_{n}": "1" for n in range(1, 10)}
    response = client_as("case_manager").post(
        reverse("assessments:take", args=[case.pk, "phq9"]), {**answers, "language": "en"}
    )
    assert response.status_code == 302
    assert Assessment.objects.get(case=case).language == "en"
    case.survivor.refresh_from_db()
    assert case.survivor.preferred_language == "spa"
