# Each foreign key below had an index of its own (Django's default) that another index of the same table starts
# with: that index serves every read the key's own one could, and one index fewer is written with every row. The
# list came from pg_index at the 100k reference data set (scratch query in issue 12's note): single-column,
# non-unique, not partial, covered by a non-partial index on the same leading column. Dropped by name: altering the
# fields would make SQLite copy each table.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_agency_profile_version"),
        ("cases", "0016_drop_redundant_fk_indexes"),
        ("plans", "0002_progress_notes_planned_services_reviews"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="goal",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="cases.case"
                    ),
                ),
                migrations.AlterField(
                    model_name="plan",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="task",
                    name="case",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="task",
                    name="owner",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "plans_goal_case_id_ac2bb206"',
                    reverse_sql='CREATE INDEX "plans_goal_case_id_ac2bb206" ON "plans_goal" ("case_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "plans_plan_agency_id_e35478dd"',
                    reverse_sql='CREATE INDEX "plans_plan_agency_id_e35478dd" ON "plans_plan" ("agency_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "plans_task_case_id_81440dc2"',
                    reverse_sql='CREATE INDEX "plans_task_case_id_81440dc2" ON "plans_task" ("case_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "plans_task_owner_id_3263cdae"',
                    reverse_sql='CREATE INDEX "plans_task_owner_id_3263cdae" ON "plans_task" ("owner_id")',
                ),
            ],
        ),
    ]
