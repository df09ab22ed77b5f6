"""Reads of consent records. `covered_classes` is the one server-side check every disclosure makes: the
data classes that live consents of a survivor allow for one purpose and recipient on a day."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from reclaim.accounts.models import Agency
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.cases.selectors import my_open_cases
from reclaim.consent.models import ConsentRecord, ConsentTemplate, RecipientKind
from reclaim.referrals.models import Organization

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet

    from reclaim.accounts.models import User
    from reclaim.people.models import Survivor

EXPIRY_WARNING_DAYS = 30


def consents_for_survivor(survivor: Survivor) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(agency_id=survivor.agency_id, survivor=survivor).select_related(
        "recipient_agency", "recipient_organization", "recorded_by", "revoked_by", "document", "template"
    )


def consent_for_survivor(survivor: Survivor, consent_id: Any) -> ConsentRecord | None:
    return consents_for_survivor(survivor).filter(pk=consent_id).first()


def consent_by_id(consent_id: Any) -> ConsentRecord | None:
    """Unscoped: only for access.access_consent_by_id, which then gates on the consent's survivor."""
    return ConsentRecord.objects.select_related("case", "recipient_agency").filter(pk=consent_id).first()


def live_consents(
    survivor_id: Any,
    purpose: str,
    *,
    recipient_agency_id: Any = None,
    recipient_organization_id: Any = None,
    on: datetime.date | None = None,
) -> QuerySet[ConsentRecord]:
    """Consents in force on `on` (default today) for this purpose, naming this platform agency or this
    directory organisation, or "any"."""
    day = on or timezone.localdate()
    recipient = Q(recipient_kind=RecipientKind.ANY)
    if recipient_agency_id is not None:
        recipient |= Q(recipient_kind=RecipientKind.AGENCY, recipient_agency_id=recipient_agency_id)
    if recipient_organization_id is not None:
        recipient |= Q(recipient_kind=RecipientKind.ORGANISATION, recipient_organization_id=recipient_organization_id)
    return ConsentRecord.objects.filter(
        recipient,
        survivor_id=survivor_id,
        purpose=purpose,
        revoked_at__isnull=True,
        starts_on__lte=day,
        expires_on__gte=day,
    )


def covered_classes(
    survivor_id: Any,
    purpose: str,
    *,
    recipient_agency_id: Any = None,
    recipient_organization_id: Any = None,
    on: datetime.date | None = None,
) -> set[str]:
    """Every data class some live consent allows for this purpose and recipient (one query)."""
    rows = live_consents(
        survivor_id,
        purpose,
        recipient_agency_id=recipient_agency_id,
        recipient_organization_id=recipient_organization_id,
        on=on,
    )
    return {data_class for classes in rows.values_list("data_classes", flat=True) for data_class in classes}


def uncovered_classes(
    survivor_id: Any,
    purpose: str,
    requested: Iterable[str],
    *,
    recipient_agency_id: Any = None,
    recipient_organization_id: Any = None,
    on: datetime.date | None = None,
) -> list[str]:
    """The requested classes no live consent covers, in the order asked (empty: everything is covered)."""
    covered = covered_classes(
        survivor_id,
        purpose,
        recipient_agency_id=recipient_agency_id,
        recipient_organization_id=recipient_organization_id,
        on=on,
    )
    return [data_class for data_class in requested if data_class not in covered]


def has_contact_consent(survivor: Survivor, purpose: str, channel: str, *, on: datetime.date | None = None) -> bool:
    """Whether a live contact consent (contact_channel or follow_up_contact) to the survivor's own agency names
    this channel."""
    rows = live_consents(survivor.pk, purpose, recipient_agency_id=survivor.agency_id, on=on)
    return any(channel in channels for channels in rows.values_list("channels", flat=True))


