"""Writes of the partner directory: organisations, their services, locations and contacts, platform agencies'
own entries, and HSDS imports. One transaction each, with an audit row (directory rows hold no survivor data,
so there is no case timeline to write to).

The rules every entry point shares live here: taxonomy codes, ISO 639 language codes, an RFC 5545 rule for
opening hours (validated with python-dateutil), and a confidential location needs a maintaining agency,
whose key encrypts its street address and coordinates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from dateutil.rrule import rrulestr  # no stubs in the venv; one call, checked by tests
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.models import OrganisationType
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version
from reclaim.referrals import directory_selectors as selectors
from reclaim.referrals.models import Contact, Location, LocationType, Organization, OrgService, ServiceStatus

if TYPE_CHECKING:
    import datetime as dt

    from reclaim.accounts.models import Agency, User

Errors = dict[str, list[str]]

RRULE_PARTS = ("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL", "WKST")
RRULE_FREQUENCIES = ("WEEKLY", "MONTHLY")  # what HSDS 3.0 `schedule.freq` allows
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
MAX_LANGUAGES = 30
TEXT_MAX = 4000


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def normalise_rrule(text: str) -> str:
    """The rule in one canonical spelling (parts in a fixed order, upper case, no `RRULE:` prefix), or ""
    for none. Raises ValueError when it is not a weekly or monthly RFC 5545 rule python-dateutil accepts."""
    text = text.strip().upper().removeprefix("RRULE:")
    if not text:
        return ""
    parts: dict[str, str] = {}
    for chunk in filter(None, text.split(";")):
        key, sep, value = chunk.partition("=")
        if not sep or not value or key not in RRULE_PARTS or key in parts:
            raise ValueError(chunk)
        parts[key] = value
    if parts.get("FREQ") not in RRULE_FREQUENCIES:
        raise ValueError("FREQ")
    canonical = ";".join(f"{key}={parts[key]}" for key in RRULE_PARTS if key in parts)
    for start in (datetime(2000, 1, 3), datetime(2000, 1, 3, tzinfo=UTC)):  # noqa: DTZ001 — a floating start, as RFC 5545 allows
        try:
            rrulestr(canonical, dtstart=start)
        except (ValueError, KeyError, TypeError, IndexError):
            continue
        return canonical
    raise ValueError(canonical)


def rrule_parts(rule: str) -> dict[str, str]:
    """`FREQ=WEEKLY;BYDAY=MO` → {"FREQ": "WEEKLY", "BYDAY": "MO"} (a stored rule is already canonical)."""
    return dict(chunk.split("=", 1) for chunk in rule.split(";") if "=" in chunk)


def normalise_languages(values: list[str] | str) -> list[str]:
    """ISO 639 codes, lower case, de-duplicated in order. Raises ValueError naming the first bad one."""
    items = values.replace(";", ",").split(",") if isinstance(values, str) else list(values)
    codes: list[str] = []
    for item in items:
        code = str(item).strip().lower().replace("_", "-")
        if not code:
            continue
        if not LANGUAGE_CODE.match(code):
            raise ValueError(code)
        if code not in codes:
            codes.append(code)
    if len(codes) > MAX_LANGUAGES:
        raise ValueError("too many")
    return codes


@dataclass
class OrganizationInput:
    name: str
    alternate_name: str = ""
    description: str = ""
    org_type: str = ""
    email: str = ""
    website: str = ""
    phone: str = ""
    languages: list[str] | str = field(default_factory=list)


@dataclass
class ServiceInput:
    name: str
    category_code: str
    type_code: str = ""
    description: str = ""
    eligibility: str = ""
    languages: list[str] | str = field(default_factory=list)
    fees: str = ""
    hours_rrule: str = ""
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None
    hours_note: str = ""
    capacity: int | None = None
    capacity_unit: str = ""
    status: str = ServiceStatus.ACTIVE
    capacity_updated_at: dt.datetime | None = None  # imports only; otherwise set when capacity changes


@dataclass
class LocationInput:
    name: str = ""
    location_type: str = LocationType.PHYSICAL
    confidential: bool = False
    address_1: str = ""
    address_2: str = ""
    postal_code: str = ""
    city: str = ""
    region: str = ""
    country: str = ""
    latitude: Decimal | str | None = None
    longitude: Decimal | str | None = None


@dataclass
class ContactInput:
    name: str
    title: str = ""
    email: str = ""
    phone: str = ""


def _check_length(errors: Errors, name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        _add(errors, name, _("Keep this under %(n)s characters.") % {"n": limit})


def check_organization(data: OrganizationInput) -> tuple[Errors, list[str]]:
    errors: Errors = {}
    if not data.name.strip():
        _add(errors, "name", _("Enter the organisation's name."))
    for name, limit in (("name", 200), ("alternate_name", 200), ("phone", 40), ("description", TEXT_MAX)):
        _check_length(errors, name, getattr(data, name), limit)
    if data.org_type and data.org_type not in OrganisationType.values:
        _add(errors, "org_type", _("Choose a type from the list."))
    if data.email.strip():
        try:
            EmailValidator()(data.email.strip())
        except ValidationError:
            _add(errors, "email", _("Enter an email address like name@example.org."))
    if data.website.strip():
        try:
            URLValidator(schemes=["http", "https"])(data.website.strip())
        except ValidationError:
            _add(errors, "website", _("Enter a web address starting with https://."))
    languages: list[str] = []
    try:
        languages = normalise_languages(data.languages)
    except ValueError:
        _add(errors, "languages", _("Use ISO 639 language codes separated by commas, such as en, es, th."))
    return errors, languages


def check_service(data: ServiceInput) -> tuple[Errors, str, list[str]]:
    errors: Errors = {}
    if not data.name.strip():
        _add(errors, "name", _("Enter the service's name."))
    _check_length(errors, "name", data.name, 200)
    for name in ("description", "eligibility", "fees"):
        _check_length(errors, name, getattr(data, name), TEXT_MAX)
    _check_length(errors, "hours_note", data.hours_note, 300)
    _check_length(errors, "capacity_unit", data.capacity_unit, 40)
    types = selectors.type_codes()
    if data.category_code not in selectors.category_codes():
        _add(errors, "category_code", _("Choose a kind of service from the list."))
    elif data.type_code and types.get(data.type_code) != data.category_code:
        _add(errors, "type_code", _("Choose a type that belongs to the kind of service chosen."))
    if data.status not in ServiceStatus.values:
        _add(errors, "status", _("Choose a status from the list."))
    rule = ""
    try:
        rule = normalise_rrule(data.hours_rrule)
    except ValueError:
        _add(
            errors,
            "hours_rrule",
            _("Write the opening days as a weekly or monthly rule, such as FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR."),
        )
    if (data.opens_at is None) != (data.closes_at is None):
        _add(errors, "closes_at", _("Give both the opening and the closing time, or neither."))
    if (data.opens_at or data.closes_at) and not rule:
        _add(errors, "hours_rrule", _("Say on which days these times apply."))
    if data.capacity is not None and data.capacity < 0:
        _add(errors, "capacity", _("Enter zero or more."))
    if data.capacity is not None and not data.capacity_unit.strip():
        _add(errors, "capacity_unit", _("Say what is counted, such as beds or places."))
    languages: list[str] = []
    try:
        languages = normalise_languages(data.languages)
    except ValueError:
        _add(errors, "languages", _("Use ISO 639 language codes separated by commas, such as en, es, th."))
    return errors, rule, languages


def _coordinate(errors: Errors, name: str, value: Decimal | str | None, limit: int) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        _add(errors, name, _("Enter a number of degrees, such as 40.7128."))
        return None
    if not number.is_finite() or abs(number) > limit:
        _add(errors, name, _("Enter a number between -%(n)s and %(n)s.") % {"n": limit})
        return None
    return number.quantize(Decimal("0.000001"))


def check_location(organization: Organization, data: LocationInput) -> tuple[Errors, Decimal | None, Decimal | None]:
    errors: Errors = {}
    if data.location_type not in LocationType.values:
        _add(errors, "location_type", _("Choose a kind of location from the list."))
    if data.confidential and organization.maintained_by_id is None:
        _add(
            errors,
            "confidential",
            _("A confidential address needs an agency that maintains this entry; none does, so it was not saved."),
        )
    for name, limit in (("name", 200), ("address_1", 200), ("address_2", 200), ("city", 100), ("region", 100)):
        _check_length(errors, name, getattr(data, name), limit)
    _check_length(errors, "postal_code", data.postal_code, 20)
    country = data.country.strip().upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        _add(errors, "country", _("Use the two-letter country code, such as US or TH."))
    latitude = _coordinate(errors, "latitude", data.latitude, 90)
    longitude = _coordinate(errors, "longitude", data.longitude, 180)
    if (latitude is None) != (longitude is None) and "latitude" not in errors and "longitude" not in errors:
        _add(errors, "longitude", _("Give both latitude and longitude, or neither."))
    return errors, latitude, longitude


def check_contact(data: ContactInput) -> Errors:
    errors: Errors = {}
    if not data.name.strip():
        _add(errors, "name", _("Enter the contact's name."))
    for name, limit in (("name", 200), ("title", 200), ("phone", 40)):
        _check_length(errors, name, getattr(data, name), limit)
    if data.email.strip():
        try:
            EmailValidator()(data.email.strip())
        except ValidationError:
            _add(errors, "email", _("Enter an email address like name@example.org."))
    return errors


def _refuse(errors: Errors, code: str) -> None:
    if errors:
        raise DomainError(_("The entry was not saved: please check the highlighted answers."), code=code, fields=errors)


def _audit(actor: User | None, agency_id: Any, action: str, object_type: str, object_id: Any, **detail: Any) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk if actor else None,
            agency_id=agency_id,
            object_type=object_type,
            object_id=str(object_id),
            detail=detail,
        )
    )


# Applying checked values to rows (shared by the forms, the API and the HSDS import)


def apply_organization(organization: Organization, data: OrganizationInput, languages: list[str]) -> None:
    organization.name = data.name.strip()
    organization.alternate_name = data.alternate_name.strip()
    organization.description = data.description.strip()
    organization.org_type = data.org_type
    organization.email = data.email.strip()
    organization.website = data.website.strip()
    organization.phone = data.phone.strip()
    organization.languages = languages


def apply_service(service: OrgService, data: ServiceInput, rule: str, languages: list[str]) -> None:
    capacity_changed = service.pk is None or (service.capacity, service.capacity_unit) != (
        data.capacity,
        data.capacity_unit.strip(),
    )
    service.name = data.name.strip()
    service.category_code = data.category_code
    service.type_code = data.type_code
    service.description = data.description.strip()
    service.eligibility = data.eligibility.strip()
    service.languages = languages
    service.fees = data.fees.strip()
    service.hours_rrule = rule
    service.opens_at = data.opens_at
    service.closes_at = data.closes_at
    service.hours_note = data.hours_note.strip()
    service.capacity = data.capacity
    service.capacity_unit = data.capacity_unit.strip()
    service.status = data.status
    if data.capacity_updated_at is not None:
        service.capacity_updated_at = data.capacity_updated_at
    elif capacity_changed:
        service.capacity_updated_at = timezone.now() if data.capacity is not None else None


def apply_location(
    location: Location,
    organization: Organization,
    data: LocationInput,
    latitude: Decimal | None,
    longitude: Decimal | None,
) -> None:
    """A confidential location keeps its street lines, postal code and coordinates only in the encrypted
    columns (under the maintaining agency's key); a public one only in the plain columns."""
    location.organization = organization
    location.agency_id = organization.maintained_by_id
    location.name = data.name.strip()
    location.location_type = data.location_type
    location.confidential = data.confidential
    location.city = data.city.strip()
    location.region = data.region.strip()
    location.country = data.country.strip().upper()
    lines = (data.address_1.strip(), data.address_2.strip(), data.postal_code.strip())
    if data.confidential:
        location.hidden_address_1, location.hidden_address_2, location.hidden_postal_code = lines
        location.hidden_coordinates = [str(latitude), str(longitude)] if latitude is not None else None
        location.address_1 = location.address_2 = location.postal_code = ""
        location.latitude = location.longitude = None
    else:
        location.address_1, location.address_2, location.postal_code = lines
        location.latitude, location.longitude = latitude, longitude
        location.hidden_address_1 = location.hidden_address_2 = location.hidden_postal_code = None
        location.hidden_coordinates = None


def apply_contact(contact: Contact, data: ContactInput) -> None:
    contact.name = data.name.strip()
    contact.title = data.title.strip()
    contact.email = data.email.strip()
    contact.phone = data.phone.strip()


# Organisations


@transaction.atomic
def do_create_organization(*, actor: User | None, agency: Agency, data: OrganizationInput) -> Organization:
    """A new entry, maintained by the creating agency."""
    errors, languages = check_organization(data)
    _refuse(errors, "directory.invalid_organization")
    organization = Organization(maintained_by=agency)
    apply_organization(organization, data, languages)
    organization.full_clean()
    organization.save()
    _audit(actor, agency.pk, "directory.organization_created", "directory_organization", organization.pk)
    return organization


def _organization_values(organization: Organization) -> dict[str, Any]:
    return {
        "name": organization.name,
        "alternate_name": organization.alternate_name,
        "org_type": organization.get_org_type_display() if organization.org_type else "",
        "email": organization.email,
        "website": organization.website,
        "phone": organization.phone,
        "languages": ", ".join(organization.languages),
        "description": organization.description,
    }


@transaction.atomic
def do_update_organization(
    *, actor: User, organization: Organization, data: OrganizationInput, expected_version: int
) -> Organization:
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    check_version(organization.version, expected_version, _organization_values(organization))
    errors, languages = check_organization(data)
    _refuse(errors, "directory.invalid_organization")
    apply_organization(organization, data, languages)
    organization.version += 1
    organization.full_clean()
    organization.save()
    _audit(
        actor,
        organization.maintained_by_id,
        "directory.organization_changed",
        "directory_organization",
        organization.pk,
    )
    return organization


@transaction.atomic
def ensure_platform_entry(agency: Agency, *, actor: User | None = None) -> Organization:
    """The directory entry of an agency on this platform (created if missing, maintained by the agency)."""
    existing = Organization.objects.select_for_update().filter(platform_agency=agency).first()
    if existing is not None:
        return existing
    organization = Organization(
        name=agency.name, org_type=agency.org_type, maintained_by=agency, platform_agency=agency
    )
    organization.full_clean()
    organization.save()
    _audit(actor, agency.pk, "directory.platform_entry_created", "directory_organization", organization.pk)
    return organization


# Services, locations and contacts (created and changed by editors of the organisation's agency)


def _service_values(service: OrgService) -> dict[str, Any]:
    return {
        "name": service.name,
        "category_code": service.category_code,
        "type_code": service.type_code,
        "status": service.get_status_display(),
        "hours_rrule": service.hours_rrule,
        "opens_at": service.opens_at,
        "closes_at": service.closes_at,
        "hours_note": service.hours_note,
        "capacity": service.capacity,
        "capacity_unit": service.capacity_unit,
        "eligibility": service.eligibility,
        "languages": ", ".join(service.languages),
        "fees": service.fees,
        "description": service.description,
    }


@transaction.atomic
def do_save_service(
    *,
    actor: User | None,
    organization: Organization,
    data: ServiceInput,
    service: OrgService | None = None,
    expected_version: int | None = None,
) -> OrgService:
    """Add a service (no `service`) or change one (with the version the editor loaded)."""
    if service is None:
        service = OrgService(organization=organization)
        action = "directory.service_created"
    else:
        service = OrgService.objects.select_for_update().get(pk=service.pk, organization=organization)
        check_version(service.version, expected_version or 0, _service_values(service))
        service.version += 1
        action = "directory.service_changed"
    errors, rule, languages = check_service(data)
    _refuse(errors, "directory.invalid_service")
    apply_service(service, data, rule, languages)
    service.full_clean()
    service.save()
    _audit(actor, organization.maintained_by_id, action, "directory_service", service.pk)
    return service


def location_values(location: Location) -> dict[str, Any]:
    return {
        "name": location.name,
        "location_type": location.get_location_type_display(),
        "confidential": location.confidential,
        "address": ", ".join(location.street_lines),
        "city": location.city,
        "region": location.region,
        "country": location.country,
    }


@transaction.atomic
def do_save_location(
    *,
    actor: User | None,
    organization: Organization,
    data: LocationInput,
    location: Location | None = None,
    expected_version: int | None = None,
) -> Location:
    """Add or change a location. A confidential one is refused unless an agency maintains the entry."""
    if location is None:
        location = Location(organization=organization)
        action = "directory.location_created"
    else:
        location = Location.objects.select_for_update().get(pk=location.pk, organization=organization)
        check_version(location.version, expected_version or 0, location_values(location))
        location.version += 1
        action = "directory.location_changed"
    errors, latitude, longitude = check_location(organization, data)
    code = "directory.confidential_needs_agency" if "confidential" in errors else "directory.invalid_location"
    _refuse(errors, code)
    apply_location(location, organization, data, latitude, longitude)
    location.full_clean()
    location.save()
    _audit(actor, organization.maintained_by_id, action, "directory_location", location.pk)
    return location


@transaction.atomic
def do_save_contact(
    *,
    actor: User | None,
    organization: Organization,
    data: ContactInput,
    contact: Contact | None = None,
    expected_version: int | None = None,
) -> Contact:
    if contact is None:
        contact = Contact(organization=organization)
        action = "directory.contact_created"
    else:
        contact = Contact.objects.select_for_update().get(pk=contact.pk, organization=organization)
        check_version(
            contact.version,
            expected_version or 0,
            {"name": contact.name, "title": contact.title, "email": contact.email, "phone": contact.phone},
        )
        contact.version += 1
        action = "directory.contact_changed"
    _refuse(check_contact(data), "directory.invalid_contact")
    apply_contact(contact, data)
    contact.full_clean()
    contact.save()
    _audit(actor, organization.maintained_by_id, action, "directory_contact", contact.pk)
    return contact
