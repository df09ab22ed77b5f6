"""The survivor's own portal page, from the staff side (issue 9 item 4; issue 11): documents shared with them,
questionnaires sent to their page, and consents they took back there. Same gates and actions as
reclaim/connect/my_page_views.py: the case gate first (404 for outsiders, reads audited), then the right to
write (403): sharing needs the right to manage portal access, a questionnaire the right to record assessments
(and its status is shown only to those who see screen results), acknowledging the right to edit the case."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ErrorOut
from reclaim.assessments import selectors as assessment_selectors
from reclaim.assessments.access import can_record_assessments
from reclaim.assessments.models import Assessment
from reclaim.assessments.portal_actions import do_assign_portal_assessment
from reclaim.cases.access import access_case_by_id
from reclaim.cases.models import Case
from reclaim.connect import access, home_selectors, selectors, share_actions
from reclaim.connect.models import PortalAccount, PortalConsentNotice, PortalShare
from reclaim.documents.selectors import documents_for_case

router = Router(tags=["portal"])


class PortalShareOut(Schema):
    id: UUID
    document_id: UUID
    document_title: str | None
    document_kind: str
    shared_at: datetime
    shared_by_id: UUID | None
    withdrawn_at: datetime | None
    withdrawn_by_id: UUID | None
    live: bool

    @staticmethod
    def from_row(row: PortalShare) -> PortalShareOut:
        return PortalShareOut(
            id=row.pk,
            document_id=row.document_id,
            document_title=row.document.title,
            document_kind=row.document.kind,
            shared_at=row.shared_at,
            shared_by_id=row.shared_by_id,
            withdrawn_at=row.withdrawn_at,
            withdrawn_by_id=row.withdrawn_by_id,
            live=row.is_live,
        )


class PortalShareIn(Schema):
    document_id: UUID


class PortalQuestionnaireOut(Schema):
    id: UUID
    instrument_code: str
    instrument_name: str
    status: str = Field(description="`assigned` while waiting for their answers, then the assessment's status.")
    created_at: datetime
    assigned_by_id: UUID | None

    @staticmethod
    def from_row(row: Assessment) -> PortalQuestionnaireOut:
        instrument = row.instrument_version.instrument
        return PortalQuestionnaireOut(
            id=row.pk,
            instrument_code=instrument.code,
            instrument_name=instrument.name,
            status=row.status,
            created_at=row.created_at,
            assigned_by_id=row.assigned_by_id,
        )


class PortalQuestionnaireIn(Schema):
    instrument: str = Field(min_length=1, max_length=64, description="An instrument code of the agency.")


class ConsentNoticeOut(Schema):
    id: UUID
    consent_id: UUID
    consent_purpose: str
    raised_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by_id: UUID | None

    @staticmethod
    def from_row(row: PortalConsentNotice) -> ConsentNoticeOut:
        return ConsentNoticeOut(
            id=row.pk,
            consent_id=row.consent_id,
            consent_purpose=row.consent.purpose,
            raised_at=row.raised_at,
            acknowledged_at=row.acknowledged_at,
            acknowledged_by_id=row.acknowledged_by_id,
        )


def _share(case: Case, share_id: Any) -> PortalShare:
    share = home_selectors.share_for_case(case, share_id)
    if share is None:
        raise Http404
    return share


def _notice(case: Case, notice_id: Any) -> PortalConsentNotice:
    notice = home_selectors.notice_for_case(case, notice_id)
    if notice is None:
        raise Http404
    return notice


def _account(case: Case) -> PortalAccount:
    account = selectors.account_for_case(case)
    if account is None:
        raise Http404
    return account


@router.get(
    "/cases/{uuid:case_id}/portal/shares",
    response={200: Page[PortalShareOut], 404: ErrorOut},
    summary="Documents of the case shared with the survivor's portal page (live and withdrawn, newest first); "
    "only documents the caller may read",
)
def list_shares(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    readable = documents_for_case(user, case).values("pk")
    return paginate(
        home_selectors.shares_for_case(case).filter(document_id__in=readable), page, PortalShareOut.from_row
    )


@router.post(
    "/cases/{uuid:case_id}/portal/shares",
    response={201: PortalShareOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Share a document of the case with the survivor: they see and download it on their page until it is "
    "withdrawn (privileged legal material: the legal team only); 404 without open portal access",
)
def share_document(request: HttpRequest, case_id: UUID, payload: PortalShareIn) -> Status[PortalShareOut]:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    access.require_can_manage_portal_access(user, case)
    account = _account(case)
    document = documents_for_case(user, case).filter(pk=payload.document_id).first()
    if document is None:
        raise Http404
    share = share_actions.do_share_document(actor=user, account=account, document=document)
    return Status(201, PortalShareOut.from_row(_share(case, share.pk)))


@router.post(
    "/cases/{uuid:case_id}/portal/shares/{uuid:share_id}/withdraw",
    response={200: PortalShareOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Stop sharing a document: from now on they no longer see or download it",
)
def withdraw_share(request: HttpRequest, case_id: UUID, share_id: UUID) -> PortalShareOut:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    access.require_can_manage_portal_access(user, case)
    readable = documents_for_case(user, case).values("pk")
    share = home_selectors.shares_for_case(case).filter(document_id__in=readable, pk=share_id).first()
    if share is None:
        raise Http404
    share_actions.do_withdraw_share(actor=user, share=share)
    return PortalShareOut.from_row(_share(case, share.pk))


@router.get(
    "/cases/{uuid:case_id}/portal/questionnaires",
    response={200: Page[PortalQuestionnaireOut], 403: ErrorOut, 404: ErrorOut},
    summary="Questionnaires sent to the survivor's portal page, waiting ones first (for staff who see screen "
    "results; the answers are under the case's assessments)",
)
def list_questionnaires(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    if not assessment_selectors.sees_results(user):
        raise PermissionDenied
    return paginate(home_selectors.portal_assessments_for_case(case), page, PortalQuestionnaireOut.from_row)


@router.post(
    "/cases/{uuid:case_id}/portal/questionnaires",
    response={201: PortalQuestionnaireOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Send a questionnaire to the survivor's portal page, in their language when it has it; 404 without "
    "open portal access, 400 for an instrument the agency does not have",
)
def assign_questionnaire(
    request: HttpRequest, case_id: UUID, payload: PortalQuestionnaireIn
) -> Status[PortalQuestionnaireOut]:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    if not can_record_assessments(user, case):
        raise PermissionDenied
    assessment = do_assign_portal_assessment(actor=user, account=_account(case), instrument_code=payload.instrument)
    row = home_selectors.portal_assessments_for_case(case).get(pk=assessment.pk)
    return Status(201, PortalQuestionnaireOut.from_row(row))


@router.get(
    "/cases/{uuid:case_id}/portal/consent-notices",
    response={200: Page[ConsentNoticeOut], 404: ErrorOut},
    summary="Consents the survivor took back in the portal, open ones first",
)
def list_consent_notices(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    case = access_case_by_id(request_user(request), case_id)
    return paginate(home_selectors.notices_for_case(case), page, ConsentNoticeOut.from_row)


@router.post(
    "/cases/{uuid:case_id}/portal/consent-notices/{uuid:notice_id}/acknowledgement",
    response={200: ConsentNoticeOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Acknowledge that the survivor took a consent back (400 when it was already acknowledged)",
)
def acknowledge_consent_notice(request: HttpRequest, case_id: UUID, notice_id: UUID) -> ConsentNoticeOut:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)  # editors only: readers get 403
    notice = share_actions.do_acknowledge_consent_notice(actor=user, notice=_notice(case, notice_id))
    return ConsentNoticeOut.from_row(_notice(case, notice.pk))
