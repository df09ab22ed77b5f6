"""Writes of consent records: record (all checks on the server) and revoke (immediate). One transaction
each, with a timeline event on the case it was recorded on and an audit row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.cases.schedule import add_months
from reclaim.consent import events
from reclaim.consent.models import (
    CONTACT_PURPOSES,
    Channel,
    ConsentRecord,
    ConsentTemplate,
    DataClass,
    GivenBy,
    InformedOf,
    Method,
    Purpose,
    RecipientKind,
    RevokedHow,
)
from reclaim.consent.selectors import directory_organizations, partner_agencies, template_of_agency
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version
from reclaim.documents.models import Document
from reclaim.outreach.stories_actions import withdraw_stories_for_consent

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.people.models import Survivor

DEFAULT_MONTHS = 12
# "Reasonably time-limited" (DOMAIN.md §7.1): no consent runs longer than this.
MAX_MONTHS = 36
SIGNATURE_MAX_LENGTH = 200_000  # a drawn signature as a PNG data URL
TEXT_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 2000
# Police get nothing on a blanket "any" consent (DOMAIN.md §7.1).
NAMED_RECIPIENT_PURPOSES = frozenset({Purpose.LAW_ENFORCEMENT, Purpose.INFORMATION_SHARING})


@dataclass
class ConsentInput:
    purpose: str
    method: str
    signer_name: str = ""
    recipient_kind: str = ""
    recipient_agency_id: Any = None
    recipient_organization_id: Any = None
    recipient_name: str = ""
    data_classes: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    signature: str = ""
    witness_name: str = ""
    document_id: Any = None
    given_by: str = GivenBy.SURVIVOR
    second_signer_name: str = ""
    informed_of: list[str] = field(default_factory=list)
    summary_language: str = ""
    starts_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    template_id: Any = None  # the consent template version the record was started from, if any


def default_expiry(starts_on: datetime.date) -> datetime.date:
    return add_months(starts_on, DEFAULT_MONTHS)


def _add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _check_recipient(agency_id: Any, data: ConsentInput, errors: dict[str, list[str]]) -> None:
    if data.purpose in CONTACT_PURPOSES:
        if not data.channels or not set(data.channels) <= set(Channel.values):
            _add(errors, "channels", _("Choose at least one way we may contact them."))
        return
    if data.recipient_kind not in RecipientKind.values:
        _add(errors, "recipient_kind", _("Choose who may receive the information."))
    elif data.recipient_kind == RecipientKind.AGENCY:
        if not data.recipient_agency_id or not partner_agencies(agency_id).filter(pk=data.recipient_agency_id).exists():
            _add(errors, "recipient_agency", _("Choose another agency from the list."))
    elif data.recipient_kind == RecipientKind.ORGANISATION and data.recipient_organization_id:
        if not directory_organizations().filter(pk=data.recipient_organization_id).exists():
            _add(errors, "recipient_organization", _("Choose an organisation from the directory."))
    elif data.recipient_kind in (RecipientKind.ORGANISATION, RecipientKind.PERSON):
        if not data.recipient_name.strip():
            _add(errors, "recipient_name", _("Name the organisation or person."))
    elif data.purpose in NAMED_RECIPIENT_PURPOSES:
        _add(errors, "recipient_kind", _("For this purpose, name one recipient: a blanket consent is not allowed."))
    if not data.data_classes:
        _add(errors, "data_classes", _("Choose the information this consent covers."))
    elif not set(data.data_classes) <= set(DataClass.values):
        _add(errors, "data_classes", _("Choose from the list."))


def _check_evidence(survivor: Survivor, data: ConsentInput, errors: dict[str, list[str]]) -> None:
    if data.method not in Method.values:
        _add(errors, "method", _("Choose how consent was given."))
    if not data.signer_name.strip():
        _add(errors, "signer_name", _("Enter the name of the person who agreed."))
    if data.method == Method.SIGNATURE and not data.signature.strip():
        _add(errors, "signature", _("Ask them to sign, or type their name as a signature."))
    if len(data.signature) > SIGNATURE_MAX_LENGTH:
        _add(errors, "signature", _("The signature is too large; clear it and sign again."))
    if data.method == Method.VERBAL and not data.witness_name.strip():
        _add(errors, "witness_name", _("A verbal consent needs a witness: enter their name."))
    if data.method == Method.UPLOADED_FORM and not (
        data.document_id
        and Document.objects.filter(
            pk=data.document_id, survivor_id=survivor.pk, agency_id=survivor.agency_id, archived_at__isnull=True
        ).exists()
    ):
        _add(errors, "document", _("Choose the uploaded consent form from this survivor's documents."))
    for name in ("signer_name", "witness_name", "recipient_name", "second_signer_name"):
        if len(getattr(data, name)) > TEXT_MAX_LENGTH:
            _add(errors, name, _("Keep this under %(n)s characters.") % {"n": TEXT_MAX_LENGTH})


def _check_people(case: Case | None, data: ConsentInput, errors: dict[str, list[str]]) -> None:
    if data.given_by not in GivenBy.values:
        _add(errors, "given_by", _("Choose who gave consent."))
    minor = case is not None and case.is_minor is True
    if minor and data.given_by == GivenBy.SURVIVOR:
        _add(errors, "given_by", _("For a minor, a parent, guardian or legal representative gives consent."))
    if minor and not data.second_signer_name.strip():
        _add(errors, "second_signer_name", _("The young person signs too: enter their name."))
    missing = [str(InformedOf(code).label) for code in InformedOf.values if code not in data.informed_of]
    if missing:
        _add(errors, "informed_of", _("Consent is informed only when all of this was explained: ") + "; ".join(missing))


def _check_dates(data: ConsentInput, errors: dict[str, list[str]]) -> None:
    if data.expires_on is None:
        _add(errors, "expires_on", _("A consent must end: enter an expiry date."))
        return
    starts_on = data.starts_on or timezone.localdate()
    if data.expires_on <= starts_on:
        _add(errors, "expires_on", _("The expiry must be after the start."))
    elif data.expires_on > add_months(starts_on, MAX_MONTHS):
        _add(errors, "expires_on", _("A consent can last at most %(n)s months.") % {"n": MAX_MONTHS})


def _check_template(survivor: Survivor, data: ConsentInput, errors: dict[str, list[str]]) -> ConsentTemplate | None:
    """The template version named, if it is one of the agency's (any version: the one whose text was read)."""
    if not data.template_id:
        return None
    template = template_of_agency(survivor.agency_id, data.template_id)
    if template is None:
        _add(errors, "template", _("Choose one of your agency's consent templates."))
    elif template.requires_second_signer and not data.second_signer_name.strip() and "second_signer_name" not in errors:
        _add(errors, "second_signer_name", _("This template asks for a second signer: enter their name."))
    return template


