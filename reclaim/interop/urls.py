from __future__ import annotations

from typing import Any

from django.urls import path

from reclaim.interop.views import fhir as fhir_views
from reclaim.interop.views import imports as import_views
from reclaim.interop.views import webhooks

app_name = "interop"

urlpatterns: list[Any] = []

# Legacy import (issue 11 item 2)
urlpatterns += [
    path("interop/imports/", import_views.import_list, name="imports"),
    path("interop/imports/new/", import_views.import_new, name="import_new"),
    path("interop/imports/<uuid:run_id>/", import_views.import_run, name="import_run"),
    path("interop/imports/<uuid:run_id>/columns/", import_views.import_columns, name="import_columns"),
    path("interop/imports/<uuid:run_id>/values/", import_views.import_values, name="import_values"),
    path("interop/imports/<uuid:run_id>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("interop/imports/<uuid:run_id>/discard/", import_views.import_discard, name="import_discard"),
]

# Webhooks (issue 11 item 5)
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

# FHIR R4 export of a case (issue 11 item 3)
urlpatterns += [
    path("cases/<uuid:case_id>/fhir/", fhir_views.case_fhir, name="case_fhir"),
]
