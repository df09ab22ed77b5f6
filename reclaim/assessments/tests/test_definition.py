"""The definition validator names every problem by its path."""

from __future__ import annotations

import pytest

from reclaim.assessments.definition import DefinitionError, validate_definition
from reclaim.assessments.tests.helpers import licensed_definition, shipped


@pytest.mark.parametrize("code", ["phq9", "gad7", "pcl5", "brs"])
def test_shipped_definitions_are_valid(code):
    assert validate_definition(shipped(code))["code"] == code


def test_a_made_up_licensed_instrument_is_valid():
    assert validate_definition(licensed_definition())["code"] == "x_bounce"


def _errors(definition):
    with pytest.raises(DefinitionError) as info:
        validate_definition(definition)
    return info.value.errors


def test_errors_name_the_item_and_path():
    definition = shipped("phq9")
    definition["items"][8]["text"] = {}
    definition["options"][2]["value"] = 1
    definition["bands"][2]["min"] = 3
    errors = _errors(definition)
    assert "items[8].text: has no text in 'en'" in errors
    assert "options[2].value: 1 appears twice" in errors


def test_alert_rules_must_point_at_real_items_bands_and_cutoffs():
    definition = shipped("phq9")
    definition["alerts"][0]["item"] = "10"
    definition["alerts"][1]["band"] = "catastrophic"
    errors = _errors(definition)
    assert "alerts[0].item: must be the id of one of the items" in errors
    assert "alerts[1].band: must be the code of one of the bands" in errors


def test_bands_must_ascend_and_cover_the_lowest_score():
    definition = shipped("gad7")
    definition["bands"][0]["min"] = 1
    definition["bands"][2]["min"] = 4
    errors = _errors(definition)
    assert any(e.startswith("bands[0].min: the first band must start") for e in errors)
    assert "bands[2].min: bands must be in ascending order of their lower bound" in errors


def test_cluster_rules_and_cutoffs_are_checked():
    definition = shipped("pcl5")
    definition["scoring"]["clusters"]["rules"]["C"] = 3  # C has 2 items
    definition["cutoffs"][0]["default"] = 40  # outside 31 to 33
    errors = _errors(definition)
    assert "scoring.clusters.rules.C: must be between 1 and the subscale's 2 items" in errors
    assert "cutoffs[0].default: must lie between min and max" in errors


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("items"), "items: must be a list"),
        (lambda d: d.update(languages=[]), 'languages: needs at least one language, e.g. ["en"]'),
        (lambda d: d["scoring"].update(method="median"), "scoring.method: must be one of sum, mean, subscale_sums"),
        (
            lambda d: d.update(code="PHQ 9"),
            "code: must be a code: lowercase letters, digits and _, starting with a letter (max 40)",
        ),
        (lambda d: d["items"][0].update(reverse="yes"), "items[0].reverse: must be true or false"),
    ],
)
def test_structural_errors(change, expected):
    definition = shipped("phq9")
    change(definition)
    assert expected in _errors(definition)


def test_not_an_object():
    assert _errors([1, 2]) == ["definition: must be an object"]


def _spanish(definition):
    """The made-up scale claiming Spanish, with every answered text and a source (the words are test data)."""
    definition["languages"] = ["en", "es"]
    definition["sources"] = {"es": {"publisher": "Test publisher", "url": "https://example.org", "validation": "None"}}
    for option in definition["options"]:
        option["label"]["es"] = f"Opción {option['value']}"
    for item in definition["items"]:
        item["text"]["es"] = f"Frase {item['id']}"
    return definition


def test_a_language_with_every_answered_text_and_a_source_is_valid_without_staff_texts():
    # given a scale in English and Spanish whose bands (staff-facing) are in English only
    definition = _spanish(licensed_definition())
    # then it is valid: bands, alerts and titles need the first language only
    assert validate_definition(definition)["languages"] == ["en", "es"]


def test_a_language_without_every_item_and_option_is_refused():
    # given a scale that claims Spanish but misses one item's and one option's Spanish text
    definition = _spanish(licensed_definition())
    del definition["items"][2]["text"]["es"]
    del definition["options"][4]["label"]["es"]
    # then both are named
    errors = _errors(definition)
    assert "items[2].text: has no text in 'es'" in errors
    assert "options[4].label: has no text in 'es'" in errors


def test_a_language_without_its_source_is_refused():
    # given a scale that claims Spanish with every text but does not say where the translation comes from
    definition = _spanish(licensed_definition())
    definition["sources"]["es"].pop("validation")
    definition["sources"]["fr"] = {"publisher": "x", "url": "x", "validation": "x"}
    errors = _errors(definition)
    assert "sources.es.validation: must be a non-empty text" in errors
    assert "sources.fr: is not one of the instrument's languages" in errors
    definition["sources"] = {}
    assert any(e.startswith("sources: has no source for 'es'") for e in _errors(definition))


def test_the_shipped_phq9_gives_the_same_items_and_values_in_each_language():
    definition = shipped("phq9")
    assert definition["languages"] == ["en", "es", "fr"]
    for language in definition["languages"]:
        assert all(item["text"][language].strip() for item in definition["items"])
        assert [o["value"] for o in definition["options"]] == [0, 1, 2, 3]
        assert all(o["label"][language].strip() for o in definition["options"])
    assert set(definition["sources"]) == {"es", "fr"}


@pytest.mark.parametrize("code", ["gad7", "pcl5", "brs"])
def test_instruments_without_a_verified_official_translation_are_english_only(code):
    # no validated translation's exact text could be verified: they are marked "not available", never translated
    assert shipped(code)["languages"] == ["en"]
