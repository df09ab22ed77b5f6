from __future__ import annotations

from typing import Any

app_name = "interop"

urlpatterns: list[Any] = []

# Webhooks (issue 11 item 5)
from django.urls import path  # noqa: E402

from reclaim.interop.views import webhooks  # noqa: E402

urlpatterns += [
    path("interop/webhooks/", webhooks.webhook_list, name="webhooks"),
    path("interop/webhooks/add/", webhooks.webhook_add, name="webhook_add"),
    path("interop/webhooks/<uuid:subscription_id>/", webhooks.webhook_detail, name="webhook_detail"),
    path("interop/webhooks/<uuid:subscription_id>/edit/", webhooks.webhook_edit, name="webhook_edit"),
    path("interop/webhooks/<uuid:subscription_id>/pause/", webhooks.webhook_toggle, name="webhook_toggle"),
    path("interop/webhooks/<uuid:subscription_id>/secret/", webhooks.webhook_rotate, name="webhook_rotate"),
    path("interop/webhooks/<uuid:subscription_id>/delete/", webhooks.webhook_delete, name="webhook_delete"),
    path("interop/webhooks/<uuid:subscription_id>/ping/", webhooks.webhook_ping, name="webhook_ping"),
    path(
        "interop/webhooks/<uuid:subscription_id>/deliveries/<uuid:delivery_id>/retry/",
        webhooks.webhook_delivery_retry,
        name="webhook_delivery_retry",
    ),
]
