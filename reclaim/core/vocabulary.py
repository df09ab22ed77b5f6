"""Reads and checks of reference vocabularies: the standard's terms plus one agency's own extensions.

Every layer uses these (forms, actions, the API), so they live in core and take an agency id (or any
object with a `pk`), never a user.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reclaim.core.errors import DomainError
from reclaim.core.models import Term, Vocabulary

if TYPE_CHECKING:
    from collections.abc import Iterable
    from uuid import UUID

# Agency codes: a letter, then letters, digits or underscores; an "x_" prefix keeps them apart from the
# standard's CamelCase codes in exports.
AGENCY_CODE_PATTERN = re.compile(r"^x_[A-Za-z][A-Za-z0-9_]{1,50}$")


def _agency_id(agency: Any) -> UUID | None:
    return getattr(agency, "pk", agency)  # type: ignore[no-any-return]


def vocabularies() -> QuerySet[Vocabulary]:
    return Vocabulary.objects.order_by("code")


def vocabulary_by_code(code: str) -> Vocabulary | None:
    return Vocabulary.objects.filter(code=code).first()


def terms(vocabulary_code: str, agency: Any, *, include_retired: bool = False) -> QuerySet[Term]:
    """The standard's terms plus this agency's own, in display order; active ones unless asked otherwise."""
    agency_id = _agency_id(agency)
    visible = Q(agency__isnull=True) | Q(agency_id=agency_id) if agency_id else Q(agency__isnull=True)
    rows = Term.objects.filter(visible, vocabulary__code=vocabulary_code)
    if not include_retired:
        rows = rows.filter(retired=False)
    return rows.order_by(F("agency_id").asc(nulls_first=True), "sort", "label")  # the standard's terms first


def display_label(term: Term) -> str:
    """The standard's English labels go through the translation catalogue; agency labels are shown as typed."""
    return gettext(term.label) if term.agency_id is None else term.label


def choices(vocabulary_code: str, agency: Any) -> list[tuple[str, str]]:
    """(code, label) pairs of the active terms, standard first, for a form or a schema."""
    rows = sorted(terms(vocabulary_code, agency), key=lambda t: (t.agency_id is not None, t.sort, t.label))
    return [(t.code, display_label(t)) for t in rows]


def labels(vocabulary_codes: Iterable[str], agency: Any) -> dict[tuple[str, str], str]:
    """{(vocabulary code, term code): label} for display, retired terms included (old records keep them)."""
    agency_id = _agency_id(agency)
    visible = Q(agency__isnull=True) | Q(agency_id=agency_id) if agency_id else Q(agency__isnull=True)
    rows = Term.objects.filter(visible, vocabulary__code__in=list(vocabulary_codes)).select_related("vocabulary")
    return {(t.vocabulary.code, t.code): display_label(t) for t in rows}


def validate_codes(vocabulary_code: str, codes: Iterable[str], agency: Any, *, field: str) -> list[str]:
    """The codes, de-duplicated in order, or DomainError naming `field` for an unknown or retired one."""
    wanted = list(dict.fromkeys(c for c in codes if c))
    if not wanted:
        return []
    active = set(terms(vocabulary_code, agency).filter(code__in=wanted).values_list("code", flat=True))
    unknown = [c for c in wanted if c not in active]
    if unknown:
        raise DomainError(
            gettext("Some values are not in the list."),
            code="vocabulary.unknown_code",
            fields={
                field: [
                    gettext("“%(code)s” is not a current value of this list.") % {"code": code[:64]} for code in unknown
                ]
            },
        )
    return wanted


def validate_code(vocabulary_code: str, code: str, agency: Any, *, field: str) -> str:
    """One code (or "" for not given), or DomainError naming `field`."""
    return validate_codes(vocabulary_code, [code], agency, field=field)[0] if code else ""


class VocabularyMultipleChoiceField(forms.MultipleChoiceField):
    """Checkboxes for a vocabulary's active terms (the standard's and the agency's); optional by default."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, vocabulary_code: str, agency: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        if not kwargs["required"]:  # the standards have no "not stated" code for these lists: none ticked is that
            kwargs.setdefault(
                "help_text", _("Leave every box unticked if the person prefers not to say or does not know.")
            )
        super().__init__(choices=choices(vocabulary_code, agency), **kwargs)
        self.vocabulary_code = vocabulary_code


class VocabularyChoiceField(forms.ChoiceField):
    """A drop-down of a vocabulary's active terms with a "not known" first option; optional by default."""

    def __init__(self, vocabulary_code: str, agency: Any, *, empty_label: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        first: list[tuple[str, str]] = [("", str(empty_label or _("Prefer not to say / not known")))]
        super().__init__(choices=first + choices(vocabulary_code, agency), **kwargs)
        self.vocabulary_code = vocabulary_code


def vocabulary_field(vocabulary_code: str, agency: Any, *, multiple: bool = True, **kwargs: Any) -> forms.Field:
    """The form field helper: checkboxes for a multi-valued vocabulary, a drop-down for a single value."""
    if multiple:
        return VocabularyMultipleChoiceField(vocabulary_code, agency, **kwargs)
    return VocabularyChoiceField(vocabulary_code, agency, **kwargs)
