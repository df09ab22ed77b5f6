"""Forms of the de-identified export page and the network page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.reporting.exports.runner import MAX_YEAR, MIN_YEAR


class ExportForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        help_text=_("People served at any time in this period. Or leave it and give a range of years below."),
    )
    from_year = forms.IntegerField(label=_("From year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)
    to_year = forms.IntegerField(label=_("To year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)
    format = forms.ChoiceField(
        label=_("File format"),
        choices=[("csv", _("CSV (any spreadsheet or statistics tool)")), ("xlsx", _("XLSX (Excel)"))],
        initial="csv",
        widget=forms.RadioSelect,
        help_text=_("Both formats can be downloaded when it is ready."),
    )

    def __init__(self, *args: Any, periods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", _("A range of years (below)")), *periods]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("period") and data.get("from_year") is None and data.get("to_year") is None:
            self.add_error("period", _("Choose a period, or give a range of years."))
        return data


class NetworkCreateForm(forms.Form):
    name = forms.CharField(label=_("Name of the new network"), max_length=120)


class NetworkCountForm(forms.Form):
    network = forms.ChoiceField(label=_("Network"))
    period = forms.ChoiceField(label=_("Period"), help_text=_("People served at any time in this period."))

    def __init__(
        self, *args: Any, networks: list[tuple[str, str]], periods: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].choices = networks  # type: ignore[attr-defined]
        self.fields["period"].choices = periods  # type: ignore[attr-defined]
