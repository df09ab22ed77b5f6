"""FHIR R4 export of a case through the API (issue 11): the same gate, consent check, audit row and timeline event
as the page (reclaim/interop/views/fhir.py)."""

from __future__ import annotations

import json
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Router

from reclaim.accounts.http import request_user
from reclaim.api.schemas import ErrorOut
from reclaim.interop.fhir_access import access_case_for_fhir
from reclaim.interop.fhir_actions import CONTENT_TYPE, FhirConsentMissing, do_export_fhir

router = Router(tags=["interop"])


@router.get(
    "/cases/{uuid:case_id}/fhir",
    response={403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The case as a FHIR R4 Bundle for the recipient of a live sharing consent (audited disclosure)",
    description=(
        "A `collection` Bundle (application/fhir+json) holding only the data classes the chosen consent covers: "
        "a pseudonymous Patient (no name, address, phone or birth date), EpisodeOfCare, Consent and, as covered, "
        "RelatedPerson, Condition, CarePlan, Goal, ServiceRequest, Task, Observation, QuestionnaireResponse and "
        "Appointment. `consent_id` must name a live `information_sharing` or `service_referral` consent of the "
        "case's survivor, else 422 `fhir.consent_missing`. Roles that only read cases get 403."
    ),
    openapi_extra={
        "responses": {
            "200": {
                "description": "The FHIR R4 Bundle",
                "content": {CONTENT_TYPE: {"schema": {"type": "object", "additionalProperties": True}}},
            }
        }
    },
)
def case_fhir_bundle(request: HttpRequest, case_id: UUID, consent_id: UUID | None = None) -> HttpResponse:
    user = request_user(request)
    case = access_case_for_fhir(user, case_id)
    try:
        export = do_export_fhir(actor=user, case=case, consent_id=consent_id)
    except FhirConsentMissing as exc:
        body = {"code": exc.code, "message": exc.message, "fields": exc.fields}
        return HttpResponse(json.dumps(body), status=422, content_type="application/json")
    response = HttpResponse(json.dumps(export.bundle, ensure_ascii=False), content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response
