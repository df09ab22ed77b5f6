from __future__ import annotations

from django.urls import path

from reclaim.connect import my_page_views, views

app_name = "connect"

urlpatterns = [
    path("cases/<uuid:case_id>/portal/", views.case_portal, name="case_portal"),
    path("cases/<uuid:case_id>/portal/change/", views.case_portal_change, name="case_portal_change"),
    path("settings/portal/", views.portal_settings, name="settings"),
    path("cases/<uuid:case_id>/portal/their-page/", my_page_views.my_page, name="my_page"),
    path("cases/<uuid:case_id>/portal/their-page/change/", my_page_views.my_page_change, name="my_page_change"),
]
