from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import path

from reclaim.referrals.views import directory

if TYPE_CHECKING:
    from django.urls import URLPattern, URLResolver

app_name = "referrals"

urlpatterns: list[URLPattern | URLResolver] = []

# Directory
urlpatterns += [
    path("directory/", directory.directory_search, name="directory"),
    path("directory/export.json", directory.directory_export, name="directory_export"),
    path("directory/import/", directory.directory_import, name="directory_import"),
    path("directory/add/", directory.organization_add, name="directory_organization_add"),
    path("directory/<uuid:organization_id>/", directory.organization_detail, name="directory_organization"),
    path("directory/<uuid:organization_id>/edit/", directory.organization_edit, name="directory_organization_edit"),
    path("directory/<uuid:organization_id>/services/add/", directory.service_add, name="directory_service_add"),
    path(
        "directory/<uuid:organization_id>/services/<uuid:service_id>/",
        directory.service_edit,
        name="directory_service_edit",
    ),
    path("directory/<uuid:organization_id>/locations/add/", directory.location_add, name="directory_location_add"),
    path(
        "directory/<uuid:organization_id>/locations/<uuid:location_id>/",
        directory.location_edit,
        name="directory_location_edit",
    ),
    path("directory/<uuid:organization_id>/contacts/add/", directory.contact_add, name="directory_contact_add"),
    path(
        "directory/<uuid:organization_id>/contacts/<uuid:contact_id>/",
        directory.contact_edit,
        name="directory_contact_edit",
    ),
]
