"""Reads of events, their anonymous feedback and follow-ups, scoped to one agency. Lists cost a constant number
of queries (campaign joined, facilitators prefetched); survey results are computed from the stored answer sets
and never show one of them on its own."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from reclaim.accounts.models import Membership, User
from reclaim.outreach import events_survey
from reclaim.outreach.models import Campaign, EventFollowUp, EventSurveyResponse, OutreachEvent, SurveyPhase

if TYPE_CHECKING:
    from django.db.models import QuerySet


UPCOMING, PAST, ALL = "upcoming", "past", "all"
ONE_DECIMAL = Decimal("0.1")


def events_for_agency(agency_id: Any) -> QuerySet[OutreachEvent]:
    return (
        OutreachEvent.objects.filter(agency_id=agency_id)
        .select_related("campaign")
        .prefetch_related(Prefetch("facilitators", queryset=User.objects.order_by("display_name")))
    )


def event_list(
    agency_id: Any,
    *,
    when: str = ALL,
    campaign_id: Any = None,
    starts_from: datetime.date | None = None,
    starts_to: datetime.date | None = None,
) -> QuerySet[OutreachEvent]:
    """The agency's events: upcoming (not yet ended) soonest first, past newest first, or all newest first;
    optionally one campaign's, or those starting within [starts_from, starts_to] (dates in the agency's zone)."""
    events = events_for_agency(agency_id).annotate(
        responses=Count("survey_responses", distinct=True),
        open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done_at__isnull=True), distinct=True),
    )
    now = timezone.now()
    if campaign_id is not None:
        events = events.filter(campaign_id=campaign_id)
    tz = timezone.get_current_timezone()
    if starts_from is not None:
        events = events.filter(starts_at__gte=datetime.datetime.combine(starts_from, datetime.time.min, tzinfo=tz))
    if starts_to is not None:
        events = events.filter(starts_at__lte=datetime.datetime.combine(starts_to, datetime.time.max, tzinfo=tz))
    upcoming = Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)
    if when == UPCOMING:
        return events.filter(upcoming).order_by("starts_at")
    if when == PAST:
        return events.exclude(upcoming).order_by("-starts_at")
    return events.order_by("-starts_at")


def event_for_token(token: str) -> OutreachEvent | None:
    """The event whose public survey link this is (open or closed), or None."""
    if not token:
        return None
    return OutreachEvent.objects.filter(survey_token=token).first()


def campaigns_for_agency(agency_id: Any) -> QuerySet[Campaign]:
    return Campaign.objects.filter(agency_id=agency_id).order_by("name")


def campaign_for_agency(agency_id: Any, campaign_id: Any) -> Campaign | None:
    return Campaign.objects.filter(agency_id=agency_id, pk=campaign_id).first()


def active_staff(agency_id: Any) -> QuerySet[User]:
    """Staff with an active membership of the agency: who may facilitate an event or own a follow-up."""
    members = Membership.objects.filter(agency_id=agency_id, is_active=True).values("user_id")
    return User.objects.filter(pk__in=members, is_active=True).order_by("display_name")


def follow_ups_for_event(event: OutreachEvent) -> QuerySet[EventFollowUp]:
    return EventFollowUp.objects.filter(agency_id=event.agency_id, event=event).select_related("owner")


def open_follow_ups_owned_by(user: User, agency_id: Any) -> QuerySet[EventFollowUp]:
    """The user's open follow-ups in their agency, with their event (one query)."""
    return EventFollowUp.objects.filter(agency_id=agency_id, owner=user, done_at__isnull=True).select_related("event")


# Survey results ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemResult:
    item_id: str
    text: str
    pre_percent: Decimal | None
    post_percent: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.pre_percent is None or self.post_percent is None:
            return None
        return self.post_percent - self.pre_percent


@dataclass(frozen=True)
class SurveyResults:
    """Aggregates only: how many answered before and after, the mean number of right answers and its change,
    and per statement the share who got it right before and after."""

    pre_count: int
    post_count: int
    max_score: int
    pre_mean: Decimal | None
    post_mean: Decimal | None
    items: list[ItemResult] = field(default_factory=list)

    @property
    def change(self) -> Decimal | None:
        if self.pre_mean is None or self.post_mean is None:
            return None
        return self.post_mean - self.pre_mean


def _round(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def survey_results(event: OutreachEvent) -> SurveyResults:
    """The event's survey results (one query, whatever the number of responses)."""
    rows = list(
        EventSurveyResponse.objects.filter(agency_id=event.agency_id, event=event).values_list(
            "phase", "answers", "total"
        )
    )
    by_phase: dict[str, list[list[Any]]] = {SurveyPhase.PRE: [], SurveyPhase.POST: []}
    totals: dict[str, list[int]] = {SurveyPhase.PRE: [], SurveyPhase.POST: []}
    for phase, answers, total in rows:
        by_phase.setdefault(phase, []).append(answers)
        totals.setdefault(phase, []).append(total)
    items = events_survey.items()

    def mean(phase: str) -> Decimal | None:
        if not totals[phase]:
            return None
        return _round(Decimal(sum(totals[phase])) / len(totals[phase]))

    def percent(phase: str, index: int) -> Decimal | None:
        sets = by_phase[phase]
        if not sets:
            return None
        right = sum(1 for a in sets if index < len(a) and events_survey.is_correct(index, a[index]))
        return _round(Decimal(100 * right) / len(sets))

    return SurveyResults(
        pre_count=len(by_phase[SurveyPhase.PRE]),
        post_count=len(by_phase[SurveyPhase.POST]),
        max_score=len(items),
        pre_mean=mean(SurveyPhase.PRE),
        post_mean=mean(SurveyPhase.POST),
        items=[
            ItemResult(item_id, text, percent(SurveyPhase.PRE, index), percent(SurveyPhase.POST, index))
            for index, (item_id, text, _options) in enumerate(items)
        ],
    )
