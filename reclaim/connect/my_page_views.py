"""Staff page about the survivor's own portal page (issue 9 item 4), reached from the case's Portal tab:
share or withdraw case documents, assign a questionnaire for the portal, and acknowledge consents the person
took back in the portal. Case gate first (404 for outsiders; reads audited), then the right to write (403)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.assessments import selectors as assessment_selectors
from reclaim.assessments.access import can_record_assessments
from reclaim.assessments.portal_actions import do_assign_portal_assessment
from reclaim.cases.access import access_case_by_id, can_edit_case
from reclaim.connect import access, home_selectors, selectors, share_actions
from reclaim.connect.models import AccessStatus
from reclaim.core.errors import DomainError
from reclaim.documents.selectors import documents_for_case

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.connect.models import PortalAccount


def _context(user: User, case: Case) -> dict[str, Any]:
    account = selectors.account_for_case(case)
    shares = list(home_selectors.shares_for_case(case)) if account else []
    live = {share.document_id: share for share in shares if share.is_live}
    documents = [d for d in documents_for_case(user, case) if not d.is_archived] if account else []
    sees_results = assessment_selectors.sees_results(user)
    open_account = account is not None and account.status != AccessStatus.CLOSED
    return {
        "case": case,
        "tab": "portal",
        "account": account,
        "documents": [(document, live.get(document.pk)) for document in documents],
        "shares": shares,
        "can_share": open_account and access.can_manage_portal_access(user, case),
        "sees_results": sees_results,
        "questionnaires": list(home_selectors.portal_assessments_for_case(case)) if sees_results and account else [],
        "instruments": list(assessment_selectors.instruments_for_agency(case.agency_id)) if sees_results else [],
        "can_assign": open_account and can_record_assessments(user, case),
        "notices": list(home_selectors.notices_for_case(case)),
        "can_acknowledge": can_edit_case(user, case),
    }


@require_http_methods(["GET"])
def my_page(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    return render(request, "connect/their_page.html", _context(user, case))


def _account(case: Case) -> PortalAccount:
    account = selectors.account_for_case(case)
    if account is None:
        raise Http404
    return account


def _share(user: User, case: Case, request: HttpRequest) -> str:
    access.require_can_manage_portal_access(user, case)
    account = _account(case)
    document = documents_for_case(user, case).filter(pk=_uuid(request.POST.get("document", ""))).first()
    if document is None:
        raise Http404
    share_actions.do_share_document(actor=user, account=account, document=document)
    return _("Shared. They can see and download it on their page now.")


def _withdraw(user: User, case: Case, request: HttpRequest) -> str:
    access.require_can_manage_portal_access(user, case)
    share = home_selectors.share_for_case(case, _uuid(request.POST.get("share", "")))
    if share is None:
        raise Http404
    share_actions.do_withdraw_share(actor=user, share=share)
    return _("No longer shared. They cannot see or download it any more.")


def _assign(user: User, case: Case, request: HttpRequest) -> str:
    if not can_record_assessments(user, case):
        raise PermissionDenied
    do_assign_portal_assessment(actor=user, account=_account(case), instrument_code=request.POST.get("instrument", ""))
    return _("Questionnaire sent. It is on their page now.")


def _acknowledge(user: User, case: Case, request: HttpRequest) -> str:
    notice = home_selectors.notice_for_case(case, _uuid(request.POST.get("notice", "")))
    if notice is None:
        raise Http404
    share_actions.do_acknowledge_consent_notice(actor=user, notice=notice)
    return _("Acknowledged.")


def _uuid(value: str) -> str:
    """The id from the form, or a nil id that matches nothing (so a bad value answers 404)."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return str(uuid.UUID(int=0))


_CHANGES = {"share": _share, "withdraw": _withdraw, "assign": _assign, "acknowledge": _acknowledge}


@require_POST
def my_page_change(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    handler = _CHANGES.get(request.POST.get("change", ""))
    if handler is None:
        messages.error(request, _("Choose what to do."))
        return redirect("connect:my_page", case_id=case.pk)
    try:
        done = handler(user, case, request)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("connect:my_page", case_id=case.pk)
