"""Writes of consent templates (models.ConsentTemplate): add, edit (in place while no record used the version,
else as the next version) and retire. One transaction each, with an audit row. The caller is an agency admin
of the template's agency (access.access_template_for_admin)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.consent.models import (
    CONTACT_PURPOSES,
    TEMPLATE_LANGUAGES,
    Channel,
    ConsentRecord,
    ConsentTemplate,
    DataClass,
    InformedOf,
    Purpose,
)
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User

NAME_MAX_LENGTH = 120
TEXT_MAX_LENGTH = 10_000
# No consent lasts longer than 36 months (actions.MAX_MONTHS); 36 months are never fewer than 1,095 days.
MAX_LENGTH_DAYS = 1095


@dataclass
class TemplateInput:
    name: str
    purpose: str
    length_days: int | None
    text_en: str
    data_classes: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    informed_of: list[str] = field(default_factory=list)
    requires_second_signer: bool = False
    text_es: str = ""
    text_fr: str = ""
    text_ar: str = ""


def _add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _check_choices(data: TemplateInput, errors: dict[str, list[str]]) -> None:
    if data.purpose not in Purpose.values:
        _add(errors, "purpose", _("Choose what the consent is for."))
    elif data.purpose in CONTACT_PURPOSES:
        if not data.channels:
            _add(errors, "channels", _("Choose at least one way we may contact them."))
    elif not data.data_classes:
        _add(errors, "data_classes", _("Choose the information this consent covers."))
    if not set(data.data_classes) <= set(DataClass.values):
        _add(errors, "data_classes", _("Choose from the list."))
    if not set(data.channels) <= set(Channel.values):
        _add(errors, "channels", _("Choose from the list."))
    if not set(data.informed_of) <= set(InformedOf.values):
        _add(errors, "informed_of", _("Choose from the list."))


def _check(data: TemplateInput) -> None:
    errors: dict[str, list[str]] = {}
    _check_choices(data, errors)
    if not data.name.strip():
        _add(errors, "name", _("Give the template a name your staff will recognise."))
    elif len(data.name.strip()) > NAME_MAX_LENGTH:
        _add(errors, "name", _("Keep this under %(n)s characters.") % {"n": NAME_MAX_LENGTH})
    if data.length_days is None or not 1 <= data.length_days <= MAX_LENGTH_DAYS:
        _add(
            errors,
            "length_days",
            _("Enter a number of days from 1 to %(n)s: every consent ends, at most 36 months after it starts.")
            % {"n": MAX_LENGTH_DAYS},
        )
    if not data.text_en.strip():
        _add(errors, "text_en", _("Write the text in English; the other languages are optional."))
    for code in TEMPLATE_LANGUAGES:
        if len(getattr(data, f"text_{code}")) > TEXT_MAX_LENGTH:
            _add(errors, f"text_{code}", _("Keep this under %(n)s characters.") % {"n": TEXT_MAX_LENGTH})
    if errors:
        raise DomainError(_("The template was not saved."), code="consent.invalid_template", fields=errors)


def _apply(template: ConsentTemplate, data: TemplateInput) -> None:
    contact = data.purpose in CONTACT_PURPOSES
    template.name = data.name.strip()
    template.purpose = data.purpose
    template.data_classes = [] if contact else sorted(set(data.data_classes), key=DataClass.values.index)
    template.channels = sorted(set(data.channels), key=Channel.values.index) if contact else []
    template.informed_of = sorted(set(data.informed_of), key=InformedOf.values.index)
    template.length_days = data.length_days or 0
    template.requires_second_signer = data.requires_second_signer
    for code in TEMPLATE_LANGUAGES:
        setattr(template, f"text_{code}", getattr(data, f"text_{code}").strip())


def _audit(actor: User, template: ConsentTemplate, action: str, **detail: Any) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk,
            agency_id=template.agency_id,
            object_type="consent_template",
            object_id=str(template.pk),
            detail={"family": str(template.family), "number": template.number, **detail},
        )
    )


def template_values(template: ConsentTemplate) -> dict[str, Any]:
    """What the conflict screen shows of the version saved now."""
    return {"name": template.name, "purpose": template.get_purpose_display(), "length_days": template.length_days}


@transaction.atomic
def do_create_consent_template(*, actor: User, agency: Agency, data: TemplateInput) -> ConsentTemplate:
    """A new template (version 1) of the agency."""
    _check(data)
    template = ConsentTemplate(agency=agency, created_by=actor)
    _apply(template, data)
    template.full_clean()
    template.save()
    _audit(actor, template, "consent.template_created")
    return template


@transaction.atomic
def do_update_consent_template(
    *, actor: User, template: ConsentTemplate, data: TemplateInput, expected_version: int
) -> ConsentTemplate:
    """Change the current version. If a consent record used it, the change becomes the next version and this
    one stays as the records saw it (superseded); otherwise it is changed in place. Returns the current version."""
    template = ConsentTemplate.objects.select_for_update().get(pk=template.pk)
    check_version(template.version, expected_version, template_values(template))
    if template.superseded_at is not None or template.retired_at is not None:
        raise DomainError(
            _("This template was retired or replaced; open the current one."), code="consent.template_closed"
        )
    _check(data)
    if not ConsentRecord.objects.filter(template=template).exists():
        _apply(template, data)
        template.version += 1
        template.full_clean()
        template.save()
        _audit(actor, template, "consent.template_changed")
        return template
    template.superseded_at = timezone.now()
    template.version += 1  # a form still holding this version gets a conflict, not a silent second version
    template.save(update_fields=["superseded_at", "version", "updated_at"])
    successor = ConsentTemplate(agency_id=template.agency_id, family=template.family, number=template.number + 1)
    successor.created_by = actor
    _apply(successor, data)
    successor.full_clean()
    successor.save()
    _audit(actor, successor, "consent.template_versioned", previous=str(template.pk))
    return successor


@transaction.atomic
def do_retire_consent_template(*, actor: User, template: ConsentTemplate, expected_version: int) -> ConsentTemplate:
    """Stop offering the template. Records made from it keep it; nothing else changes."""
    template = ConsentTemplate.objects.select_for_update().get(pk=template.pk)
    check_version(template.version, expected_version, template_values(template))
    if template.retired_at is not None or template.superseded_at is not None:
        raise DomainError(_("This template was retired or replaced already."), code="consent.template_closed")
    template.retired_at = timezone.now()
    template.version += 1
    template.save(update_fields=["retired_at", "version", "updated_at"])
    _audit(actor, template, "consent.template_retired")
    return template
