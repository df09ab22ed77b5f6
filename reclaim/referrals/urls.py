from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import path

from reclaim.referrals.views import directory, referrals

if TYPE_CHECKING:
    from django.urls import URLPattern, URLResolver

app_name = "referrals"

urlpatterns: list[URLPattern | URLResolver] = []

# Directory
urlpatterns += [
    path("directory/", directory.directory_search, name="directory"),
    path("directory/export.json", directory.directory_export, name="directory_export"),
    path("directory/export.zip", directory.directory_export_zip, name="directory_export_zip"),
    path("directory/import/", directory.directory_import, name="directory_import"),
    path("directory/add/", directory.organization_add, name="directory_organization_add"),
    path("directory/ours/", directory.own_entry, name="directory_own_entry"),
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

# Closed-loop referrals
urlpatterns += [
    path("cases/<uuid:case_id>/referrals/", referrals.case_referrals, name="case_referrals"),
    path("cases/<uuid:case_id>/referrals/new/", referrals.referral_create, name="create"),
    path("cases/<uuid:case_id>/referrals/<uuid:referral_id>/", referrals.case_referral, name="case_referral"),
    path(
        "cases/<uuid:case_id>/referrals/<uuid:referral_id>/status/",
        referrals.sender_transition,
        name="sender_transition",
    ),
    path("cases/<uuid:case_id>/referrals/<uuid:referral_id>/override/", referrals.override_consent, name="override"),
    path(
        "cases/<uuid:case_id>/referrals/<uuid:referral_id>/outcome-seen/",
        referrals.outcome_seen,
        name="outcome_seen",
    ),
    path("cases/<uuid:case_id>/referrals/<uuid:referral_id>/print/", referrals.referral_print, name="print"),
    path("referrals/outgoing/", referrals.outgoing, name="outgoing"),
    path("referrals/incoming/", referrals.incoming, name="incoming"),
    path("referrals/incoming/<uuid:referral_id>/", referrals.incoming_detail, name="incoming_detail"),
    path("referrals/incoming/<uuid:referral_id>/status/", referrals.incoming_transition, name="incoming_transition"),
    path("referrals/settings/", referrals.policy, name="policy"),
]
