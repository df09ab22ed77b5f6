"""Staff pages: a case's portal message threads. Case readers read (which marks the survivor's messages read
for the team); case editors start threads and reply. Staff see whether the survivor has read their messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reclaim.accounts.http import request_user
from reclaim.cases.access import access_case_by_id, can_edit_case
from reclaim.connect import message_actions, message_selectors, selectors
from reclaim.connect.talk_forms import StaffMessageForm, StartThreadForm
from reclaim.connect.talk_http import attachment_response
from reclaim.core.errors import DomainError
from reclaim.core.forms import add_domain_errors

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.connect.models import MessageThread


def _threads_page(
    request: HttpRequest, user: User, case: Case, form: StartThreadForm | None = None, status: int = 200
) -> HttpResponse:
    account = selectors.account_for_case(case)
    context: dict[str, Any] = {
        "case": case,
        "tab": "portal",
        "account": account,
        "threads": list(message_selectors.threads_for_case(case)),
        "can_write": can_edit_case(user, case) and account is not None and account.is_active,
        "form": form or StartThreadForm(),
    }
    return render(request, "connect/case_threads.html", context, status=status)


@require_GET
def case_threads(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    return _threads_page(request, user, case)


@require_POST
def start_thread(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    account = selectors.account_for_case(case)
    form = StartThreadForm(request.POST, request.FILES)
    if account is None or not account.is_active:
        form.add_error(None, _("This person has no active portal access."))
    elif form.is_valid():
        try:
            thread = message_actions.do_start_thread(
                case=case,
                account=account,
                actor=user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data["attachment"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Message sent."))
            return redirect("connect:case_thread", case_id=case.pk, thread_id=thread.pk)
    return _threads_page(request, user, case, form, status=400)


def _thread_page(
    request: HttpRequest,
    user: User,
    case: Case,
    thread: MessageThread,
    *,
    form: StaffMessageForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "case": case,
        "tab": "portal",
        "thread": thread,
        "thread_messages": message_selectors.messages_in(thread),
        "can_write": can_edit_case(user, case) and thread.account.is_active,
        "form": form or StaffMessageForm(),
    }
    return render(request, "connect/case_thread.html", context, status=status)


@require_GET
def case_thread(request: HttpRequest, case_id: UUID, thread_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    thread = message_selectors.thread_for_case(case, thread_id)
    message_actions.mark_read_by_staff(thread)
    return _thread_page(request, user, case, thread)


@require_POST
def thread_reply(request: HttpRequest, case_id: UUID, thread_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    thread = message_selectors.thread_for_case(case, thread_id)
    form = StaffMessageForm(request.POST, request.FILES)
    if not thread.account.is_active:
        form.add_error(None, _("This person's portal access is not active: they cannot read new messages."))
    elif form.is_valid():
        try:
            message_actions.do_send_message(
                thread=thread, actor=user, body=form.cleaned_data["body"], attachment=form.cleaned_data["attachment"]
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Message sent."))
            return redirect("connect:case_thread", case_id=case.pk, thread_id=thread.pk)
    return _thread_page(request, user, case, thread, form=form, status=400)


@require_GET
def thread_attachment(request: HttpRequest, case_id: UUID, thread_id: UUID, attachment_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    thread = message_selectors.thread_for_case(case, thread_id)
    attachment = message_selectors.attachment_in_thread(thread, attachment_id)
    return attachment_response(attachment)
