"""Reads of the partner directory. Every signed-in staff member of an agency reads the same directory; the one
thing scoped per agency is a confidential location, which only its maintaining agency's staff ever receive:
`visible_locations` is the single filter every page, API operation and export goes through."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from reclaim.accounts.models import Agency
from reclaim.accounts.selectors import active_membership
from reclaim.referrals.models import Contact, Location, Organization, OrgService, ServiceStatus
from reclaim.services.selectors import categories, service_types

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.services.models import ServiceCategory


def viewer_agency_id(user: User) -> Any:
    """The agency the user works in, or None (platform operators without a membership, anonymous)."""
    membership = active_membership(user)
    return membership.agency_id if membership else None


def visible_locations(agency_id: Any) -> QuerySet[Location]:
    """Locations an agency's staff may see: every public one, and the confidential ones it maintains."""
    public = Q(confidential=False)
    if agency_id is None:
        return Location.objects.filter(public)
    return Location.objects.filter(public | Q(confidential=True, agency_id=agency_id))


@dataclass(frozen=True)
class DirectoryFilters:
    """Search terms of the directory page and API; none is personal data, so they may travel in a GET."""

    q: str = ""
    service: str = ""  # a category code or a type code of the taxonomy
    place: str = ""  # town, city or region
    language: str = ""  # ISO 639 code
    eligibility: str = ""


def _prefetched(queryset: QuerySet[Organization], agency_id: Any) -> QuerySet[Organization]:
    """Services, the viewer's visible locations and contacts in three queries, whatever the page size."""
    return queryset.select_related("platform_agency", "maintained_by").prefetch_related(
        Prefetch("services", queryset=OrgService.objects.order_by("name")),
        Prefetch("locations", queryset=visible_locations(agency_id).order_by("name", "city"), to_attr="visible"),
        Prefetch("contacts", queryset=Contact.objects.order_by("name")),
    )


def directory_organizations(user: User) -> QuerySet[Organization]:
    """Every organisation of the directory for staff of an agency; nothing for anyone else."""
    agency_id = viewer_agency_id(user)
    if agency_id is None:
        return Organization.objects.none()
    return Organization.objects.all()


def search_directory(user: User, filters: DirectoryFilters) -> QuerySet[Organization]:
    """Listed organisations matching every given filter, with what the result list shows prefetched.
    A place only matches through locations the user may see, so a search never reveals a shelter's area."""
    agency_id = viewer_agency_id(user)
    if agency_id is None:
        return Organization.objects.none()
    rows = Organization.objects.filter(is_active=True)
    services = OrgService.objects.filter(organization=OuterRef("pk")).exclude(status=ServiceStatus.DEFUNCT)
    if filters.service:
        code = filters.service.strip()
        rows = rows.filter(Exists(services.filter(Q(category_code=code) | Q(type_code=code))))
    if filters.eligibility.strip():
        rows = rows.filter(Exists(services.filter(eligibility__icontains=filters.eligibility.strip())))
    if filters.language.strip():
        needle = f'"{filters.language.strip().lower()}"'  # the JSON text of one list item
        rows = rows.filter(Q(languages__icontains=needle) | Exists(services.filter(languages__icontains=needle)))
    if filters.place.strip():
        place = filters.place.strip()
        located = visible_locations(agency_id).filter(organization=OuterRef("pk"))
        rows = rows.filter(Exists(located.filter(Q(city__icontains=place) | Q(region__icontains=place))))
    if filters.q.strip():
        text = filters.q.strip()
        rows = rows.filter(
            Q(name__icontains=text)
            | Q(alternate_name__icontains=text)
            | Q(description__icontains=text)
            | Exists(services.filter(Q(name__icontains=text) | Q(description__icontains=text)))
        )
    return _prefetched(rows.order_by("name", "pk"), agency_id)


def organization_detail(user: User) -> QuerySet[Organization]:
    """The queryset the access gate reads one organisation from, with everything its page shows."""
    return _prefetched(directory_organizations(user), viewer_agency_id(user))


def taxonomy() -> list[ServiceCategory]:
    """Categories in use with their types (two queries); pass the list on rather than reading it twice."""
    return list(categories())


def service_labels(cats: list[ServiceCategory] | None = None) -> dict[str, str]:
    """Taxonomy code → label, categories and types together."""
    labels: dict[str, str] = {}
    for category in taxonomy() if cats is None else cats:
        labels[category.code] = category.display_label
        labels.update((t.code, t.display_label) for t in category.types.all())
    return labels


def service_choices(cats: list[ServiceCategory] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The taxonomy as grouped choices: each category ("any"), then its types."""
    groups = []
    for category in taxonomy() if cats is None else cats:
        options = [(category.code, f"{category.display_label} ({_('any')})")]
        options.extend((t.code, t.display_label) for t in category.types.all() if not t.retired)
        groups.append((category.display_label, options))
    return groups


def category_codes() -> set[str]:
    return set(categories().values_list("code", flat=True))


def type_codes() -> dict[str, str]:
    """Type code → its category code."""
    return {t.code: t.category.code for t in service_types()}


def directory_service(organization: Organization, service_id: Any) -> OrgService | None:
    return OrgService.objects.filter(organization=organization, pk=service_id).first()


def directory_location(user: User, organization: Organization, location_id: Any) -> Location | None:
    """A location of the organisation the user may see (a confidential one of another agency: None)."""
    return visible_locations(viewer_agency_id(user)).filter(organization=organization, pk=location_id).first()


def directory_contact(organization: Organization, contact_id: Any) -> Contact | None:
    return Contact.objects.filter(organization=organization, pk=contact_id).first()


def platform_entry(agency: Agency) -> Organization | None:
    return Organization.objects.filter(platform_agency=agency).first()


def agency_by_slug(slug: str) -> Agency | None:
    return Agency.objects.filter(slug=slug, is_active=True).first()


def export_organizations(agency_id: Any) -> QuerySet[Organization]:
    """Every listed organisation with its services, contacts and its PUBLIC locations: a confidential location
    (a shelter) is never exported, not even to the agency that keeps it (DOMAIN.md §12.1). `agency_id` is who
    asks; it does not widen what is exported."""
    del agency_id
    return _prefetched(Organization.objects.filter(is_active=True).order_by("name", "hsds_id"), None)


def rows_by_hsds_id(model: type[Any], ids: list[Any]) -> dict[str, Any]:
    """Existing directory rows of one model keyed by their HSDS id as text (one query)."""
    if not ids:
        return {}
    return {str(row.hsds_id): row for row in model.objects.filter(hsds_id__in=ids)}
