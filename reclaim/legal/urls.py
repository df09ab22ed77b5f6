from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import path

from reclaim.legal.views import matters

if TYPE_CHECKING:
    from django.urls import URLPattern, URLResolver

app_name = "legal"

urlpatterns: list[URLPattern | URLResolver] = []

# Matters (helper "matters"): the case's Legal tab and the pages of one matter.
urlpatterns += [
    path("cases/<uuid:case_id>/legal/", matters.case_matters, name="case_matters"),
    path("cases/<uuid:case_id>/legal/open/", matters.matter_open, name="matter_open"),
    path("legal/matters/<uuid:matter_id>/", matters.matter_detail, name="matter"),
    path("legal/matters/<uuid:matter_id>/details/", matters.matter_edit, name="matter_edit"),
    path("legal/matters/<uuid:matter_id>/step/", matters.matter_step, name="matter_step"),
    path("legal/matters/<uuid:matter_id>/close/", matters.matter_close, name="matter_close"),
    path("legal/matters/<uuid:matter_id>/deadlines/add/", matters.deadline_add, name="deadline_add"),
    path("legal/matters/<uuid:matter_id>/deadlines/<uuid:deadline_id>/", matters.deadline_edit, name="deadline_edit"),
    path(
        "legal/matters/<uuid:matter_id>/deadlines/<uuid:deadline_id>/done/", matters.deadline_done, name="deadline_done"
    ),
    path("legal/matters/<uuid:matter_id>/documents/add/", matters.matter_document_add, name="matter_document_add"),
    path("legal/matters/<uuid:matter_id>/notes/add/", matters.matter_note_add, name="matter_note_add"),
]
