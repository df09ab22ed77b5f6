"""FHIR R4 export of one case (DOMAIN.md §12.2): a `collection` Bundle of plain dicts, built for one recipient under
one live sharing consent. `fhir.resources` is not used here (it is a test dependency that validates the output).

What leaves is decided in one place, `allowed_parts`: the data classes of the chosen consent, narrowed by what the
person exporting may read themselves (screen results, item-level answers). Nothing of a part that is not allowed is
read from the database (fhir_selectors.export_source) or written into the Bundle.

Always in the Bundle: a pseudonymous Patient (an identifier made up for this export, never a database id; no name,
address, phone or birth date), the EpisodeOfCare (its status only), and the Consent that lets it go. Free text
typed by staff never leaves (notes, referral reasons, appointment purposes and places, task titles); the one
exception is a goal in the survivor's own words, which is part of the plan the consent covers.

Every entry has a `urn:uuid:` fullUrl derived from a random per-export namespace and the record's type and id:
stable inside one Bundle (references point at it), unlinkable across exports and to Reclaim's database ids.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings

from reclaim.cases.models import NeedKind, NeedStatus
from reclaim.cases.state import ACTIVE, CaseStatus
from reclaim.consent.models import DataClass, RecipientKind

if TYPE_CHECKING:
    import datetime

    from reclaim.assessments.models import Assessment
    from reclaim.cases.models import Case, ImmediateNeed
    from reclaim.consent.models import ConsentRecord
    from reclaim.people.models import Relation, Survivor
    from reclaim.plans.models import Goal, Plan
    from reclaim.referrals.models import Referral
    from reclaim.scheduling.models import Appointment

DEFAULT_SYSTEM_BASE = "https://reclaim.example.org/fhir"


def system_base() -> str:
    """Base of Reclaim's own code systems and identifier systems (setting RECLAIM_FHIR_SYSTEM_BASE)."""
    return str(getattr(settings, "RECLAIM_FHIR_SYSTEM_BASE", DEFAULT_SYSTEM_BASE)).rstrip("/")


def reclaim_system(name: str) -> str:
    return f"{system_base()}/CodeSystem/{name}"


LOINC = "http://loinc.org"
SDOHCC = "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes"
UCUM = "http://unitsofmeasure.org"

# Totals of the shipped instruments in LOINC. PHQ-9 and GAD-7 are in DOMAIN.md §6.1. PCL-5: 101698-9 "PTSD PCL-5
# score" (panel 101697-1, LOINC 2.75+), found in LOINC look-ups, not yet checked against loinc.org by us: DOMAIN.md
# keeps it "unverified — keep configurable", so it lives in this table. BRS has no LOINC code: it falls back to
# Reclaim's instrument code system, like any agency's own instrument.
LOINC_TOTALS: dict[str, tuple[str, str]] = {
    "phq9": ("44261-6", "Patient Health Questionnaire-9 (PHQ-9) total score [Reported]"),
    "gad7": ("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"),
    "pcl5": ("101698-9", "PTSD PCL-5 score [PCL-5]"),
}

# Parts of the export and the data classes each needs (all of them). Patient (pseudonym only), EpisodeOfCare
# (status only) and Consent always go: they are the frame the recipient reads the rest in.
PART_CLASSES: dict[str, frozenset[str]] = {
    "identity": frozenset({DataClass.IDENTITY}),  # Patient.gender and birth year
    "case_summary": frozenset({DataClass.CASE_SUMMARY}),  # EpisodeOfCare period and stage, family, plan, ...
    "needs": frozenset({DataClass.NEEDS}),  # Condition per open or met immediate need
    "medical_needs": frozenset({DataClass.NEEDS, DataClass.CLINICAL}),
    "legal_needs": frozenset({DataClass.NEEDS, DataClass.LEGAL}),
    "referrals": frozenset({DataClass.CASE_SUMMARY}),  # ServiceRequest + Task
    "clinical_referrals": frozenset({DataClass.CASE_SUMMARY, DataClass.CLINICAL}),
    "legal_referrals": frozenset({DataClass.CASE_SUMMARY, DataClass.LEGAL}),
    "assessment_results": frozenset({DataClass.ASSESSMENTS}),  # Observation: total and band
    "assessment_answers": frozenset({DataClass.ASSESSMENTS, DataClass.CLINICAL}),  # QuestionnaireResponse
}

