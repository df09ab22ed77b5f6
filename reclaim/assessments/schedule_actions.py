"""Writes for reassessment schedules: an agency's plan for one instrument (validated through cadence.Plan,
versioned, audited); the stored next due dates (models.ReassessmentDue); and the periodic job that records
each newly overdue reassessment once, as a timeline event "assessment_overdue" (ids, codes and a date only;
nothing is emailed).

The stored due dates are derived: `refresh_due(case_ids)` rewrites those cases' rows from
schedule_selectors.next_due_dates, inside the caller's transaction. Every action that changes an input calls
it: recording an assessment (staff, assigned or portal) and recording or correcting an outcome rating (for
their case); saving a plan and offering or withdrawing an instrument (`refresh_agency`, every case of the
agency, or of every agency for a shipped instrument). The cases domain cannot import this one, so a case's
stage and intake date reach it through its timeline: `on_case_event` (registered in AssessmentsConfig.ready)
refreshes the case on "status_changed" (a move into or out of a scheduled stage, into the active plan, a
close or a reopening) and on "details_updated" naming the intake date. A new case is identified, so it has
no rows until it moves; a purged case's rows go with it (CASCADE). Bulk writers outside actions (seed_demo)
call `refresh_all` at the end, and the periodic reminder job rebuilds every agency's rows first, so a row
left stale by a write this list missed is put right within the job's period.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.models import Agency
from reclaim.assessments import events, schedule_selectors
from reclaim.assessments.cadence import Plan
from reclaim.assessments.models import AssessmentPlan, AssessmentReminder, ReassessmentDue
from reclaim.cases.models import Case, EventType
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.bulk import insert_rows
from reclaim.core.errors import DomainError, check_version

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable

    from reclaim.accounts.models import User
    from reclaim.cases.models import CaseEvent

logger = logging.getLogger(__name__)

MAX_OFFSET_MONTHS = 120
MAX_FIRST_ASSESSMENTS = 24
MAX_INTERVAL_MONTHS = 60
REFRESH_BATCH = 2000  # cases per statement group when due dates are rebuilt (IN lists stay short)


class InvalidPlan(DomainError):
    """The plan breaks a rule (cadence.Plan's, or a bound here); `fields` names each setting. The API answers 422."""

    code = "assessments.plan_invalid"


def _months(raw: Any, *, field: str, low: int, high: int) -> int | None:
    """An optional interval in whole months."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        message = _("Use a whole number of months from %(low)d to %(high)d, or leave it empty.") % {
            "low": low,
            "high": high,
        }
        raise InvalidPlan(message, fields={field: [message]})
    return int(raw)


def validate_plan(
    first_months: Any, then_every_months: Any, active_plan_every_months: Any
) -> tuple[Plan, dict[str, list[str]]]:
    """Check the values and build the cadence.Plan; every problem is a field error (nothing raised here)."""
    errors: dict[str, list[str]] = {}
    offsets: list[int] = []
    if not isinstance(first_months, (list, tuple)) or not first_months:
        errors["first_months"] = [_("List at least one assessment, in months after intake (0 = at intake).")]
    elif len(first_months) > MAX_FIRST_ASSESSMENTS:
        errors["first_months"] = [_("At most %(n)d first assessments.") % {"n": MAX_FIRST_ASSESSMENTS}]
    elif any(isinstance(m, bool) or not isinstance(m, int) or not 0 <= m <= MAX_OFFSET_MONTHS for m in first_months):
        errors["first_months"] = [_("Each one is a whole number of months after intake, from 0 to 120.")]
    elif list(first_months) != sorted(set(first_months)):
        errors["first_months"] = [_("List the months in increasing order, each once.")]
    else:
        offsets = [int(m) for m in first_months]
    intervals: dict[str, int | None] = {}
    for field, raw in (
        ("then_every_months", then_every_months),
        ("active_plan_every_months", active_plan_every_months),
    ):
        try:
            intervals[field] = _months(raw, field=field, low=1, high=MAX_INTERVAL_MONTHS)
        except InvalidPlan as exc:
            errors.update(exc.fields)
    if errors:
        return Plan(), errors
    try:
        plan = Plan(first_months=tuple(offsets), **intervals)
    except ValueError as exc:  # cadence.Plan is the last word on what a plan may be
        return Plan(), {"first_months": [str(exc)]}
    return plan, {}


@transaction.atomic
def do_set_assessment_plan(
    *,
    actor: User,
    agency: Agency,
    code: str,
    first_months: Any,
    then_every_months: Any,
    active_plan_every_months: Any,
    active: bool,
    expected_version: int,
) -> AssessmentPlan:
    """Set the agency's plan for one instrument code (or "outcomes"). Stale versions get a conflict; an
    invalid plan is refused with field errors and nothing is saved. Applies from the next due computation."""
    view = schedule_selectors.plan_for_code(agency.pk, str(code))
    if view is None:
        message = _("There is no instrument with this code for your agency.")
        raise DomainError(message, code="assessments.unknown_plan_code", fields={"instrument": [message]})
    plan, errors = validate_plan(first_months, then_every_months, active_plan_every_months)
    if errors:
        raise InvalidPlan(next(iter(errors.values()))[0], fields=errors)
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # serialise the first save per agency
    row = AssessmentPlan.objects.select_for_update().filter(agency=agency, instrument_code=view.code).first()
    row = row or AssessmentPlan(agency=agency, instrument_code=view.code, version=0)
    check_version(
        row.version,
        expected_version,
        {
            "first_months": ", ".join(str(m) for m in view.first_months),
            "then_every_months": str(view.then_every_months or ""),
            "active_plan_every_months": str(view.active_plan_every_months or ""),
            "active": str(view.active),
        },
    )
    row.first_months = list(plan.first_months)
    row.then_every_months = plan.then_every_months
    row.active_plan_every_months = plan.active_plan_every_months
    row.active = bool(active)
    row.updated_by = actor
    row.version += 1
    row.full_clean()
    row.save()
    write_audit(
        AuditEntry(
            "assessments.plan_changed",
            actor_id=actor.pk,
            agency_id=agency.pk,
            object_type="assessment_plan",
            object_id=str(row.pk),
            detail={
                "instrument": row.instrument_code,
                "first_months": row.first_months,
                "then_every_months": row.then_every_months,
                "active_plan_every_months": row.active_plan_every_months,
                "active": row.active,
            },
        )
    )
    refresh_agency(agency.pk)  # in this transaction: the plan and its dates commit together
    return row


# --- stored next due dates -------------------------------------------------------------------------------


def refresh_due(case_ids: Iterable[Any]) -> int:
    """Rewrite the stored next due dates of these cases from their plans, dates, assessments and ratings (no
    rows for a closed or identified case), writing only the rows that change. Runs in the caller's
    transaction, locking the cases' rows first so two refreshes of one case do not interleave; at most eight
    queries per REFRESH_BATCH cases. Returns how many rows it wrote.

    The lock is PostgreSQL's FOR NO KEY UPDATE: it excludes another refresh of the same case but not the key
    share lock that inserting any row pointing at the case takes. With FOR UPDATE, a refresh of an agency's
    cases and a transaction adding notes or services to them deadlocked, each waiting for a case the other had
    locked (seed_demo's parallel tasks showed it)."""
    ids = list(dict.fromkeys(case_ids))
    written = 0
    for start in range(0, len(ids), REFRESH_BATCH):
        chunk = ids[start : start + REFRESH_BATCH]
        with transaction.atomic():
            cases = Case.objects.filter(pk__in=chunk)
            list(cases.select_for_update(no_key=True).values_list("pk", flat=True))
            written += _rewrite(chunk, schedule_selectors.next_due_dates(cases))
    return written


def _rewrite(case_ids: list[Any], found: list[tuple[Any, Any, str, datetime.date]]) -> int:
    """Make the cases' rows what `found` says, touching only the rows that differ (a rebuild that changes
    nothing, like most of the reminder job's, writes nothing)."""
    have = {
        (case, code): (pk, on)
        for pk, case, code, on in ReassessmentDue.objects.filter(case_id__in=case_ids).values_list(
            "pk", "case_id", "instrument_code", "due_on"
        )
    }
    want = {(case, code): (agency, on) for case, agency, code, on in found}
    stale = [pk for key, (pk, on) in have.items() if key not in want or want[key][1] != on]
    new = [(key, value) for key, value in want.items() if key not in have or have[key][1] != value[1]]
    if stale:
        ReassessmentDue.objects.filter(pk__in=stale).delete()
    return insert_rows(
        ReassessmentDue,
        (
            {"case_id": case, "agency_id": agency, "instrument_code": code, "due_on": on}
            for (case, code), (agency, on) in new
        ),
    )


def refresh_agency(agency_id: Any) -> int:
    """Rebuild every stored due date of one agency: rows of cases no longer scheduled go, then the scheduled
    cases are refreshed REFRESH_BATCH at a time (each batch a transaction of its own when called outside
    one; inside an action, part of it). Returns how many rows it wrote."""
    unscheduled = Case.objects.filter(agency_id=agency_id, status__in=schedule_selectors.NOT_SCHEDULED)
    ReassessmentDue.objects.filter(agency_id=agency_id, case_id__in=unscheduled.values("pk")).delete()
    ids = (
        Case.objects.filter(agency_id=agency_id)
        .exclude(status__in=schedule_selectors.NOT_SCHEDULED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return refresh_due(ids)


def refresh_all() -> int:
    """Rebuild the stored due dates of every agency (seed_demo's last step; the reminder job's safety net)."""
    return sum(refresh_agency(agency_id) for agency_id in Agency.objects.order_by("pk").values_list("pk", flat=True))


def on_case_event(event: CaseEvent) -> None:
    """A timeline listener (cases.events.register_event_listener): a change of stage or of the intake date
    moves the case's due dates, so rewrite them in the same transaction."""
    if event.type == EventType.STATUS_CHANGED or (
        event.type == EventType.DETAILS_UPDATED and "intake_on" in str(event.parameters.get("fields", "")).split(",")
    ):
        refresh_due([event.case_id])


# --- the periodic reminder job ------------------------------------------------------------------------------


def record_overdue_reminders(*, today: datetime.date | None = None) -> int:
    """For every reassessment overdue today on an open case, record a reminder and a timeline event
    "assessment_overdue" once (the reminder row is unique per case, code and due date). Idempotent; one
    transaction per reminder so a failure leaves the others done. Returns how many were recorded.

    Each agency's stored due dates are rebuilt first (refresh_agency, in batches): the actions keep them
    current, and this puts right within the job's period whatever a write outside them left stale.
    Queries: per agency, the rebuild's (about seven per REFRESH_BATCH cases), the overdue rows (two), one
    for the reminders already recorded, then two writes per new reminder."""
    today = today or timezone.localdate()
    recorded = 0
    for agency_id in Agency.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True):
        refresh_agency(agency_id)
        overdue = schedule_selectors.due_in(
            Case.objects.filter(agency_id=agency_id), agency_ids=[agency_id], today=today, overdue_only=True
        )
        if not overdue:
            continue
        earliest = min(item.due_on for item in overdue)
        done = set(
            AssessmentReminder.objects.filter(agency_id=agency_id, due_on__gte=earliest).values_list(
                "case_id", "instrument_code", "due_on"
            )
        )
        new = [item for item in overdue if (item.case_id, item.code, item.due_on) not in done]
        if not new:
            continue
        cases = Case.objects.only("pk", "agency_id", "number").in_bulk([item.case_id for item in new])
        for item in new:
            recorded += _remind(cases[item.case_id], item)
    return recorded


def _remind(case: Case, item: schedule_selectors.DueItem) -> int:
    try:
        with transaction.atomic():
            AssessmentReminder.objects.create(
                agency_id=case.agency_id, case=case, instrument_code=item.code, due_on=item.due_on
            )
            events.assessment_overdue(case=case, instrument=item.code, due_on=item.due_on.isoformat())
    except IntegrityError:  # another worker recorded it first
        return 0
    return 1
