from __future__ import annotations

from django.urls import path

from reclaim.retention import views

app_name = "retention"

urlpatterns = [
    path("retention/", views.policy, name="policy"),
    path("retention/preview/", views.preview, name="preview"),
    path("retention/holds/", views.holds, name="holds"),
    path("retention/holds/<uuid:hold_id>/lift/", views.lift_hold, name="lift_hold"),
    path("retention/cases/<uuid:case_id>/holds/", views.case_holds, name="case_holds"),
    path("retention/cases/<uuid:case_id>/erasure/", views.erasure_new, name="erasure_new"),
    path("retention/erasure/", views.erasure_list, name="erasure_list"),
    path("retention/erasure/<uuid:request_id>/decide/", views.erasure_decide, name="erasure_decide"),
]
