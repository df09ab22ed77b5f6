from django.db import migrations, models

# The lookup index (agency, key) already starts with the agency, so the foreign key's own index on the agency is
# one more index to write for every blocking key (about sixteen a person) and is never read. Dropped by name:
# altering the field would make SQLite copy the whole table, the largest of an agency.
AGENCY_INDEX = "people_survivormatchkey_agency_id_71759597"


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_agency_profile_version"),
        ("people", "0006_drop_survivor_name_tokens"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="survivormatchkey",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=f'DROP INDEX IF EXISTS "{AGENCY_INDEX}"',
                    reverse_sql=f'CREATE INDEX "{AGENCY_INDEX}" ON "people_survivormatchkey" ("agency_id")',
                ),
            ],
        ),
    ]
