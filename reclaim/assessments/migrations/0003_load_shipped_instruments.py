"""Load the instruments Reclaim ships: PHQ-9, GAD-7, PCL-5 and BRS (reclaim/assessments/instruments/*.json).

Idempotent: instruments upsert on (no agency, code) and versions on (instrument, version), so running it again,
or after the files gained a new version, adds only what is missing. A changed definition ships under a new
version string (and a new data migration), so assessments keep the version they were scored with.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from reclaim.assessments.loader import install_shipped


def load(apps: Any, schema_editor: Any) -> None:
    install_shipped(apps.get_model("assessments", "Instrument"), apps.get_model("assessments", "InstrumentVersion"))


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_instruments_and_assessments")]

    # Reversing leaves the rows: assessments point at their versions.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
