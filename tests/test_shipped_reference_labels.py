"""Shipped reference data in the reader's language (issue 14; docs/architecture.md, "Languages").

A staff member whose language is French or Arabic sees the service taxonomy, the outcome domains, the legal matter
types and steps and the countries in that language; a label an agency gave its own row is shown exactly as typed,
in every language; and every shipped label is in the catalogue under the context the display asks for.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from conftest import login_client
from reclaim.assessments.outcome_data import DEFAULT_DOMAINS, DEFAULT_SCALE_NAME
from reclaim.cases.actions import HistoryEventData, do_open_case, do_record_history_event
from reclaim.cases.models import CaseAssignment
from reclaim.core import refdata
from reclaim.legal.actions import do_open_matter
from reclaim.legal.loader import SHIPPED_DIR, install_set
from reclaim.legal.models import MatterType
from reclaim.reporting.reports.definitions import TEMPLATE_DIR
from reclaim.services.actions import ServiceEntry, do_record_service
from reclaim.services.taxonomy import CATEGORIES

# What each page must say, per language (the staff catalogues, and the iso-codes names pycountry ships).
EXPECTED = {
    "fr": {
        "service type": "Accompagnement psychologique",
        "service category": "Soutien psychologique",
        "outcome domain": "Sécurité",
        "legal matter type": "visa T",
        "legal step": "Examen de l'éligibilité",
        "country": "Thaïlande",
    },
    "ar": {
        "service type": "الإرشاد النفسي",
        "service category": "الدعم النفسي",
        "outcome domain": "الأمان",
        "legal matter type": "تأشيرة T",
        "legal step": "التحقق من الأهلية",
        "country": "تايلاند",
    },
}


@pytest.fixture
def case(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    CaseAssignment.objects.get_or_create(agency_id=case.agency_id, case=case, user=personas["legal_advocate"])
    return case


def _reader(personas, language: str):
    """The case manager, with `language` chosen in their settings."""
    user = personas["case_manager"]
    user.language = language
    user.save(update_fields=["language"])
    return login_client(user)


def _page(client, name: str, case) -> str:
    response = client.get(reverse(name, args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _shipped_matter_type(code: str) -> MatterType:
    return MatterType.objects.get(agency__isnull=True, jurisdiction="US", code=code)


@pytest.mark.parametrize("language", list(EXPECTED))
def test_shipped_labels_are_shown_in_the_readers_language(language, personas, case):
    # given a counselling session, a T-visa matter and an exploitation in Thailand on the case
    today = timezone.localdate()
    do_record_service(
        actor=personas["case_manager"], case=case, entry=ServiceEntry("psychological_support.counselling", today)
    )
    do_open_matter(
        actor=personas["legal_advocate"], case=case, matter_type=_shipped_matter_type("t_visa"), opened_on=today
    )
    do_record_history_event(
        actor=personas["case_manager"], case=case, data=HistoryEventData(type="Exploitation", country="TH")
    )
    expected = {what: escape(text) for what, text in EXPECTED[language].items()}  # as the page writes them
    # when a case manager who reads French or Arabic opens the case's pages
    client = _reader(personas, language)
    services = _page(client, "services:case_services", case)
    outcomes = _page(client, "assessments:rate_outcomes", case)
    legal = _page(client, "legal:case_matters", case)
    history = _page(client, "cases:history", case)
    # then each shipped label is in their language, and its English is gone
    assert expected["service type"] in services and "Counselling" not in services
    assert expected["service category"] in services and "Psychological support" not in services
    assert expected["outcome domain"] in outcomes and ">Safety<" not in outcomes
    assert "Is free from abuse" not in outcomes  # the questions too
    assert expected["legal matter type"] in legal and "T visa" not in legal
    assert expected["legal step"] in legal and "Screening for eligibility" not in legal
    assert expected["country"] in history and "Thailand" not in history


@pytest.mark.parametrize("language", ["en", "es", "fr", "ar"])
def test_an_agencys_own_matter_type_is_shown_as_typed_in_every_language(language, personas, case):
    # given the agency loaded its own set whose type and step happen to read like shipped ones
    own = {
        "set": "agency-own",
        "version": "1",
        "jurisdiction": "US",
        "matter_types": [
            {
                "code": "own_t",
                "kind": "t_visa",
                "label": "T visa",
                "steps": [{"code": "first", "label": "Screening for eligibility", "next": []}],
            }
        ],
    }
    install_set(django_apps, own, agency_id=case.agency_id)
    matter_type = MatterType.objects.get(agency_id=case.agency_id, code="own_t")
    do_open_matter(actor=personas["legal_advocate"], case=case, matter_type=matter_type, opened_on=timezone.localdate())
    # when the case manager reads the case's legal tab in any language
    legal = _page(_reader(personas, language), "legal:case_matters", case)
    # then the agency's words are shown exactly as typed
    assert ">T visa</a>" in legal
    assert "<td>Screening for eligibility</td>" in legal
    assert "visa T<" not in legal and "تأشيرة" not in legal


def test_an_agencys_reworded_question_is_shown_as_typed(personas, case):
    from reclaim.assessments.outcome_actions import ScaleChanges, do_customise_outcome_scale
    from reclaim.assessments.outcome_selectors import current_scale_for

    # given the agency reworded one question of its copy of the scale
    scale = current_scale_for(case.agency_id)
    do_customise_outcome_scale(
        actor=personas["agency_admin"],
        agency=case.agency,
        expected_scale_id=scale.pk,
        changes=ScaleChanges(
            closure_min_score=scale.closure_min_score,
            closure_every_domain=scale.closure_every_domain,
            wording={"free_from_harm": "Feels safe at home"},
        ),
    )
    # when a French reader rates the outcomes
    outcomes = _page(_reader(personas, "fr"), "assessments:rate_outcomes", case)
    # then the reworded question is the agency's, the untouched ones and the domains are translated
    assert "Feels safe at home" in outcomes
    assert "Sécurité" in outcomes and escape("Sait repérer une situation dangereuse") in outcomes


def _shipped_labels() -> list[tuple[str, str]]:
    labels = [(refdata.OUTCOME_SCALE, DEFAULT_SCALE_NAME)]
    for _code, name, questions in DEFAULT_DOMAINS:
        labels.append((refdata.OUTCOME_DOMAIN, name))
        labels += [(refdata.OUTCOME_QUESTION, wording) for _sub, wording in questions]
    for spec in CATEGORIES:
        labels += [(refdata.SERVICE_CATEGORY, spec.label), (refdata.SERVICE_CATEGORY_INCLUDES, spec.includes)]
        labels += [(refdata.SERVICE_TYPE, label) for _suffix, label in spec.types]
    for path in sorted(SHIPPED_DIR.glob("*.json")):
        for matter_type in json.loads(path.read_text(encoding="utf-8"))["matter_types"]:
            labels += [(refdata.LEGAL_MATTER_TYPE, matter_type["label"])]
            labels += [(refdata.LEGAL_MATTER_DESCRIPTION, matter_type["description"])]
            for step in matter_type["steps"]:
                labels.append((refdata.LEGAL_STEP, step["label"]))
                labels += [
                    (refdata.LEGAL_DEADLINE, step[key]) for key in ("deadline_label", "expiry_label") if step.get(key)
                ]
    for path in sorted(TEMPLATE_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        labels += [(refdata.REPORT_TEMPLATE, data[key]) for key in ("name", "description", "period_hint")]
    return labels


@pytest.mark.parametrize("language", ["es", "fr", "ar"])
def test_every_shipped_label_is_translated_under_its_context(language):
    # given every label the data modules and the shipped JSON files hold
    labels = _shipped_labels()
    # when each is looked up the way the pages look it up
    with translation.override(language):
        untranslated = [(context, text) for context, text in labels if refdata.shipped_label(text, context) == text]
    # then the catalogue has each (a new label in a JSON file needs its line in shipped_labels.py or template_labels.py)
    assert untranslated == []


def test_a_label_of_an_agency_row_is_never_looked_up():
    with translation.override("fr"):
        assert refdata.shipped_label("Denied", refdata.LEGAL_STEP) == "Demande refusée"
        assert refdata.shipped_label("Denied", refdata.LEGAL_STEP, shipped=False) == "Denied"


def test_the_matter_list_keeps_english_in_the_database(personas, case):
    # given a French reader opened a T-visa matter
    with translation.override("fr"):
        matter = do_open_matter(
            actor=personas["legal_advocate"],
            case=case,
            matter_type=_shipped_matter_type("t_visa"),
            opened_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    # then the stored rows keep the stable code and the English label; only the display is translated
    matter.refresh_from_db()
    assert (matter.matter_type.code, matter.matter_type.label) == ("t_visa", "T visa")
    assert matter.current_step.label == "Screening for eligibility"
