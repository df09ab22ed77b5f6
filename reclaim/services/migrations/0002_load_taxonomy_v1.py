"""Install service taxonomy version 1 and the OTIP DVHT mapping version 1 (reclaim/services/taxonomy.py).

Idempotent: upserts on codes. A later taxonomy or mapping version gets its own data migration."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from reclaim.services.taxonomy import install


def load(apps: Any, schema_editor: Any) -> None:
    install(apps)


class Migration(migrations.Migration):
    dependencies = [("services", "0001_taxonomy_and_service_log")]

    # Reversing leaves the rows: service records point at their types.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
