from __future__ import annotations

from typing import Any

from django.urls import path

from reclaim.outreach.views import campaigns as campaign_views
from reclaim.outreach.views import events, stories, training
from reclaim.outreach.views import volunteers as volunteer_views

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

# Volunteers (issue 10 item 5)
urlpatterns += [
    path("outreach/volunteers/", volunteer_views.volunteer_list, name="volunteer_list"),
    path("outreach/volunteers/new/", volunteer_views.volunteer_add, name="volunteer_add"),
    path("outreach/volunteers/hours/", volunteer_views.volunteer_hours_waiting, name="volunteer_hours_waiting"),
    path(
        "outreach/volunteers/hours/<uuid:hours_id>/approve/",
        volunteer_views.volunteer_hours_approve,
        name="volunteer_hours_approve",
    ),
    path(
        "outreach/volunteers/tasks/<uuid:assignment_id>/",
        volunteer_views.volunteer_assignment_edit,
        name="volunteer_assignment_edit",
    ),
    path("outreach/volunteers/my/", volunteer_views.volunteer_my_assignments, name="volunteer_my_assignments"),
    path("outreach/volunteers/my/hours/", volunteer_views.volunteer_my_hours, name="volunteer_my_hours"),
    path(
        "outreach/volunteers/my/<uuid:assignment_id>/respond/",
        volunteer_views.volunteer_my_respond,
        name="volunteer_my_respond",
    ),
    path(
        "outreach/volunteers/my/<uuid:assignment_id>/hours/",
        volunteer_views.volunteer_my_log_hours,
        name="volunteer_my_log_hours",
    ),
    path("outreach/volunteers/<uuid:volunteer_id>/", volunteer_views.volunteer_detail, name="volunteer_detail"),
    path("outreach/volunteers/<uuid:volunteer_id>/edit/", volunteer_views.volunteer_edit, name="volunteer_edit"),
    path("outreach/volunteers/<uuid:volunteer_id>/status/", volunteer_views.volunteer_status, name="volunteer_status"),
    path(
        "outreach/volunteers/<uuid:volunteer_id>/screening/<uuid:screening_id>/",
        volunteer_views.volunteer_screening,
        name="volunteer_screening",
    ),
    path(
        "outreach/volunteers/<uuid:volunteer_id>/agreements/new/",
        volunteer_views.volunteer_agreement_add,
        name="volunteer_agreement_add",
    ),
    path(
        "outreach/volunteers/<uuid:volunteer_id>/sign-in/", volunteer_views.volunteer_sign_in, name="volunteer_sign_in"
    ),
    path(
        "outreach/volunteers/<uuid:volunteer_id>/tasks/new/",
        volunteer_views.volunteer_assignment_add,
        name="volunteer_assignment_add",
    ),
    path(
        "outreach/volunteers/<uuid:volunteer_id>/thanks/new/",
        volunteer_views.volunteer_thanks_add,
        name="volunteer_thanks_add",
    ),
]

# Stories (issue 10 item 4)
urlpatterns += [
    path("cases/<uuid:case_id>/stories/", stories.case_stories, name="story_case_list"),
    path("cases/<uuid:case_id>/stories/add/", stories.case_story_add, name="story_case_add"),
    path("cases/<uuid:case_id>/stories/<uuid:story_id>/", stories.case_story_detail, name="story_case_detail"),
    path("cases/<uuid:case_id>/stories/<uuid:story_id>/edit/", stories.case_story_edit, name="story_case_edit"),
    path("cases/<uuid:case_id>/stories/<uuid:story_id>/send/", stories.case_story_send, name="story_case_send"),
    path("cases/<uuid:case_id>/stories/<uuid:story_id>/review/", stories.case_story_review, name="story_case_review"),
    path(
        "cases/<uuid:case_id>/stories/<uuid:story_id>/withdraw/",
        stories.case_story_withdraw,
        name="story_case_withdraw",
    ),
    path("outreach/stories/", stories.library, name="story_library"),
    path("outreach/stories/<uuid:story_id>/", stories.library_detail, name="story_library_detail"),
    path("outreach/stories/<uuid:story_id>/uses/", stories.story_use_add, name="story_use_add"),
    path("outreach/stories/<uuid:story_id>/uses/<uuid:use_id>/end/", stories.story_use_end, name="story_use_end"),
    path("outreach/training/courses/", training.course_list, name="training_course_list"),
    path("outreach/training/courses/add/", training.course_add, name="training_course_add"),
    path("outreach/training/courses/<uuid:course_id>/", training.course_detail, name="training_course_detail"),
    path("outreach/training/courses/<uuid:course_id>/edit/", training.course_edit, name="training_course_edit"),
    path("outreach/training/courses/<uuid:course_id>/sessions/add/", training.session_add, name="training_session_add"),
    path("outreach/training/sessions/<uuid:session_id>/", training.session_detail, name="training_session_detail"),
    path("outreach/training/sessions/<uuid:session_id>/edit/", training.session_edit, name="training_session_edit"),
    path(
        "outreach/training/sessions/<uuid:session_id>/participants/",
        training.participant_add,
        name="training_participant_add",
    ),
    path(
        "outreach/training/sessions/<uuid:session_id>/participants/<uuid:participant_id>/attendance/",
        training.attendance,
        name="training_attendance",
    ),
    path("outreach/training/certificates/add/", training.external_add, name="training_external_add"),
    path("outreach/training/certificates/<uuid:certificate_id>/", training.certificate, name="training_certificate"),
    path("outreach/training/mine/", training.my_training, name="training_mine"),
    path("outreach/training/staff/", training.staff_overview, name="training_staff"),
    path("outreach/training/requirements/", training.requirements, name="training_requirements"),
    path("outreach/training/requirements/block/", training.block_setting, name="training_block"),
]
