"""`{% relief_from_matters case as relief %}`: the names of the relief a case's legal matters obtained (T visa,
HHS certification, ...), for the case overview's closure details (one query). Cases templates load this
library at render time; the cases app itself never imports legal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from reclaim.legal.outcomes import relief_for_case, relief_label

if TYPE_CHECKING:
    from reclaim.cases.models import Case

register = template.Library()


@register.simple_tag
def relief_from_matters(case: Case) -> list[str]:
    return [relief_label(code) for code in relief_for_case(case)]
