"""Configuration only: agencies and teams. Survivor data is never registered here (the admin bypasses access.py)."""

from __future__ import annotations

from django.contrib import admin

from reclaim.accounts.models import Agency, Team


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ("name", "slug", "org_type", "country", "is_active")
    search_fields = ("name", "slug")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("name", "agency")
    list_filter = ("agency",)
