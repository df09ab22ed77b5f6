"""Fill the stored next due dates (ReassessmentDue) of existing cases, agency by agency, 2,000 cases a
transaction. The same computation as schedule_selectors.next_due_dates, written against the historical models
(no app model imports in migrations); the date arithmetic is the pure cadence module. Idempotent: cases that
already have rows are skipped, so an interrupted run can be run again."""

from __future__ import annotations

from typing import Any

from django.db import migrations, transaction
from django.db.models import DateTimeField, Max, OuterRef, Subquery
from django.utils import timezone

from reclaim.assessments.cadence import DEFAULT_PLANS, OUTCOMES, Plan, next_due_on  # pure: dates in, dates out

BATCH = 2000
NOT_SCHEDULED = ("identified", "closed")


def _plans(apps: Any, agency_id: Any) -> dict[str, Plan]:
    """code -> plan for the codes the agency schedules (its offered instruments and the outcome rating)."""
    Instrument = apps.get_model("assessments", "Instrument")
    AssessmentPlan = apps.get_model("assessments", "AssessmentPlan")
    offered = set(Instrument.objects.filter(agency__isnull=True, active=True).values_list("code", flat=True)) | set(
        Instrument.objects.filter(agency_id=agency_id, active=True).values_list("code", flat=True)
    )
    stored = {row.instrument_code: row for row in AssessmentPlan.objects.filter(agency_id=agency_id)}
    plans: dict[str, Plan] = {}
    for code in [*sorted(offered), OUTCOMES]:
        row = stored.get(code)
        plan: Plan | None
        if row is None:
            plan = DEFAULT_PLANS.get(code)
        elif not row.active:
            plan = None
        else:
            try:
                plan = Plan(
                    first_months=tuple(int(m) for m in row.first_months),
                    then_every_months=row.then_every_months,
                    active_plan_every_months=row.active_plan_every_months,
                )
            except ValueError:
                plan = DEFAULT_PLANS.get(code)
        if plan is not None:
            plans[code] = plan
    return plans


def _rows(apps: Any, agency_id: Any, ids: list[Any], plans: dict[str, Plan]) -> list[Any]:
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    OutcomeRating = apps.get_model("assessments", "OutcomeRating")
    Assessment = apps.get_model("assessments", "Assessment")
    ReassessmentDue = apps.get_model("assessments", "ReassessmentDue")
    last_rating = OutcomeRating.objects.filter(case_id=OuterRef("pk")).order_by("-rated_on").values("rated_on")[:1]
    into_plan = (
        CaseEvent.objects.filter(case_id=OuterRef("pk"), type="status_changed", parameters__new="active_plan")
        .order_by("-at")
        .values("at")[:1]
    )
    cases = Case.objects.filter(pk__in=ids).annotate(
        last_rated_on=Subquery(last_rating), active_plan_at=Subquery(into_plan, output_field=DateTimeField())
    )
    done = {
        (row["case_id"], row["instrument_version__instrument__code"]): row["last"]
        for row in Assessment.objects.filter(case_id__in=ids, status="completed")
        .values("case_id", "instrument_version__instrument__code")
        .annotate(last=Max("administered_on"))
        .order_by()
    }
    rows = []
    for case in cases:
        intake_on = case.intake_on or timezone.localdate(case.created_at)
        active_since = None
        if case.status == "active_plan":
            active_since = timezone.localdate(case.active_plan_at) if case.active_plan_at else intake_on
        for code, plan in plans.items():
            last = case.last_rated_on if code == OUTCOMES else done.get((case.pk, code))
            on = next_due_on(plan, intake_on=intake_on, last_done=last, active_plan_since=active_since)
            if on is not None:
                rows.append(ReassessmentDue(agency_id=agency_id, case_id=case.pk, instrument_code=code, due_on=on))
    return rows


def backfill(apps: Any, schema_editor: Any) -> None:
    Agency = apps.get_model("accounts", "Agency")
    Case = apps.get_model("cases", "Case")
    ReassessmentDue = apps.get_model("assessments", "ReassessmentDue")
    for agency_id in Agency.objects.order_by("pk").values_list("pk", flat=True):
        plans = _plans(apps, agency_id)
        ids = list(
            Case.objects.filter(agency_id=agency_id)
            .exclude(status__in=NOT_SCHEDULED)
            .exclude(pk__in=ReassessmentDue.objects.filter(agency_id=agency_id).values("case_id"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():
                ReassessmentDue.objects.bulk_create(
                    _rows(apps, agency_id, ids[start : start + BATCH], plans), batch_size=500
                )


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch of cases: a 100k database is not one long write

    dependencies = [
        ("assessments", "0008_reassessment_due"),
        ("cases", "0013_case_campaign_attribution"),
    ]

    # Backwards: 0008's reverse drops the table, so there is nothing to undo here.
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
