"""Open Referral HSDS 3.0 JSON export and import of the partner directory (DOMAIN.md §12.1).

Export: an HSDS 3.0 page (`total_items`, ..., `contents`) of `organization` objects with their `services`
(`schedules`, `languages`, `capacities` with their `unit`, taxonomy `attributes`, `service_at_locations`),
`locations` (with one `address`), `contacts` and `phones`. Every object carries the fields HSDS 3.0 requires
(openreferral/specification 3.0 schema/*.json `required`; the test test_directory_hsds_spec.py writes them out)
and a UUID `id`; ids of parts Reclaim keeps inside a row (a phone, a schedule) are UUIDv5 of the row's id, so
they are stable across exports. Reclaim's extension fields start with `x_reclaim_`: `x_reclaim_org_type`
(HTCDS organisation type) and `x_reclaim_languages`. Confidential locations (shelters) are NEVER exported,
not even to the agency that keeps them (DOMAIN.md §12.1); `x_reclaim_confidential: true` is read on import
only, so an agency may load its own shelters. Reclaim does not record which service is given at which place:
each service is linked (`service_at_locations`) to every physical or virtual location of its organisation.
Directory rows hold no client data, so neither can this.

Import: the same shapes (a page, a list of organisations, or one organisation). Every error is reported with
its path (`contents[0].services[1].schedules[0].byday`); one error and nothing is saved. Rows are matched on
their HSDS `id`, so importing the same file twice changes nothing the second time. Rows of the directory that
the file does not mention are left as they are. Organisations kept by another agency are never changed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Any

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reclaim.accounts.models import OrganisationType
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError
from reclaim.referrals import directory_actions as actions
from reclaim.referrals import directory_selectors as selectors
from reclaim.referrals.models import Contact, Location, LocationType, Organization, OrgService

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User

TAXONOMY = "reclaim_services"
SPEC_VERSION = "3.0"  # Open Referral HSDS, github.com/openreferral/specification (3.0)
CONFIDENTIAL = "x_reclaim_confidential"
MAX_ORGANIZATIONS = 5000
MAX_CHILDREN = 500


def _child_id(parent: uuid.UUID, kind: str) -> str:
    """A stable id for a part we store inside its parent row (a phone, a schedule, a capacity)."""
    return str(uuid.uuid5(parent, kind))


def _language(service_id: str, code: str) -> dict[str, Any]:
    out = {"id": _child_id(uuid.UUID(service_id), f"language:{code}"), "service_id": service_id, "code": code}
    info = LANG_INFO.get(code)
    if info and info.get("name"):
        out["name"] = info["name"]
    return out


def _term_id(code: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"reclaim:taxonomy:{code}"))


def _taxonomy_term(code: str, labels: dict[str, str], parents: dict[str, str]) -> dict[str, Any]:
    """A term of Reclaim's service taxonomy (DOMAIN.md §5): categories, and their types as child terms."""
    term: dict[str, Any] = {
        "id": _term_id(code),
        "code": code,
        "name": labels.get(code, code),
        "description": labels.get(code, code),
        "taxonomy": TAXONOMY,
    }
    if code in parents:
        term["parent_id"] = _term_id(parents[code])
    return term


def _schedule(service: OrgService, sid: str) -> list[dict[str, Any]]:
    if not (service.hours_rrule or service.hours_note):
        return []
    schedule: dict[str, Any] = {"id": _child_id(service.hsds_id, "schedule"), "service_id": sid}
    for key, value in actions.rrule_parts(service.hours_rrule).items():
        schedule[key.lower()] = int(value) if key in {"INTERVAL", "COUNT"} else value
    if service.opens_at is not None:
        schedule["opens_at"] = service.opens_at.strftime("%H:%M")
    if service.closes_at is not None:
        schedule["closes_at"] = service.closes_at.strftime("%H:%M")
    if service.hours_note:
        schedule["description"] = service.hours_note
    return [schedule]


