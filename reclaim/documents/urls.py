from __future__ import annotations

from django.urls import path

from reclaim.documents import views

app_name = "documents"

# Included at the site root: the case tab sits under /cases/, the survivor list under /survivors/.
urlpatterns = [
    path("cases/<uuid:case_id>/documents/", views.case_documents, name="case_documents"),
    path("cases/<uuid:case_id>/documents/upload/", views.case_upload, name="case_upload"),
    path("survivors/<uuid:survivor_id>/documents/", views.survivor_documents, name="survivor_documents"),
    path("survivors/<uuid:survivor_id>/documents/upload/", views.survivor_upload, name="survivor_upload"),
    path("documents/<uuid:document_id>/", views.document_detail, name="detail"),
    path("documents/<uuid:document_id>/versions/", views.document_add_version, name="add_version"),
    path("documents/<uuid:document_id>/archive/", views.document_archive, name="archive"),
    path(
        "documents/<uuid:document_id>/versions/<int:number>/content/",
        views.document_download,
        name="download",
    ),
]
