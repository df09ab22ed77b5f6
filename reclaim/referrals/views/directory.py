"""Partner directory pages: search, an organisation's page, create and edit forms (with version checks),
HSDS export and import. Staff of any agency read; editors of the maintaining agency write."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.referrals import directory_access as access
from reclaim.referrals import directory_actions as actions
from reclaim.referrals import directory_hsds as hsds
from reclaim.referrals import directory_hsds_tabular as tabular
from reclaim.referrals import directory_selectors as selectors
from reclaim.referrals.directory_display import capacity_age_days, describe_hours
from reclaim.referrals.directory_forms import (
    ContactForm,
    DirectorySearchForm,
    HsdsImportForm,
    LocationForm,
    OrganizationForm,
    ServiceForm,
)
from reclaim.services.selectors import categories

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    from django import forms
    from django.http import HttpRequest

    from reclaim.referrals.models import Organization

PAGE_SIZE = 25
ZIP_MAGIC = b"PK\x03\x04"  # how every zip file starts: the HSDS tabular form


@require_GET
def directory_search(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_directory_reader(user)
    cats = selectors.taxonomy()
    form = DirectorySearchForm(request.GET or None, services=selectors.service_choices(cats))
    filters = selectors.DirectoryFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.DirectoryFilters(
            q=data["q"],
            service=data["service"],
            place=data["place"],
            language=data["language"],
            eligibility=data["eligibility"],
        )
    page = Paginator(selectors.search_directory(user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    labels = selectors.service_labels(cats)
    rows = [
        (
            organization,
            ", ".join(dict.fromkeys(labels.get(s.category_code, s.category_code) for s in organization.services.all())),
            "; ".join(dict.fromkeys(loc.city or loc.region for loc in organization.visible if loc.city or loc.region)),
        )
        for organization in page.object_list
    ]
    return render(
        request,
        "referrals/directory/search.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_create": access.can_create_entries(user),
        },
    )


@require_GET
def organization_detail(request: HttpRequest, organization_id: UUID) -> HttpResponse:
    user = request_user(request)
    organization = access.access_organization_by_id(user, organization_id)
    today = timezone.localdate()
    labels = selectors.service_labels()
    services = [
        (
            service,
            describe_hours(service),
            capacity_age_days(service, today),
            labels.get(service.category_code, service.category_code),
            labels.get(service.type_code, service.type_code),
        )
        for service in organization.services.all()
    ]
    return render(
        request,
        "referrals/directory/detail.html",
        {
            "organization": organization,
            "services": services,
            "locations": organization.visible,  # type: ignore[attr-defined]
            "contacts": organization.contacts.all(),
            "can_edit": access.can_edit_entry(user, organization),
        },
    )


def _form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    title: str,
    organization: Organization | None,
    conflict: EditConflict | None = None,
) -> HttpResponse:
    labels = {name: form.fields[name].label for name in form.fields}
    return render(
        request,
        "referrals/directory/entry_form.html",
        {"form": form, "title": title, "organization": organization, "conflict": conflict, "labels": labels},
    )


def _save(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    reload: Callable[[], int] | None = None,
) -> tuple[bool, EditConflict | None]:
    """Validate, then save through an action. On a stale version the form keeps the user's entries with the
    version saved now, and the conflict carries the other person's values."""
    if request.method != "POST" or not form.is_valid():
        return False, None
    try:
        save(form.cleaned_data)
    except EditConflict as exc:
        if reload is not None:
            data = request.POST.copy()
            data["version"] = str(reload())
            form.data = data
            form.is_bound = True
            form.full_clean()  # revalidate against the version saved now
        return False, exc
    except DomainError as exc:
        add_domain_errors(form, exc)
        return False, None
    return True, None


def _organization_input(data: dict[str, Any]) -> actions.OrganizationInput:
    return actions.OrganizationInput(
        name=data["name"],
        alternate_name=data["alternate_name"],
        description=data["description"],
        org_type=data["org_type"],
        email=data["email"],
        website=data["website"],
        phone=data["phone"],
        languages=data["languages"],
    )


@require_http_methods(["GET", "POST"])
def organization_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_directory_admin(user)
    form = OrganizationForm(request.POST or None)
    created: list[Organization] = []
    saved, _conflict = _save(
        request,
        form,
        lambda data: created.append(
            actions.do_create_organization(actor=user, agency=agency, data=_organization_input(data))
        ),
    )
    if saved:
        messages.success(request, _("Organisation added to the directory."))
        return redirect("referrals:directory_organization", created[0].pk)
    return _form_page(request, form=form, title=_("Add an organisation"), organization=None)


@require_POST
def own_entry(request: HttpRequest) -> HttpResponse:
    """The agency's own directory entry, made if missing (from the agency profile page), then its edit page:
    the public email, phone, website and description are kept there and only there."""
    user = request_user(request)
    agency = access.require_directory_admin(user)
    organization = actions.ensure_platform_entry(agency, actor=user)
    return redirect("referrals:directory_organization_edit", organization.pk)


