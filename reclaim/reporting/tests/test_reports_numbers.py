"""Funder report numbers against hand-computed fixtures (report_fixtures.py): distinct people across several
cases and a reopened case, services counted in the period of their date, family members apart, voided records
left out; template mappings (unmapped codes go to "Other / not known" and are listed)."""

from __future__ import annotations

import pytest

from reclaim.reporting import periods
from reclaim.reporting.reports.builder import ReportSpec, count_grid
from reclaim.reporting.reports.definitions import OTHER, load_template, template, templates
from reclaim.reporting.reports.runner import compute_report
from reclaim.reporting.tests.report_fixtures import build

pytestmark = pytest.mark.django_db

H1 = periods.parse("2026-H1")


def grid(agency, **spec):
    result = count_grid(agency.pk, H1, ReportSpec(**spec), {})
    return {key: value for key, value in result.values.items() if value}


def test_people_served_are_distinct_people(agency):
    build(agency)
    # P1 (two cases), P2 (reopened, two services), P4: P3 only outside the period, P5's record voided
    assert grid(agency) == {("", ""): 3}
    assert grid(agency, measure="family_members") == {("", ""): 2}


def test_new_and_continuing(agency):
    build(agency)
    # P1 had a service in December 2025: continuing; P2 and P4 start in the period
    assert grid(agency, dimensions=("new_continuing",)) == {("new", ""): 2, ("continuing", ""): 1}


def test_person_dimensions_give_each_person_one_cell(agency):
    build(agency)
    assert grid(agency, dimensions=("sex",)) == {("Feminine", ""): 2, ("Masculine", ""): 1}
    assert grid(agency, dimensions=("age_group",)) == {("adult", ""): 1, ("minor", ""): 1, ("not_known", ""): 1}
    # P1: sex on one case, labour on the other -> both; P2 forced marriage and P4 nothing -> other
    assert grid(agency, dimensions=("exploitation",)) == {("both", ""): 1, (OTHER, ""): 2}
    # the earliest case's source; the latest case's stage
    assert grid(agency, dimensions=("referral_source",)) == {
        ("law_enforcement", ""): 1,
        ("hotline", ""): 1,
        ("", ""): 1,
    }
    assert grid(agency, dimensions=("stage",)) == {("active_plan", ""): 1, ("intake", ""): 1, ("identified", ""): 1}
    assert grid(agency, dimensions=("sex", "age_group")) == {
        ("Feminine", "adult"): 1,
        ("Feminine", "not_known"): 1,
        ("Masculine", "minor"): 1,
    }


def test_services_and_hours_count_in_the_period_of_their_date(agency):
    build(agency)
    # P1 2, P2 2, P4 1 + family 3 = 8; P3's services on 2025-12-31 and 2026-07-01 are outside, P5's voided
    assert grid(agency, measure="services") == {("", ""): 8}
    assert grid(agency, measure="services", dimensions=("category",)) == {
        ("legal_assistance", ""): 1,
        ("case_management", ""): 3,
        ("education", ""): 2,
        ("childcare", ""): 2,
    }
    # minutes 60 + 30 + 90 + (none) + 120 + 60 + 60 + 60 = 480
    assert grid(agency, measure="hours") == {("", ""): 8.0}
    assert grid(agency, measure="services", grant="", dimensions=("sex",)) == {
        ("Feminine", ""): 6,
        ("Masculine", ""): 2,
    }


def test_people_by_service_category_overlap(agency):
    build(agency)
    # P1 had legal and case management: in both rows (no total for such a table)
    assert grid(agency, dimensions=("category",)) == {
        ("legal_assistance", ""): 1,
        ("case_management", ""): 2,
        ("education", ""): 1,
    }
    assert grid(agency, dimensions=("category", "sex")) == {
        ("legal_assistance", "Feminine"): 1,
        ("case_management", "Feminine"): 1,
        ("case_management", "Masculine"): 1,
        ("education", "Feminine"): 1,
    }
    assert grid(agency, measure="family_members", dimensions=("category",)) == {
        ("childcare", ""): 2,
        ("education", ""): 1,
    }


