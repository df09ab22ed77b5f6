"""Reads of awareness campaigns, scoped to one agency: the list, partners, materials, the results log, and the
results themselves (a campaign's dashboard, the comparison across campaigns).

Results are aggregates computed in the database, one query per table whatever the number of campaigns. The one
number that touches survivors, identifications attributed to a campaign (cases.Case.campaign), leaves this module
only through reporting's small-cell suppression: as a `DisplayCell` ("fewer than k" for 1..k-1), never as a raw
small count, and never as a list of cases.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.selectors import active_membership
from reclaim.cases.models import Case
from reclaim.outreach.models import (
    Campaign,
    CampaignMaterial,
    CampaignPartner,
    CampaignTally,
    Channel,
    OutreachEvent,
)
from reclaim.reporting.selectors import small_cell_k
from reclaim.reporting.suppression import DisplayCell, Suppressed, suppress_counts

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from reclaim.accounts.models import User

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# People at events are counted under this channel in the reach-by-channel table.
EVENT_CHANNEL = Channel.COMMUNITY_EVENTS


def agency_id_of(user: User) -> Any:
    membership = active_membership(user)
    return membership.agency_id if membership else None


# Lists ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignFilters:
    status: str = ""
    start: datetime.date | None = None  # campaigns running at any time from `start`...
    end: datetime.date | None = None  # ...to `end` (an open period counts as running)


def campaigns_for_agency(agency_id: Any) -> QuerySet[Campaign]:
    if agency_id is None:
        return Campaign.objects.none()
    return Campaign.objects.filter(agency_id=agency_id).select_related("grant")


def _overlapping(
    campaigns: QuerySet[Campaign], start: datetime.date | None, end: datetime.date | None
) -> QuerySet[Campaign]:
    if start is not None:
        campaigns = campaigns.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    if end is not None:
        campaigns = campaigns.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=end))
    return campaigns


def campaign_list(agency_id: Any, filters: CampaignFilters) -> QuerySet[Campaign]:
    """The agency's campaigns matching the filters, newest period first, with their grant (one query)."""
    campaigns = campaigns_for_agency(agency_id)
    if filters.status:
        campaigns = campaigns.filter(status=filters.status)
    return _overlapping(campaigns, filters.start, filters.end).order_by("-starts_on", "name")


def campaign_choices(agency_id: Any) -> list[tuple[str, str]]:
    """(id, name) of the agency's campaigns, for pickers (a case's "campaign that led to this identification")."""
    return [(str(pk), name) for pk, name in campaigns_for_agency(agency_id).order_by("name").values_list("pk", "name")]


def campaign_of_agency(agency_id: Any, campaign_id: Any) -> Campaign | None:
    return campaigns_for_agency(agency_id).filter(pk=campaign_id).first()


def grant_choices(agency_id: Any, current: Any = None) -> list[tuple[str, str]]:
    """The agency's grants in use, plus the one a campaign already names even if it was deactivated since."""
    from reclaim.funding.selectors import grants_for_agency

    grants = grants_for_agency(agency_id, active_only=False).filter(Q(is_active=True) | Q(pk=current))
    return [(str(pk), name) for pk, name in grants.order_by("name").values_list("pk", "name")]


def grant_of_agency(agency_id: Any, grant_id: Any) -> Any:
    from reclaim.funding.selectors import grant_for_agency

    return grant_for_agency(agency_id, grant_id)


# Partners, materials, tallies ------------------------------------------------------------------------------------


def partners_of(campaign: Campaign, *, with_removed: bool = False) -> QuerySet[CampaignPartner]:
    partners = CampaignPartner.objects.filter(agency_id=campaign.agency_id, campaign=campaign)
    if not with_removed:
        partners = partners.filter(removed_at__isnull=True)
    return partners.select_related("organization").order_by("organization__name", "name")


def directory_choices(user: User) -> list[tuple[str, str]]:
    """Listed organisations of the partner directory (reference data, read through the referrals app)."""
    from reclaim.referrals.directory_selectors import directory_organizations

    listed = directory_organizations(user).filter(is_active=True).order_by("name")
    return [(str(pk), name) for pk, name in listed.values_list("pk", "name")]


def directory_organization(user: User, organization_id: Any) -> Any:
    from reclaim.referrals.directory_selectors import directory_organizations

    return directory_organizations(user).filter(is_active=True, pk=organization_id).first()


def materials_of(campaign: Campaign) -> QuerySet[CampaignMaterial]:
    return CampaignMaterial.objects.filter(agency_id=campaign.agency_id, campaign=campaign).select_related(
        "uploaded_by"
    )


