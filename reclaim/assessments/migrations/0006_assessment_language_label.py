from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0005_agency_cutoffs")]

    operations = [
        migrations.AlterField(
            model_name="assessment",
            name="language",
            field=models.CharField(default="en", max_length=12, verbose_name="language of administration"),
        ),
    ]
