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
        ("people", "0007_matchkey_agency_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="relation",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="survivor",
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
                    sql='DROP INDEX IF EXISTS "people_relation_agency_id_6663b8a5"',
                    reverse_sql='CREATE INDEX "people_relation_agency_id_6663b8a5" ON "people_relation" ("agency_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "people_survivor_agency_id_0c42bbc5"',
                    reverse_sql='CREATE INDEX "people_survivor_agency_id_0c42bbc5" ON "people_survivor" ("agency_id")',
                ),
            ],
        ),
    ]
