"""Webhook pages for agency admins: subscriptions (add, edit, pause/resume, rotate the secret, delete, send a
test ping) and each subscription's delivery log (with "try again now" for failed deliveries)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.interop import webhooks_access as access
from reclaim.interop import webhooks_actions as actions
from reclaim.interop import webhooks_selectors as selectors
from reclaim.interop.webhooks_events import EVENT_TYPES
from reclaim.interop.webhooks_forms import SubscriptionForm

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.interop.webhooks_models import WebhookSubscription

PAGE_SIZE = 25


@require_GET
def webhook_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_webhook_admin(user)
    return render(
        request,
        "interop/webhooks_list.html",
        {"subscriptions": selectors.subscription_list(user), "labels": EVENT_TYPES},
    )


def _secret_page(request: HttpRequest, subscription: WebhookSubscription, secret: str, *, new: bool) -> HttpResponse:
    return render(request, "interop/webhooks_secret.html", {"subscription": subscription, "secret": secret, "new": new})


@require_http_methods(["GET", "POST"])
def webhook_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_webhook_admin(user)
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            subscription, secret = actions.do_create_subscription(
                actor=user,
                agency=agency,
                target_url=data["target_url"],
                event_types=data["event_types"],
                description=data["description"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            return _secret_page(request, subscription, secret, new=True)
    return render(request, "interop/webhooks_form.html", {"form": form, "subscription": None})


@require_http_methods(["GET", "POST"])
def webhook_edit(request: HttpRequest, subscription_id: UUID) -> HttpResponse:
    user = request_user(request)
    subscription = access.access_subscription_by_id(user, subscription_id, for_write=True)
    initial = {
        "version": subscription.version,
        "target_url": subscription.target_url,
        "description": subscription.description,
        "event_types": subscription.event_types,
    }
    form = SubscriptionForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_update_subscription(
                actor=user,
                subscription=subscription,
                expected_version=data["version"] or 0,
                target_url=data["target_url"],
                event_types=data["event_types"],
                description=data["description"],
            )
        except EditConflict as exc:
            conflict = exc
            posted = request.POST.copy()
            posted["version"] = str(exc.current_version)
            form = SubscriptionForm(posted)
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Webhook saved."))
            return redirect("interop:webhook_detail", subscription.pk)
    labels = {name: form.fields[name].label for name in form.fields}
    return render(
        request,
        "interop/webhooks_form.html",
        {"form": form, "subscription": subscription, "conflict": conflict, "labels": labels},
    )


@require_GET
def webhook_detail(request: HttpRequest, subscription_id: UUID) -> HttpResponse:
    user = request_user(request)
    subscription = access.access_subscription_by_id(user, subscription_id)
    page = Paginator(selectors.deliveries_for(subscription), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interop/webhooks_detail.html",
        {
            "subscription": subscription,
            "page": page,
            "labels": EVENT_TYPES,
            "retryable": [str(status) for status in actions.RETRYABLE],
        },
    )


@require_POST
def webhook_toggle(request: HttpRequest, subscription_id: UUID) -> HttpResponse:
    user = request_user(request)
    subscription = access.access_subscription_by_id(user, subscription_id, for_write=True)
    active = not subscription.is_active
    actions.do_set_subscription_active(actor=user, subscription=subscription, active=active)
    messages.success(
        request, _("Webhook resumed.") if active else _("Webhook paused: nothing is sent until you resume it.")
    )
    return redirect("interop:webhook_detail", subscription.pk)


@require_POST
def webhook_rotate(request: HttpRequest, subscription_id: UUID) -> HttpResponse:
    user = request_user(request)
    subscription = access.access_subscription_by_id(user, subscription_id, for_write=True)
    subscription, secret = actions.do_rotate_secret(actor=user, subscription=subscription)
    return _secret_page(request, subscription, secret, new=False)


@require_http_methods(["GET", "POST"])
def webhook_delete(request: HttpRequest, subscription_id: UUID) -> HttpResponse:
    user = request_user(request)
    subscription = access.access_subscription_by_id(user, subscription_id, for_write=True)
    if request.method == "POST":
        actions.do_delete_subscription(actor=user, subscription=subscription)
        messages.success(request, _("Webhook deleted. Nothing more will be sent to that address."))
        return redirect("interop:webhooks")
    return render(request, "interop/webhooks_delete.html", {"subscription": subscription})


@require_POST
def webhook_ping(request: HttpRequest, subscription_id: UUID) -> HttpResponse:
    user = request_user(request)
    subscription = access.access_subscription_by_id(user, subscription_id, for_write=True)
    actions.do_send_ping(actor=user, subscription=subscription)
    messages.success(request, _("Test ping queued. Its result appears in the delivery log below."))
    return redirect("interop:webhook_detail", subscription.pk)


@require_POST
def webhook_delivery_retry(request: HttpRequest, subscription_id: UUID, delivery_id: UUID) -> HttpResponse:
    user = request_user(request)
    subscription, delivery = access.access_delivery(user, subscription_id, delivery_id)
    try:
        actions.do_retry_delivery(actor=user, delivery=delivery)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Delivery queued to be tried again now."))
    return redirect("interop:webhook_detail", subscription.pk)