def _service(
    service: OrgService, oid: str, labels: dict[str, str], parents: dict[str, str], places: list[Location]
) -> dict[str, Any]:
    sid = str(service.hsds_id)
    terms = [code for code in (service.category_code, service.type_code) if code]
    out: dict[str, Any] = {
        "id": sid,
        "organization_id": oid,
        "name": service.name,
        "description": service.description,
        "status": service.status,
        "eligibility_description": service.eligibility,
        "fees_description": service.fees,
        "languages": [_language(sid, code) for code in service.languages],
        "schedules": _schedule(service, sid),
        "capacities": [],
        "attributes": [
            {
                "id": _child_id(service.hsds_id, f"attribute:{code}"),
                "link_id": sid,
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": _term_id(code),
                "taxonomy_term": _taxonomy_term(code, labels, parents),
            }
            for code in terms
        ],
        "service_at_locations": [
            {
                "id": _child_id(service.hsds_id, f"service_at_location:{place.hsds_id}"),
                "service_id": sid,
                "location_id": str(place.hsds_id),
            }
            for place in places
            if place.location_type != LocationType.POSTAL
        ],
    }
    if service.capacity is not None:
        unit_id = _child_id(service.hsds_id, "capacity_unit")
        updated = service.capacity_updated_at or service.updated_at
        out["capacities"].append(
            {
                "id": _child_id(service.hsds_id, "capacity"),
                "service_id": sid,
                "available": service.capacity,
                "unit_id": unit_id,
                "unit": {"id": unit_id, "name": service.capacity_unit},
                "updated": updated.isoformat(),
            }
        )
    return out


def _location(location: Location, oid: str) -> dict[str, Any]:
    if location.confidential:  # never exported (DOMAIN.md §12.1); the selector leaves them out already
        raise ValueError("a confidential location reached the HSDS export")
    lid = str(location.hsds_id)
    lines = (location.address_1, location.address_2, location.postal_code)
    out: dict[str, Any] = {
        "id": lid,
        "organization_id": oid,
        "location_type": location.location_type,
        "name": location.name,
        "addresses": [],
    }
    if location.latitude is not None and location.longitude is not None:  # HSDS numbers: absent, not null
        out["latitude"] = float(location.latitude)
        out["longitude"] = float(location.longitude)
    if any(lines) or location.city or location.region or location.country:
        out["addresses"].append(
            {
                "id": _child_id(location.hsds_id, "address"),
                "location_id": lid,
                "address_1": lines[0],
                "address_2": lines[1],
                "city": location.city,
                "state_province": location.region,
                "postal_code": lines[2],
                "country": location.country,
                "address_type": location.location_type,
            }
        )
    return out


def _contact(contact: Contact, oid: str) -> dict[str, Any]:
    cid = str(contact.hsds_id)
    phones = [{"id": _child_id(contact.hsds_id, "phone"), "contact_id": cid, "number": contact.phone}]
    return {
        "id": cid,
        "organization_id": oid,
        "name": contact.name,
        "title": contact.title,
        "email": contact.email,
        "phones": phones if contact.phone else [],
    }


def organization_document(
    organization: Organization, labels: dict[str, str], parents: dict[str, str] | None = None
) -> dict[str, Any]:
    """One organisation in HSDS 3.0 shape, from `export_organizations` (its `visible` locations are the public
    ones; a confidential one is refused)."""
    oid = str(organization.hsds_id)
    places: list[Location] = list(organization.visible)  # type: ignore[attr-defined]
    parents = parents or {}
    phones = [{"id": _child_id(organization.hsds_id, "phone"), "organization_id": oid, "number": organization.phone}]
    return {
        "id": oid,
        "name": organization.name,
        "alternate_name": organization.alternate_name,
        "description": organization.description,
        "email": organization.email,
        "website": organization.website,
        "phones": phones if organization.phone else [],
        "x_reclaim_org_type": organization.org_type,
        "x_reclaim_languages": list(organization.languages),
        "services": [_service(service, oid, labels, parents, places) for service in organization.services.all()],
        "locations": [_location(location, oid) for location in places],
        "contacts": [_contact(contact, oid) for contact in organization.contacts.all()],
    }


def export_document(*, actor: User | None, agency: Agency) -> dict[str, Any]:
    """The whole listed directory as one HSDS page, as the agency's staff may see it (audited)."""
    labels, parents = selectors.service_labels(), selectors.type_codes()
    contents = [organization_document(org, labels, parents) for org in selectors.export_organizations(agency.pk)]
    write_audit(
        AuditEntry(
            "directory.exported",
            actor_id=actor.pk if actor else None,
            agency_id=agency.pk,
            object_type="directory",
            detail={"organizations": len(contents)},
        )
    )
    return {
        "total_items": len(contents),
        "total_pages": 1,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "contents": contents,
    }


# Import: parsing and shape checks (no database), then one atomic write


KINDS = ("organizations", "services", "locations", "contacts")


class HsdsImportError(DomainError):
    code = "directory.hsds_invalid"


@dataclass
class ImportReport:
    dry_run: bool = False
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))


