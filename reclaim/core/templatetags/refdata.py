"""Template filters for shipped reference data shown in the reader's language (reclaim/core/refdata.py)."""

from __future__ import annotations

from django import template

from reclaim.core.iso3166 import country_name as _country_name

register = template.Library()


@register.filter
def country_name(code: str | None) -> str:
    """`{{ location.country|country_name }}`: an ISO 3166 code as the country's name in the active language."""
    return _country_name(code or "")
