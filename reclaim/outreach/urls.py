from __future__ import annotations

from typing import Any

from django.urls import path  # noqa: F401

app_name = "outreach"

urlpatterns: list[Any] = []