@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, organization_id: UUID) -> HttpResponse:
    user = request_user(request)
    organization = access.access_organization_by_id(user, organization_id, for_write=True)
    initial = {
        "version": organization.version,
        "name": organization.name,
        "alternate_name": organization.alternate_name,
        "org_type": organization.org_type,
        "description": organization.description,
        "email": organization.email,
        "website": organization.website,
        "phone": organization.phone,
        "languages": ", ".join(organization.languages),
    }
    form = OrganizationForm(request.POST or None, initial=initial)

    def reload() -> int:
        organization.refresh_from_db()
        return organization.version

    saved, conflict = _save(
        request,
        form,
        lambda data: actions.do_update_organization(
            actor=user,
            organization=organization,
            data=_organization_input(data),
            expected_version=data["version"] or 0,
        ),
        reload,
    )
    if saved:
        messages.success(request, _("Organisation saved."))
        return redirect("referrals:directory_organization", organization.pk)
    return _form_page(
        request, form=form, title=_("Edit the organisation"), organization=organization, conflict=conflict
    )


def _service_form(data: Any = None, initial: dict[str, Any] | None = None) -> ServiceForm:
    cats = list(categories())
    types = [
        (str(category.label), [(t.code, t.label) for t in category.types.all() if not t.retired]) for category in cats
    ]
    return ServiceForm(data, initial=initial, categories=[(c.code, c.label) for c in cats], types=types)


def _service_input(data: dict[str, Any]) -> actions.ServiceInput:
    return actions.ServiceInput(
        name=data["name"],
        category_code=data["category_code"],
        type_code=data["type_code"],
        description=data["description"],
        eligibility=data["eligibility"],
        languages=data["languages"],
        fees=data["fees"],
        hours_rrule=data["hours_rrule"],
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        hours_note=data["hours_note"],
        capacity=data["capacity"],
        capacity_unit=data["capacity_unit"],
        status=data["status"],
    )


@require_http_methods(["GET", "POST"])
def service_add(request: HttpRequest, organization_id: UUID) -> HttpResponse:
    user = request_user(request)
    organization = access.access_organization_by_id(user, organization_id, for_write=True)
    form = _service_form(request.POST or None)
    saved, _conflict = _save(
        request,
        form,
        lambda data: actions.do_save_service(actor=user, organization=organization, data=_service_input(data)),
    )
    if saved:
        messages.success(request, _("Service added."))
        return redirect("referrals:directory_organization", organization.pk)
    return _form_page(request, form=form, title=_("Add a service"), organization=organization)


@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, organization_id: UUID, service_id: UUID) -> HttpResponse:
    user = request_user(request)
    organization, service = access.access_service(user, organization_id, service_id)
    names = [name for name in ServiceForm.base_fields if name != "version"]
    initial = {name: getattr(service, name) for name in names} | {
        "version": service.version,
        "languages": ", ".join(service.languages),
    }
    form = _service_form(request.POST or None, initial=initial)

    def reload() -> int:
        service.refresh_from_db()
        return service.version

    saved, conflict = _save(
        request,
        form,
        lambda data: actions.do_save_service(
            actor=user,
            organization=organization,
            data=_service_input(data),
            service=service,
            expected_version=data["version"] or 0,
        ),
        reload,
    )
    if saved:
        messages.success(request, _("Service saved."))
        return redirect("referrals:directory_organization", organization.pk)
    return _form_page(request, form=form, title=_("Edit a service"), organization=organization, conflict=conflict)


def _location_input(data: dict[str, Any]) -> actions.LocationInput:
    return actions.LocationInput(
        name=data["name"],
        location_type=data["location_type"],
        confidential=data["confidential"],
        address_1=data["address_1"],
        address_2=data["address_2"],
        postal_code=data["postal_code"],
        city=data["city"],
        region=data["region"],
        country=data["country"],
        latitude=data["latitude"],
        longitude=data["longitude"],
    )


@require_http_methods(["GET", "POST"])
def location_add(request: HttpRequest, organization_id: UUID) -> HttpResponse:
    user = request_user(request)
    organization = access.access_organization_by_id(user, organization_id, for_write=True)
    form = LocationForm(request.POST or None)
    saved, _conflict = _save(
        request,
        form,
        lambda data: actions.do_save_location(actor=user, organization=organization, data=_location_input(data)),
    )
    if saved:
        messages.success(request, _("Location added."))
        return redirect("referrals:directory_organization", organization.pk)
    return _form_page(request, form=form, title=_("Add a location"), organization=organization)


