"""Forms of the directory pages. They only shape input; every rule is checked again in directory_actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import OrganisationType
from reclaim.referrals.models import LocationType, ServiceStatus

HSDS_MAX_BYTES = 5 * 1024 * 1024


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Search words"), required=False, max_length=100)
    service = forms.ChoiceField(label=_("Service"), required=False)
    place = forms.CharField(label=_("Town, city or region"), required=False, max_length=100)
    language = forms.CharField(
        label=_("Language spoken"), required=False, max_length=12, help_text=_("An ISO 639 code, such as es or th.")
    )
    eligibility = forms.CharField(
        label=_("Who can use it"), required=False, max_length=100, help_text=_("For example: women, under 18, men.")
    )

    def __init__(self, *args: Any, services: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("Any service")), *services]  # type: ignore[attr-defined]


class OrganizationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    alternate_name = forms.CharField(label=_("Other name"), max_length=200, required=False)
    org_type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Not set")), *OrganisationType.choices], required=False
    )
    description = forms.CharField(label=_("What they do"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    email = forms.CharField(label=_("Public email"), max_length=254, required=False)
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    phone = forms.CharField(label=_("Public phone"), max_length=40, required=False)
    languages = forms.CharField(
        label=_("Languages spoken"),
        required=False,
        help_text=_("ISO 639 codes separated by commas, such as en, es, th."),
    )


class ServiceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    category_code = forms.ChoiceField(label=_("Kind of service"))
    type_code = forms.ChoiceField(label=_("Type of service"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ServiceStatus.choices)
    description = forms.CharField(label=_("What it offers"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    eligibility = forms.CharField(label=_("Who can use it"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    languages = forms.CharField(
        label=_("Languages"), required=False, help_text=_("ISO 639 codes separated by commas, such as en, es, th.")
    )
    fees = forms.CharField(label=_("Fees"), required=False, help_text=_("Leave empty if it is free."))
    hours_rrule = forms.CharField(
        label=_("Opening days"),
        required=False,
        max_length=200,
        help_text=_("An iCalendar (RFC 5545) rule, such as FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR."),
    )
    opens_at = forms.TimeField(label=_("Opens at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    closes_at = forms.TimeField(label=_("Closes at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    hours_note = forms.CharField(
        label=_("Opening hours, in words"),
        required=False,
        max_length=300,
        help_text=_("For example: closed on public holidays."),
    )
    capacity = forms.IntegerField(label=_("Places available now"), required=False, min_value=0)
    capacity_unit = forms.CharField(
        label=_("Counted in"), required=False, max_length=40, help_text=_("For example: beds, places, appointments.")
    )

    def __init__(
        self,
        *args: Any,
        categories: list[tuple[str, str]],
        types: list[tuple[str, list[tuple[str, str]]]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category_code"].choices = [("", _("Choose")), *categories]  # type: ignore[attr-defined]
        self.fields["type_code"].choices = [("", _("Any type")), *types]  # type: ignore[attr-defined]


class LocationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    location_type = forms.ChoiceField(label=_("Kind of location"), choices=LocationType.choices)
    confidential = forms.BooleanField(
        label=_("Confidential address (for example a shelter)"),
        required=False,
        help_text=_(
            "Only your agency's staff will see this location. Its address is stored encrypted and never exported "
            "to other agencies."
        ),
    )
    address_1 = forms.CharField(label=_("Address line 1"), max_length=200, required=False)
    address_2 = forms.CharField(label=_("Address line 2"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("Town or city"), max_length=100, required=False)
    region = forms.CharField(label=_("Region or state"), max_length=100, required=False)
    country = forms.CharField(label=_("Country"), max_length=2, required=False, help_text=_("Two letters, such as US."))
    latitude = forms.CharField(label=_("Latitude"), max_length=20, required=False)
    longitude = forms.CharField(label=_("Longitude"), max_length=20, required=False)


class ContactForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


class HsdsImportForm(forms.Form):
    file = forms.FileField(
        label=_("HSDS 3.0 file"), help_text=_("A JSON file, or a zip of CSV tables (tabular form). At most 5 MB.")
    )
    dry_run = forms.BooleanField(label=_("Only check the file; do not save anything"), required=False, initial=True)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > HSDS_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
