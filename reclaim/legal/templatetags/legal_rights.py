"""Filters for the rights pages: a language code's name, and a page's text as paragraphs."""

from __future__ import annotations

import re

from django import template

from reclaim.legal.rights_forms import language_name as _language_name

register = template.Library()

_BLANK_LINE = re.compile(r"\n\s*\n")


@register.filter
def language_name(code: str) -> str:
    return _language_name(code or "")


@register.filter
def paragraphs(body: str) -> list[str]:
    """Plain text split on blank lines (the template escapes each paragraph; nothing here is marked safe)."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return [p.strip() for p in _BLANK_LINE.split(text) if p.strip()]
