from __future__ import annotations

from django.urls import path

from reclaim.people import views

app_name = "people"

urlpatterns = [
    path("", views.survivor_list, name="list"),
    path("<uuid:survivor_id>/", views.survivor_detail, name="detail"),
    path("<uuid:survivor_id>/details/", views.survivor_edit, name="edit"),
    path("<uuid:survivor_id>/people/add/", views.relation_add, name="relation_add"),
    path("<uuid:survivor_id>/people/contact-safety/", views.contact_safety, name="contact_safety"),
    path("<uuid:survivor_id>/people/<uuid:relation_id>/", views.relation_edit, name="relation_edit"),
    path("<uuid:survivor_id>/people/<uuid:relation_id>/archive/", views.relation_archive, name="relation_archive"),
]
