"""Install the shipped jurisdiction sets (the US federal matter types and steps, and rights pages)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    from reclaim.legal.loader import install_shipped

    install_shipped(apps)


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_legal_matters")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
