"""Secure messages with the case team: the survivor's threads, a new thread, replies, attachments, and
deleting their own message. The survivor is shown nothing about whether staff have read their messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import redirect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from reclaim.connect import message_actions, message_selectors
from reclaim.connect.talk_http import attachment_response
from reclaim.core.errors import DomainError
from reclaim.core.forms import add_domain_errors
from reclaim.portal.http import render_portal, signed_in_account, survivor_required
from reclaim.portal.talk_forms import MessageForm, NewThreadForm

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.connect.models import MessageThread


@survivor_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    account = signed_in_account(request)
    threads = list(message_selectors.threads_for_account(account))
    return render_portal(request, "portal/messages.html", {"threads": threads})


@sensitive_post_parameters("subject", "body")
@survivor_required
@require_http_methods(["GET", "POST"])
def new_thread(request: HttpRequest) -> HttpResponse:
    account = signed_in_account(request)
    if request.method == "GET":
        return render_portal(request, "portal/new_thread.html", {"form": NewThreadForm()})
    form = NewThreadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            thread = message_actions.do_start_thread(
                case=account.case,
                account=account,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data["attachment"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            return redirect("portal:thread", thread_id=thread.pk)
    return render_portal(request, "portal/new_thread.html", {"form": form}, status=400)


def _thread_page(
    request: HttpRequest, thread: MessageThread, form: MessageForm | None = None, status: int = 200
) -> HttpResponse:
    return render_portal(
        request,
        "portal/thread.html",
        {"thread": thread, "thread_messages": message_selectors.messages_in(thread), "form": form or MessageForm()},
        status=status,
    )


@sensitive_post_parameters("body")
@survivor_required
@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, thread_id: UUID) -> HttpResponse:
    account = signed_in_account(request)
    row = message_selectors.thread_for_account(account, thread_id)
    if request.method == "GET":
        message_actions.mark_read_by_survivor(row)
        return _thread_page(request, row)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message_actions.do_send_message(
                thread=row, body=form.cleaned_data["body"], attachment=form.cleaned_data["attachment"]
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            return redirect("portal:thread", thread_id=row.pk)
    return _thread_page(request, row, form, status=400)


@survivor_required
@require_GET
def attachment(request: HttpRequest, thread_id: UUID, attachment_id: UUID) -> HttpResponse:
    account = signed_in_account(request)
    row = message_selectors.thread_for_account(account, thread_id)
    return attachment_response(message_selectors.attachment_in_thread(row, attachment_id))


@survivor_required
@require_http_methods(["GET", "POST"])
def delete_message(request: HttpRequest, thread_id: UUID, message_id: UUID) -> HttpResponse:
    """GET asks to confirm (and says that the team may have read it already); POST deletes."""
    account = signed_in_account(request)
    row = message_selectors.thread_for_account(account, thread_id)
    message = message_selectors.message_in_thread(row, message_id)
    error = ""
    if request.method == "POST":
        try:
            message_actions.do_delete_own_message(account=account, message=message)
        except DomainError as exc:
            error = exc.message
        else:
            if message_selectors.threads_for_account(account).filter(pk=row.pk).exists():
                return redirect("portal:thread", thread_id=row.pk)
            return redirect("portal:messages")
    return render_portal(
        request,
        "portal/delete_message.html",
        {"thread": row, "message": message, "error": error},
        status=400 if error else 200,
    )