@require_http_methods(["GET", "POST"])
def location_edit(request: HttpRequest, organization_id: UUID, location_id: UUID) -> HttpResponse:
    user = request_user(request)
    organization, location = access.access_location(user, organization_id, location_id)
    lines = (
        [location.hidden_address_1, location.hidden_address_2, location.hidden_postal_code]
        if location.confidential
        else [location.address_1, location.address_2, location.postal_code]
    )
    coordinates = location.coordinates or ("", "")
    initial = {
        "version": location.version,
        "name": location.name,
        "location_type": location.location_type,
        "confidential": location.confidential,
        "address_1": lines[0] or "",
        "address_2": lines[1] or "",
        "postal_code": lines[2] or "",
        "city": location.city,
        "region": location.region,
        "country": location.country,
        "latitude": coordinates[0],
        "longitude": coordinates[1],
    }
    form = LocationForm(request.POST or None, initial=initial)

    def reload() -> int:
        location.refresh_from_db()
        return location.version

    saved, conflict = _save(
        request,
        form,
        lambda data: actions.do_save_location(
            actor=user,
            organization=organization,
            data=_location_input(data),
            location=location,
            expected_version=data["version"] or 0,
        ),
        reload,
    )
    if saved:
        messages.success(request, _("Location saved."))
        return redirect("referrals:directory_organization", organization.pk)
    return _form_page(request, form=form, title=_("Edit a location"), organization=organization, conflict=conflict)


def _contact_input(data: dict[str, Any]) -> actions.ContactInput:
    return actions.ContactInput(name=data["name"], title=data["title"], email=data["email"], phone=data["phone"])


@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, organization_id: UUID) -> HttpResponse:
    user = request_user(request)
    organization = access.access_organization_by_id(user, organization_id, for_write=True)
    form = ContactForm(request.POST or None)
    saved, _conflict = _save(
        request,
        form,
        lambda data: actions.do_save_contact(actor=user, organization=organization, data=_contact_input(data)),
    )
    if saved:
        messages.success(request, _("Contact added."))
        return redirect("referrals:directory_organization", organization.pk)
    return _form_page(request, form=form, title=_("Add a contact"), organization=organization)


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, organization_id: UUID, contact_id: UUID) -> HttpResponse:
    user = request_user(request)
    organization, contact = access.access_contact(user, organization_id, contact_id)
    initial = {
        "version": contact.version,
        "name": contact.name,
        "title": contact.title,
        "email": contact.email,
        "phone": contact.phone,
    }
    form = ContactForm(request.POST or None, initial=initial)

    def reload() -> int:
        contact.refresh_from_db()
        return contact.version

    saved, conflict = _save(
        request,
        form,
        lambda data: actions.do_save_contact(
            actor=user,
            organization=organization,
            data=_contact_input(data),
            contact=contact,
            expected_version=data["version"] or 0,
        ),
        reload,
    )
    if saved:
        messages.success(request, _("Contact saved."))
        return redirect("referrals:directory_organization", organization.pk)
    return _form_page(request, form=form, title=_("Edit a contact"), organization=organization, conflict=conflict)


@require_GET
def directory_export(request: HttpRequest) -> HttpResponse:
    """The directory as an HSDS 3.0 JSON file, as the reader's agency may see it."""
    user = request_user(request)
    agency = access.require_directory_reader(user)
    response = JsonResponse(hsds.export_document(actor=user, agency=agency), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="directory-hsds.json"'
    return response


@require_GET
def directory_export_zip(request: HttpRequest) -> HttpResponse:
    """The directory as an HSDS 3.0 tabular data package (a zip of CSV tables), as the reader's agency may see it."""
    user = request_user(request)
    agency = access.require_directory_reader(user)
    response = HttpResponse(tabular.export_zip(actor=user, agency=agency), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="directory-hsds.zip"'
    return response


@require_http_methods(["GET", "POST"])
def directory_import(request: HttpRequest) -> HttpResponse:
    """An agency admin uploads an HSDS 3.0 JSON file or tabular zip; a dry run reports what would change."""
    user = request_user(request)
    agency = access.require_directory_admin(user)
    form = HsdsImportForm(request.POST or None, request.FILES or None)
    report: hsds.ImportReport | None = None
    problems: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        if data.startswith(ZIP_MAGIC):  # the tabular form: same import, same report
            try:
                report = tabular.do_import_hsds_zip(
                    actor=user, agency=agency, data=data, dry_run=form.cleaned_data["dry_run"]
                )
            except hsds.HsdsImportError as exc:
                problems = [(path, message) for path, messages_ in exc.fields.items() for message in messages_]
            return render(
                request,
                "referrals/directory/import.html",
                {"form": form, "report": report, "problems": problems, "kinds": hsds.KINDS},
            )
        try:
            document = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            form.add_error("file", _("This is neither a JSON file nor a zip."))
        else:
            try:
                report = hsds.do_import_hsds(
                    actor=user, agency=agency, document=document, dry_run=form.cleaned_data["dry_run"]
                )
            except hsds.HsdsImportError as exc:
                problems = [(path, message) for path, messages_ in exc.fields.items() for message in messages_]
    return render(
        request,
        "referrals/directory/import.html",
        {"form": form, "report": report, "problems": problems, "kinds": hsds.KINDS},
    )