def expiring_consents(user: User, today: datetime.date, *, within_days: int = EXPIRY_WARNING_DAYS) -> list[Any]:
    """Consents in force that expire within `within_days`, of survivors on the user's own open cases, with the
    case to renew them on (two queries). The consents are read first, then only their survivors' cases: reading
    every open case first sent a worker on 5,000 cases 4,400 ids as parameters (half a second at 100k)."""
    consents = list(
        expiring_consent_rows(user, today, within_days=within_days)
        .only("pk", "survivor_id", "purpose", "expires_on", "agency_id")
        .order_by("expires_on", "pk")
    )
    if not consents:
        return []
    survivors = {consent.survivor_id for consent in consents}
    cases = {
        case.survivor_id: case
        for case in my_open_cases(user)
        .filter(survivor_id__in=survivors)
        .only("pk", "number", "survivor_id", "agency_id")
        .order_by("-created_at", "pk")
    }
    return [(consent, cases[consent.survivor_id]) for consent in consents if consent.survivor_id in cases]


def expiring_consent_rows(
    user: User, today: datetime.date, *, within_days: int = EXPIRY_WARNING_DAYS
) -> QuerySet[ConsentRecord]:
    """The consents expiring_consents lists, as a query (for counting them in the database)."""
    survivors = my_open_cases(user).values("survivor_id")
    return ConsentRecord.objects.filter(_expiring(today, within_days), survivor_id__in=survivors)


def _expiring(today: datetime.date, within_days: int) -> Q:
    return Q(
        revoked_at__isnull=True,
        starts_on__lte=today,
        expires_on__gte=today,
        expires_on__lte=today + datetime.timedelta(days=within_days),
    )


def directory_organizations() -> QuerySet[Organization]:
    """Listed directory organisations that are not agencies on the platform (those are named as agencies)."""
    return Organization.objects.filter(is_active=True, platform_agency__isnull=True).order_by("name")


def partner_agencies(agency_id: Any) -> QuerySet[Agency]:
    """Other active agencies on the platform: the recipients a consent can name."""
    return Agency.objects.filter(is_active=True).exclude(pk=agency_id).order_by("name")


# Consent templates (models.ConsentTemplate)


def templates_for_admin(user: User) -> QuerySet[ConsentTemplate]:
    """The current version of each of the admin's agency's templates, retired ones included; none for anyone
    who does not manage the agency. `used` says whether a record used that version (so editing makes a new one)."""
    membership = active_membership(user)
    if membership is None or not capabilities(user).manages_staff:
        return ConsentTemplate.objects.none()
    used = ConsentRecord.objects.filter(template=OuterRef("pk"))
    return (
        ConsentTemplate.objects.filter(agency_id=membership.agency_id, superseded_at__isnull=True)
        .annotate(used=Exists(used))
        .order_by("retired_at", "name", "pk")
    )


def templates_for_reader(user: User) -> QuerySet[ConsentTemplate]:
    """Every version of the agency's templates, for its admins and for staff who record consents (the API's
    reads; the consent form offers only active_templates)."""
    membership = active_membership(user)
    caps = capabilities(user)
    if membership is None or not (caps.manages_staff or caps.edits_cases):
        return ConsentTemplate.objects.none()
    return ConsentTemplate.objects.filter(agency_id=membership.agency_id).order_by("name", "family", "-number")


def current_templates_for_reader(user: User, *, include_retired: bool = False) -> QuerySet[ConsentTemplate]:
    """The current version of each template (the API's list); retired ones only when asked for."""
    rows = templates_for_reader(user).filter(superseded_at__isnull=True)
    return rows if include_retired else rows.filter(retired_at__isnull=True)


def active_templates(agency_id: Any) -> QuerySet[ConsentTemplate]:
    """The templates a consent can start from: current and not retired."""
    return ConsentTemplate.objects.filter(
        agency_id=agency_id, superseded_at__isnull=True, retired_at__isnull=True
    ).order_by("name", "pk")


def template_of_agency(agency_id: Any, template_id: Any) -> ConsentTemplate | None:
    """Any version of one of the agency's templates (a record keeps the version it was started from)."""
    try:
        return ConsentTemplate.objects.filter(agency_id=agency_id, pk=template_id).first()
    except (ValueError, ValidationError):
        return None
