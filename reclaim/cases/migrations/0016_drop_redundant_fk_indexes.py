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
        ("cases", "0015_case_list_order_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="caseassignment",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="caseassignment",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="assignments",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="caseevent",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="casenote",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="notes",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="eventcoding",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="eventcoding",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.case"
                    ),
                ),
                migrations.AlterField(
                    model_name="eventcoding",
                    name="event",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="codings",
                        to="cases.historicevent",
                    ),
                ),
                migrations.AlterField(
                    model_name="followup",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="followup",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="follow_ups",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicevent",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicevent",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="history_events",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="immediateneed",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="immediateneed",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="needs",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="screening",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="screenings",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="screeningindicator",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="screeningindicator",
                    name="screening",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="indicators",
                        to="cases.screening",
                    ),
                ),
                migrations.AlterField(
                    model_name="statusdetermination",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="determinations",
                        to="cases.case",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_case_agency_id_062136fa"',
                    reverse_sql='CREATE INDEX "cases_case_agency_id_062136fa" ON "cases_case" ("agency_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_caseassignment_agency_id_b204672c"',
                    reverse_sql='CREATE INDEX "cases_caseassignment_agency_id_b204672c" ON "cases_caseassignment" ("agency_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_caseassignment_case_id_ae8d8ca1"',
                    reverse_sql='CREATE INDEX "cases_caseassignment_case_id_ae8d8ca1" ON "cases_caseassignment" ("case_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_caseevent_case_id_6c6031ac"',
                    reverse_sql='CREATE INDEX "cases_caseevent_case_id_6c6031ac" ON "cases_caseevent" ("case_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_casenote_case_id_fd10eb8b"',
                    reverse_sql='CREATE INDEX "cases_casenote_case_id_fd10eb8b" ON "cases_casenote" ("case_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_eventcoding_agency_id_ad3353e9"',
                    reverse_sql='CREATE INDEX "cases_eventcoding_agency_id_ad3353e9" ON "cases_eventcoding" ("agency_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_eventcoding_case_id_af8545db"',
                    reverse_sql='CREATE INDEX "cases_eventcoding_case_id_af8545db" ON "cases_eventcoding" ("case_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_eventcoding_event_id_74e97a70"',
                    reverse_sql='CREATE INDEX "cases_eventcoding_event_id_74e97a70" ON "cases_eventcoding" ("event_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_followup_agency_id_8003faa6"',
                    reverse_sql='CREATE INDEX "cases_followup_agency_id_8003faa6" ON "cases_followup" ("agency_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_followup_case_id_8a9f2d2a"',
                    reverse_sql='CREATE INDEX "cases_followup_case_id_8a9f2d2a" ON "cases_followup" ("case_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_historicevent_agency_id_928ccf54"',
                    reverse_sql='CREATE INDEX "cases_historicevent_agency_id_928ccf54" ON "cases_historicevent" ("agency_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_historicevent_case_id_4b94b188"',
                    reverse_sql='CREATE INDEX "cases_historicevent_case_id_4b94b188" ON "cases_historicevent" ("case_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_immediateneed_agency_id_d312ca82"',
                    reverse_sql='CREATE INDEX "cases_immediateneed_agency_id_d312ca82" ON "cases_immediateneed" ("agency_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_immediateneed_case_id_1524f88b"',
                    reverse_sql='CREATE INDEX "cases_immediateneed_case_id_1524f88b" ON "cases_immediateneed" ("case_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_screening_case_id_b4de2cb0"',
                    reverse_sql='CREATE INDEX "cases_screening_case_id_b4de2cb0" ON "cases_screening" ("case_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_screeningindicator_agency_id_d46ce11b"',
                    reverse_sql='CREATE INDEX "cases_screeningindicator_agency_id_d46ce11b" ON "cases_screeningindicator" ("agency_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_screeningindicator_screening_id_541b5b94"',
                    reverse_sql='CREATE INDEX "cases_screeningindicator_screening_id_541b5b94" ON "cases_screeningindicator" ("screening_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "cases_statusdetermination_case_id_7062cedb"',
                    reverse_sql='CREATE INDEX "cases_statusdetermination_case_id_7062cedb" ON "cases_statusdetermination" ("case_id")',
                ),
            ],
        ),
    ]