CLINICAL_NEEDS = frozenset({NeedKind.MEDICAL_CARE})
LEGAL_NEEDS = frozenset({NeedKind.LEGAL_EMERGENCY})
CLINICAL_SERVICES = frozenset({"psychological_support", "physical_healthcare", "crisis_intervention"})
LEGAL_SERVICES = frozenset({"legal_assistance"})


def allowed_parts(classes: set[str] | frozenset[str], *, sees_results: bool, sees_answers: bool) -> frozenset[str]:
    """The parts of the export the consent's data classes allow, narrowed by what the exporter may read."""
    parts = {part for part, needed in PART_CLASSES.items() if needed <= set(classes)}
    if not sees_results:
        parts -= {"assessment_results", "assessment_answers"}
    if not sees_answers:
        parts.discard("assessment_answers")
    return frozenset(parts)


@dataclass
class ExportSource:
    """The records an export may read, already narrowed to the allowed parts (fhir_selectors.export_source)."""

    case: Case
    survivor: Survivor
    consent: ConsentRecord
    parts: frozenset[str]
    relations: list[Relation] = field(default_factory=list)
    needs: list[ImmediateNeed] = field(default_factory=list)
    plan: Plan | None = None
    goals: list[Goal] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)


def _coding(system: str, code: str, display: str = "") -> dict[str, Any]:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = str(display)
    return coding


