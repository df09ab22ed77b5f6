"""Load the HTCDS v2.0 vocabularies from reclaim.core.htcds. Idempotent: upserts on natural keys.

A later version of the standard gets its own data migration (new terms with their `introduced_in`, dropped
ones marked retired), so this one keeps loading exactly v2.0.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from reclaim.core import htcds


def load(apps: Any, schema_editor: Any) -> None:
    Vocabulary = apps.get_model("core", "Vocabulary")
    Term = apps.get_model("core", "Term")
    for spec in htcds.VOCABULARIES:
        vocabulary, _created = Vocabulary.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "standard": htcds.STANDARD,
                "standard_version": htcds.STANDARD_VERSION,
                "multiple": spec.multiple,
            },
        )
        for sort, (code, label) in enumerate(spec.terms):
            Term.objects.update_or_create(
                vocabulary=vocabulary,
                agency=None,
                code=code,
                defaults={"label": label, "sort": sort, "introduced_in": htcds.STANDARD_VERSION, "retired": False},
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_vocabularies")]

    # Reversing leaves the rows: agency terms and stored records may point at them.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