def current_materials(campaign: Campaign) -> QuerySet[CampaignMaterial]:
    return materials_of(campaign).filter(superseded_at__isnull=True)


def tallies_of(campaign: Campaign) -> QuerySet[CampaignTally]:
    """The results log, latest first (the pk breaks ties: a paged list shows every entry once)."""
    return (
        CampaignTally.objects.filter(agency_id=campaign.agency_id, campaign=campaign)
        .select_related("recorded_by")
        .order_by("-on", "-created_at", "pk")
    )


# Results -------------------------------------------------------------------------------------------------------


def _cents(value: Decimal | None) -> Decimal:
    return (value or ZERO).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Measures:
    """A campaign's results (or a period of them). `identifications` is already suppressed."""

    events: int
    people_at_events: int
    tallied_in_person: int
    reached_online: int
    materials_distributed: int
    hotline_contacts: int
    cost: Decimal
    identifications: DisplayCell

    @property
    def reached_in_person(self) -> int:
        return self.tallied_in_person + self.people_at_events

    @property
    def reached(self) -> int:
        return self.reached_in_person + self.reached_online

    @property
    def cost_per_person(self) -> Decimal | None:
        if not self.reached or not self.cost:
            return None
        return _cents(self.cost / self.reached)


@dataclass(frozen=True)
class Period:
    start: datetime.date | None = None
    end: datetime.date | None = None


def _tally_sums(campaign_ids: list[Any], period: Period, *extra: str) -> QuerySet[Any]:
    rows = CampaignTally.objects.filter(campaign_id__in=campaign_ids)
    if period.start:
        rows = rows.filter(on__gte=period.start)
    if period.end:
        rows = rows.filter(on__lte=period.end)
    sums: QuerySet[Any] = (
        rows.values("campaign_id", *extra)
        .annotate(
            in_person=Sum("reached_in_person"),
            online=Sum("reached_online"),
            materials=Sum("materials_distributed"),
            hotline=Sum("hotline_contacts"),
            cost=Sum("cost"),
        )
        .order_by()
    )
    return sums


def _event_sums(campaign_ids: list[Any], period: Period, *extra: Any, **named: Any) -> QuerySet[Any]:
    rows = OutreachEvent.objects.filter(campaign_id__in=campaign_ids)
    if period.start:
        rows = rows.filter(starts_at__date__gte=period.start)
    if period.end:
        rows = rows.filter(starts_at__date__lte=period.end)
    sums: QuerySet[Any] = (
        rows.annotate(**named)
        .values("campaign_id", *extra, *named)
        .annotate(n=Count("pk"), people=Sum("audience_size"))
        .order_by()
    )
    return sums


def _identification_counts(agency_id: Any, campaign_ids: list[Any], period: Period) -> dict[Any, int]:
    """Cases attributed to each campaign (counted, never listed). In a period: by the date of identification,
    or the day the case was opened when that date is not known."""
    cases = Case.objects.filter(agency_id=agency_id, campaign_id__in=campaign_ids)
    if period.start:
        cases = cases.filter(
            Q(identified_on__gte=period.start) | Q(identified_on__isnull=True, created_at__date__gte=period.start)
        )
    if period.end:
        cases = cases.filter(
            Q(identified_on__lte=period.end) | Q(identified_on__isnull=True, created_at__date__lte=period.end)
        )
    return dict(cases.values_list("campaign_id").annotate(n=Count("pk")).order_by())


def _measures(campaign_ids: list[Any], period: Period, identifications: dict[Any, DisplayCell]) -> dict[Any, Measures]:
    tallies = {row["campaign_id"]: row for row in _tally_sums(campaign_ids, period)}
    events = {row["campaign_id"]: row for row in _event_sums(campaign_ids, period)}
    out = {}
    for pk in campaign_ids:
        tally, event = tallies.get(pk, {}), events.get(pk, {})
        out[pk] = Measures(
            events=event.get("n") or 0,
            people_at_events=event.get("people") or 0,
            tallied_in_person=tally.get("in_person") or 0,
            reached_online=tally.get("online") or 0,
            materials_distributed=tally.get("materials") or 0,
            hotline_contacts=tally.get("hotline") or 0,
            cost=_cents(tally.get("cost")),
            identifications=identifications[pk],
        )
    return out


@dataclass(frozen=True)
class ChannelRow:
    code: str
    label: str
    in_person: int
    online: int
    materials: int
    hotline: int

    @property
    def reached(self) -> int:
        return self.in_person + self.online


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    in_person: int
    online: int
    events: int
    hotline: int

    @property
    def reached(self) -> int:
        return self.in_person + self.online