def _check(survivor: Survivor, case: Case | None, data: ConsentInput) -> ConsentTemplate | None:
    errors: dict[str, list[str]] = {}
    if data.purpose not in Purpose.values:
        _add(errors, "purpose", _("Choose what the consent is for."))
    else:
        _check_recipient(survivor.agency_id, data, errors)
    _check_evidence(survivor, data, errors)
    _check_people(case, data, errors)
    _check_dates(data, errors)
    template = _check_template(survivor, data, errors)
    if errors:
        raise DomainError(_("The consent was not saved."), code="consent.invalid", fields=errors)
    return template


@transaction.atomic
def do_record_consent(*, actor: User, survivor: Survivor, case: Case | None, data: ConsentInput) -> ConsentRecord:
    """Record a consent the survivor (or their guardian) gave. The caller has write access to the case."""
    if case is not None and case.survivor_id != survivor.pk:
        raise DomainError(_("This case belongs to someone else."), code="consent.wrong_case")
    template = _check(survivor, case, data)
    if data.expires_on is None:  # _check refused it already; this narrows the type
        raise DomainError(_("A consent must end: enter an expiry date."), code="consent.invalid")
    contact = data.purpose in CONTACT_PURPOSES
    consent = ConsentRecord.objects.create(
        agency_id=survivor.agency_id,
        survivor=survivor,
        case=case,
        purpose=data.purpose,
        recipient_kind=RecipientKind.AGENCY if contact else data.recipient_kind,
        recipient_agency_id=survivor.agency_id if contact else data.recipient_agency_id,
        recipient_organization_id=_organization_of(data) if not contact else None,
        recipient_name="" if contact else _recipient_name(data),
        data_classes=[DataClass.CONTACT] if contact else sorted(set(data.data_classes), key=DataClass.values.index),
        channels=sorted(set(data.channels)) if contact else [],
        method=data.method,
        signature=data.signature.strip() if data.method == Method.SIGNATURE else "",
        signer_name=data.signer_name.strip(),
        witness_name=data.witness_name.strip(),
        document_id=data.document_id if data.method == Method.UPLOADED_FORM else None,
        given_by=data.given_by,
        second_signer_name=data.second_signer_name.strip(),
        informed_of=sorted(set(data.informed_of)),
        summary_language=data.summary_language or survivor.preferred_language,
        starts_on=data.starts_on or timezone.localdate(),
        expires_on=data.expires_on,
        recorded_by=actor,
        template=template,
    )
    if case is not None:
        events.consent_recorded(
            case=case,
            actor=actor,
            consent_id=str(consent.pk),
            purpose=consent.purpose,
            recipient_kind=consent.recipient_kind,
        )
    else:
        _audit(actor, consent, "consent.recorded")
    return consent


