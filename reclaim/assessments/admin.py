"""Instruments in the configuration admin: list them, switch them on or off, and register a new instrument
or version by uploading its definition file (validated; nothing is saved when any part is invalid).
Assessments and alerts hold survivor data and are not registered here."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import Agency, User
from reclaim.assessments.actions import do_load_instrument, do_set_instrument_offered
from reclaim.assessments.definition import DefinitionError, validate_definition
from reclaim.assessments.models import Instrument, InstrumentCutoffs, InstrumentVersion
from reclaim.core.errors import DomainError

if TYPE_CHECKING:
    from django.http import HttpRequest


class InstrumentUploadForm(forms.ModelForm[Instrument]):
    definition_file = forms.FileField(
        label=_("Definition file (JSON)"),
        help_text=_("See docs/assessments.md. Leave the agency empty for an instrument every agency may use."),
    )

    class Meta:
        model = Instrument
        fields = ("agency",)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("definition_file")
        if upload is None:
            return cleaned
        try:
            cleaned["definition"] = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise forms.ValidationError(f"The file is not valid JSON: {exc}") from None
        try:
            validate_definition(cleaned["definition"])
        except DefinitionError as exc:
            raise forms.ValidationError(exc.errors) from None
        return cleaned


class VersionInline(admin.TabularInline[InstrumentVersion, Instrument]):
    model = InstrumentVersion
    fields = ("version", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a new version arrives as a file, through "Add instrument"


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin[Instrument]):
    list_display = ("code", "name", "agency", "active")
    list_filter = ("active", "agency")
    search_fields = ("code", "name")
    inlines = (VersionInline,)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = InstrumentUploadForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("agency", "definition_file")
        return ("code", "name", "agency", "licence_note", "active")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("code", "name", "agency", "licence_note") if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Instrument, form: Any, change: bool) -> None:
        actor = request.user if isinstance(request.user, User) else None
        if change:  # only "offered" is editable here: the action rebuilds the due dates it moves
            do_set_instrument_offered(actor=actor, instrument=obj, active=obj.active)
            return
        agency: Agency | None = form.cleaned_data.get("agency")
        installed = do_load_instrument(actor=actor, data=form.cleaned_data["definition"], agency=agency)
        obj.pk = installed.instrument.pk
        obj.refresh_from_db()

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> Any:
        try:
            return super().add_view(request, form_url, extra_context)
        except DomainError as exc:  # e.g. a version already loaded with a different definition
            messages.error(request, "; ".join([exc.message, *exc.fields.get("definition", [])]))
            return redirect(request.path)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # switch it off instead: assessments point at its versions


@admin.register(InstrumentCutoffs)
class InstrumentCutoffsAdmin(admin.ModelAdmin[InstrumentCutoffs]):
    """An agency's cut-offs within the range an instrument allows, e.g. {"provisional_ptsd": 31} for PCL-5."""

    list_display = ("instrument", "agency", "values")
    list_filter = ("agency",)