def _concept(system: str, code: str, display: str = "") -> dict[str, Any]:
    return {"coding": [_coding(system, code, display)]}


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _instant(value: datetime.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _clean(resource: dict[str, Any]) -> dict[str, Any]:
    """Drop keys whose value is None or empty, so absent data is absent, never null."""
    return {key: value for key, value in resource.items() if value not in (None, "", [], {})}


# --- code maps -------------------------------------------------------------------------------------------------

EPISODE_STATUS = {
    CaseStatus.IDENTIFIED: "planned",
    **dict.fromkeys(ACTIVE, "active"),
    CaseStatus.FOLLOW_UP: "finished",  # exit from case management (DOMAIN.md §2.2); follow-up contacts go on
    CaseStatus.CLOSED: "finished",
}

ADMINISTRATIVE_GENDER = {
    "Feminine": "female",
    "Masculine": "male",
    "TransgenderFeminine": "female",
    "TransgenderMasculine": "male",
    "NonConforming": "other",
    "NonSpecifiedUnknown": "unknown",
}

ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
RELATIONSHIP_CODES = {
    "parent": ("PRN", "parent"),
    "child": ("CHILD", "child"),
    "sibling": ("SIB", "sibling"),
    "partner": ("SIGOTHR", "significant other"),
    "other_relative": ("FAMMEMB", "family member"),
    "friend": ("FRND", "unrelated friend"),
}
FAMILY_KINDS = frozenset({"family_member", "dependant"})

NEED_SDOH = {
    NeedKind.SAFETY: "sdoh-category-unspecified",
    NeedKind.SAFE_ACCOMMODATION: "homelessness",
    NeedKind.MEDICAL_CARE: "sdoh-category-unspecified",
    NeedKind.FOOD_CLOTHING: "food-insecurity",
    NeedKind.INTERPRETER: "language-access",
    NeedKind.LEGAL_EMERGENCY: "sdoh-category-unspecified",
    NeedKind.CHILDCARE: "material-hardship",
}

SERVICE_SDOH = {
    "housing_shelter": "homelessness",
    "basic_necessities": "material-hardship",
    "education": "educational-attainment",
    "vocational_training": "employment-status",
    "job_placement": "employment-status",
    "life_skills": "financial-insecurity",
    "transportation": "transportation-insecurity",
    "interpretation": "language-access",
}

GOAL_LIFECYCLE = {
    "not_started": "accepted",
    "in_progress": "active",
    "achieved": "completed",
    "changed": "cancelled",
    "stopped": "cancelled",
}
GOAL_ACHIEVEMENT = {"in_progress": "in-progress", "achieved": "achieved", "stopped": "not-achieved"}
CAREPLAN_STATUS = {"draft": "draft", "active": "active", "completed": "completed"}

SERVICE_REQUEST_STATUS = {
    "sent": "active",
    "received": "active",
    "accepted": "active",
    "in_progress": "active",
    "on_hold": "on-hold",
    "completed": "completed",
    "declined": "revoked",
    "failed": "revoked",
    "cancelled": "revoked",
    "withdrawn": "revoked",
}
TASK_STATUS = {
    "sent": "requested",
    "received": "received",
    "accepted": "accepted",
    "in_progress": "in-progress",
    "on_hold": "on-hold",
    "completed": "completed",
    "declined": "rejected",
    "failed": "failed",
    "cancelled": "cancelled",
    "withdrawn": "cancelled",
}
PRIORITY = {"routine": "routine", "soon": "urgent", "urgent": "asap"}

APPOINTMENT_STATUS = {
    "booked": "booked",
    "kept": "fulfilled",
    "no_show": "noshow",
    "cancelled_by_survivor": "cancelled",
    "cancelled_by_agency": "cancelled",
    "rescheduled": "cancelled",
}


# --- the Bundle --------------------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, source: ExportSource, export_id: uuid.UUID) -> None:
        self.source = source
        self.parts = source.parts
        self.namespace = export_id
        self.entries: list[dict[str, Any]] = []

    def ref(self, kind: str, pk: Any) -> str:
        return f"urn:uuid:{uuid.uuid5(self.namespace, f'{kind}/{pk}')}"

    def add(self, kind: str, pk: Any, resource: dict[str, Any]) -> str:
        full_url = self.ref(kind, pk)
        body = {"resourceType": kind, "id": full_url.removeprefix("urn:uuid:"), **_clean(resource)}
        self.entries.append({"fullUrl": full_url, "resource": body})
        return full_url

    # Patient: a pseudonym; with `identity`, administrative gender and birth year only.
    def patient(self, pseudonym: str) -> str:
        survivor = self.source.survivor
        resource: dict[str, Any] = {
            "identifier": [{"system": f"{system_base()}/sid/export-pseudonym", "value": pseudonym}],
            "active": True,
        }
        if "identity" in self.parts:
            resource["gender"] = ADMINISTRATIVE_GENDER.get(survivor.gender, "unknown")
            if survivor.date_of_birth:
                resource["birthDate"] = f"{survivor.date_of_birth.year:04d}"
        if survivor.preferred_language:
            # Language and the need of an interpreter are in every referral packet (DOMAIN.md §7.3).
            resource["communication"] = [
                {
                    "language": _concept("urn:ietf:bcp:47", survivor.preferred_language),
                    "preferred": True,
                }
            ]
        return self.add("Patient", "patient", resource)

    def related_people(self, patient: str) -> None:
        if "case_summary" not in self.parts:
            return
        for relation in self.source.relations:
            code = RELATIONSHIP_CODES.get(relation.relationship)
            relationship = (
                [_concept(ROLE_CODE, *code)]
                if code
                else [_concept(reclaim_system("relationship"), relation.relationship or "other")]
            )
            self.add(
                "RelatedPerson",
                relation.pk,
                {"active": True, "patient": {"reference": patient}, "relationship": relationship},
            )

    def episode(self, patient: str) -> str:
        case = self.source.case
        status = EPISODE_STATUS.get(CaseStatus(case.status), "active")
        if case.status == CaseStatus.CLOSED and case.intake_on is None:
            status = "cancelled"  # never enrolled (not eligible, declined, referred on)
        resource: dict[str, Any] = {"status": status, "patient": {"reference": patient}}
        if "case_summary" in self.parts:
            start = case.intake_on or case.identified_on
            end = case.closed_at.date() if case.closed_at else None
            resource["period"] = _clean({"start": _date(start), "end": _date(end)})
            resource["type"] = [_concept(reclaim_system("case-stage"), case.status, case.get_status_display())]
        return self.add("EpisodeOfCare", case.pk, resource)

    def conditions(self, patient: str) -> dict[str, str]:
        refs: dict[str, str] = {}
        if "needs" not in self.parts:
            return refs
        for need in self.source.needs:
            if need.need in CLINICAL_NEEDS and "medical_needs" not in self.parts:
                continue
            if need.need in LEGAL_NEEDS and "legal_needs" not in self.parts:
                continue
            resolved = need.status in (NeedStatus.MET, NeedStatus.DECLINED)
            refs[need.need] = self.add(
                "Condition",
                need.pk,
                {
                    "clinicalStatus": _concept(
                        "http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved" if resolved else "active"
                    ),
                    "verificationStatus": _concept(
                        "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"
                    ),
                    "category": [
                        _concept("http://terminology.hl7.org/CodeSystem/condition-category", "health-concern"),
                        _concept(SDOHCC, NEED_SDOH.get(NeedKind(need.need), "sdoh-category-unspecified")),
                    ],
                    "code": {
                        "coding": [_coding(reclaim_system("immediate-need"), need.need, need.get_need_display())],
                        "text": str(need.get_need_display()),
                    },
                    "subject": {"reference": patient},
                    "onsetDateTime": _instant(need.opened_at),
                    "abatementDateTime": _instant(need.resolved_at) if resolved else None,
                    "extension": [
                        {"url": f"{system_base()}/StructureDefinition/need-status", "valueCode": need.status},
                        {"url": f"{system_base()}/StructureDefinition/need-urgent", "valueBoolean": need.urgent},
                    ],
                },
            )
        return refs

    def plan(self, patient: str) -> None:
        plan = self.source.plan
        if "case_summary" not in self.parts or plan is None:
            return
        goal_refs = [self.goal(goal, patient) for goal in self.source.goals]
        self.add(
            "CarePlan",
            plan.pk,
            {
                "status": CAREPLAN_STATUS.get(plan.status, "unknown"),
                "intent": "plan",
                "subject": {"reference": patient},
                "created": _instant(plan.created_at),
                "goal": [{"reference": ref} for ref in goal_refs],
            },
        )

    def goal(self, goal: Goal, patient: str) -> str:
        words = goal.survivor_words or goal.staff_wording
        description: dict[str, Any] = {"text": words or "Goal"}
        if goal.service_category:
            description["coding"] = [_coding(reclaim_system("service-category"), goal.service_category)]
        category = []
        if goal.domain:
            category.append(_concept(reclaim_system("outcome-domain"), goal.domain))
        if goal.service_category in SERVICE_SDOH:
            category.append(_concept(SDOHCC, SERVICE_SDOH[goal.service_category]))
        achievement = GOAL_ACHIEVEMENT.get(goal.status)
        return self.add(
            "Goal",
            goal.pk,
            {
                "lifecycleStatus": GOAL_LIFECYCLE.get(goal.status, "active"),
                "achievementStatus": (
                    _concept("http://terminology.hl7.org/CodeSystem/goal-achievement", achievement)
                    if achievement
                    else None
                ),
                "category": category,
                "description": description,
                "subject": {"reference": patient},
                "expressedBy": {"reference": patient} if goal.survivor_words else None,
                "target": [{"dueDate": _date(goal.target_on)}] if goal.target_on else None,
            },
        )

    def referrals(self, patient: str) -> None:
        if "referrals" not in self.parts:
            return
        for referral in self.source.referrals:
            category = referral.service_category
            if category in CLINICAL_SERVICES and "clinical_referrals" not in self.parts:
                continue
            if category in LEGAL_SERVICES and "legal_referrals" not in self.parts:
                continue
            request = self.add(
                "ServiceRequest",
                referral.pk,
                {
                    "status": SERVICE_REQUEST_STATUS.get(referral.status, "unknown"),
                    "intent": "order",
                    "category": [_concept(SDOHCC, SERVICE_SDOH.get(category, "sdoh-category-unspecified"))],
                    "code": _concept(reclaim_system("service-category"), category),
                    "priority": PRIORITY.get(referral.urgency, "routine"),
                    "subject": {"reference": patient},
                    "authoredOn": _instant(referral.sent_at),
                },
            )
            self.add(
                "Task",
                f"referral/{referral.pk}",
                {
                    "status": TASK_STATUS.get(referral.status, "requested"),
                    "intent": "order",
                    "code": _concept("http://hl7.org/fhir/CodeSystem/task-code", "fulfill"),
                    "focus": {"reference": request},
                    "basedOn": [{"reference": request}],
                    "for": {"reference": patient},
                    "authoredOn": _instant(referral.sent_at),
                    "lastModified": _instant(referral.updated_at),
                },
            )

    def assessments(self, patient: str) -> None:
        if "assessment_results" not in self.parts:
            return
        for assessment in self.source.assessments:
            version = assessment.instrument_version
            code = version.instrument.code
            response = None
            if "assessment_answers" in self.parts:
                response = self.questionnaire_response(assessment, patient)
            if assessment.total is None:
                continue  # incomplete: no total to report (DOMAIN.md §6)
            loinc = LOINC_TOTALS.get(code)
            observation_code = (
                _concept(LOINC, *loinc)
                if loinc
                else _concept(reclaim_system("instrument-total"), code, f"{version.instrument.name} total")
            )
            self.add(
                "Observation",
                assessment.pk,
                {
                    "status": "final",
                    "category": [
                        _concept("http://terminology.hl7.org/CodeSystem/observation-category", "survey", "Survey")
                    ],
                    "code": observation_code,
                    "subject": {"reference": patient},
                    "effectiveDateTime": _date(assessment.administered_on),
                    "valueQuantity": {
                        "value": _number(assessment.total),
                        "unit": "{score}",
                        "system": UCUM,
                        "code": "{score}",
                    },
                    "interpretation": (
                        [_concept(reclaim_system(f"band-{code}"), assessment.band)] if assessment.band else None
                    ),
                    "derivedFrom": [{"reference": response}] if response else None,
                    "note": [{"text": "A screen is not a diagnosis."}],
                },
            )

    def questionnaire_response(self, assessment: Assessment, patient: str) -> str:
        version = assessment.instrument_version
        items = version.definition.get("items", [])
        answers = list(assessment.answers or [])
        response_items = []
        for index, item in enumerate(items):
            value = answers[index] if index < len(answers) else None
            entry: dict[str, Any] = {"linkId": str(item.get("id", index + 1))}
            if value is not None:
                entry["answer"] = [_answer(value)]
            response_items.append(entry)
        return self.add(
            "QuestionnaireResponse",
            f"answers/{assessment.pk}",
            {
                "language": assessment.language,  # the language the questions were given in (issue 14)
                "questionnaire": f"{system_base()}/Questionnaire/{version.instrument.code}|{version.version}",
                "status": "completed" if assessment.complete else "amended",
                "subject": {"reference": patient},
                "authored": _date(assessment.administered_on),
                "item": response_items,
            },
        )

    def appointments(self, patient: str) -> None:
        if "case_summary" not in self.parts:
            return
        for appointment in self.source.appointments:
            service_type = appointment.service_type
            self.add(
                "Appointment",
                appointment.pk,
                {
                    "status": APPOINTMENT_STATUS.get(appointment.status, "booked"),
                    "serviceType": (
                        [_concept(reclaim_system("service-type"), service_type.code)] if service_type else None
                    ),
                    "start": _instant(appointment.starts_at),
                    "end": _instant(appointment.ends_at),
                    "participant": [{"actor": {"reference": patient}, "status": "accepted"}],
                },
            )

    def consent(self, patient: str) -> None:
        consent = self.source.consent
        actor = {
            "role": _concept(
                "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient"
            ),
            "reference": {"display": recipient_label(consent)},
        }
        self.add(
            "Consent",
            consent.pk,
            {
                "status": "active",
                "scope": _concept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
                "category": [_concept(LOINC, "59284-0", "Consent Document")],
                "patient": {"reference": patient},
                "dateTime": _instant(consent.created_at),
                "policyRule": _concept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN"),
                "provision": {
                    "type": "permit",
                    "period": {"start": _date(consent.starts_on), "end": _date(consent.expires_on)},
                    "actor": [actor],
                    "purpose": [_coding(reclaim_system("consent-purpose"), consent.purpose)],
                    "code": [_concept(reclaim_system("data-class"), c) for c in consent.data_classes],
                },
            },
        )


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _answer(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, (float, Decimal)):
        number = Decimal(str(value))
        return (
            {"valueInteger": int(number)} if number == number.to_integral_value() else {"valueDecimal": float(number)}
        )
    return {"valueString": str(value)}


def recipient_label(consent: ConsentRecord) -> str:
    if consent.recipient_kind == RecipientKind.AGENCY and consent.recipient_agency is not None:
        return str(consent.recipient_agency.name)
    if consent.recipient_kind == RecipientKind.ANY:
        return "Any organisation the agency refers to"
    return str(consent.recipient_name or "")


def build_bundle(
    source: ExportSource, *, export_id: uuid.UUID, pseudonym: str, at: datetime.datetime
) -> dict[str, Any]:
    """The Bundle for this source; the caller checked the consent and narrowed `source.parts`."""
    builder = _Builder(source, export_id)
    patient = builder.patient(pseudonym)
    builder.related_people(patient)
    builder.episode(patient)
    builder.conditions(patient)
    builder.plan(patient)
    builder.referrals(patient)
    builder.assessments(patient)
    builder.appointments(patient)
    builder.consent(patient)
    return {
        "resourceType": "Bundle",
        "id": str(export_id),
        "meta": {
            "security": [
                _coding("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", "restricted"),
            ]
        },
        "identifier": {"system": f"{system_base()}/sid/export", "value": str(export_id)},
        "type": "collection",
        "timestamp": _instant(at),
        "entry": builder.entries,
    }


def resource_counts(bundle: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in bundle.get("entry", []):
        kind = entry["resource"]["resourceType"]
        counts[kind] = counts.get(kind, 0) + 1
    return dict(sorted(counts.items()))
