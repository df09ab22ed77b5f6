# Each foreign key below had an index of its own (Django's default) that another index of the same table starts
# with: that index serves every read the key's own one could, and one index fewer is written with every row. The
# list came from pg_index at the 100k reference data set (scratch query in issue 12's note): single-column,
# non-unique, not partial, covered by a non-partial index on the same leading column. Dropped by name: altering the
# fields would make SQLite copy each table.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_agency_profile_version"),
        ("assessments", "0009_backfill_reassessment_due"),
        ("cases", "0015_case_list_order_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="assessment",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="assessment",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assessments",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="assessmentalert",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="assessmentalert",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assessment_alerts",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="outcomerating",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="cases.case"
                    ),
                ),
                migrations.AlterField(
                    model_name="outcomescore",
                    name="rating",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scores",
                        to="assessments.outcomerating",
                    ),
                ),
                migrations.AlterField(
                    model_name="reassessmentdue",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "assessments_assessment_agency_id_a8470047"',
                    reverse_sql='CREATE INDEX "assessments_assessment_agency_id_a8470047" ON "assessments_assessment" ("agency_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "assessments_assessment_case_id_3fc00999"',
                    reverse_sql='CREATE INDEX "assessments_assessment_case_id_3fc00999" ON "assessments_assessment" ("case_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "assessments_assessmentalert_agency_id_508df84a"',
                    reverse_sql='CREATE INDEX "assessments_assessmentalert_agency_id_508df84a" ON "assessments_assessmentalert" ("agency_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "assessments_assessmentalert_case_id_d2d454b0"',
                    reverse_sql='CREATE INDEX "assessments_assessmentalert_case_id_d2d454b0" ON "assessments_assessmentalert" ("case_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "assessments_outcomerating_case_id_186278b6"',
                    reverse_sql='CREATE INDEX "assessments_outcomerating_case_id_186278b6" ON "assessments_outcomerating" ("case_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "assessments_outcomescore_rating_id_88d747e4"',
                    reverse_sql='CREATE INDEX "assessments_outcomescore_rating_id_88d747e4" ON "assessments_outcomescore" ("rating_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "assessments_reassessmentdue_agency_id_e7ab4c31"',
                    reverse_sql='CREATE INDEX "assessments_reassessmentdue_agency_id_e7ab4c31" ON "assessments_reassessmentdue" ("agency_id")',
                ),
            ],
        ),
    ]
