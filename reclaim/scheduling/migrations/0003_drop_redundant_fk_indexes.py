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
        ("scheduling", "0002_appointment_status_start"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="appointment",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="appointment",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="appointments",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="appointmentattendee",
                    name="appointment",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attendee_links",
                        to="scheduling.appointment",
                    ),
                ),
                migrations.AlterField(
                    model_name="appointmentattendee",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="reminder",
                    name="appointment",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to="scheduling.appointment",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "scheduling_appointment_agency_id_c402853a"',
                    reverse_sql='CREATE INDEX "scheduling_appointment_agency_id_c402853a" ON "scheduling_appointment" ("agency_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "scheduling_appointment_case_id_fe96c62c"',
                    reverse_sql='CREATE INDEX "scheduling_appointment_case_id_fe96c62c" ON "scheduling_appointment" ("case_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "scheduling_appointmentattendee_appointment_id_05a85981"',
                    reverse_sql='CREATE INDEX "scheduling_appointmentattendee_appointment_id_05a85981" ON "scheduling_appointmentattendee" ("appointment_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "scheduling_appointmentattendee_user_id_c6017279"',
                    reverse_sql='CREATE INDEX "scheduling_appointmentattendee_user_id_c6017279" ON "scheduling_appointmentattendee" ("user_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "scheduling_reminder_appointment_id_0c5f750b"',
                    reverse_sql='CREATE INDEX "scheduling_reminder_appointment_id_0c5f750b" ON "scheduling_reminder" ("appointment_id")',
                ),
            ],
        ),
    ]