def _organization_of(data: ConsentInput) -> Any:
    return data.recipient_organization_id if data.recipient_kind == RecipientKind.ORGANISATION else None


def _recipient_name(data: ConsentInput) -> str:
    """The name shown for the recipient: the directory's name when one is chosen (kept if it later changes)."""
    organization_id = _organization_of(data)
    if organization_id:
        return directory_organizations().values_list("name", flat=True).get(pk=organization_id)
    return data.recipient_name.strip() if data.recipient_kind != RecipientKind.ANY else ""


def _audit(actor: User | None, consent: ConsentRecord, action: str) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk if actor else None,
            agency_id=consent.agency_id,
            object_type="consent",
            object_id=str(consent.pk),
            detail={"purpose": consent.purpose},
        )
    )


@transaction.atomic
def do_revoke_consent(
    *, actor: User | None, consent: ConsentRecord, by_whom: str, how: str, note: str = "", expected_version: int
) -> ConsentRecord:
    """Take a consent back, at once. Anything shared under it stops being visible to its recipient. `actor`
    is None when the survivor takes it back themselves in the portal (consent/self_revocation.py)."""
    consent = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
    check_version(consent.version, expected_version, {"revoked": consent.revoked_at is not None})
    errors: dict[str, list[str]] = {}
    if consent.revoked_at is not None:
        raise DomainError(_("This consent was already taken back."), code="consent.already_revoked")
    if by_whom not in GivenBy.values:
        _add(errors, "by_whom", _("Choose who took the consent back."))
    if how not in RevokedHow.values:
        _add(errors, "how", _("Choose how they told us."))
    if len(note) > NOTE_MAX_LENGTH:
        _add(errors, "note", _("Keep the note under %(n)s characters.") % {"n": NOTE_MAX_LENGTH})
    if errors:
        raise DomainError(_("The consent was not taken back."), code="consent.invalid_revocation", fields=errors)
    consent.revoked_at = timezone.now()
    consent.revoked_by = actor
    consent.revoked_by_whom = by_whom
    consent.revoked_how = how
    consent.revocation_note = note.strip()
    consent.version += 1
    consent.save()
    if consent.purpose == Purpose.MEDIA:  # stories standing on it leave the library and every campaign now
        withdraw_stories_for_consent(consent=consent, actor=actor)
    if consent.case is not None:
        events.consent_revoked(case=consent.case, actor=actor, consent_id=str(consent.pk), purpose=consent.purpose)
    else:
        _audit(actor, consent, "consent.revoked")
    return consent
