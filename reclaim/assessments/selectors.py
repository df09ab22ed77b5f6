"""Reads of instruments, assessments and alerts, already limited to what the user may see.

Assessment results (totals, bands, alerts) are for case readers with `sees_screen_results` (clinician,
case manager, supervisor, director); the item answers additionally need `sees_clinical` (DOMAIN.md §6:
"clinicians see items; case managers see band and alerts")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Case as CaseWhen
from django.db.models import Exists, OuterRef, Q, QuerySet, Value, When

from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.assessments.models import (
    AlertSeverity,
    Assessment,
    AssessmentAlert,
    AssessmentStatus,
    Instrument,
    InstrumentCutoffs,
    InstrumentVersion,
)
from reclaim.cases.models import CaseAssignment
from reclaim.cases.selectors import case_if_seen, cases_for_user, has_mark
from reclaim.cases.state import CaseStatus
from reclaim.core.memo import shared_read
from reclaim.core.queries import checked_row_by_row

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case


def sees_results(user: User) -> bool:
    return capabilities(user).sees_screen_results


def sees_answers(user: User) -> bool:
    caps = capabilities(user)
    return caps.sees_screen_results and caps.sees_clinical


def instruments_for_agency(agency_id: Any, *, include_inactive: bool = False) -> QuerySet[Instrument]:
    """The shipped instruments plus the agency's own, shipped first, by name."""
    rows = Instrument.objects.filter(Q(agency__isnull=True) | Q(agency_id=agency_id))
    if not include_inactive:
        rows = rows.filter(active=True)
    return rows.order_by("agency_id", "name")


def instruments_for_user(user: User) -> QuerySet[Instrument]:
    """Instruments offered to this user's agency (shipped ones only for a user without a membership)."""
    membership = active_membership(user)
    return instruments_for_agency(membership.agency_id if membership else None)


def instrument_by_code(agency_id: Any, code: str) -> Instrument | None:
    """The agency's own instrument with this code, else the shipped one (codes of shipped ones are reserved)."""
    return instruments_for_agency(agency_id).filter(code=code).order_by("agency_id").first()


def current_version(instrument: Instrument) -> InstrumentVersion | None:
    """The newest version: the one new assessments are scored with."""
    return InstrumentVersion.objects.filter(instrument=instrument).order_by("-created_at", "-pk").first()


def current_versions(instruments: QuerySet[Instrument]) -> dict[Any, InstrumentVersion]:
    """Newest version per instrument, in one query."""
    rows = InstrumentVersion.objects.filter(instrument__in=instruments).select_related("instrument")
    newest: dict[Any, InstrumentVersion] = {}
    for row in rows.order_by("created_at", "pk"):
        newest[row.instrument_id] = row
    return newest


def assessments_for_case(user: User, case: Case) -> QuerySet[Assessment]:
    """The case's assessments, newest first; none for roles that may not see results. The case is re-checked
    against `cases_for_user` in the same query."""
    if not sees_results(user):
        return Assessment.objects.none()
    return (
        Assessment.objects.filter(case=case, agency_id=case.agency_id, case_id__in=case_if_seen(user, case))
        .select_related("instrument_version__instrument", "administered_by")
        .order_by("-administered_on", "-created_at", "-pk")
    )


def assessment_for_case(user: User, case: Case, assessment_id: Any) -> QuerySet[Assessment]:
    return assessments_for_case(user, case).filter(pk=assessment_id)


def agency_cutoffs(agency_id: Any, instrument: Instrument) -> dict[str, Any]:
    """The agency's chosen cut-offs for this instrument ({} = the definition's defaults)."""
    chosen = InstrumentCutoffs.objects.filter(agency_id=agency_id, instrument=instrument).first()
    return dict(chosen.values) if chosen else {}


def previous_total(case: Case, instrument: Instrument) -> Any:
    """The latest complete total of this instrument on this case (for change and "worsened by" alerts)."""
    row = (
        Assessment.objects.filter(
            case=case,
            instrument_version__instrument=instrument,
            status=AssessmentStatus.COMPLETED,
            total__isnull=False,
        )
        .order_by("-administered_on", "-created_at")
        .values_list("total", flat=True)
        .first()
    )
    return row


