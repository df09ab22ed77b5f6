from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import path

from reclaim.referrals.views import referrals

if TYPE_CHECKING:
    from django.urls import URLPattern, URLResolver

app_name = "referrals"

urlpatterns: list[URLPattern | URLResolver] = []

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
