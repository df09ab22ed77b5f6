from __future__ import annotations

from typing import Any

from django.urls import path

from reclaim.outreach.views import campaigns as campaign_views
from reclaim.outreach.views import events

app_name = "outreach"

urlpatterns: list[Any] = []

urlpatterns += [
    path("outreach/campaigns/", campaign_views.campaign_list, name="campaign_list"),
    path("outreach/campaigns/add/", campaign_views.campaign_add, name="campaign_add"),
    path("outreach/campaigns/compare/", campaign_views.campaign_compare, name="campaign_compare"),
    path("outreach/campaigns/compare.csv", campaign_views.campaign_compare_csv, name="campaign_compare_csv"),
    path("outreach/campaigns/<uuid:campaign_id>/", campaign_views.campaign_detail, name="campaign_detail"),
    path("outreach/campaigns/<uuid:campaign_id>/edit/", campaign_views.campaign_edit, name="campaign_edit"),
    path(
        "outreach/campaigns/<uuid:campaign_id>/partners/",
        campaign_views.campaign_partner_add,
        name="campaign_partner_add",
    ),
    path(
        "outreach/campaigns/<uuid:campaign_id>/partners/<uuid:partner_id>/remove/",
        campaign_views.campaign_partner_remove,
        name="campaign_partner_remove",
    ),
    path(
        "outreach/campaigns/<uuid:campaign_id>/materials/",
        campaign_views.campaign_materials,
        name="campaign_materials",
    ),
    path(
        "outreach/campaigns/<uuid:campaign_id>/materials/<uuid:material_id>/download/",
        campaign_views.campaign_material_download,
        name="campaign_material_download",
    ),
    path("outreach/campaigns/<uuid:campaign_id>/results/", campaign_views.campaign_tallies, name="campaign_tallies"),
]

urlpatterns += [
    path("outreach/events/", events.event_list_page, name="event_list"),
    path("outreach/events/add/", events.event_add, name="event_add"),
    path("outreach/events/survey/<str:token>/", events.event_survey_public, name="event_survey_public"),
    path("outreach/events/<uuid:event_id>/", events.event_detail, name="event_detail"),
    path("outreach/events/<uuid:event_id>/edit/", events.event_edit, name="event_edit"),
    path("outreach/events/<uuid:event_id>/attendance/", events.event_attendance, name="event_attendance"),
    path("outreach/events/<uuid:event_id>/survey-link/", events.event_survey_link, name="event_survey_link"),
    path("outreach/events/<uuid:event_id>/survey-forms/", events.event_survey_entry, name="event_survey_entry"),
    path("outreach/events/<uuid:event_id>/follow-ups/", events.event_follow_up_add, name="event_follow_up_add"),
    path(
        "outreach/events/<uuid:event_id>/follow-ups/<uuid:follow_up_id>/done/",
        events.event_follow_up_done,
        name="event_follow_up_done",
    ),
]
