from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import path

from reclaim.legal.views import access as access_views
from reclaim.legal.views import deadlines, le_contacts, matters, outcomes
from reclaim.legal.views import rights as rights_views

if TYPE_CHECKING:
    from django.urls import URLPattern, URLResolver

app_name = "legal"

urlpatterns: list[URLPattern | URLResolver] = [
    # Deadlines and settings
    path("legal/deadlines/", deadlines.deadlines, name="deadlines"),
    path("legal/settings/", deadlines.policy, name="policy"),
    # Rights information
    path("legal/rights/", rights_views.rights_library, name="rights"),
    path("legal/rights/add/", rights_views.rights_add, name="rights_add"),
    path("legal/rights/<uuid:article_id>/", rights_views.rights_article, name="rights_article"),
    path("legal/rights/<uuid:article_id>/edit/", rights_views.rights_edit, name="rights_edit"),
    path("cases/<uuid:case_id>/legal/rights/", rights_views.case_rights, name="case_rights"),
    path(
        "cases/<uuid:case_id>/legal/rights/<uuid:share_id>/withdraw/",
        rights_views.rights_share_withdraw,
        name="rights_share_withdraw",
    ),
    # Privileged material: who sees a case's legal notes and documents
    path("cases/<uuid:case_id>/legal/access/", access_views.case_access, name="access"),
    path("cases/<uuid:case_id>/legal/access/<uuid:grant_id>/revoke/", access_views.access_revoke, name="access_revoke"),
    # Matters: the case's Legal tab and the pages of one matter
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
    # Law-enforcement contact log and legal outcomes
    path("cases/<uuid:case_id>/legal/law-enforcement/", le_contacts.le_contacts, name="le_contacts"),
    path("cases/<uuid:case_id>/legal/law-enforcement/add/", le_contacts.le_contact_add, name="le_contact_add"),
    path(
        "cases/<uuid:case_id>/legal/law-enforcement/<uuid:contact_id>/edit/",
        le_contacts.le_contact_edit,
        name="le_contact_edit",
    ),
    path("legal/outcomes/", outcomes.outcomes, name="outcomes"),
    path("legal/outcomes/export.csv", outcomes.outcomes_csv, name="outcomes_csv"),
]