def test_entering_and_leaving(agency):
    build(agency)
    # P2's case reopened in the period, P4's intake in it (P1's intakes were before)
    assert grid(agency, population="entered") == {("", ""): 2}
    assert grid(agency, population="exited", dimensions=("close_reason",)) == {("goals_met", ""): 1}


def test_filters(agency, team):
    world = build(agency)
    assert grid(agency, category="case_management") == {("", ""): 2}
    assert grid(agency, team=str(team.pk)) == {}
    world.cases["c2"].team = team
    world.cases["c2"].save()
    assert grid(agency, team=str(team.pk)) == {("", ""): 1}


def test_template_mappings_send_unmapped_codes_to_other_and_list_them(agency, settings):
    build(agency)
    result = compute_report(agency.pk, {"template": "ovc_tims", "period": "2026-H1"})
    referral = next(table for table in result["tables"] if table["id"] == "referral")
    labels = [row["label"] for row in referral["rows"]]
    assert labels == [
        "Federal law enforcement",
        "State or local law enforcement",
        "Law enforcement (level not recorded)",
        "Community service provider",
        "Other / not known",
        "Total",
    ]
    terms = {item["term"]: item["text"] for item in result["definitions"]}
    assert "hotline" in terms["Mapping: Referral source"] and "Not mapped" in terms["Mapping: Referral source"]
    assert "ForcedMarriage" in terms["Mapping: Type of trafficking"]
    assert "childcare" in terms["Mapping: Service category"]


def test_mapping_counts_people_once_per_funder_category(agency):
    build(agency)
    tims = template("ovc_tims")
    # legal and case management both map elsewhere; psychological support and support groups share one category
    mapped = count_grid(agency.pk, H1, ReportSpec(dimensions=("category",)), tims.mappings)
    assert {key[0]: value for key, value in mapped.values.items()} == {
        "legal": 1,
        "case_management": 2,
        "education_employment": 1,
    }
    otip = template("hhs_otip")
    grid_otip = count_grid(agency.pk, H1, ReportSpec(measure="services", dimensions=("category",)), otip.mappings)
    assert {key[0]: value for key, value in grid_otip.values.items()} == {
        OTHER: 1,
        "Case Management": 3,
        "Education Services": 2,
        "Childcare": 2,
    }


def test_every_template_loads(tmp_path):
    assert set(templates()) == {"ovc_tims", "hhs_otip", "voca"}
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"code": "x", "name": "x", "description": "", "tables": [{"id": "t", "caption": "c", "measure": "people"}]}'
    )
    with pytest.raises(ValueError, match="bad table"):
        load_template(bad)


def test_tims_tells_federal_from_local_law_enforcement_and_keeps_an_unknown_level_apart():
    referral = template("ovc_tims").mappings["referral_source"]
    assert referral.category_of("law_enforcement_federal") == "federal_le"
    assert referral.category_of("law_enforcement_local") == "local_le"
    assert referral.category_of("law_enforcement") == "le_level_not_recorded"
    # every way of being identified that the intake form offers lands somewhere the template names
    from reclaim.cases.models import IdentificationSource

    named = {code for code, _label in referral.categories}
    assert all(referral.category_of(code) in named for code in IdentificationSource.values)


def test_citizenship_counts_people_by_their_recorded_status_and_tims_merges_citizens_and_lprs(agency):
    from reclaim.people.models import Survivor

    build(agency)
    Survivor.objects.filter(agency=agency, reference="R-1").update(nationality_class="us_citizen")
    Survivor.objects.filter(agency=agency, reference="R-2").update(nationality_class="foreign_national")
    # R-4 (also served) has no status recorded
    assert grid(agency, dimensions=("citizenship",)) == {
        ("us_citizen", ""): 1,
        ("foreign_national", ""): 1,
        ("not_known", ""): 1,
    }
    citizenship = template("ovc_tims").mappings["citizenship"]
    assert citizenship.category_of("us_citizen") == citizenship.category_of("lpr") == "us_citizen_lpr"
    assert citizenship.category_of("foreign_national") == "foreign_national"
    assert citizenship.category_of("not_known") == OTHER
