from __future__ import annotations

from typing import Any

from django.urls import path

app_name = "interop"

urlpatterns: list[Any] = []

# Legacy import (issue 11 item 2)
from reclaim.interop.views import imports as import_views  # noqa: E402

urlpatterns += [
    path("interop/imports/", import_views.import_list, name="imports"),
    path("interop/imports/new/", import_views.import_new, name="import_new"),
    path("interop/imports/<uuid:run_id>/", import_views.import_run, name="import_run"),
    path("interop/imports/<uuid:run_id>/columns/", import_views.import_columns, name="import_columns"),
    path("interop/imports/<uuid:run_id>/values/", import_views.import_values, name="import_values"),
    path("interop/imports/<uuid:run_id>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("interop/imports/<uuid:run_id>/discard/", import_views.import_discard, name="import_discard"),
]
