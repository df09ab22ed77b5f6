"""Give every case opened before the checklist existed its seven immediate-need rows (status "not yet met").

Idempotent: only (case, need) pairs not yet present are added. Reverse is a no-op: the rows may
have been worked on since, and dropping the table in 0003's reverse removes them anyway."""

from __future__ import annotations

from typing import Any

from django.db import migrations

NEEDS = ("safety", "safe_accommodation", "medical_care", "food_clothing", "interpreter", "legal_emergency", "childcare")
BATCH = 500


def add_missing_needs(apps: Any, schema_editor: Any) -> None:
    Case = apps.get_model("cases", "Case")
    ImmediateNeed = apps.get_model("cases", "ImmediateNeed")
    cases = list(Case.objects.filter(needs__isnull=True).values_list("pk", "agency_id", "created_at").order_by("pk"))
    rows = []
    for case_id, agency_id, created_at in cases:
        rows.extend(
            ImmediateNeed(agency_id=agency_id, case_id=case_id, need=need, status="unmet", opened_at=created_at)
            for need in NEEDS
        )
        if len(rows) >= BATCH:
            ImmediateNeed.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    if rows:
        ImmediateNeed.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_screening_and_immediate_needs"),
    ]

    operations = [
        migrations.RunPython(add_missing_needs, migrations.RunPython.noop),
    ]