def has_open_alerts() -> Exists:
    """The case page mark for the alert banner: an EXISTS in the case gate's read (cases.selectors)."""
    return Exists(AssessmentAlert.objects.filter(case=OuterRef("pk"), acknowledged_at__isnull=True))


def open_alerts_for_case(user: User, case: Case) -> list[AssessmentAlert]:
    """Alerts not yet acknowledged on this case, urgent first: one query (the banner on every case page). Only
    what the banner shows is read: not the assessment's encrypted answers nor its scores (issue 12). None when
    the case gate's mark says the case has no open alert (`has_open_alerts`, registered in apps.py)."""
    if not sees_results(user) or not has_mark(case, "has_open_alerts"):
        return []
    rows = (
        AssessmentAlert.objects.filter(case=case, acknowledged_at__isnull=True)
        .select_related("assessment__instrument_version__instrument")
        .only(
            "case_id",
            "rule_code",
            "severity",
            "raised_at",
            "assessment__language",
            "assessment__instrument_version__definition",
            "assessment__instrument_version__instrument__name",
        )
        .order_by("-raised_at")
    )
    return sorted(rows, key=lambda a: (a.severity != "urgent", -a.raised_at.timestamp()))


def alerts_for_case(user: User, case: Case) -> QuerySet[AssessmentAlert]:
    if not sees_results(user):
        return AssessmentAlert.objects.none()
    return (
        AssessmentAlert.objects.filter(case=case, case_id__in=case_if_seen(user, case))
        .select_related("assessment__instrument_version__instrument", "acknowledged_by")
        .order_by("-raised_at")
    )


def _open_alerts_for_dashboard(user: User, *, limit: int = 50) -> list[AssessmentAlert]:
    """Open alerts on open cases this user works on as an assigned worker (or lead worker), urgent first, then
    the newest. One query that sorts and cuts in the database (an urgent alert is listed however many newer
    ones wait); only the case number is loaded from the case, never its encrypted fields."""
    if not sees_results(user) or not capabilities(user).works_cases:
        return []
    membership = active_membership(user)
    mine = Exists(CaseAssignment.objects.filter(case=OuterRef("case_id"), user_id=user.pk))
    urgent_first = CaseWhen(When(severity=AlertSeverity.URGENT, then=Value(0)), default=Value(1))
    if membership is not None:
        # A member's cases, and their alerts, are the agency's: read the agency's open alerts by index and check
        # each one's case (core's checked_row_by_row). `case IN (the user's cases)`, or an EXISTS, which
        # PostgreSQL turns into the same join, led with the cases instead: for a worker on 5,000 cases at 100k,
        # 5,000 probes of the alerts index (PostgreSQL misjudges the user's cases as 259), 46 ms.
        seen = checked_row_by_row(cases_for_user(user), "case_id")
        rows = AssessmentAlert.objects.filter(
            seen, acknowledged_at__isnull=True, agency_id=membership.agency_id, case__agency_id=membership.agency_id
        )
    else:
        rows = AssessmentAlert.objects.filter(acknowledged_at__isnull=True, case__in=cases_for_user(user))
    rows = rows.filter(mine | Q(case__lead_worker_id=user.pk)).exclude(case__status=CaseStatus.CLOSED)
    return list(
        rows.select_related("case", "assessment__instrument_version__instrument")
        .only(
            "rule_code",
            "severity",
            "raised_at",
            "agency_id",
            "case_id",
            "case__number",
            "assessment_id",
            "assessment__instrument_version__instrument__name",
            "assessment__instrument_version__instrument__code",
        )
        .order_by(urgent_first, "-raised_at", "pk")[:limit]
    )


def open_alerts_for_dashboard(user: User, *, limit: int = 50) -> list[AssessmentAlert]:
    """Open alerts on open cases this user works on, urgent first: one query, shared within a page (core.memo;
    the home page's panel lists them and the task list counts them)."""
    return shared_read(user, ("assessments.open_alerts", limit), lambda: _open_alerts_for_dashboard(user, limit=limit))
