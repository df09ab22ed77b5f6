"""Install version 2 of the shipped PHQ-9: the same items, options and scoring as version 1, given in English,
Spanish (Pfizer's "Spanish for USA") or French (Pfizer's "French for France") (issue 14).

Idempotent like 0003: it adds only the versions that are missing, and assessments keep the version they were
scored with (existing ones stay on version 1, in English: the `language` column's default).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from reclaim.assessments.loader import install_shipped


def load(apps: Any, schema_editor: Any) -> None:
    install_shipped(apps.get_model("assessments", "Instrument"), apps.get_model("assessments", "InstrumentVersion"))


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_assessment_language_label")]

    # Reversing leaves the rows: assessments may point at the new version.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
