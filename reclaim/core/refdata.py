"""Shipped reference labels, shown in the reader's language (docs/architecture.md, "Languages").

Reclaim ships reference data as rows: the service taxonomy, the outcome domains, the legal matter types
and their steps, report templates. Each row keeps its stable code and its English label in the database;
rows an agency adds keep exactly what the agency typed. Display goes through the translation catalogue at
render time, and only for shipped rows: `shipped_label(row.label, SERVICE_TYPE, shipped=row.is_shipped)`.

The data modules mark their English strings with `pgettext_noop(CONTEXT, "...")` so `make messages`
collects them (reclaim/core/management/commands/makemessages.py teaches xgettext that keyword). A
context per kind of label keeps short words apart from the same words elsewhere in the interface: the
step "Denied" of a T visa and a denied request may need different words (or genders) in French.
"""

from __future__ import annotations

from django.utils.translation import pgettext

# Message contexts, one per kind of shipped label. The data modules spell them out as literals (xgettext
# only reads literals); tests check that every shipped label is found under its context.
SERVICE_CATEGORY = "service category"
SERVICE_CATEGORY_INCLUDES = "service category includes"
SERVICE_TYPE = "service type"
OUTCOME_SCALE = "outcome scale"
OUTCOME_DOMAIN = "outcome domain"
OUTCOME_QUESTION = "outcome question"
LEGAL_MATTER_TYPE = "legal matter type"
LEGAL_MATTER_DESCRIPTION = "legal matter type description"
LEGAL_STEP = "legal step"
LEGAL_DEADLINE = "legal deadline"
REPORT_TEMPLATE = "report template"
EXPORT_COLUMN = "export column"


def pgettext_noop(context: str, message: str) -> str:
    """Mark `message` for the catalogue under `context`, and return it unchanged (English, for the database)."""
    del context  # only xgettext reads it
    return message


def shipped_label(text: str, context: str, *, shipped: bool = True) -> str:
    """`text` in the active language when it is a shipped label; an agency's own text exactly as typed.

    A shipped label that the catalogue does not know (a newer data set than the catalogue) stays English."""
    if not shipped or not text:
        return text
    return pgettext(context, text)
