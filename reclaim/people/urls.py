from __future__ import annotations

from django.urls import path

from reclaim.people import views

app_name = "people"

urlpatterns = [
    path("", views.survivor_list, name="list"),
    path("<uuid:survivor_id>/", views.survivor_detail, name="detail"),
]
