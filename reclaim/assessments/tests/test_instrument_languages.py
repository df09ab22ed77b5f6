"""The language an instrument is given in (issue 14): offered only among the instrument's validated
translations, stored on the assessment, shown on the result and in the API, and scored the same in each."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reclaim.accounts.actions import do_set_language
from reclaim.assessments.actions import InvalidAnswers, do_load_instrument, do_record_assessment
from reclaim.assessments.models import Assessment, AssessmentAlert, Instrument
from reclaim.assessments.tests.helpers import licensed_definition
from reclaim.core.errors import DomainError

pytestmark = pytest.mark.django_db

ITEM1 = {
    "en": "Little interest or pleasure in doing things",
    "es": "Poco interés o placer en hacer cosas",
    "fr": "Peu d’intérêt ou de plaisir à faire les choses",
}


def _take(case, code="phq9"):
    return reverse("assessments:take", args=[case.pk, code])


def _phq9_form(language, value=1):
    return {**{f"item_{n}": str(value) for n in range(1, 10)}, "language": language}


@pytest.mark.parametrize("answers", [[0] * 9, [1, 2, 3, 0, 1, 2, 3, 0, 1], [3] * 8 + [None], [None, None, 2] + [0] * 6])
def test_scoring_is_the_same_in_every_language(personas, case, answers):
    # when the same answers are recorded in English, Spanish and French
    results = [
        do_record_assessment(
            actor=personas["case_manager"], case=case, instrument_code="phq9", answers=answers, language=language
        )
        for language in ("en", "es", "fr")
    ]
    # then each keeps its language, and the score, band, completeness and alerts are the same
    assert [a.language for a in results] == ["en", "es", "fr"]
    assert len({(a.total, a.band, a.complete, tuple(a.alerts)) for a in results}) == 1
    if answers[8]:
        assert AssessmentAlert.objects.filter(case=case).count() == 3


def test_a_language_the_instrument_is_not_given_in_is_refused(personas, case):
    # Arabic has no verified PHQ-9 text; GAD-7 has no Spanish one
    for code, language, count in (("phq9", "ar", 9), ("gad7", "es", 7)):
        with pytest.raises(InvalidAnswers) as info:
            do_record_assessment(
                actor=personas["case_manager"], case=case, instrument_code=code, answers=[0] * count, language=language
            )
        assert "language" in info.value.fields
    assert not Assessment.objects.exists()


def test_loading_a_file_that_claims_a_language_without_every_item_saves_nothing(agency):
    # given an agency's own scale claiming Spanish with a source, but one item without its Spanish text
    definition = licensed_definition()
    definition["languages"] = ["en", "es"]
    definition["sources"] = {"es": {"publisher": "Test", "url": "https://example.org", "validation": "Test"}}
    for option in definition["options"]:
        option["label"]["es"] = f"Opción {option['value']}"
    for item in definition["items"][:-1]:
        item["text"]["es"] = f"Frase {item['id']}"
    # when it is loaded, it is refused naming the item, and nothing is saved
    with pytest.raises(DomainError) as info:
        do_load_instrument(actor=None, data=definition, agency=agency)
    assert "items[3].text: has no text in 'es'" in info.value.fields["definition"]
    assert not Instrument.objects.filter(code="x_bounce").exists()


def test_the_start_form_offers_only_available_languages_and_marks_the_others(client_as, case):
    page = client_as("case_manager").get(reverse("assessments:case_assessments", args=[case.pk])).content.decode()
    # the PHQ-9 can be given in English, Spanish or French, not Arabic; the GAD-7 in English only
    phq9 = page[page.index('id="start-phq9-language"') :].split("</select>")[0]
    gad7 = page[page.index('id="start-gad7-language"') :].split("</select>")[0]
    assert '<option value="es" lang="es"' in phq9 and '<option value="fr" lang="fr"' in phq9
    assert '<option value="ar"' not in phq9
    assert '<option value="en" lang="en" selected>' in gad7 and '<option value="es"' not in gad7
    assert "Not available in العربيّة" in page
    assert "Not available in Español" in page  # the GAD-7, PCL-5 and BRS
    assert reverse("assessments:library") in page


def test_the_take_page_shows_the_chosen_language_and_the_interface_one_first(personas, client_as, case):
    client = client_as("case_manager")
    # the questions in the language chosen when starting
    spanish = client.get(_take(case), {"language": "es"}).content.decode()
    assert ITEM1["es"] in spanish and ITEM1["en"] not in spanish
    assert "Ningún día" in spanish
    assert "Merz EL et al." in spanish  # the validation study of this translation
    assert "Not available in العربيّة" in spanish
    # a language the instrument is not given in falls back to English
    assert ITEM1["en"] in client.get(_take(case), {"language": "ar"}).content.decode()
    # and without a choice, the interface language is preselected when the instrument has it
    do_set_language(actor=personas["case_manager"], language="fr")
    french = client_as("case_manager").get(_take(case)).content.decode()
    assert ITEM1["fr"] in french
    assert '<option value="fr" lang="fr" selected>' in french


def test_the_language_is_stored_and_shown_on_the_result(client_as, case):
    # when the case manager gives the PHQ-9 in Spanish
    response = client_as("case_manager").post(_take(case), _phq9_form("es"))
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert assessment.language == "es"
    # then the clinician sees the questions and answers as given, in Spanish, and says so
    result = client_as("clinician").get(response.url).content.decode()
    assert "given in Español" in result
    assert ITEM1["es"] in result and "Varios días (1)" in result
    assert '<ol class="answers" lang="es">' in result


def test_a_tampered_language_is_refused_and_nothing_is_stored(client_as, case):
    response = client_as("case_manager").post(_take(case, "gad7"), {"item_1": "1", "language": "es"})
    assert response.status_code == 200
    assert "This instrument is not available in that language." in response.content.decode()
    assert not Assessment.objects.exists()


def test_the_library_lists_languages_with_their_sources(client_as):
    page = client_as("case_manager").get(reverse("assessments:library")).content.decode()
    assert "Spanish for USA" in page and "French for France" in page
    assert "doi:10.1371/journal.pone.0052028" in page
    assert "Not available in العربيّة" in page
    assert page.count("Not available in Français") == 3  # GAD-7, PCL-5, BRS


def test_the_api_shows_the_languages_and_the_language_used(client_as, case):
    client = client_as("case_manager")
    listed = {row["code"]: row["languages"] for row in client.get("/api/v1/instruments").json()}
    assert listed == {"phq9": ["en", "es", "fr"], "gad7": ["en"], "pcl5": ["en"], "brs": ["en"]}
    url = f"/api/v1/cases/{case.pk}/assessments"
    body = {"instrument": "phq9", "responses": [1] * 9, "language": "fr"}
    created = client.post(url, body, content_type="application/json")
    assert (created.status_code, created.json()["language"], created.json()["score"]) == (201, "fr", "9")
    assert client.get(url).json()["items"][0]["language"] == "fr"
    refused = client.post(url, {**body, "language": "ar"}, content_type="application/json")
    assert refused.status_code == 422 and "language" in refused.json()["fields"]
