from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.urls import URLPattern, URLResolver

app_name = "legal"

urlpatterns: list[URLPattern | URLResolver] = []

# Rights information (helper "rights")
from django.urls import path  # noqa: E402

from reclaim.legal.views import rights as rights_views  # noqa: E402

urlpatterns += [
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
]
