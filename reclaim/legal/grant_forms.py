"""The form the legal team uses to let a colleague read a case's privileged material."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.legal.actions import MAX_GRANT_REASON
from reclaim.legal.selectors import grantable_users

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name or obj.email)


class GrantForm(forms.Form):
    user = PersonChoiceField(
        label=_("Who may read them"),
        queryset=None,
        empty_label=_("Choose a colleague"),
        help_text=_("Only colleagues who work on this case and are not on the legal team are listed."),
        error_messages={"required": _("Choose who may read the legal notes and documents.")},
    )
    reason = forms.CharField(
        label=_("Why they need to read them"),
        max_length=MAX_GRANT_REASON,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=_(
            "For example: to prepare the survivor for the interview. Kept with the grant; only the legal team sees it."
        ),
        error_messages={"required": _("Say why they need to read privileged material.")},
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = grantable_users(case)  # type: ignore[attr-defined]

    @property
    def grantee(self) -> User | None:
        user: User | None = self.cleaned_data.get("user")
        return user
