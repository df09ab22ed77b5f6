from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import path

from reclaim.legal.views import access as access_views
from reclaim.legal.views import deadlines
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
    # privileged material: who sees a case's legal notes and documents (helper "privileged")
    path("cases/<uuid:case_id>/legal/access/", access_views.case_access, name="access"),
    path("cases/<uuid:case_id>/legal/access/<uuid:grant_id>/revoke/", access_views.access_revoke, name="access_revoke"),
]
