"""Writes to awareness campaigns: the campaign itself (optimistic lock), its partners, its materials (a newer
version supersedes the one it replaces) and its results log. Each is one atomic action: validation first
(DomainError with field errors, nothing saved), then the row and an audit row. Campaigns belong to the agency,
not to a case, so there is no timeline event."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version
from reclaim.outreach import campaigns_files as files
from reclaim.outreach.models import (
    Audience,
    Campaign,
    CampaignMaterial,
    CampaignPartner,
    CampaignStatus,
    CampaignTally,
    Channel,
    LawEnforcementKind,
    MaterialKind,
)

if TYPE_CHECKING:
    import datetime

    from django.core.files.uploadedfile import UploadedFile

    from reclaim.accounts.models import Agency, User

NAME_MAX_LENGTH = 200
GOAL_MAX_LENGTH = 4000
LANGUAGE_MAX_LENGTH = 12
MONEY_MAX = Decimal("9999999999.99")
COUNT_MAX = 100_000_000  # one entry of a tally; a bigger number is a typing slip
INVALID = "outreach.invalid_campaign"


def _raise(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise DomainError(message, code=INVALID, fields=errors)


def _audit(action: str, actor: User, obj: Any, object_type: str, **detail: object) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk,
            agency_id=obj.agency_id,
            object_type=object_type,
            object_id=str(obj.pk),
            detail=dict(detail),
        )
    )


def _money(errors: dict[str, list[str]], name: str, value: Decimal | None) -> None:
    if value is None:
        return
    if not value.is_finite() or value < 0:
        errors[name] = [_("The amount cannot be negative.")]
    elif value > MONEY_MAX:
        errors[name] = [_("That amount is too large.")]
    elif value.as_tuple().exponent < -2:  # type: ignore[operator]  # noqa: PLR2004
        errors[name] = [_("Use at most two decimal places.")]


# Campaigns -----------------------------------------------------------------------------------------------------


@dataclass
class CampaignValues:
    name: str
    goal: str = ""
    status: str = CampaignStatus.PLANNED
    audiences: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    budget: Decimal | None = None
    grant_id: uuid.UUID | None = None


EDITABLE = ("name", "goal", "status", "audiences", "channels", "starts_on", "ends_on", "budget", "grant_id")


def _check(agency_id: Any, values: CampaignValues, campaign: Campaign | None) -> dict[str, Any]:
    from reclaim.outreach.campaigns_selectors import campaigns_for_agency, grant_of_agency

    errors: dict[str, list[str]] = {}
    name = values.name.strip()
    goal = values.goal.strip()
    if not name:
        errors["name"] = [_("Give the campaign a name.")]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("Keep the name under %(n)s characters.") % {"n": NAME_MAX_LENGTH}]
    else:
        clash = campaigns_for_agency(agency_id).filter(name__iexact=name)
        if campaign is not None:
            clash = clash.exclude(pk=campaign.pk)
        if clash.exists():
            errors["name"] = [_("Your agency already has a campaign with this name.")]
    if len(goal) > GOAL_MAX_LENGTH:
        errors["goal"] = [_("Keep the goal under %(n)s characters.") % {"n": GOAL_MAX_LENGTH}]
    if values.status not in CampaignStatus.values:
        errors["status"] = [_("Choose a status from the list.")]
    if any(code not in Audience.values for code in values.audiences):
        errors["audiences"] = [_("Choose audiences from the list.")]
    if any(code not in Channel.values for code in values.channels):
        errors["channels"] = [_("Choose channels from the list.")]
    if values.starts_on and values.ends_on and values.ends_on < values.starts_on:
        errors["ends_on"] = [_("The campaign cannot end before it starts.")]
    _money(errors, "budget", values.budget)
    if values.grant_id is not None and grant_of_agency(agency_id, values.grant_id) is None:
        errors["grant_id"] = [_("Choose one of your agency's grants.")]
    _raise(errors, _("The campaign could not be saved."))
    return {
        "name": name,
        "goal": goal,
        "status": values.status,
        "audiences": [code for code in Audience.values if code in values.audiences],
        "channels": [code for code in Channel.values if code in values.channels],
        "starts_on": values.starts_on,
        "ends_on": values.ends_on,
        "budget": values.budget,
        "grant_id": values.grant_id,
    }


@transaction.atomic
def do_create_campaign(*, actor: User, agency: Agency, values: CampaignValues) -> Campaign:
    """Plan a campaign (the caller checked the right to run outreach)."""
    campaign = Campaign(agency=agency, created_by=actor, **_check(agency.pk, values, None))
    campaign.full_clean()
    campaign.save()
    _audit("campaign.created", actor, campaign, "campaign")
    return campaign


def current_values(campaign: Campaign) -> dict[str, str]:
    """What the conflict screen and a 409 compare (names of fields; values for the screen only)."""
    return {
        "name": campaign.name,
        "status": campaign.get_status_display(),
        "starts_on": str(campaign.starts_on or ""),
        "ends_on": str(campaign.ends_on or ""),
        "budget": str(campaign.budget if campaign.budget is not None else ""),
    }


@transaction.atomic
def do_update_campaign(*, actor: User, campaign: Campaign, expected_version: int, values: CampaignValues) -> Campaign:
    """Change a campaign; EditConflict when someone saved since `expected_version`."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk, agency_id=campaign.agency_id)
    check_version(campaign.version, expected_version, current_values(campaign))
    clean = _check(campaign.agency_id, values, campaign)
    changed = [name for name in EDITABLE if getattr(campaign, name) != clean[name]]
    if not changed:
        return campaign
    for name in changed:
        setattr(campaign, name, clean[name])
    campaign.version += 1
    campaign.full_clean()
    campaign.save()
    _audit("campaign.updated", actor, campaign, "campaign", fields=",".join(changed))
    return campaign


