from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import path

from reclaim.legal.views import access as access_views

if TYPE_CHECKING:
    from django.urls import URLPattern, URLResolver

app_name = "legal"

urlpatterns: list[URLPattern | URLResolver] = [
    # privileged material: who sees a case's legal notes and documents (helper "privileged")
    path("cases/<uuid:case_id>/legal/access/", access_views.case_access, name="access"),
    path("cases/<uuid:case_id>/legal/access/<uuid:grant_id>/revoke/", access_views.access_revoke, name="access_revoke"),
]