@dataclass
class _Row:
    path: str
    hsds_id: str
    data: Any


@dataclass
class _Org:
    path: str
    hsds_id: str
    data: actions.OrganizationInput
    services: list[_Row] = field(default_factory=list)
    locations: list[_Row] = field(default_factory=list)
    contacts: list[_Row] = field(default_factory=list)


class _Reader:
    """Reads one HSDS document, collecting every problem with its path."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}
        self.seen: set[str] = set()

    def error(self, path: str, message: str) -> None:
        self.errors.setdefault(path or "$", []).append(message)

    def obj(self, value: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, _("Expected an object."))
            return None
        return value

    def items(self, parent: dict[str, Any], key: str, path: str) -> list[tuple[str, dict[str, Any]]]:
        value = parent.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(f"{path}.{key}", _("Expected a list."))
            return []
        if len(value) > MAX_CHILDREN:
            self.error(f"{path}.{key}", _("At most %(n)s items.") % {"n": MAX_CHILDREN})
            return []
        found = []
        for index, item in enumerate(value):
            checked = self.obj(item, f"{path}.{key}[{index}]")
            if checked is not None:
                found.append((f"{path}.{key}[{index}]", checked))
        return found

    def text(self, parent: dict[str, Any], key: str, path: str, *, required: bool = False) -> str:
        value = parent.get(key)
        if value is None or value == "":
            if required:
                self.error(f"{path}.{key}", _("This is required."))
            return ""
        if not isinstance(value, str):
            self.error(f"{path}.{key}", _("Expected text."))
            return ""
        return value

    def ident(self, parent: dict[str, Any], path: str) -> str:
        raw = self.text(parent, "id", path, required=True)
        if not raw:
            return ""
        try:
            value = str(uuid.UUID(raw))
        except ValueError:
            self.error(f"{path}.id", _("HSDS 3.0 ids are UUIDs."))
            return ""
        if value in self.seen:
            self.error(f"{path}.id", _("This id appears twice in the file."))
        self.seen.add(value)
        return value

    def number(self, parent: dict[str, Any], key: str, path: str) -> Any:
        value = parent.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.error(f"{path}.{key}", _("Expected a number."))
            return None
        return str(value)

    def time_of_day(self, parent: dict[str, Any], key: str, path: str) -> time | None:
        raw = self.text(parent, key, path)
        if not raw:
            return None
        try:
            return time.fromisoformat(raw)
        except ValueError:
            self.error(f"{path}.{key}", _("Expected a time such as 09:00."))
            return None

    def moment(self, parent: dict[str, Any], key: str, path: str) -> datetime | None:
        raw = self.text(parent, key, path)
        if not raw:
            return None
        try:
            value = datetime.fromisoformat(raw)
        except ValueError:
            self.error(f"{path}.{key}", _("Expected a date and time such as 2026-01-31T09:00:00Z."))
            return None
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    def merge(self, path: str, errors: dict[str, list[str]], names: dict[str, str]) -> None:
        """Errors of a check_* function, placed on the HSDS path of the field they are about."""
        for name, messages in errors.items():
            for message in messages:
                self.error(f"{path}.{names.get(name, name)}", message)


ORG_FIELDS = {"languages": "x_reclaim_languages", "org_type": "x_reclaim_org_type", "phone": "phones[0].number"}
SERVICE_FIELDS = {
    "category_code": "attributes",
    "type_code": "attributes",
    "eligibility": "eligibility_description",
    "fees": "fees_description",
    "hours_rrule": "schedules[0]",
    "opens_at": "schedules[0].opens_at",
    "closes_at": "schedules[0].closes_at",
    "hours_note": "schedules[0].description",
    "capacity": "capacities[0].available",
    "capacity_unit": "capacities[0].unit.name",
}
LOCATION_FIELDS = {
    "address_1": "addresses[0].address_1",
    "address_2": "addresses[0].address_2",
    "postal_code": "addresses[0].postal_code",
    "city": "addresses[0].city",
    "region": "addresses[0].state_province",
    "country": "addresses[0].country",
    "confidential": CONFIDENTIAL,
}
CONTACT_FIELDS = {"phone": "phones[0].number"}


def _first(reader: _Reader, parent: dict[str, Any], key: str, path: str) -> dict[str, Any]:
    """The one item of a list we keep one of (a schedule, a capacity, an address, a phone)."""
    found = reader.items(parent, key, path)
    if len(found) > 1:
        reader.error(f"{path}.{key}", _("Reclaim keeps one of these; give at most one."))
    return found[0][1] if found else {}


def _read_schedule(reader: _Reader, service: dict[str, Any], path: str) -> tuple[str, time | None, time | None, str]:
    schedule = _first(reader, service, "schedules", path)
    where = f"{path}.schedules[0]"
    parts = []
    for key in ("freq", "interval", "byday", "bymonthday", "count", "until", "wkst"):
        value = schedule.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, str | int):
            reader.error(f"{where}.{key}", _("Expected text or a whole number."))
            continue
        parts.append(f"{key.upper()}={value}")
    return (
        ";".join(parts),
        reader.time_of_day(schedule, "opens_at", where),
        reader.time_of_day(schedule, "closes_at", where),
        reader.text(schedule, "description", where),
    )


def _read_service(reader: _Reader, service: dict[str, Any], path: str) -> _Row:
    sid = reader.ident(service, path)
    rule, opens_at, closes_at, note = _read_schedule(reader, service, path)
    capacity = _first(reader, service, "capacities", path)
    available: int | None = None
    if capacity:
        raw = capacity.get("available")
        if isinstance(raw, bool) or not isinstance(raw, int):
            reader.error(f"{path}.capacities[0].available", _("Expected a whole number."))
        else:
            available = raw
    unit = capacity.get("unit") or {}
    if not isinstance(unit, dict):
        reader.error(f"{path}.capacities[0].unit", _("Expected an object."))
        unit = {}
    codes = [
        (term.get("code") if isinstance(term := attribute.get("taxonomy_term"), dict) else None)
        for _where, attribute in reader.items(service, "attributes", path)
    ]
    known_categories, known_types = selectors.category_codes(), selectors.type_codes()
    category = next((code for code in codes if code in known_categories), "")
    type_code = next((code for code in codes if code in known_types), "")
    if not category and type_code:
        category = known_types[type_code]
    languages = [
        reader.text(language, "code", where, required=True)
        for where, language in reader.items(service, "languages", path)
    ]
    data = actions.ServiceInput(
        name=reader.text(service, "name", path, required=True),
        category_code=category,
        type_code=type_code,
        description=reader.text(service, "description", path),
        eligibility=reader.text(service, "eligibility_description", path),
        languages=languages,
        fees=reader.text(service, "fees_description", path),
        hours_rrule=rule,
        opens_at=opens_at,
        closes_at=closes_at,
        hours_note=note,
        capacity=available,
        capacity_unit=reader.text(unit, "name", f"{path}.capacities[0].unit"),
        status=reader.text(service, "status", path, required=True),
        capacity_updated_at=reader.moment(capacity, "updated", f"{path}.capacities[0]") if capacity else None,
    )
    if not category:
        reader.error(
            f"{path}.attributes",
            _("Tag the service with a code of Reclaim's service taxonomy (attributes[].taxonomy_term.code)."),
        )
    errors, _rule, _languages = actions.check_service(data)
    if not category:
        errors.pop("category_code", None)  # reported above, with what to do
    reader.merge(path, errors, SERVICE_FIELDS)
    return _Row(path, sid, data)


def _read_location(reader: _Reader, location: dict[str, Any], path: str) -> _Row:
    lid = reader.ident(location, path)
    address = _first(reader, location, "addresses", path)
    where = f"{path}.addresses[0]"
    confidential = location.get(CONFIDENTIAL, False)
    if not isinstance(confidential, bool):
        reader.error(f"{path}.{CONFIDENTIAL}", _("Expected true or false."))
        confidential = False
    kind = reader.text(location, "location_type", path, required=True)
    if kind and kind not in LocationType.values:
        reader.error(f"{path}.location_type", _("Use physical, postal or virtual."))
    data = actions.LocationInput(
        name=reader.text(location, "name", path),
        location_type=kind or LocationType.PHYSICAL,
        confidential=confidential,
        address_1=reader.text(address, "address_1", where),
        address_2=reader.text(address, "address_2", where),
        postal_code=reader.text(address, "postal_code", where),
        city=reader.text(address, "city", where),
        region=reader.text(address, "state_province", where) or reader.text(address, "region", where),
        country=reader.text(address, "country", where),
        latitude=reader.number(location, "latitude", path),
        longitude=reader.number(location, "longitude", path),
    )
    # Shape checks now; whether a confidential location may be kept is checked against the real entry later.
    errors, _latitude, _longitude = actions.check_location(Organization(maintained_by_id=uuid.UUID(int=0)), data)
    reader.merge(path, errors, LOCATION_FIELDS)
    return _Row(path, lid, data)


def _read_contact(reader: _Reader, contact: dict[str, Any], path: str) -> _Row:
    cid = reader.ident(contact, path)
    phone = _first(reader, contact, "phones", path)
    data = actions.ContactInput(
        name=reader.text(contact, "name", path, required=True),
        title=reader.text(contact, "title", path),
        email=reader.text(contact, "email", path),
        phone=reader.text(phone, "number", f"{path}.phones[0]"),
    )
    reader.merge(path, actions.check_contact(data), CONTACT_FIELDS)
    return _Row(path, cid, data)


def _read_organization(reader: _Reader, org: dict[str, Any], path: str) -> _Org:
    oid = reader.ident(org, path)
    phone = _first(reader, org, "phones", path)
    languages = org.get("x_reclaim_languages") or []
    if not isinstance(languages, list) or not all(isinstance(code, str) for code in languages):
        reader.error(f"{path}.x_reclaim_languages", _("Expected a list of language codes."))
        languages = []
    org_type = reader.text(org, "x_reclaim_org_type", path)
    if org_type and org_type not in OrganisationType.values:
        reader.error(f"{path}.x_reclaim_org_type", _("Use an HTCDS organisation type code, such as NGO."))
        org_type = ""
    data = actions.OrganizationInput(
        name=reader.text(org, "name", path, required=True),
        alternate_name=reader.text(org, "alternate_name", path),
        description=reader.text(org, "description", path),
        org_type=org_type,
        email=reader.text(org, "email", path),
        website=reader.text(org, "website", path),
        phone=reader.text(phone, "number", f"{path}.phones[0]"),
        languages=languages,
    )
    errors, _languages = actions.check_organization(data)
    reader.merge(path, errors, ORG_FIELDS)
    record = _Org(path, oid, data)
    record.services = [_read_service(reader, item, where) for where, item in reader.items(org, "services", path)]
    record.locations = [_read_location(reader, item, where) for where, item in reader.items(org, "locations", path)]
    record.contacts = [_read_contact(reader, item, where) for where, item in reader.items(org, "contacts", path)]
    return record


def read_document(document: Any) -> tuple[list[_Org], dict[str, list[str]]]:
    """Parse an HSDS page, list or single organisation; every shape error with its path."""
    reader = _Reader()
    if isinstance(document, dict) and "contents" in document:
        items, prefix = document["contents"], "contents"
    elif isinstance(document, dict):
        items, prefix = [document], ""
    else:
        items, prefix = document, ""
    if not isinstance(items, list):
        reader.error(prefix, _("Expected a list of organisations."))
        return [], reader.errors
    if len(items) > MAX_ORGANIZATIONS:
        reader.error(prefix, _("At most %(n)s organisations per file.") % {"n": MAX_ORGANIZATIONS})
        return [], reader.errors
    records = []
    for index, item in enumerate(items):
        path = f"{prefix}[{index}]" if isinstance(document, list) or prefix else "$"
        checked = reader.obj(item, path)
        if checked is not None:
            records.append(_read_organization(reader, checked, path))
    return records, reader.errors


def _snapshot(row: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(row, name) for name in names)


ORG_SNAPSHOT = ("name", "alternate_name", "description", "org_type", "email", "website", "phone", "languages")
SERVICE_SNAPSHOT = (
    "name",
    "category_code",
    "type_code",
    "description",
    "eligibility",
    "languages",
    "fees",
    "hours_rrule",
    "opens_at",
    "closes_at",
    "hours_note",
    "capacity",
    "capacity_unit",
    "capacity_updated_at",
    "status",
)
LOCATION_SNAPSHOT = (
    "name",
    "location_type",
    "confidential",
    "address_1",
    "address_2",
    "postal_code",
    "latitude",
    "longitude",
    "hidden_address_1",
    "hidden_address_2",
    "hidden_postal_code",
    "hidden_coordinates",
    "city",
    "region",
    "country",
)
CONTACT_SNAPSHOT = ("name", "title", "email", "phone")


class _Writer:
    def __init__(self, agency: Agency, report: ImportReport) -> None:
        self.agency = agency
        self.report = report
        self.errors: dict[str, list[str]] = {}

    def error(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)

    def save(self, kind: str, row: Any, before: tuple[Any, ...] | None, names: tuple[str, ...], path: str) -> None:
        if before is not None and before == _snapshot(row, names):
            self.report.unchanged[kind] += 1
            return
        if before is not None:
            row.version += 1
        try:
            row.full_clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.error(f"{path}.{name}", message)
            return
        row.save()
        (self.report.updated if before is not None else self.report.created)[kind] += 1


def _owned(writer: _Writer, row: Any, organization: Organization, path: str) -> bool:
    if row.organization_id != organization.pk:
        writer.error(f"{path}.id", _("This id belongs to another organisation's entry."))
        return False
    return True


def _write_organization(writer: _Writer, record: _Org, existing: dict[str, dict[str, Any]]) -> None:
    organization = existing["organizations"].get(record.hsds_id)
    if organization is not None and organization.maintained_by_id != writer.agency.pk:
        writer.error(f"{record.path}.id", _("Another agency keeps this organisation's entry; it was not changed."))
        return
    before = None if organization is None else _snapshot(organization, ORG_SNAPSHOT)
    if organization is None:
        organization = Organization(hsds_id=uuid.UUID(record.hsds_id), maintained_by=writer.agency)
    _errors, languages = actions.check_organization(record.data)
    actions.apply_organization(organization, record.data, languages)
    writer.save("organizations", organization, before, ORG_SNAPSHOT, record.path)
    if organization.pk is None or organization._state.adding:
        return
    for row in record.services:
        service = existing["services"].get(row.hsds_id)
        if service is not None and not _owned(writer, service, organization, row.path):
            continue
        before = None if service is None else _snapshot(service, SERVICE_SNAPSHOT)
        service = service or OrgService(hsds_id=uuid.UUID(row.hsds_id), organization=organization)
        _errors, rule, service_languages = actions.check_service(row.data)
        actions.apply_service(service, row.data, rule, service_languages)
        writer.save("services", service, before, SERVICE_SNAPSHOT, row.path)
    for row in record.locations:
        location = existing["locations"].get(row.hsds_id)
        if location is not None and not _owned(writer, location, organization, row.path):
            continue
        errors, latitude, longitude = actions.check_location(organization, row.data)
        if errors:
            for name, messages in errors.items():
                for message in messages:
                    writer.error(f"{row.path}.{LOCATION_FIELDS.get(name, name)}", message)
            continue
        before = None if location is None else _snapshot(location, LOCATION_SNAPSHOT)
        location = location or Location(hsds_id=uuid.UUID(row.hsds_id), organization=organization)
        actions.apply_location(location, organization, row.data, latitude, longitude)
        writer.save("locations", location, before, LOCATION_SNAPSHOT, row.path)
    for row in record.contacts:
        contact = existing["contacts"].get(row.hsds_id)
        if contact is not None and not _owned(writer, contact, organization, row.path):
            continue
        before = None if contact is None else _snapshot(contact, CONTACT_SNAPSHOT)
        contact = contact or Contact(hsds_id=uuid.UUID(row.hsds_id), organization=organization)
        actions.apply_contact(contact, row.data)
        writer.save("contacts", contact, before, CONTACT_SNAPSHOT, row.path)


def do_import_hsds(*, actor: User | None, agency: Agency, document: Any, dry_run: bool = False) -> ImportReport:
    """Import an HSDS 3.0 document into the directory on behalf of `agency` (new entries are kept by it).
    All or nothing: any error raises HsdsImportError with every problem keyed by its path, and nothing is
    saved. A dry run does the whole import and rolls it back, so it reports exactly what would change."""
    records, errors = read_document(document)
    if errors:
        raise HsdsImportError(_("The file was not imported: fix the problems listed."), fields=errors)
    report = ImportReport(dry_run=dry_run)
    writer = _Writer(agency, report)
    with transaction.atomic():
        existing = {
            "organizations": selectors.rows_by_hsds_id(Organization, [r.hsds_id for r in records]),
            "services": selectors.rows_by_hsds_id(OrgService, [s.hsds_id for r in records for s in r.services]),
            "locations": selectors.rows_by_hsds_id(Location, [s.hsds_id for r in records for s in r.locations]),
            "contacts": selectors.rows_by_hsds_id(Contact, [s.hsds_id for r in records for s in r.contacts]),
        }
        for record in records:
            _write_organization(writer, record, existing)
        if writer.errors:
            raise HsdsImportError(_("The file was not imported: fix the problems listed."), fields=writer.errors)
        if dry_run:
            transaction.set_rollback(True)
        else:
            write_audit(
                AuditEntry(
                    "directory.imported",
                    actor_id=actor.pk if actor else None,
                    agency_id=agency.pk,
                    object_type="directory",
                    detail={"created": report.created, "updated": report.updated},
                )
            )
    return report
