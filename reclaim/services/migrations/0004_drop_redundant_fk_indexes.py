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
        ("cases", "0016_drop_redundant_fk_indexes"),
        ("funding", "0003_funders_from_funder_names"),
        ("plans", "0003_drop_redundant_fk_indexes"),
        ("services", "0003_group_programs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="servicerecord",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="servicerecord",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="services",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="servicerecord",
                    name="goal",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="services",
                        to="plans.goal",
                    ),
                ),
                migrations.AlterField(
                    model_name="servicerecord",
                    name="grant",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="services",
                        to="funding.grant",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "services_servicerecord_agency_id_22d21990"',
                    reverse_sql='CREATE INDEX "services_servicerecord_agency_id_22d21990" ON "services_servicerecord" ("agency_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "services_servicerecord_case_id_b185cd8d"',
                    reverse_sql='CREATE INDEX "services_servicerecord_case_id_b185cd8d" ON "services_servicerecord" ("case_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "services_servicerecord_goal_id_19f5a793"',
                    reverse_sql='CREATE INDEX "services_servicerecord_goal_id_19f5a793" ON "services_servicerecord" ("goal_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "services_servicerecord_grant_id_81cc2af4"',
                    reverse_sql='CREATE INDEX "services_servicerecord_grant_id_81cc2af4" ON "services_servicerecord" ("grant_id")',
                ),
            ],
        ),
    ]
