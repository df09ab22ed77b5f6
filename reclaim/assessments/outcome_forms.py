"""Outcome-domain forms only validate; every question may be skipped."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.assessments.models import OUTCOME_NOTE_MAX_LENGTH
from reclaim.assessments.outcome_actions import SUBDOMAIN_WORDING_MAX

if TYPE_CHECKING:
    import datetime

    from reclaim.assessments.models import OutcomeDomain, OutcomeScale

SKIP = ""
SCORE_CHOICES = [
    ("1", _("1 — serious difficulty (most vulnerable)")),
    ("2", _("2 — some difficulty")),
    ("3", _("3 — mostly fine, with some support")),
    ("4", _("4 — doing well (least vulnerable)")),
    (SKIP, _("Skip this question")),
]
SCORE_PREFIX = "score_"


def _domains(scale: OutcomeScale) -> list[OutcomeDomain]:
    return list(scale.domains.all())


class OutcomeRatingForm(forms.Form):
    """One screen: one fieldset per domain, a 1-4 choice (or skip) per question, then the date and a note."""

    rated_on = forms.DateField(
        label=_("Date of the rating"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
    )
    with_survivor = forms.BooleanField(label=_("We rated this together with the person"), required=False, initial=True)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=OUTCOME_NOTE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text=_("Only what helps the next rating. Visible to everyone working on the case."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, scale: OutcomeScale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scale = scale
        for domain in _domains(scale):
            for sub in domain.subdomains.all():
                self.fields[SCORE_PREFIX + sub.code] = forms.ChoiceField(
                    label=sub.display_wording,
                    choices=SCORE_CHOICES,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=SKIP,
                )

    def domain_groups(self) -> list[tuple[OutcomeDomain, list[forms.BoundField]]]:
        return [
            (domain, [self[SCORE_PREFIX + sub.code] for sub in domain.subdomains.all()])
            for domain in _domains(self.scale)
        ]

    def other_fields(self) -> list[forms.BoundField]:
        return [self["rated_on"], self["with_survivor"], self["note"]]

    def scores(self) -> dict[str, int | None]:
        data = self.cleaned_data
        return {
            name.removeprefix(SCORE_PREFIX): int(data[name]) if data.get(name) else None
            for name in self.fields
            if name.startswith(SCORE_PREFIX)
        }

    def clean_rated_on(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get("rated_on")
        return value


def initial_for(rating_scores: dict[str, int | None]) -> dict[str, str]:
    return {SCORE_PREFIX + code: str(score) if score is not None else SKIP for code, score in rating_scores.items()}


WORDING_PREFIX = "wording_"
RETIRE_PREFIX = "retire_"
ADD_PREFIX = "add_"


class OutcomeScaleForm(forms.Form):
    """The agency's scale: the closure rule, each question's wording, retiring questions and adding one per domain."""

    closure_min_score = forms.DecimalField(
        label=_("Lowest domain score that suggests the person is ready for closure"),
        min_value=Decimal(1),
        max_value=Decimal(4),
        decimal_places=2,
        max_digits=3,
        help_text=_("From 1.00 to 4.00. This is guidance for the supervisor, never a gate."),
    )
    closure_every_domain = forms.BooleanField(
        label=_("Every domain must reach it (otherwise: the average of the domains)"), required=False
    )
    scale_id = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, scale: OutcomeScale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scale = scale
        for domain in _domains(scale):
            for number, sub in enumerate(domain.subdomains.all(), start=1):
                names = {"domain": domain.display_name, "n": number}
                self.fields[WORDING_PREFIX + sub.code] = forms.CharField(
                    label=_("%(domain)s, question %(n)d") % names,
                    max_length=SUBDOMAIN_WORDING_MAX,
                    initial=sub.wording,
                    required=False,
                )
                self.fields[RETIRE_PREFIX + sub.code] = forms.BooleanField(
                    label=_("Retire %(domain)s question %(n)d") % names, required=False
                )
            self.fields[ADD_PREFIX + domain.code] = forms.CharField(
                label=_("Add a question to %(domain)s") % {"domain": domain.display_name},
                max_length=SUBDOMAIN_WORDING_MAX,
                required=False,
            )

    def domain_groups(
        self,
    ) -> list[tuple[OutcomeDomain, list[tuple[forms.BoundField, forms.BoundField]], forms.BoundField]]:
        return [
            (
                domain,
                [(self[WORDING_PREFIX + s.code], self[RETIRE_PREFIX + s.code]) for s in domain.subdomains.all()],
                self[ADD_PREFIX + domain.code],
            )
            for domain in _domains(self.scale)
        ]

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        wording = {n.removeprefix(WORDING_PREFIX): v for n, v in data.items() if n.startswith(WORDING_PREFIX)}
        retire = frozenset(n.removeprefix(RETIRE_PREFIX) for n, v in data.items() if n.startswith(RETIRE_PREFIX) and v)
        additions = {n.removeprefix(ADD_PREFIX): v for n, v in data.items() if n.startswith(ADD_PREFIX) and v}
        return {
            "closure_min_score": data["closure_min_score"],
            "closure_every_domain": data["closure_every_domain"],
            "wording": wording,
            "retire": retire,
            "additions": additions,
        }
