"""Install the shipped rights pages (US federal set, English and Spanish) by re-running the shipped sets'
loader: it upserts by code, so everything already installed stays as it is."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    from reclaim.legal.loader import install_shipped

    install_shipped(apps)


class Migration(migrations.Migration):
    dependencies = [("legal", "0002_install_us_federal_set")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
