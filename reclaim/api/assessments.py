"""Instruments and assessments (DOMAIN.md §6), with the UI's permissions: results (score, band, subscales,
alerts) for case readers who see screen results; the answers themselves for clinicians only."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ErrorOut
from reclaim.assessments import access, actions, presentation, selectors
from reclaim.assessments.forms import text_in
from reclaim.assessments.models import Assessment, AssessmentAlert, Instrument, InstrumentVersion

router = Router(tags=["assessments"])

MAX_RESPONSES = 200


class InstrumentOut(Schema):
    code: str
    name: str
    version: str | None
    licence: str
    shipped: bool
    items: int
    languages: list[str] = Field(
        description="the languages it can be given in (a validated translation each); any other is not available"
    )

    @staticmethod
    def build(instrument: Instrument, version: InstrumentVersion | None) -> InstrumentOut:
        return InstrumentOut(
            code=instrument.code,
            name=instrument.name,
            version=version.version if version else None,
            licence=instrument.licence_note,
            shipped=instrument.agency_id is None,
            items=len(version.definition["items"]) if version else 0,
            languages=list(version.definition.get("languages") or ["en"]) if version else [],
        )


class InstrumentDetailOut(InstrumentOut):
    definition: dict[str, Any] | None


class AssessmentIn(Schema):
    """`responses`: one value per item, in the instrument's order; null skips an item."""

    instrument: str = Field(max_length=40)
    responses: list[Any] = Field(max_length=MAX_RESPONSES)
    administered_on: date | None = None
    language: str = Field(
        default="en", max_length=12, description="the language it was given in: one of the instrument's `languages`"
    )


class AlertOut(Schema):
    id: UUID
    rule: str
    severity: str
    raised_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by_id: UUID | None

    @staticmethod
    def build(alert: AssessmentAlert) -> AlertOut:
        return AlertOut(
            id=alert.pk,
            rule=alert.rule_code,
            severity=alert.severity,
            raised_at=alert.raised_at,
            acknowledged_at=alert.acknowledged_at,
            acknowledged_by_id=alert.acknowledged_by_id,
        )


class AssessmentOut(Schema):
    id: UUID
    instrument: str
    instrument_version: str
    status: str
    mode: str
    administered_on: date | None
    administered_by_id: UUID | None
    language: str = Field(description="the language the instrument was given in (its questions and answers)")
    complete: bool
    incomplete_reason: str
    score: Decimal | None
    band: str
    band_label: str
    subscales: dict[str, str | None]
    result: dict[str, Any]
    alerts: list[str]
    responses: list[int | None] | None = Field(description="clinicians only; null for other roles")
    version: int

    @staticmethod
    def build(assessment: Assessment, *, with_answers: bool) -> AssessmentOut:
        definition = assessment.instrument_version.definition
        band = next((b for b in definition.get("bands", []) if b["code"] == assessment.band), None)
        return AssessmentOut(
            id=assessment.pk,
            instrument=assessment.instrument_version.instrument.code,
            instrument_version=assessment.instrument_version.version,
            status=assessment.status,
            mode=assessment.mode,
            administered_on=assessment.administered_on,
            administered_by_id=assessment.administered_by_id,
            language=assessment.language,
            complete=assessment.complete,
            incomplete_reason=assessment.incomplete_reason,
            score=Decimal(shown) if (shown := presentation.shown_total(definition, assessment.total)) else None,
            band=assessment.band,
            band_label=text_in(band["label"], assessment.language) if band else "",
            subscales=assessment.subscales,
            result=assessment.result,
            alerts=assessment.alerts,
            responses=assessment.answers if with_answers else None,
            version=assessment.version,
        )


class AcknowledgeIn(Schema):
    note: str = Field(max_length=4000)


@router.get("/instruments", response={200: list[InstrumentOut]}, summary="Instruments offered to your agency")
def list_instruments(request: HttpRequest) -> list[InstrumentOut]:
    instruments = selectors.instruments_for_user(request_user(request))
    versions = selectors.current_versions(instruments)
    return [InstrumentOut.build(i, versions.get(i.pk)) for i in instruments]


@router.get(
    "/instruments/{code}",
    response={200: InstrumentDetailOut, 404: ErrorOut},
    summary="One instrument with its current definition (items, options, scoring, bands, alerts)",
)
def get_instrument(request: HttpRequest, code: str) -> InstrumentDetailOut:
    instrument = access.access_instrument_by_code(request_user(request), code)
    version = selectors.current_version(instrument)
    base = InstrumentOut.build(instrument, version)
    return InstrumentDetailOut(**base.dict(), definition=version.definition if version else None)


@router.get(
    "/cases/{uuid:case_id}/assessments",
    response={200: Page[AssessmentOut], 403: ErrorOut, 404: ErrorOut},
    summary="The case's assessments, newest first (audited read; responses for clinicians only)",
)
def list_assessments(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    user = request_user(request)
    case = access.access_case_for_assessments(user, case_id)
    with_answers = selectors.sees_answers(user)
    return paginate(
        selectors.assessments_for_case(user, case), page, lambda a: AssessmentOut.build(a, with_answers=with_answers)
    )


@router.post(
    "/cases/{uuid:case_id}/assessments",
    response={201: AssessmentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record an assessment: scored, stored with its alerts; 422 naming the item if a response is invalid",
)
def record_assessment(request: HttpRequest, case_id: UUID, payload: AssessmentIn) -> Status[Any]:
    user = request_user(request)
    case = access.access_case_for_assessments(user, case_id, for_write=True)
    try:
        assessment = actions.do_record_assessment(
            actor=user,
            case=case,
            instrument_code=payload.instrument,
            answers=payload.responses,
            administered_on=payload.administered_on,
            language=payload.language,
        )
    except actions.InvalidAnswers as exc:
        fields = {_api_field(name): messages for name, messages in exc.fields.items()}
        return Status(422, ErrorOut(code=exc.code, message=exc.message, fields=fields))
    return Status(201, AssessmentOut.build(assessment, with_answers=selectors.sees_answers(user)))


def _api_field(name: str) -> str:
    """`item_9` -> `responses.item_9`: the API body has no item fields, so point into `responses`."""
    return f"responses.{name}" if name.startswith("item_") else name


@router.post(
    "/cases/{uuid:case_id}/assessment-alerts/{uuid:alert_id}/acknowledge",
    response={200: AlertOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Acknowledge an alert with a note on what was done (the note is required)",
)
def acknowledge_alert(request: HttpRequest, case_id: UUID, alert_id: UUID, payload: AcknowledgeIn) -> AlertOut:
    user = request_user(request)
    case = access.access_case_for_assessments(user, case_id, for_write=True)
    alert = access.access_alert(user, case, alert_id, for_write=True)
    return AlertOut.build(actions.do_acknowledge_alert(actor=user, alert=alert, note=payload.note))
