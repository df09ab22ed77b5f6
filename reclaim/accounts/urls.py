from __future__ import annotations

from django.urls import path

from reclaim.accounts import views

app_name = "accounts"

urlpatterns = [
    path("setup/", views.setup_guide, name="setup_guide"),
    path("setup/hide/", views.setup_guide_hide, name="setup_guide_hide"),
    path("setup/show/", views.setup_guide_show, name="setup_guide_show"),
    path("setup/steps/<slug:code>/", views.setup_step_mark, name="setup_step_mark"),
    path("profile/", views.agency_profile, name="agency_profile"),
    path("staff/", views.team, name="team"),
    path("staff/<uuid:membership_id>/", views.member_edit, name="member_edit"),
    path("staff/invitations/<uuid:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("settings/", views.account_settings, name="settings"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<uuid:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("emergency-access/", views.break_glass, name="break_glass"),
    path("emergency-access/<uuid:grant_id>/end/", views.break_glass_end, name="break_glass_end"),
    path("emergency-access/review/", views.grants_review, name="grants_review"),
    path("emergency-access/review/<uuid:grant_id>/", views.grant_mark_reviewed, name="grant_mark_reviewed"),
    path("audit/", views.audit_log, name="audit"),
    path("vocabularies/", views.vocabularies, name="vocabularies"),
    path("vocabularies/<uuid:vocabulary_id>/", views.vocabulary_detail, name="vocabulary"),
    path("vocabularies/terms/<uuid:term_id>/retire/", views.vocabulary_term_retire, name="vocabulary_term_retire"),
]