@dataclass(frozen=True)
class Dashboard:
    campaign: Campaign
    measures: Measures
    by_channel: list[ChannelRow]
    by_month: list[MonthRow]
    k: int
    explanation: str

    @property
    def remaining(self) -> Decimal | None:
        if self.campaign.budget is None:
            return None
        return self.campaign.budget - self.measures.cost

    @property
    def percent_spent(self) -> int | None:
        if not self.campaign.budget:
            return None
        return round(self.measures.cost * 100 / self.campaign.budget)

    @property
    def over_budget(self) -> bool:
        return self.campaign.budget is not None and self.measures.cost > self.campaign.budget


def _suppressed(items: list[tuple[str, int]], k: int) -> Suppressed:
    return suppress_counts(items, k, count_header=_("Identifications attributed"), total_label=_("All campaigns"))


def campaign_dashboard(campaign: Campaign) -> Dashboard:
    """The campaign's results over its whole run: totals, reach by channel and by month, budget against cost.
    Identifications are suppressed below the agency's k (shown as "fewer than k"; a 0 is shown)."""
    k = small_cell_k(campaign.agency_id)
    count = _identification_counts(campaign.agency_id, [campaign.pk], Period()).get(campaign.pk, 0)
    table = _suppressed([(campaign.name, count)], k)
    measures = _measures([campaign.pk], Period(), {campaign.pk: table.rows[0].cells[0]})[campaign.pk]
    labels = dict(Channel.choices)
    channels: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in _tally_sums([campaign.pk], Period(), "channel"):
        bucket = channels[row["channel"]]
        bucket["in_person"] += row["in_person"] or 0
        bucket["online"] += row["online"] or 0
        bucket["materials"] += row["materials"] or 0
        bucket["hotline"] += row["hotline"] or 0
    if measures.people_at_events:
        channels[EVENT_CHANNEL]["in_person"] += measures.people_at_events
    by_channel = [
        ChannelRow(code, str(labels.get(code, code)), v["in_person"], v["online"], v["materials"], v["hotline"])
        for code, v in sorted(
            channels.items(), key=lambda item: list(labels).index(item[0]) if item[0] in labels else 99
        )
    ]
    months: dict[datetime.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    tally_months = (
        CampaignTally.objects.filter(campaign=campaign)
        .annotate(month=TruncMonth("on"))
        .values("month")
        .annotate(in_person=Sum("reached_in_person"), online=Sum("reached_online"), hotline=Sum("hotline_contacts"))
        .order_by()
    )
    for row in tally_months:
        bucket = months[row["month"]]
        bucket["in_person"] += row["in_person"] or 0
        bucket["online"] += row["online"] or 0
        bucket["hotline"] += row["hotline"] or 0
    tz = timezone.get_current_timezone()
    for row in _event_sums([campaign.pk], Period(), "month", month=TruncMonth("starts_at", tzinfo=tz)):
        month = row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]
        months[month]["in_person"] += row["people"] or 0
        months[month]["events"] += row["n"]
    by_month = [
        MonthRow(month, v["in_person"], v["online"], v["events"], v["hotline"]) for month, v in sorted(months.items())
    ]
    return Dashboard(campaign, measures, by_channel, by_month, k, table.explanation)


@dataclass(frozen=True)
class ComparisonRow:
    campaign: Campaign
    measures: Measures


@dataclass(frozen=True)
class Comparison:
    rows: list[ComparisonRow]
    identifications_total: DisplayCell
    k: int
    explanation: str
    period: Period


def campaign_comparison(agency_id: Any, filters: CampaignFilters) -> Comparison:
    """One row per campaign running in the period, with its results in the period (all of them without one).
    Identifications go through suppression as one column with its total, so a hidden cell cannot be worked out
    from the total. A constant number of queries whatever the number of campaigns."""
    period = Period(filters.start, filters.end)
    campaigns = list(campaign_list(agency_id, filters))
    ids = [campaign.pk for campaign in campaigns]
    k = small_cell_k(agency_id)
    counts = _identification_counts(agency_id, ids, period) if ids else {}
    table = _suppressed([(campaign.name, counts.get(campaign.pk, 0)) for campaign in campaigns], k)
    cells = {pk: table.rows[i].cells[0] for i, pk in enumerate(ids)}
    measures = _measures(ids, period, cells) if ids else {}
    return Comparison(
        rows=[ComparisonRow(campaign, measures[campaign.pk]) for campaign in campaigns],
        identifications_total=table.rows[-1].cells[0],
        k=k,
        explanation=table.explanation,
        period=period,
    )
