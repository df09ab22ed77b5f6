"""Reads for the survivor's own page (issue 9 item 4) and for the staff page about it.

Scope (docs/portal.md "My page"): a portal account is tied to ONE case, and the survivor sees only what
belongs to that case (its appointments, its plan's goals, its questionnaires, documents shared from it).
Consents are the person's own, not a case's: they see every consent recorded about them at this agency.
Every survivor-facing read here takes the signed-in account and filters on its agency, survivor and case, so
an id of someone else's thing simply finds nothing (the view answers 404).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from reclaim.accounts.models import User
from reclaim.assessments.models import Assessment, AssessmentMode, AssessmentStatus
from reclaim.cases.selectors import my_open_cases
from reclaim.connect.models import PortalConsentNotice, PortalShare
from reclaim.consent.models import ConsentRecord
from reclaim.documents.models import DocumentVersion
from reclaim.plans.models import Goal, GoalProgressNote, PlanStatus
from reclaim.scheduling.models import Appointment, AppointmentMode, AppointmentStatus

if TYPE_CHECKING:
    import datetime

    from reclaim.cases.models import Case
    from reclaim.connect.models import PortalAccount


# --- Appointments -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingView:
    """What the survivor sees of an appointment: always "Meeting", never its purpose or kind of service
    (a watcher must not read "Immigration lawyer"), the place only when it is not confidential."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    mode: str  # in_person, video, phone
    place: str  # "" when confidential or not in person
    with_names: list[str] = field(default_factory=list)


def _meeting(row: Appointment) -> MeetingView:
    place = row.place if row.mode == AppointmentMode.IN_PERSON and not row.place_confidential else ""
    return MeetingView(
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        mode=row.mode,
        place=place or "",
        with_names=[user.display_name for user in row.attendees.all()],
    )


def upcoming_meetings(account: PortalAccount, *, limit: int | None = None) -> list[MeetingView]:
    """Booked appointments of the account's case that have not ended, soonest first (two queries)."""
    rows = (
        Appointment.objects.filter(
            agency_id=account.agency_id,
            case_id=account.case_id,
            status=AppointmentStatus.BOOKED,
            ends_at__gte=timezone.now(),
        )
        .only("pk", "starts_at", "ends_at", "mode", "place", "place_confidential", "agency_id", "case_id")
        .prefetch_related(
            Prefetch("attendees", queryset=User.objects.only("id", "display_name").order_by("display_name"))
        )
        .order_by("starts_at", "pk")
    )
    if limit is not None:
        rows = rows[:limit]
    return [_meeting(row) for row in rows]


# --- Goals --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalView:
    words: str  # the survivor's own words
    status: str
    target_on: datetime.date | None
    # Status changes (date, new status), newest first: progress without staff notes' text.
    steps: list[tuple[datetime.date, str]] = field(default_factory=list)


@dataclass(frozen=True)
class GoalsView:
    goals: list[GoalView]
    not_in_your_words: int  # goals written by staff only, not yet put in the survivor's words


def goals_for_account(account: PortalAccount) -> GoalsView:
    """The goals of the case's plan (active or completed; never a draft), in the survivor's own words.

    Progress notes are staff text with no "may show the survivor" flag, so their text is never shown: only
    the date and the new status of each status change (two queries)."""
    notes = GoalProgressNote.objects.exclude(status_to="").only("pk", "goal_id", "noted_on", "status_to")
    rows = (
        Goal.objects.filter(
            agency_id=account.agency_id,
            case_id=account.case_id,
            plan__status__in=[PlanStatus.ACTIVE, PlanStatus.COMPLETED],
        )
        .only("pk", "survivor_words", "status", "target_on", "position", "created_at", "agency_id", "case_id")
        .prefetch_related(Prefetch("progress_notes", queryset=notes.order_by("-noted_on", "-created_at")))
        .order_by("position", "created_at")
    )
    goals: list[GoalView] = []
    missing = 0
    for row in rows:
        if not (row.survivor_words or "").strip():
            missing += 1
            continue
        goals.append(
            GoalView(
                words=row.survivor_words,
                status=row.status,
                target_on=row.target_on,
                steps=[(note.noted_on, note.status_to) for note in row.progress_notes.all()],
            )
        )
    return GoalsView(goals=goals, not_in_your_words=missing)


