from __future__ import annotations

from typing import Any

app_name = "interop"

urlpatterns: list[Any] = []

# FHIR R4 export of a case (issue 11 item 3)
from django.urls import path  # noqa: E402

from reclaim.interop.views import fhir as fhir_views  # noqa: E402

urlpatterns += [
    path("cases/<uuid:case_id>/fhir/", fhir_views.case_fhir, name="case_fhir"),
]
