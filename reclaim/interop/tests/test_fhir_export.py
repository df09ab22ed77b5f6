"""FHIR R4 export of a case (issue 11 item 3): the Bundle validates against the official models (fhir.resources,
R4B classes), holds only what the chosen consent covers, never the survivor's identifying details, and every
export is gated by the case, refused without a live sharing consent, audited and on the timeline."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from reclaim.assessments.actions import do_record_assessment
from reclaim.cases.actions import do_open_case, do_transition_case, do_update_need
from reclaim.cases.models import CaseAssignment, CaseEvent, EventType
from reclaim.consent.actions import ConsentInput, do_record_consent, do_revoke_consent
from reclaim.consent.models import InformedOf
from reclaim.core.models import AuditEvent
from reclaim.interop.fhir import allowed_parts
from reclaim.people.actions import do_add_relation
from reclaim.plans.actions import GoalData, do_create_plan
from reclaim.referrals.actions import ReferralInput, do_create_referral
from reclaim.scheduling.actions import AppointmentValues, do_book_appointment

GOAL_WORDS = "A room of my own and a job at the bakery"
SECRETS = [
    "Marisol",
    "Quintanilla",
    "1996-04-17",
    "555 010 4477",
    "5550104477",
    "Lucía",
    "1 Secret Road",
    "Uncle Ramiro",
    "12 Hidden Lane",
    "See the doctor about the scars",
    "Needs somewhere safe tonight",
]


def _consent(actor: Any, case: Any, recipient: Any, classes: list[str], purpose: str = "information_sharing") -> Any:
    return do_record_consent(
        actor=actor,
        survivor=case.survivor,
        case=case,
        data=ConsentInput(
            purpose=purpose,
            method="verbal",
            signer_name="Marisol",
            witness_name="A colleague",
            recipient_kind="agency",
            recipient_agency_id=recipient.pk,
            data_classes=classes,
            informed_of=list(InformedOf.values),
            expires_on=timezone.localdate() + timedelta(days=200),
        ),
    )


@pytest.fixture
def rich(personas, agency, other_agency, survivor_a) -> dict[str, Any]:
    """A case with a family, needs, a plan with a goal, referrals, PHQ-9 and GAD-7 results, an appointment and
    three consents: a broad one to share with agency B, a narrow one (needs only) and one to the police."""
    cm = personas["case_manager"]
    case = do_open_case(actor=cm, survivor=survivor_a, team=survivor_a.team, identified_on=date(2026, 1, 2))
    for worker in ("clinician", "legal_advocate"):
        CaseAssignment.objects.create(agency=agency, case=case, user=personas[worker])
    case = do_transition_case(
        actor=cm, case=case, to="intake", expected_version=case.version, services_consent_on=date(2026, 1, 5)
    )
    do_add_relation(
        actor=cm,
        survivor=survivor_a,
        values={
            "kind": "dependant",
            "relationship": "child",
            "name": "Lucía Quintanilla",
            "address": "1 Secret Road",
            "date_of_birth": date(2019, 2, 3),
        },
    )
    do_add_relation(
        actor=cm,
        survivor=survivor_a,
        values={
            "kind": "family_member",
            "relationship": "other_relative",
            "name": "Uncle Ramiro",
            "connected_to_trafficking": True,
            "safe_to_contact": "no",
            "unsafe_reason": "He recruited her",
        },
    )
    needs = {need.need: need for need in case.needs.all()}
    do_update_need(
        actor=cm,
        need=needs["safe_accommodation"],
        expected_version=1,
        status="in_progress",
        urgent=True,
        details="Needs somewhere safe tonight",
    )
    do_update_need(
        actor=cm,
        need=needs["medical_care"],
        expected_version=1,
        status="unmet",
        urgent=False,
        details="See the doctor about the scars",
    )
    do_update_need(actor=cm, need=needs["childcare"], expected_version=1, status="not_needed", urgent=False)
    do_create_plan(
        actor=cm,
        case=case,
        goals=[
            GoalData(
                staff_wording="Stable housing",
                survivor_words=GOAL_WORDS,
                service_category="housing_shelter",
                target_on=date(2026, 9, 1),
            )
        ],
    )
    do_create_referral(
        actor=cm,
        case=case,
        data=ReferralInput(service_category="housing_shelter", to_agency_id=other_agency.pk, reason="Uncle Ramiro"),
        send=True,
    )
    do_create_referral(
        actor=cm,
        case=case,
        data=ReferralInput(service_category="psychological_support", to_agency_id=other_agency.pk),
        send=True,
    )
    phq9 = do_record_assessment(
        actor=personas["clinician"], case=case, instrument_code="phq9", answers=[1, 1, 2, 1, 0, 1, 1, 0, 0]
    )
    gad7 = do_record_assessment(actor=personas["clinician"], case=case, instrument_code="gad7", answers=[2] * 7)
    starts = timezone.now().replace(microsecond=0) + timedelta(days=2)
    do_book_appointment(
        actor=cm,
        case=case,
        values=AppointmentValues(
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            attendee_ids=[cm.pk],
            place="12 Hidden Lane",
            purpose="See the doctor about the scars",
        ),
    )
    broad = _consent(cm, case, other_agency, ["identity", "case_summary", "needs", "assessments", "clinical", "legal"])
    narrow = _consent(cm, case, other_agency, ["needs"])
    police = _consent(cm, case, other_agency, ["identity", "needs"], purpose="law_enforcement_disclosure")
    return {"case": case, "broad": broad, "narrow": narrow, "police": police, "phq9": phq9, "gad7": gad7}


def _page(case: Any) -> str:
    return reverse("interop:case_fhir", args=[case.pk])


def _export(client: Any, case: Any, consent: Any) -> dict[str, Any]:
    response = client.post(_page(case), {"consent_id": str(consent.pk)})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/fhir+json"
    return json.loads(response.content)


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _validate(bundle: dict[str, Any]) -> None:
    """The Bundle and every entry's resource, each against its own R4B class (fhir.resources 8)."""
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def _references(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return found + [ref for value in node.values() for ref in _references(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _references(value)]
    return []


def test_full_export_is_a_valid_r4_bundle_with_every_covered_resource(client_as, rich):
    # given a clinician on the case and the broad sharing consent
    client = client_as("clinician")
    # when they download the file
    response = client.post(_page(rich["case"]), {"consent_id": str(rich["broad"].pk)})
    # then it is a FHIR attachment that is never cached, with a neutral random name
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="case-') and disposition.endswith('.fhir.json"')
    assert rich["case"].number not in disposition
    bundle = json.loads(response.content)
    # and it validates against the official R4B models, entry by entry
    _validate(bundle)
    assert bundle["type"] == "collection"
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert kinds == {
        "Patient",
        "RelatedPerson",
        "EpisodeOfCare",
        "Condition",
        "CarePlan",
        "Goal",
        "ServiceRequest",
        "Task",
        "Observation",
        "QuestionnaireResponse",
        "Appointment",
        "Consent",
    }
    # and every reference points at an entry of the Bundle (urn:uuid fullUrls)
    full_urls = {e["fullUrl"] for e in bundle["entry"]}
    assert all(url.startswith("urn:uuid:") for url in full_urls)
    assert len(full_urls) == len(bundle["entry"])
    references = _references(bundle["entry"])
    assert references
    assert set(references) <= full_urls
    # and the screens carry their LOINC totals
    codes = {obs["code"]["coding"][0]["code"]: obs for obs in _resources(bundle, "Observation")}
    assert codes["44261-6"]["code"]["coding"][0]["system"] == "http://loinc.org"
    assert codes["44261-6"]["valueQuantity"]["value"] == 7
    assert codes["70274-6"]["valueQuantity"]["value"] == 14
    assert all(obs["derivedFrom"][0]["reference"] in full_urls for obs in codes.values())


def test_the_file_holds_no_identifying_detail_of_the_survivor(client_as, rich, survivor_a):
    bundle = _export(client_as("clinician"), rich["case"], rich["broad"])
    text = json.dumps(bundle, ensure_ascii=False)
    # then no name, birth date, phone, address or staff free text appears anywhere
    for secret in SECRETS:
        assert secret not in text, secret
    # nor any database id of the survivor, the case or the consent
    for record_id in (survivor_a.pk, rich["case"].pk, rich["broad"].pk, rich["phq9"].pk):
        assert str(record_id) not in text
    assert survivor_a.reference not in text
    (patient,) = _resources(bundle, "Patient")
    assert set(patient) <= {"resourceType", "id", "identifier", "active", "gender", "birthDate", "communication"}
    # identity is covered: gender and the birth year only
    assert patient["birthDate"] == "1996"
    # family: the child by relationship only; the relative connected to the trafficking is left out
    (related,) = _resources(bundle, "RelatedPerson")
    assert related["relationship"][0]["coding"][0]["code"] == "CHILD"
    assert set(related) == {"resourceType", "id", "active", "patient", "relationship"}
    # the goal in the survivor's own words is part of the consented plan
    (goal,) = _resources(bundle, "Goal")
    assert goal["description"]["text"] == GOAL_WORDS


def test_the_pseudonym_is_new_in_every_export(client_as, rich):
    client = client_as("clinician")
    first = _export(client, rich["case"], rich["broad"])
    second = _export(client, rich["case"], rich["broad"])
    (p1,), (p2,) = _resources(first, "Patient"), _resources(second, "Patient")
    assert p1["identifier"][0]["value"] != p2["identifier"][0]["value"]
    assert {e["fullUrl"] for e in first["entry"]}.isdisjoint({e["fullUrl"] for e in second["entry"]})


def test_classes_the_consent_does_not_cover_are_left_out(client_as, rich):
    # given the consent covering needs only
    bundle = _export(client_as("clinician"), rich["case"], rich["narrow"])
    _validate(bundle)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    # then only the frame and the needs leave
    assert kinds == {"Patient", "EpisodeOfCare", "Condition", "Consent"}
    (patient,) = _resources(bundle, "Patient")
    assert "gender" not in patient and "birthDate" not in patient
    (episode,) = _resources(bundle, "EpisodeOfCare")
    assert "period" not in episode
    needs = {c["code"]["coding"][0]["code"] for c in _resources(bundle, "Condition")}
    # the medical need needs the health class and the legal emergency the legal class; "not needed" is no need
    assert "medical_care" not in needs and "legal_emergency" not in needs and "childcare" not in needs
    assert "safe_accommodation" in needs
    assert GOAL_WORDS not in json.dumps(bundle, ensure_ascii=False)


def test_the_exporter_never_sends_what_they_may_not_read(client_as, rich):
    # a case manager sees screen totals but not item-level answers; a legal advocate sees neither
    manager = _export(client_as("case_manager"), rich["case"], rich["broad"])
    assert _resources(manager, "Observation") and not _resources(manager, "QuestionnaireResponse")
    advocate = _export(client_as("legal_advocate"), rich["case"], rich["broad"])
    assert not _resources(advocate, "Observation") and not _resources(advocate, "QuestionnaireResponse")
    _validate(manager)
    _validate(advocate)


def test_export_is_recorded_on_the_timeline_and_in_the_audit_log_without_pii(client_as, rich, personas):
    bundle = _export(client_as("clinician"), rich["case"], rich["broad"])
    event = CaseEvent.objects.get(case=rich["case"], type=EventType.FHIR_EXPORTED)
    assert event.actor == personas["clinician"]
    assert event.parameters["consent_id"] == str(rich["broad"].pk)
    assert event.parameters["counts"]["Observation"] == len(_resources(bundle, "Observation"))
    audit = AuditEvent.objects.get(action="case.fhir_exported")
    assert audit.actor_id == personas["clinician"].pk
    assert audit.object_id == str(rich["case"].pk)
    assert audit.detail["consent_id"] == str(rich["broad"].pk)
    assert audit.detail["counts"] == event.parameters["counts"]
    recorded = json.dumps(audit.detail) + json.dumps(event.parameters)
    for secret in [*SECRETS, GOAL_WORDS]:
        assert secret not in recorded


def _nothing_exported(case: Any) -> bool:
    return (
        not CaseEvent.objects.filter(case=case, type=EventType.FHIR_EXPORTED).exists()
        and not AuditEvent.objects.filter(action="case.fhir_exported").exists()
    )


def test_without_a_live_sharing_consent_nothing_leaves(client_as, rich, personas, survivor_b):
    client = client_as("case_manager")
    case = rich["case"]
    # no consent chosen
    response = client.post(_page(case), {})
    assert response.status_code == 422
    assert "Without one, nothing leaves" in response.content.decode()
    # a consent to the police is not a consent to share
    assert client.post(_page(case), {"consent_id": str(rich["police"].pk)}).status_code == 422
    # nonsense, and a revoked consent
    assert client.post(_page(case), {"consent_id": "not-a-uuid"}).status_code == 422
    do_revoke_consent(
        actor=personas["case_manager"],
        consent=rich["narrow"],
        by_whom="survivor",
        how="in_person",
        note="",
        expected_version=rich["narrow"].version,
    )
    assert client.post(_page(case), {"consent_id": str(rich["narrow"].pk)}).status_code == 422
    # a consent of somebody else (agency B's survivor) is not found on this case
    other_case = do_open_case(actor=personas["other_agency_user"], survivor=survivor_b, team=survivor_b.team)
    foreign = _consent(personas["other_agency_user"], other_case, case.agency, ["needs"])
    assert client.post(_page(case), {"consent_id": str(foreign.pk)}).status_code == 422
    # then nothing was exported nor recorded as exported
    assert _nothing_exported(case)


def test_page_lists_live_sharing_consents_and_is_linked_from_the_consent_tab(client_as, rich, personas):
    client = client_as("case_manager")
    page = client.get(_page(rich["case"])).content.decode()
    assert "Agency B" in page
    assert str(rich["broad"].pk) in page and str(rich["narrow"].pk) in page
    assert str(rich["police"].pk) not in page  # not a sharing purpose
    consent_tab = client.get(reverse("consent:case", args=[rich["case"].pk])).content.decode()
    assert _page(rich["case"]) in consent_tab


def test_other_agency_gets_404_and_read_only_roles_403(client_as, rich):
    case, consent = rich["case"], rich["broad"]
    assert client_as("other_agency_user").post(_page(case), {"consent_id": str(consent.pk)}).status_code == 404
    assert client_as("program_director").post(_page(case), {"consent_id": str(consent.pk)}).status_code == 403
    assert client_as("program_director").get(_page(case)).status_code == 403
    assert client_as("analyst").post(_page(case), {"consent_id": str(consent.pk)}).status_code == 404
    api = f"/api/v1/cases/{case.pk}/fhir?consent_id={consent.pk}"
    assert client_as("other_agency_user").get(api).status_code == 404
    assert client_as("program_director").get(api).status_code == 403
    assert _nothing_exported(case)


def test_api_returns_the_bundle_with_the_same_rules(client_as, rich):
    client = client_as("clinician")
    case = rich["case"]
    response = client.get(f"/api/v1/cases/{case.pk}/fhir?consent_id={rich['broad'].pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert "no-store" in response["Cache-Control"]
    bundle = json.loads(response.content)
    _validate(bundle)
    assert any(obs["code"]["coding"][0]["code"] == "70274-6" for obs in _resources(bundle, "Observation"))
    assert CaseEvent.objects.filter(case=case, type=EventType.FHIR_EXPORTED).count() == 1


def test_api_without_a_sharing_consent_is_a_422_naming_what_is_missing(client_as, rich):
    client = client_as("clinician")
    case = rich["case"]
    missing = client.get(f"/api/v1/cases/{case.pk}/fhir")
    assert missing.status_code == 422
    body = missing.json()
    assert body["code"] == "fhir.consent_missing"
    assert "consent_id" in body["fields"]
    police = client.get(f"/api/v1/cases/{case.pk}/fhir?consent_id={rich['police'].pk}")
    assert police.status_code == 422
    assert client.get(f"/api/v1/cases/{case.pk}/fhir?consent_id=nope").status_code == 422
    assert _nothing_exported(case)


def test_allowed_parts_follow_the_classes_and_the_exporters_rights():
    everything = {"identity", "case_summary", "needs", "assessments", "clinical", "legal"}
    assert "assessment_answers" in allowed_parts(everything, sees_results=True, sees_answers=True)
    assert "assessment_answers" not in allowed_parts(everything, sees_results=True, sees_answers=False)
    assert "assessment_results" not in allowed_parts(everything, sees_results=False, sees_answers=False)
    assert "assessment_answers" not in allowed_parts({"assessments"}, sees_results=True, sees_answers=True)
    assert allowed_parts(set(), sees_results=True, sees_answers=True) == frozenset()
