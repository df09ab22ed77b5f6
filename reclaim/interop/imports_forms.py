"""Forms of the import pages: the upload, the column mapping (a select of the file's headers per field) and
the value mapping (a select of codes per distinct source value of a coded field)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.interop import imports_spec as spec
from reclaim.interop.imports_models import ImportKind, OnDuplicate

if TYPE_CHECKING:
    from reclaim.interop.imports_models import ImportMapping


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A CSV file saved as UTF-8, or an Excel workbook (.xlsx). The first row holds the column names."),
    )
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    mapping = forms.ChoiceField(
        label=_("Start from a saved mapping"),
        required=False,
        help_text=_("You can check and change it in the next step."),
    )

    def __init__(self, *args: Any, mappings: list[ImportMapping] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("None: map the columns myself"))] + [
            (str(m.pk), f"{m.name} ({m.get_kind_display()})") for m in mappings or []
        ]
        self.fields["mapping"].choices = choices  # type: ignore[attr-defined]


class ColumnsForm(forms.Form):
    """Name and source of the mapping, then one select per target field listing the file's headers."""

    name = forms.CharField(
        label=_("Name of this mapping"),
        max_length=120,
        help_text=_("Saved so the next file from the same system needs no mapping."),
    )
    source_system = forms.CharField(
        label=_("System the file comes from"),
        max_length=60,
        help_text=_(
            "For example the name of the old database. Records are matched on it and their id, so importing again changes nothing."
        ),
    )

    def __init__(self, *args: Any, kind: str, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [("", _("Not in this file"))] + [(h, h) for h in headers]
        for target in spec.fields_of(kind):
            self.fields[f"col_{target.name}"] = forms.ChoiceField(
                label=str(target.label), choices=options, required=target.required
            )
        if kind == ImportKind.SURVIVORS:
            self.fields["on_duplicate"] = forms.ChoiceField(
                label=_("When a row looks like someone you already have"),
                choices=OnDuplicate.choices,
                initial=OnDuplicate.SKIP,
                widget=forms.RadioSelect,
            )

    def column_map(self) -> dict[str, str]:
        return {name[4:]: value for name, value in self.cleaned_data.items() if name.startswith("col_") and value}


class ValuesForm(forms.Form):
    """For each coded field: one select per distinct value found in the file."""

    def __init__(
        self, *args: Any, kind: str, distinct: dict[str, list[str]], current: dict[str, dict[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.keys: list[tuple[str, str, str]] = []  # (form field, target field, source value)
        for name, values in distinct.items():
            target = spec.field_of(kind, name)
            if target is None:
                continue
            choices = [("", _("Leave as it is (it is already a code)")), *list(spec.codes_for(target))]
            for index, value in enumerate(values):
                key = f"v_{name}_{index}"
                self.fields[key] = forms.ChoiceField(
                    label=f"{target.label}: {value}",
                    choices=choices,
                    required=False,
                    initial=current.get(name, {}).get(value, ""),
                )
                self.keys.append((key, name, value))

    def value_maps(self) -> dict[str, dict[str, str]]:
        maps: dict[str, dict[str, str]] = {}
        for key, name, value in self.keys:
            if self.cleaned_data.get(key):
                maps.setdefault(name, {})[value] = self.cleaned_data[key]
        return maps
