"""Reads about secure messages, scoped by the caller: the survivor's own threads, a case's threads (after the
case gate), and the unread count for the workers of a case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404

from reclaim.cases.models import CaseAssignment
from reclaim.cases.selectors import cases_for_user
from reclaim.cases.state import CaseStatus
from reclaim.connect.models import MessageAttachment, MessageThread, PortalMessage

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.connect.models import PortalAccount

PANEL_LIMIT = 20


def threads_for_account(account: PortalAccount) -> QuerySet[MessageThread]:
    """The survivor's threads, latest first, with how many of the team's messages are new to them."""
    return (
        MessageThread.objects.filter(account=account)
        .annotate(
            unread=Count("messages", filter=Q(messages__from_survivor=False, messages__read_by_survivor_at=None)),
            message_count=Count("messages"),
        )
        .order_by("-last_message_at")
    )


def thread_for_account(account: PortalAccount, thread_id: Any) -> MessageThread:
    """The survivor's own thread, or 404 (another person's thread looks missing)."""
    thread = MessageThread.objects.filter(account=account, pk=thread_id).select_related("case", "account").first()
    if thread is None:
        raise Http404
    return thread


def threads_for_case(case: Case) -> QuerySet[MessageThread]:
    """A case's threads, latest first, with the survivor's messages the team has not read yet."""
    return (
        MessageThread.objects.filter(case=case)
        .select_related("started_by")
        .annotate(
            unread=Count("messages", filter=Q(messages__from_survivor=True, messages__read_by_staff_at=None)),
            message_count=Count("messages"),
        )
        .order_by("-last_message_at")
    )


def thread_for_case(case: Case, thread_id: Any) -> MessageThread:
    thread = MessageThread.objects.filter(case=case, pk=thread_id).select_related("case", "account").first()
    if thread is None:
        raise Http404
    return thread


def messages_in(thread: MessageThread) -> list[PortalMessage]:
    """The thread's messages, oldest first, with authors and attachments (two queries)."""
    return list(
        PortalMessage.objects.filter(thread=thread)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=MessageAttachment.objects.order_by("created_at")))
        .order_by("created_at")
    )


def message_in_thread(thread: MessageThread, message_id: Any) -> PortalMessage:
    message = PortalMessage.objects.filter(thread=thread, pk=message_id).first()
    if message is None:
        raise Http404
    return message


def attachment_in_thread(thread: MessageThread, attachment_id: Any) -> MessageAttachment:
    attachment = MessageAttachment.objects.filter(message__thread=thread, pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return attachment


def unread_threads_for_staff(user: User, *, limit: int = PANEL_LIMIT) -> list[MessageThread]:
    """Threads with survivor messages the team has not read, on open cases this user works on (lead or
    assigned). One query; only the case number is loaded from the case."""
    mine = Exists(CaseAssignment.objects.filter(case=OuterRef("case_id"), user_id=user.pk))
    rows = (
        MessageThread.objects.filter(case__in=cases_for_user(user))
        .filter(mine | Q(case__lead_worker_id=user.pk))
        .exclude(case__status=CaseStatus.CLOSED)
        .annotate(unread=Count("messages", filter=Q(messages__from_survivor=True, messages__read_by_staff_at=None)))
        .filter(unread__gt=0)
        .select_related("case")
        .only("case_id", "case__number", "last_message_at", "agency_id")
        .order_by("-last_message_at")[:limit]
    )
    return list(rows)


def unread_count_for_survivor(account: PortalAccount) -> int:
    """How many of the team's messages the survivor has not opened yet (one query)."""
    return PortalMessage.objects.filter(
        thread__account=account, from_survivor=False, read_by_survivor_at__isnull=True
    ).count()