# Partners ------------------------------------------------------------------------------------------------------


@dataclass
class PartnerValues:
    organization_id: uuid.UUID | None = None
    name: str = ""
    kind: str = ""


@transaction.atomic
def do_add_partner(*, actor: User, campaign: Campaign, values: PartnerValues) -> CampaignPartner:
    """Add an organisation of the partner directory, or a named law-enforcement partner (name and kind)."""
    from reclaim.outreach.campaigns_selectors import directory_organization

    errors: dict[str, list[str]] = {}
    name = values.name.strip()
    organization = None
    if values.organization_id is not None:
        if name or values.kind:
            errors["organization_id"] = [
                _("Add either an organisation of the directory or a law-enforcement partner, one at a time.")
            ]
        organization = directory_organization(actor, values.organization_id)
        if organization is None:
            errors["organization_id"] = [_("Choose an organisation listed in the partner directory.")]
        elif CampaignPartner.objects.filter(
            campaign=campaign, organization=organization, removed_at__isnull=True
        ).exists():
            errors["organization_id"] = [_("This organisation is already a partner of the campaign.")]
    else:
        if not name:
            errors["name"] = [_("Choose an organisation of the directory, or name the law-enforcement partner.")]
        elif len(name) > NAME_MAX_LENGTH:
            errors["name"] = [_("Keep the name under %(n)s characters.") % {"n": NAME_MAX_LENGTH}]
        if values.kind not in LawEnforcementKind.values:
            errors["kind"] = [_("Choose the kind of law-enforcement partner.")]
    _raise(errors, _("The partner could not be added."))
    partner = CampaignPartner(
        agency_id=campaign.agency_id,
        campaign=campaign,
        organization=organization,
        name="" if organization else name,
        kind="" if organization else values.kind,
        added_by=actor,
    )
    partner.full_clean()
    partner.save()
    _audit("campaign.partner_added", actor, partner, "campaign_partner", campaign=str(campaign.pk))
    return partner


@transaction.atomic
def do_remove_partner(*, actor: User, partner: CampaignPartner) -> CampaignPartner:
    """Take a partner off the campaign (the row is kept, marked removed); removing it twice changes nothing."""
    partner = CampaignPartner.objects.select_for_update().get(pk=partner.pk, agency_id=partner.agency_id)
    if partner.removed_at is not None:
        return partner
    partner.removed_at, partner.removed_by = timezone.now(), actor
    partner.save(update_fields=["removed_at", "removed_by", "updated_at"])
    _audit("campaign.partner_removed", actor, partner, "campaign_partner", campaign=str(partner.campaign_id))
    return partner


# Materials -----------------------------------------------------------------------------------------------------


@dataclass
class MaterialValues:
    title: str
    language: str
    kind: str = MaterialKind.OTHER
    replaces_id: uuid.UUID | None = None


def _refuse_file(message: str, code: str) -> DomainError:
    return DomainError(message, code=code, fields={"file": [message]})


def read_checked_material(upload: UploadedFile | None) -> tuple[bytes, str]:
    """The upload's bytes and real content type, or a field error on `file` (nothing is stored)."""
    limit = files.max_bytes()
    too_large = _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
    if upload is None:
        raise _refuse_file(_("Choose a file to upload."), "outreach.material_required")
    if upload.size is not None and upload.size > limit:
        raise _refuse_file(too_large, "outreach.material_too_large")
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _refuse_file(too_large, "outreach.material_too_large")
    if not data:
        raise _refuse_file(_("The file is empty."), "outreach.material_empty")
    content_type = files.detect_type(data)
    if content_type is None:
        raise _refuse_file(
            _(
                "This type of file is not accepted. Upload a PDF, a PNG or JPEG image, plain text, a Word (DOCX) or "
                "OpenDocument (ODT) document, slides (PPTX or ODP), an MP4 or WebM video, or MP3 audio."
            ),
            "outreach.material_type_not_allowed",
        )
    return data, content_type


