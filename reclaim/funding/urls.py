from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from reclaim.funding import views

app_name = "funding"

urlpatterns: list[URLPattern | URLResolver] = [
    path("funding/", views.grant_list, name="list"),
    path("funding/add/", views.grant_add, name="add"),
    path("funding/<uuid:grant_id>/", views.grant_edit, name="edit"),
    path("funding/<uuid:grant_id>/active/", views.grant_set_active, name="set_active"),
]
