from __future__ import annotations

from django.urls import path

from reclaim.connect import views

app_name = "connect"

urlpatterns = [
    path("cases/<uuid:case_id>/portal/", views.case_portal, name="case_portal"),
    path("cases/<uuid:case_id>/portal/change/", views.case_portal_change, name="case_portal_change"),
    path("settings/portal/", views.portal_settings, name="settings"),
]
