from __future__ import annotations

from typing import Any

from django.urls import path

from reclaim.outreach.views import stories

app_name = "outreach"

urlpatterns: list[Any] = []

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
]
