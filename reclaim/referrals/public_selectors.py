"""The partner directory as the public sees it (the survivor portal's "Find help near you").

Staff read the directory through directory_selectors; this module is the one read for people without a staff
account. It never returns a confidential location (a shelter), not even its town, whatever agency's link the
visitor came through; nor contacts (partner staff), internal fields or services that are no longer offered.
The directory is one platform-wide list (every agency's staff search the same entries), so which entries are
shown does not depend on the visitor's agency: only what is shown of them is restricted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from reclaim.referrals.directory_display import describe_hours
from reclaim.referrals.models import Location, LocationType, Organization, OrgService, ServiceStatus
from reclaim.services.selectors import categories

if TYPE_CHECKING:
    from collections.abc import Iterable

# Services a visitor may still use (or will again soon); retired ones are left out.
PUBLIC_SERVICE_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)
# The only location columns ever read for the public: never the encrypted (confidential) ones.
PUBLIC_LOCATION_FIELDS = (
    "id",
    "organization_id",
    "name",
    "location_type",
    "confidential",
    "address_1",
    "address_2",
    "postal_code",
    "city",
    "region",
    "country",
)


@dataclass(frozen=True)
class PublicFilters:
    """What a visitor searches by; none of it is personal data."""

    category: str = ""  # a category code of the service taxonomy
    place: str = ""  # town, city, region or postcode
    language: str = ""  # ISO 639 code


@dataclass(frozen=True)
class PublicLocation:
    name: str
    street_lines: list[str]
    city: str
    region: str
    online_only: bool


@dataclass(frozen=True)
class PublicService:
    name: str
    description: str
    category_code: str
    languages: list[str]
    hours: str
    temporarily_closed: bool


@dataclass(frozen=True)
class PublicEntry:
    """What the public may read of one organisation: nothing else leaves this module."""

    name: str
    description: str
    phone: str
    website: str
    languages: list[str]
    services: list[PublicService] = field(default_factory=list)
    locations: list[PublicLocation] = field(default_factory=list)


def public_locations() -> QuerySet[Location]:
    """Locations anyone may see: never a confidential one, and never its encrypted columns."""
    return Location.objects.filter(confidential=False).only(*PUBLIC_LOCATION_FIELDS)


def public_services() -> QuerySet[OrgService]:
    return OrgService.objects.filter(status__in=PUBLIC_SERVICE_STATUSES)


def public_directory(filters: PublicFilters) -> QuerySet[Organization]:
    """Listed organisations with at least one service still offered, matching every given filter, with their
    public services and public locations prefetched (three queries whatever the page size). A place only
    matches through public locations, so a search never reveals where a shelter is."""
    services = public_services().filter(organization=OuterRef("pk"))
    rows = Organization.objects.filter(is_active=True).filter(Exists(services))
    shown_services = public_services()
    if filters.category:
        rows = rows.filter(Exists(services.filter(category_code=filters.category)))
        shown_services = shown_services.filter(category_code=filters.category)
    if filters.language:
        needle = f'"{filters.language.strip().lower()}"'  # the JSON text of one list item
        rows = rows.filter(Q(languages__icontains=needle) | Exists(services.filter(languages__icontains=needle)))
    if filters.place:
        place = filters.place.strip()
        located = public_locations().filter(organization=OuterRef("pk"))
        rows = rows.filter(
            Exists(located.filter(Q(city__icontains=place) | Q(region__icontains=place) | Q(postal_code__iexact=place)))
        )
    return (
        rows.order_by("name", "pk")
        .only("id", "name", "description", "phone", "website", "languages")
        .prefetch_related(
            Prefetch("services", queryset=shown_services.order_by("name", "pk"), to_attr="public_services"),
            Prefetch("locations", queryset=public_locations().order_by("name", "city"), to_attr="public_locations"),
        )
    )


def _location(row: Location) -> PublicLocation:
    if row.confidential:  # the prefetch never returns one; kept as a last guard
        raise ValueError("confidential location in a public listing")
    online = row.location_type == LocationType.VIRTUAL
    lines = [] if online else [part for part in (row.address_1, row.address_2, row.postal_code) if part]
    return PublicLocation(name=row.name, street_lines=lines, city=row.city, region=row.region, online_only=online)


def _service(row: OrgService) -> PublicService:
    return PublicService(
        name=row.name,
        description=row.description,
        category_code=row.category_code,
        languages=list(row.languages or []),
        hours=describe_hours(row),
        temporarily_closed=row.status == ServiceStatus.TEMPORARILY_CLOSED,
    )


def public_entries(organizations: Iterable[Organization]) -> list[PublicEntry]:
    """The public view of organisations read by `public_directory` (no further queries)."""
    return [
        PublicEntry(
            name=org.name,
            description=org.description,
            phone=org.phone,
            website=org.website,
            languages=list(org.languages or []),
            services=[_service(s) for s in getattr(org, "public_services", [])],
            locations=[_location(loc) for loc in getattr(org, "public_locations", [])],
        )
        for org in organizations
    ]


def public_categories() -> list[tuple[str, str]]:
    """(code, label) of the taxonomy's categories that listed organisations offer now, in taxonomy order."""
    in_use = set(
        public_services().filter(organization__is_active=True).values_list("category_code", flat=True).distinct()
    )
    return [(c.code, c.label) for c in categories() if c.code in in_use]


def public_languages() -> list[str]:
    """ISO 639 codes spoken by listed organisations or their services, sorted (two queries)."""
    codes: set[str] = set()
    for languages in Organization.objects.filter(is_active=True).values_list("languages", flat=True):
        codes.update(str(code).strip().lower() for code in languages or [] if code)
    for languages in public_services().filter(organization__is_active=True).values_list("languages", flat=True):
        codes.update(str(code).strip().lower() for code in languages or [] if code)
    return sorted(codes)
