"""Give every existing directory organisation its own HSDS id (idempotent: only rows without one)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import migrations


def fill_hsds_ids(apps: Any, schema_editor: Any) -> None:
    Organization = apps.get_model("referrals", "Organization")
    for organization in Organization.objects.filter(hsds_id__isnull=True).only("pk").iterator():
        Organization.objects.filter(pk=organization.pk).update(hsds_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("referrals", "0002_partner_directory")]

    # Reversing keeps the ids: the next migration back drops the column anyway.
    operations = [migrations.RunPython(fill_hsds_ids, migrations.RunPython.noop)]
