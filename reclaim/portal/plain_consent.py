"""Consents in plain language for the survivor (issue 9 item 4): one or two short sentences each, in the
words a person would use, never the staff form's labels ("data classes", "recipient kind", "purpose")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reclaim.consent.models import Channel, ConsentStatus, DataClass, Purpose, RecipientKind
from reclaim.consent.self_revocation import can_take_back_in_portal, is_sharing

if TYPE_CHECKING:
    import datetime

    from django.utils.functional import Promise

    from reclaim.consent.models import ConsentRecord

# A short heading per purpose.
PURPOSE_TITLE: dict[str, Promise] = {
    Purpose.SERVICE_REFERRAL: _("Connecting you with another service"),
    Purpose.INFORMATION_SHARING: _("Sharing with another organisation"),
    Purpose.LAW_ENFORCEMENT: _("Sharing with the police or a prosecutor"),
    Purpose.AGGREGATE_REPORTING: _("Being counted in our reports"),
    Purpose.RESEARCH: _("Research"),
    Purpose.MEDIA: _("Your story, photos or video"),
    Purpose.CONTACT_CHANNEL: _("How we get in touch with you"),
    Purpose.FOLLOW_UP_CONTACT: _("Staying in touch after you leave the program"),
}

# What the person said yes to, in one sentence.
PURPOSE_SENTENCE: dict[str, Promise] = {
    Purpose.SERVICE_REFERRAL: _(
        "You said we may pass on some information about you when we connect you with another service, "
        "so they can help you."
    ),
    Purpose.INFORMATION_SHARING: _("You said we may share some information about you with another organisation."),
    Purpose.LAW_ENFORCEMENT: _("You said we may share some information about you with the police or a prosecutor."),
    Purpose.AGGREGATE_REPORTING: _("You said you may be counted in our reports. Your name is never in them."),
    Purpose.RESEARCH: _("You said some information about you may be used for research."),
    Purpose.MEDIA: _("You said your story, photos or video may be used in the media."),
    Purpose.CONTACT_CHANNEL: _("You said we may get in touch with you in these ways."),
    Purpose.FOLLOW_UP_CONTACT: _("You said we may get in touch after you leave the program, in these ways."),
}

# What information, as a person would say it ("your name", not "Identity").
DATA_PLAIN: dict[str, Promise] = {
    DataClass.IDENTITY: _("your name"),
    DataClass.CONTACT: _("how to reach you"),
    DataClass.LOCATION: _("where you live or stay"),
    DataClass.CASE_SUMMARY: _("a short summary of how we help you"),
    DataClass.NEEDS: _("what you need help with"),
    DataClass.ASSESSMENTS: _("your answers to questionnaires"),
    DataClass.CLINICAL: _("your health and counselling information"),
    DataClass.LEGAL: _("legal information about you"),
    DataClass.IMMIGRATION: _("your immigration status"),
    DataClass.TRAFFICKING_HISTORY: _("what happened to you"),
    DataClass.PERPETRATOR: _("information about the people who hurt you"),
    DataClass.DOCUMENTS: _("your documents"),
}

CHANNEL_PLAIN: dict[str, Promise] = {
    Channel.PHONE: _("phone calls"),
    Channel.SMS: _("text messages"),
    Channel.EMAIL: _("email"),
}


@dataclass(frozen=True)
class PlainConsent:
    pk: object
    title: str
    sentence: str
    covers: list[str] = field(default_factory=list)  # what information, or which ways to get in touch
    to_whom: str = ""  # "" when it does not go to anyone else
    status: str = ConsentStatus.LIVE
    starts_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    revoked_on: datetime.date | None = None
    revoked_in_portal: bool = False
    sharing: bool = False
    can_take_back: bool = False


def _to_whom(consent: ConsentRecord) -> str:
    if consent.recipient_kind == RecipientKind.ANY:
        return str(_("any service we connect you with"))
    if consent.recipient_kind == RecipientKind.AGENCY and consent.recipient_agency is not None:
        if consent.recipient_agency_id == consent.agency_id:
            return ""
        return consent.recipient_agency.name
    return consent.recipient_name or ""


def plain(consent: ConsentRecord, today: datetime.date) -> PlainConsent:
    sharing = is_sharing(consent)
    if consent.purpose in (Purpose.CONTACT_CHANNEL, Purpose.FOLLOW_UP_CONTACT):
        covers = [str(CHANNEL_PLAIN.get(code, code)) for code in consent.channels]
    else:
        covers = [str(DATA_PLAIN.get(code, code)) for code in consent.data_classes]
    return PlainConsent(
        pk=consent.pk,
        title=str(PURPOSE_TITLE.get(consent.purpose, consent.get_purpose_display())),
        sentence=str(PURPOSE_SENTENCE.get(consent.purpose, "")),
        covers=covers,
        to_whom=_to_whom(consent) if sharing else "",
        status=consent.status_on(today),
        starts_on=consent.starts_on,
        expires_on=consent.expires_on,
        revoked_on=timezone.localdate(consent.revoked_at) if consent.revoked_at else None,
        revoked_in_portal=consent.revoked_how == "portal",
        sharing=sharing,
        can_take_back=can_take_back_in_portal(consent, today),
    )
