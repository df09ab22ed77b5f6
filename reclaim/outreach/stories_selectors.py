"""Reads of survivors' stories (issue 10 item 4).

Two sides, never mixed: the case side (`stories_for_case`, through the case gate) sees every story of the case with
its consent; the outreach side (`library_stories`) sees only stories approved by the survivor, not withdrawn, whose
media consent is live today. That filter is the selector itself, so a consent that was taken back or has expired
hides its stories at once, before any job marks them withdrawn."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import F, Prefetch, Q
from django.utils import timezone

from reclaim.accounts.selectors import active_membership
from reclaim.consent.models import ConsentRecord, Purpose
from reclaim.outreach.models import Campaign, CampaignStatus, Story, StoryStatus, StoryUse

if TYPE_CHECKING:
    import datetime

    from django.db.models import QuerySet

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case


def live_consent_q(prefix: str = "", *, on: datetime.date | None = None) -> Q:
    """A consent in force on `on` (default today): the same definition as ConsentRecord.is_live_on."""
    day = on or timezone.localdate()
    return Q(
        **{
            f"{prefix}revoked_at__isnull": True,
            f"{prefix}starts_on__lte": day,
            f"{prefix}expires_on__gte": day,
        }
    )


def live_media_consents_for_case(case: Case, *, on: datetime.date | None = None) -> QuerySet[ConsentRecord]:
    """Media consents of the case's survivor in force today, newest first: what a story may stand on."""
    return ConsentRecord.objects.filter(
        live_consent_q(on=on), agency_id=case.agency_id, survivor_id=case.survivor_id, purpose=Purpose.MEDIA
    ).order_by("-starts_on", "-created_at")


def stories_for_case(case: Case) -> QuerySet[Story]:
    """Every story of a case (the caller passed the case gate), newest first."""
    return Story.objects.filter(agency_id=case.agency_id, case_id=case.pk).select_related("consent")


def story_for_case(case: Case, story_id: Any) -> Story | None:
    return stories_for_case(case).filter(pk=story_id).first()


def _active_uses() -> Any:
    return Prefetch(
        "uses",
        queryset=StoryUse.objects.filter(ended_at__isnull=True).select_related("campaign").order_by("campaign__name"),
        to_attr="active_uses",
    )


def library_stories(user: User, *, on: datetime.date | None = None) -> QuerySet[Story]:
    """The stories outreach staff may use: approved by the survivor, not withdrawn, on a live media consent, in
    the user's agency. Nothing of the case is loaded (no select_related on it); the active campaign uses come
    prefetched (two queries in all)."""
    membership = active_membership(user)
    if membership is None:
        return Story.objects.none()
    return (
        Story.objects.filter(
            live_consent_q("consent__", on=on),
            agency_id=membership.agency_id,
            status=StoryStatus.APPROVED,
            withdrawn_at__isnull=True,
            consent__purpose=Purpose.MEDIA,
        )
        .defer("case_id", "review_note", "withdrawn_note")
        .prefetch_related(_active_uses())
        .order_by("-reviewed_on", "-created_at")
    )


def campaigns_for_stories(user: User) -> QuerySet[Campaign]:
    """Campaigns of the user's agency a story may be added to (not cancelled or finished)."""
    membership = active_membership(user)
    if membership is None:
        return Campaign.objects.none()
    return Campaign.objects.filter(
        agency_id=membership.agency_id, status__in=[CampaignStatus.PLANNED, CampaignStatus.RUNNING]
    ).order_by("name")


def active_use(story: Story, use_id: Any) -> StoryUse | None:
    return StoryUse.objects.filter(story=story, pk=use_id, ended_at__isnull=True).select_related("campaign").first()


def stories_on_ended_consents(*, on: datetime.date | None = None) -> QuerySet[Story]:
    """Stories not yet withdrawn whose media consent is no longer live (expired or taken back): for the daily
    job that marks them withdrawn. Across agencies (a job, not a user)."""
    return Story.objects.filter(withdrawn_at__isnull=True).exclude(live_consent_q("consent__", on=on))


def use_of_story(story: Story, use_id: Any) -> StoryUse | None:
    """A use of this story in a campaign, ended or not."""
    return StoryUse.objects.filter(story=story, pk=use_id).select_related("campaign").first()


def uses_of_story(story: Story) -> QuerySet[StoryUse]:
    """Every use of a story in campaigns, the ones in force first (case side)."""
    return (
        StoryUse.objects.filter(story=story)
        .select_related("campaign")
        .order_by(F("ended_at").desc(nulls_first=True), "-created_at")
    )
