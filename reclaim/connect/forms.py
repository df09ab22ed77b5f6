"""Staff forms for portal settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import User
from reclaim.connect.models import DisguiseIcon

if TYPE_CHECKING:
    from reclaim.connect.models import PortalSettings

HOTLINE_ROWS = 5


class PortalSettingsForm(forms.Form):
    disguise_name = forms.CharField(
        label=_("Name shown on portal pages"),
        max_length=40,
        required=False,
        help_text=_("A neutral name such as 'Daily tips'. Leave empty for 'Resources'."),
    )
    disguise_icon = forms.ChoiceField(
        label=_("Icon shown on portal pages"),
        choices=DisguiseIcon.choices,
        initial=DisguiseIcon.LEAF,
        required=False,
        help_text=_("A neutral picture for the browser tab and an installed portal."),
    )
    exit_url = forms.URLField(
        label=_("Quick-exit site"),
        max_length=300,
        assume_scheme="https",
        help_text=_("Where the quick-exit button goes: an everyday site such as a weather or news page."),
    )
    idle_minutes = forms.IntegerField(
        label=_("Sign a survivor out after this many idle minutes"), min_value=2, max_value=60
    )
    message_retention_days = forms.IntegerField(
        label=_("Keep portal messages for this many days"), min_value=30, max_value=3650
    )
    office_opens = forms.TimeField(label=_("Office opens"), widget=forms.TimeInput(attrs={"type": "time"}))
    office_closes = forms.TimeField(label=_("Office closes"), widget=forms.TimeInput(attrs={"type": "time"}))
    on_call = forms.ModelChoiceField(
        label=_("On-call supervisor outside office hours"), queryset=User.objects.none(), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, agency_id: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_call"].queryset = staff  # type: ignore[attr-defined]
        for index in range(HOTLINE_ROWS):
            self.fields[f"hotline_{index}_label"] = forms.CharField(
                label=_("Help line %(n)s: name") % {"n": index + 1}, max_length=120, required=False
            )
            self.fields[f"hotline_{index}_number"] = forms.CharField(
                label=_("Help line %(n)s: number to call") % {"n": index + 1}, max_length=40, required=False
            )
            self.fields[f"hotline_{index}_text"] = forms.CharField(
                label=_("Help line %(n)s: number to text") % {"n": index + 1}, max_length=40, required=False
            )
            self.fields[f"hotline_{index}_note"] = forms.CharField(
                label=_("Help line %(n)s: when and how") % {"n": index + 1}, max_length=120, required=False
            )

    def clean_disguise_icon(self) -> str:
        return str(self.cleaned_data.get("disguise_icon") or DisguiseIcon.LEAF)

    @staticmethod
    def initial_from(row: PortalSettings) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "disguise_name": row.disguise_name,
            "disguise_icon": row.disguise_icon,
            "exit_url": row.exit_url,
            "idle_minutes": row.idle_minutes,
            "message_retention_days": row.message_retention_days,
            "office_opens": row.office_opens,
            "office_closes": row.office_closes,
            "on_call": row.on_call_id,
            "version": row.version if row.pk else None,
        }
        for index, line in enumerate(row.hotlines[:HOTLINE_ROWS]):
            for key in ("label", "number", "text", "note"):
                initial[f"hotline_{index}_{key}"] = line.get(key, "")
        return initial

    def hotlines(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {key: data.get(f"hotline_{index}_{key}", "") for key in ("label", "number", "text", "note")}
            for index in range(HOTLINE_ROWS)
        ]

    def hotline_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"hotline_{index}_{key}"] for key in ("label", "number", "text", "note")]
            for index in range(HOTLINE_ROWS)
        ]
