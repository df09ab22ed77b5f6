from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import path

from reclaim.legal.views import deadlines

if TYPE_CHECKING:
    from django.urls import URLPattern, URLResolver

app_name = "legal"

urlpatterns: list[URLPattern | URLResolver] = [
    path("legal/deadlines/", deadlines.deadlines, name="deadlines"),
    path("legal/settings/", deadlines.policy, name="policy"),
]
