"""Forms of the funder reports page (/reports/): a ready template or the builder, with a period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.reporting.reports.definitions import DIMENSIONS, MEASURES, POPULATIONS

DIMENSION_CHOICES = [("", _("None")), *((code, dim.label) for code, dim in DIMENSIONS.items())]


class TemplateRunForm(forms.Form):
    template = forms.ChoiceField(label=_("Report"), choices=())
    period = forms.ChoiceField(label=_("Period"), choices=())

    def __init__(
        self, *args: Any, templates: list[tuple[str, str]], periods: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = templates  # type: ignore[attr-defined]
        self.fields["period"].choices = periods  # type: ignore[attr-defined]


class BuilderForm(forms.Form):
    template = forms.CharField(widget=forms.HiddenInput, initial="builder")
    period = forms.ChoiceField(label=_("Period"), choices=())
    measure = forms.ChoiceField(label=_("What to count"), choices=list(MEASURES.items()))
    dimension_1 = forms.ChoiceField(label=_("Rows by"), choices=DIMENSION_CHOICES, required=False)
    dimension_2 = forms.ChoiceField(label=_("Columns by (optional)"), choices=DIMENSION_CHOICES, required=False)
    population = forms.ChoiceField(
        label=_("Which people"),
        choices=list(POPULATIONS.items()),
        help_text=_("Entering and leaving apply when counting people."),
    )
    grant = forms.ChoiceField(label=_("Only this grant (optional)"), choices=(), required=False)
    category = forms.ChoiceField(label=_("Only this service category (optional)"), choices=(), required=False)
    team = forms.ChoiceField(label=_("Only this team (optional)"), choices=(), required=False)

    def __init__(
        self,
        *args: Any,
        periods: list[tuple[str, str]],
        grants: list[tuple[str, str]],
        categories: list[tuple[str, str]],
        teams: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods  # type: ignore[attr-defined]
        self.fields["grant"].choices = [("", _("Any")), *grants]  # type: ignore[attr-defined]
        self.fields["category"].choices = [("", _("Any")), *categories]  # type: ignore[attr-defined]
        self.fields["team"].choices = [("", _("Any")), *teams]  # type: ignore[attr-defined]

    def spec(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "measure": data["measure"],
            "dimensions": [dim for dim in (data.get("dimension_1"), data.get("dimension_2")) if dim],
            "population": data["population"],
            "grant": data.get("grant") or "",
            "category": data.get("category") or "",
            "team": data.get("team") or "",
        }
