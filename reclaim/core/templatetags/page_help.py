"""`{% page_help %}`: the "About this page" disclosure of the page being rendered (core/page_help.py), found by
the request's URL name. base.html calls it once; a page without an entry renders nothing."""

from __future__ import annotations

from typing import Any

from django import template

from reclaim.core.page_help import help_for

register = template.Library()


@register.inclusion_tag("core/page_help.html", takes_context=True)
def page_help(context: template.Context) -> dict[str, Any]:
    match = getattr(context.get("request"), "resolver_match", None)
    return {"paragraphs": help_for(match.view_name) if match is not None else ()}