def _check_material(campaign: Campaign, values: MaterialValues) -> tuple[dict[str, Any], CampaignMaterial | None]:
    errors: dict[str, list[str]] = {}
    title, language = values.title.strip(), values.language.strip().lower()
    replaced = None
    if values.replaces_id is not None:
        replaced = (
            CampaignMaterial.objects.select_for_update()
            .filter(agency_id=campaign.agency_id, campaign=campaign, pk=values.replaces_id)
            .first()
        )
        if replaced is None:
            errors["replaces_id"] = [_("Choose a material of this campaign.")]
        elif replaced.superseded_at is not None:
            errors["replaces_id"] = [_("A newer version of that material is already uploaded; replace that one.")]
        else:
            title = title or replaced.title
            language = language or replaced.language
    if not title:
        errors["title"] = [_("Give the material a title.")]
    elif len(title) > NAME_MAX_LENGTH:
        errors["title"] = [_("Keep the title under %(n)s characters.") % {"n": NAME_MAX_LENGTH}]
    if not language:
        errors["language"] = [_("Say which language the material is in.")]
    elif len(language) > LANGUAGE_MAX_LENGTH or not language.replace("-", "").isalpha():
        errors["language"] = [_("Use a language code such as eng, spa or fr.")]
    if values.kind not in MaterialKind.values:
        errors["kind"] = [_("Choose a kind of material from the list.")]
    _raise(errors, _("The material could not be uploaded."))
    return {"title": title, "language": language, "kind": values.kind}, replaced


def do_upload_material(
    *, actor: User, campaign: Campaign, values: MaterialValues, upload: UploadedFile | None
) -> CampaignMaterial:
    """Add a material, or a newer version of one (`replaces_id`): the older one is kept, marked superseded.
    If anything fails, neither the row nor the stored file remains."""
    data, content_type = read_checked_material(upload)
    assert upload is not None  # noqa: S101 — refused above
    material_id = uuid.uuid4()
    with transaction.atomic():
        clean, replaced = _check_material(campaign, values)
        storage_name = files.store(agency_id=campaign.agency_id, material_id=material_id, plaintext=data)
        try:
            with transaction.atomic():
                if replaced is not None:
                    replaced.superseded_at = timezone.now()
                    replaced.save(update_fields=["superseded_at", "updated_at"])
                material = CampaignMaterial(
                    id=material_id,
                    agency_id=campaign.agency_id,
                    campaign=campaign,
                    number=replaced.number + 1 if replaced is not None else 1,
                    supersedes=replaced,
                    original_filename=(upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:200],
                    content_type=content_type,
                    size=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    storage_name=storage_name,
                    uploaded_by=actor,
                    **clean,
                )
                material.full_clean()
                material.save(force_insert=True)
                _audit(
                    "campaign.material_uploaded",
                    actor,
                    material,
                    "campaign_material",
                    campaign=str(campaign.pk),
                    number=material.number,
                )
        except BaseException:
            files.delete(storage_name)
            raise
    return material


def material_bytes(material: CampaignMaterial) -> bytes:
    """The material's file, checked against the digest taken at upload."""
    data = files.read(storage_name=material.storage_name, material_id=material.pk)
    if hashlib.sha256(data).hexdigest() != material.sha256:
        raise DomainError(_("This file could not be read back intact."), code="outreach.material_corrupt")
    return data


# Results log ---------------------------------------------------------------------------------------------------


@dataclass
class TallyValues:
    on: datetime.date | None
    channel: str
    reached_in_person: int = 0
    reached_online: int = 0
    materials_distributed: int = 0
    hotline_contacts: int = 0
    cost: Decimal | None = None


COUNTS = ("reached_in_person", "reached_online", "materials_distributed", "hotline_contacts")


@transaction.atomic
def do_record_tally(*, actor: User, campaign: Campaign, values: TallyValues) -> CampaignTally:
    """Add an entry to the campaign's results log: anonymous counts, never a person."""
    errors: dict[str, list[str]] = {}
    if values.on is None:
        errors["on"] = [_("Enter the date.")]
    elif values.on > timezone.localdate():
        errors["on"] = [_("The date cannot be in the future.")]
    if values.channel not in Channel.values:
        errors["channel"] = [_("Choose a channel from the list.")]
    for name in COUNTS:
        count = getattr(values, name)
        if count is None or count < 0:
            errors[name] = [_("Enter 0 or more.")]
        elif count > COUNT_MAX:
            errors[name] = [_("That number is too large for one entry.")]
    _money(errors, "cost", values.cost)
    if not errors and not any(getattr(values, name) for name in COUNTS) and not values.cost:
        errors["reached_in_person"] = [_("Enter at least one number, or a cost.")]
    _raise(errors, _("The entry could not be saved."))
    tally = CampaignTally(
        agency_id=campaign.agency_id,
        campaign=campaign,
        recorded_by=actor,
        on=cast("datetime.date", values.on),  # checked above
        channel=values.channel,
        cost=values.cost,
        **{name: getattr(values, name) for name in COUNTS},
    )
    tally.full_clean()
    tally.save()
    _audit("campaign.tally_recorded", actor, tally, "campaign_tally", campaign=str(campaign.pk))
    return tally