# --- Questionnaires -----------------------------------------------------------------------------------


def portal_assessments(account: PortalAccount) -> QuerySet[Assessment]:
    """Questionnaires assigned to the survivor in the portal on their case: waiting ones first (one query).
    Nothing of the result (total, band, alerts) is for the survivor's pages."""
    return (
        Assessment.objects.filter(agency_id=account.agency_id, case_id=account.case_id, mode=AssessmentMode.PORTAL)
        .select_related("instrument_version__instrument")
        .order_by("status", "-created_at", "-pk")
    )


def waiting_assessments(account: PortalAccount) -> QuerySet[Assessment]:
    return portal_assessments(account).filter(status=AssessmentStatus.ASSIGNED)


def portal_assessment(account: PortalAccount, assessment_id: Any) -> Assessment | None:
    return portal_assessments(account).filter(pk=assessment_id).first()


# --- Shared documents ---------------------------------------------------------------------------------


def _latest_versions() -> Prefetch[Any]:
    return Prefetch(
        "document__versions",
        queryset=DocumentVersion.objects.only("pk", "document_id", "number", "content_type", "size").order_by(
            "-number"
        ),
    )


def live_shares(account: PortalAccount) -> QuerySet[PortalShare]:
    """Documents shared with this survivor and not withdrawn (nor archived since), newest first (two queries)."""
    return (
        PortalShare.objects.filter(
            agency_id=account.agency_id,
            account=account,
            withdrawn_at__isnull=True,
            document__archived_at__isnull=True,
            document__case_id=account.case_id,
        )
        .select_related("document")
        .prefetch_related(_latest_versions())
        .order_by("-shared_at", "-pk")
    )


def live_share(account: PortalAccount, share_id: Any) -> PortalShare | None:
    return live_shares(account).filter(pk=share_id).first()


# --- Consents -----------------------------------------------------------------------------------------


def consents_for_account(account: PortalAccount) -> QuerySet[ConsentRecord]:
    """Every consent recorded about this person at this agency, newest first (one query)."""
    return (
        ConsentRecord.objects.filter(agency_id=account.agency_id, survivor_id=account.survivor_id)
        .select_related("recipient_agency")
        .order_by("-starts_on", "-created_at")
    )


def consent_for_account(account: PortalAccount, consent_id: Any) -> ConsentRecord | None:
    return consents_for_account(account).filter(pk=consent_id).first()


# --- Staff side ---------------------------------------------------------------------------------------


def shares_for_case(case: Case) -> QuerySet[PortalShare]:
    """Every share from this case (live and withdrawn), newest first; the case passed its gate."""
    return (
        PortalShare.objects.filter(agency_id=case.agency_id, account__case=case)
        .select_related("document", "shared_by", "withdrawn_by")
        .order_by("-shared_at", "-pk")
    )


def share_for_case(case: Case, share_id: Any) -> PortalShare | None:
    return shares_for_case(case).select_related("account__case").filter(pk=share_id).first()


def portal_assessments_for_case(case: Case) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(agency_id=case.agency_id, case=case, mode=AssessmentMode.PORTAL)
        .select_related("instrument_version__instrument", "assigned_by")
        .order_by("status", "-created_at", "-pk")
    )


def notices_for_case(case: Case) -> QuerySet[PortalConsentNotice]:
    return (
        PortalConsentNotice.objects.filter(agency_id=case.agency_id, case=case)
        .select_related("consent", "acknowledged_by")
        .order_by(F("acknowledged_at").asc(nulls_first=True), "-raised_at")
    )


def notice_for_case(case: Case, notice_id: Any) -> PortalConsentNotice | None:
    return notices_for_case(case).filter(pk=notice_id).first()


def open_notices_for_user(user: User) -> QuerySet[PortalConsentNotice]:
    """Consents taken back in the portal, not yet acknowledged, on cases the user works on personally
    (lead worker or assigned): the task list's source (one query)."""
    return (
        PortalConsentNotice.objects.filter(acknowledged_at__isnull=True, case__in=my_open_cases(user))
        .select_related("case", "consent")
        .order_by("raised_at")
    )
