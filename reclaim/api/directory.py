"""Partner directory API (HSDS 3.0 shaped; docs/directory.md).

Reads are for staff of any agency; a confidential location is returned only to staff of the agency that
maintains it. Organisations are created by agency admins; an organisation, and its services, locations and
contacts (sub-resources under `/directory/organizations/{id}/...`), are changed by agency admins and staff
who edit cases in the maintaining agency. PATCH bodies carry the `version` read (409 when stale).
`GET /directory/hsds` exports the directory as an HSDS page; `POST /directory/hsds` imports one
(`dry_run` to only check it): 422 lists every problem by its path in the file, and nothing is saved."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from reclaim.accounts.http import request_user
from reclaim.accounts.models import OrganisationType
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.referrals import directory_access as access
from reclaim.referrals import directory_actions as actions
from reclaim.referrals import directory_hsds as hsds
from reclaim.referrals import directory_hsds_tabular as tabular
from reclaim.referrals import directory_selectors as selectors
from reclaim.referrals.directory_display import describe_hours
from reclaim.referrals.directory_forms import HSDS_MAX_BYTES
from reclaim.referrals.models import Contact, Location, LocationType, Organization, OrgService, ServiceStatus

router = Router(tags=["directory"])


class DirectoryServiceOut(Schema):
    id: UUID
    hsds_id: UUID
    category_code: str
    type_code: str
    name: str
    description: str
    eligibility: str
    languages: list[str]
    fees: str
    hours_rrule: str
    opens_at: time | None
    closes_at: time | None
    hours_note: str
    hours_text: str
    capacity: int | None
    capacity_unit: str
    capacity_updated_at: datetime | None
    status: str
    version: int

    @staticmethod
    def from_service(service: OrgService) -> DirectoryServiceOut:
        return DirectoryServiceOut(
            id=service.pk,
            hsds_id=service.hsds_id,
            category_code=service.category_code,
            type_code=service.type_code,
            name=service.name,
            description=service.description,
            eligibility=service.eligibility,
            languages=list(service.languages),
            fees=service.fees,
            hours_rrule=service.hours_rrule,
            opens_at=service.opens_at,
            closes_at=service.closes_at,
            hours_note=service.hours_note,
            hours_text=describe_hours(service),
            capacity=service.capacity,
            capacity_unit=service.capacity_unit,
            capacity_updated_at=service.capacity_updated_at,
            status=service.status,
            version=service.version,
        )


class LocationOut(Schema):
    id: UUID
    hsds_id: UUID
    name: str
    location_type: str
    confidential: bool
    address_1: str
    address_2: str
    postal_code: str
    city: str
    region: str
    country: str
    latitude: str | None
    longitude: str | None
    version: int

    @staticmethod
    def from_location(location: Location) -> LocationOut:
        confidential = location.confidential
        coordinates = location.coordinates
        return LocationOut(
            id=location.pk,
            hsds_id=location.hsds_id,
            name=location.name,
            location_type=location.location_type,
            confidential=confidential,
            address_1=(location.hidden_address_1 if confidential else location.address_1) or "",
            address_2=(location.hidden_address_2 if confidential else location.address_2) or "",
            postal_code=(location.hidden_postal_code if confidential else location.postal_code) or "",
            city=location.city,
            region=location.region,
            country=location.country,
            latitude=coordinates[0] if coordinates else None,
            longitude=coordinates[1] if coordinates else None,
            version=location.version,
        )


class ContactOut(Schema):
    id: UUID
    hsds_id: UUID
    name: str
    title: str
    email: str
    phone: str
    version: int

    @staticmethod
    def from_contact(contact: Contact) -> ContactOut:
        return ContactOut(
            id=contact.pk,
            hsds_id=contact.hsds_id,
            name=contact.name,
            title=contact.title,
            email=contact.email,
            phone=contact.phone,
            version=contact.version,
        )


class OrganizationSummaryOut(Schema):
    id: UUID
    hsds_id: UUID
    name: str
    org_type: str
    languages: list[str]
    on_platform: bool
    service_categories: list[str]
    places: list[str]

    @staticmethod
    def from_organization(organization: Organization) -> OrganizationSummaryOut:
        return OrganizationSummaryOut(
            id=organization.pk,
            hsds_id=organization.hsds_id,
            name=organization.name,
            org_type=organization.org_type,
            languages=list(organization.languages),
            on_platform=organization.platform_agency_id is not None,
            service_categories=list(dict.fromkeys(s.category_code for s in organization.services.all())),
            places=list(
                dict.fromkeys(
                    loc.city or loc.region
                    for loc in organization.visible  # type: ignore[attr-defined]
                    if loc.city or loc.region
                )
            ),
        )


class OrganizationOut(Schema):
    id: UUID
    hsds_id: UUID
    name: str
    alternate_name: str
    description: str
    org_type: str
    email: str
    website: str
    phone: str
    languages: list[str]
    platform_agency_id: UUID | None
    maintained_by_id: UUID | None
    can_edit: bool
    version: int
    services: list[DirectoryServiceOut]
    locations: list[LocationOut]
    contacts: list[ContactOut]

    @staticmethod
    def build(organization: Organization, *, can_edit: bool) -> OrganizationOut:
        return OrganizationOut(
            id=organization.pk,
            hsds_id=organization.hsds_id,
            name=organization.name,
            alternate_name=organization.alternate_name,
            description=organization.description,
            org_type=organization.org_type,
            email=organization.email,
            website=organization.website,
            phone=organization.phone,
            languages=list(organization.languages),
            platform_agency_id=organization.platform_agency_id,
            maintained_by_id=organization.maintained_by_id,
            can_edit=can_edit,
            version=organization.version,
            services=[DirectoryServiceOut.from_service(s) for s in organization.services.all()],
            locations=[LocationOut.from_location(loc) for loc in organization.visible],  # type: ignore[attr-defined]
            contacts=[ContactOut.from_contact(c) for c in organization.contacts.all()],
        )


class OrganizationListOut(Page[OrganizationSummaryOut]):
    pass


class DirectoryQuery(PageQuery):
    q: str = Field(default="", max_length=100)
    service: str = Field(default="", max_length=80)
    place: str = Field(default="", max_length=100)
    language: str = Field(default="", max_length=12)
    eligibility: str = Field(default="", max_length=100)


@router.get(
    "/directory/organizations",
    response={200: OrganizationListOut, 403: ErrorOut},
    summary="Search the partner directory by service (taxonomy code), free text, place, language, eligibility",
)
def list_organizations(request: HttpRequest, query: Query[DirectoryQuery]) -> dict[str, Any]:
    user = request_user(request)
    access.require_directory_reader(user)
    filters = selectors.DirectoryFilters(
        q=query.q, service=query.service, place=query.place, language=query.language, eligibility=query.eligibility
    )
    return paginate(selectors.search_directory(user, filters), query, OrganizationSummaryOut.from_organization)


@router.get(
    "/directory/organizations/{uuid:organization_id}",
    response={200: OrganizationOut, 403: ErrorOut, 404: ErrorOut},
    summary="One organisation with its services, contacts and the locations the caller may see",
)
def get_organization(request: HttpRequest, organization_id: UUID) -> OrganizationOut:
    user = request_user(request)
    organization = access.access_organization_by_id(user, organization_id)
    return OrganizationOut.build(organization, can_edit=access.can_edit_entry(user, organization))


class OrganizationIn(Schema):
    name: str = Field(max_length=200)
    alternate_name: str = Field(default="", max_length=200)
    description: str = Field(default="", max_length=actions.TEXT_MAX)
    org_type: OrganisationType | None = None
    email: str = Field(default="", max_length=254)
    website: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=40)
    languages: list[str] = Field(default_factory=list, max_length=actions.MAX_LANGUAGES)


class OrganizationPatchIn(Schema):
    version: int
    name: str | None = Field(default=None, max_length=200)
    alternate_name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=actions.TEXT_MAX)
    org_type: OrganisationType | None = None
    email: str | None = Field(default=None, max_length=254)
    website: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    languages: list[str] | None = Field(default=None, max_length=actions.MAX_LANGUAGES)


def _merged(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    return current | {name: value for name, value in changes.items() if value is not None}


def _fresh(user: Any, organization_id: UUID) -> OrganizationOut:
    organization = access.access_organization_by_id(user, organization_id)
    return OrganizationOut.build(organization, can_edit=access.can_edit_entry(user, organization))


@router.post(
    "/directory/organizations",
    response={201: OrganizationOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Add an organisation to the directory (agency admins; kept up to date by their agency)",
)
def create_organization(request: HttpRequest, payload: OrganizationIn) -> Status[OrganizationOut]:
    user = request_user(request)
    agency = access.require_directory_admin(user)
    data = payload.model_dump()
    data["org_type"] = data["org_type"] or ""
    organization = actions.do_create_organization(actor=user, agency=agency, data=actions.OrganizationInput(**data))
    return Status(201, _fresh(user, organization.pk))


@router.patch(
    "/directory/organizations/{uuid:organization_id}",
    response={200: OrganizationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Change an organisation (send `version`; 409 when someone else saved first)",
)
def patch_organization(request: HttpRequest, organization_id: UUID, payload: OrganizationPatchIn) -> OrganizationOut:
    user = request_user(request)
    organization = access.access_organization_by_id(user, organization_id, for_write=True)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    current = {
        name: getattr(organization, name)
        for name in ("name", "alternate_name", "description", "org_type", "email", "website", "phone", "languages")
    }
    actions.do_update_organization(
        actor=user,
        organization=organization,
        data=actions.OrganizationInput(**_merged(current, changes)),
        expected_version=version,
    )
    return _fresh(user, organization.pk)


class DirectoryServiceIn(Schema):
    name: str = Field(max_length=200)
    category_code: str = Field(max_length=40)
    type_code: str = Field(default="", max_length=80)
    description: str = Field(default="", max_length=actions.TEXT_MAX)
    eligibility: str = Field(default="", max_length=actions.TEXT_MAX)
    languages: list[str] = Field(default_factory=list, max_length=actions.MAX_LANGUAGES)
    fees: str = Field(default="", max_length=actions.TEXT_MAX)
    hours_rrule: str = Field(default="", max_length=200, description="RFC 5545, e.g. FREQ=WEEKLY;BYDAY=MO,TU")
    opens_at: time | None = None
    closes_at: time | None = None
    hours_note: str = Field(default="", max_length=300)
    capacity: int | None = Field(default=None, ge=0)
    capacity_unit: str = Field(default="", max_length=40)
    status: ServiceStatus = ServiceStatus.ACTIVE


class DirectoryServicePatchIn(Schema):
    version: int
    name: str | None = Field(default=None, max_length=200)
    category_code: str | None = Field(default=None, max_length=40)
    type_code: str | None = Field(default=None, max_length=80)
    description: str | None = Field(default=None, max_length=actions.TEXT_MAX)
    eligibility: str | None = Field(default=None, max_length=actions.TEXT_MAX)
    languages: list[str] | None = Field(default=None, max_length=actions.MAX_LANGUAGES)
    fees: str | None = Field(default=None, max_length=actions.TEXT_MAX)
    hours_rrule: str | None = Field(default=None, max_length=200)
    opens_at: time | None = None
    closes_at: time | None = None
    hours_note: str | None = Field(default=None, max_length=300)
    capacity: int | None = Field(default=None, ge=0)
    capacity_unit: str | None = Field(default=None, max_length=40)
    status: ServiceStatus | None = None


SERVICE_FIELDS = tuple(name for name in DirectoryServiceIn.model_fields)


@router.post(
    "/directory/organizations/{uuid:organization_id}/services",
    response={201: DirectoryServiceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a service to an organisation your agency keeps",
)
def create_service(
    request: HttpRequest, organization_id: UUID, payload: DirectoryServiceIn
) -> Status[DirectoryServiceOut]:
    user = request_user(request)
    organization = access.access_organization_by_id(user, organization_id, for_write=True)
    service = actions.do_save_service(
        actor=user, organization=organization, data=actions.ServiceInput(**payload.model_dump())
    )
    return Status(201, DirectoryServiceOut.from_service(service))


@router.patch(
    "/directory/organizations/{uuid:organization_id}/services/{uuid:service_id}",
    response={200: DirectoryServiceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Change a service (send `version`; 409 when stale). Explicit nulls clear times and capacity",
)
def patch_service(
    request: HttpRequest, organization_id: UUID, service_id: UUID, payload: DirectoryServicePatchIn
) -> DirectoryServiceOut:
    user = request_user(request)
    organization, service = access.access_service(user, organization_id, service_id)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    current = {name: getattr(service, name) for name in SERVICE_FIELDS}
    nullable = {name: changes.pop(name) for name in ("opens_at", "closes_at", "capacity") if name in changes}
    data = _merged(current, changes) | nullable
    service = actions.do_save_service(
        actor=user,
        organization=organization,
        data=actions.ServiceInput(**data),
        service=service,
        expected_version=version,
    )
    return DirectoryServiceOut.from_service(service)


class LocationIn(Schema):
    name: str = Field(default="", max_length=200)
    location_type: LocationType = LocationType.PHYSICAL
    confidential: bool = False
    address_1: str = Field(default="", max_length=200)
    address_2: str = Field(default="", max_length=200)
    postal_code: str = Field(default="", max_length=20)
    city: str = Field(default="", max_length=100)
    region: str = Field(default="", max_length=100)
    country: str = Field(default="", max_length=2)
    latitude: str | None = Field(default=None, max_length=20)
    longitude: str | None = Field(default=None, max_length=20)


class LocationPatchIn(Schema):
    version: int
    name: str | None = Field(default=None, max_length=200)
    location_type: LocationType | None = None
    confidential: bool | None = None
    address_1: str | None = Field(default=None, max_length=200)
    address_2: str | None = Field(default=None, max_length=200)
    postal_code: str | None = Field(default=None, max_length=20)
    city: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, max_length=2)
    latitude: str | None = Field(default=None, max_length=20)
    longitude: str | None = Field(default=None, max_length=20)


@router.post(
    "/directory/organizations/{uuid:organization_id}/locations",
    response={201: LocationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a location; `confidential` ones (shelters) are seen only by your agency, address encrypted",
)
def create_location(request: HttpRequest, organization_id: UUID, payload: LocationIn) -> Status[LocationOut]:
    user = request_user(request)
    organization = access.access_organization_by_id(user, organization_id, for_write=True)
    location = actions.do_save_location(
        actor=user, organization=organization, data=actions.LocationInput(**payload.model_dump())
    )
    return Status(201, LocationOut.from_location(location))


@router.patch(
    "/directory/organizations/{uuid:organization_id}/locations/{uuid:location_id}",
    response={200: LocationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Change a location (send `version`; 409 when stale)",
)
def patch_location(
    request: HttpRequest, organization_id: UUID, location_id: UUID, payload: LocationPatchIn
) -> LocationOut:
    user = request_user(request)
    organization, location = access.access_location(user, organization_id, location_id)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    shown = LocationOut.from_location(location).model_dump()
    current = {name: shown[name] for name in LocationIn.model_fields}
    location = actions.do_save_location(
        actor=user,
        organization=organization,
        data=actions.LocationInput(**_merged(current, changes)),
        location=location,
        expected_version=version,
    )
    return LocationOut.from_location(location)


class ContactIn(Schema):
    name: str = Field(max_length=200)
    title: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)


class ContactPatchIn(Schema):
    version: int
    name: str | None = Field(default=None, max_length=200)
    title: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)


@router.post(
    "/directory/organizations/{uuid:organization_id}/contacts",
    response={201: ContactOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a contact person (partner staff, never a survivor)",
)
def create_contact(request: HttpRequest, organization_id: UUID, payload: ContactIn) -> Status[ContactOut]:
    user = request_user(request)
    organization = access.access_organization_by_id(user, organization_id, for_write=True)
    contact = actions.do_save_contact(
        actor=user, organization=organization, data=actions.ContactInput(**payload.model_dump())
    )
    return Status(201, ContactOut.from_contact(contact))


@router.patch(
    "/directory/organizations/{uuid:organization_id}/contacts/{uuid:contact_id}",
    response={200: ContactOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Change a contact (send `version`; 409 when stale)",
)
def patch_contact(request: HttpRequest, organization_id: UUID, contact_id: UUID, payload: ContactPatchIn) -> ContactOut:
    user = request_user(request)
    organization, contact = access.access_contact(user, organization_id, contact_id)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    current = {name: getattr(contact, name) for name in ("name", "title", "email", "phone")}
    contact = actions.do_save_contact(
        actor=user,
        organization=organization,
        data=actions.ContactInput(**_merged(current, changes)),
        contact=contact,
        expected_version=version,
    )
    return ContactOut.from_contact(contact)


@router.get(
    "/directory/hsds",
    response={200: dict[str, Any], 403: ErrorOut},
    summary="The directory as an HSDS 3.0 page of organizations (confidential locations are never included)",
)
def export_hsds(request: HttpRequest) -> dict[str, Any]:
    user = request_user(request)
    agency = access.require_directory_reader(user)
    return hsds.export_document(actor=user, agency=agency)


class HsdsImportIn(Schema):
    dry_run: bool = False
    document: dict[str, Any] | list[Any] = Field(
        description="An HSDS 3.0 page, list of organizations or one organization"
    )


class ImportOut(Schema):
    dry_run: bool
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]
    at: datetime


@router.post(
    "/directory/hsds",
    response={200: ImportOut, 403: ErrorOut, 422: ErrorOut},
    summary="Import an HSDS 3.0 document (agency admins). 422 names every problem by its path; nothing is saved",
)
def import_hsds(request: HttpRequest, payload: HsdsImportIn) -> Status[Any]:
    user = request_user(request)
    agency = access.require_directory_admin(user)
    try:
        report = hsds.do_import_hsds(actor=user, agency=agency, document=payload.document, dry_run=payload.dry_run)
    except hsds.HsdsImportError as exc:
        return Status(422, ErrorOut(code=exc.code, message=exc.message, fields=exc.fields))
    return Status(
        200,
        ImportOut(
            dry_run=report.dry_run,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            at=timezone.now(),
        ),
    )


@router.get(
    "/directory/hsds.zip",
    response={403: ErrorOut},
    summary="The directory as an HSDS 3.0 tabular data package: a zip of CSV tables and datapackage.json",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The zip (confidential locations are never included; no cell starts a formula)",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export_hsds_zip(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_directory_reader(user)
    response = HttpResponse(tabular.export_zip(actor=user, agency=agency), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="directory-hsds.zip"'
    return response


@router.post(
    "/directory/hsds.zip",
    response={200: ImportOut, 403: ErrorOut, 422: ErrorOut},
    summary="Import an HSDS 3.0 tabular data package (zip; agency admins). 422 names every problem by file, line "
    "and column; nothing is saved",
)
def import_hsds_zip(request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = False) -> Status[Any]:
    user = request_user(request)
    agency = access.require_directory_admin(user)
    if file.size is not None and file.size > HSDS_MAX_BYTES:
        return Status(
            422,
            ErrorOut(
                code=hsds.HsdsImportError.code,
                message="The file is larger than 5 MB.",
                fields={"file": ["At most 5 MB."]},
            ),
        )
    try:
        report = tabular.do_import_hsds_zip(actor=user, agency=agency, data=file.read(), dry_run=dry_run)
    except hsds.HsdsImportError as exc:
        return Status(422, ErrorOut(code=exc.code, message=exc.message, fields=exc.fields))
    return Status(
        200,
        ImportOut(
            dry_run=report.dry_run,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            at=timezone.now(),
        ),
    )
