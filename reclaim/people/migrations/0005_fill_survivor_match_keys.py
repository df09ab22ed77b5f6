"""Blocking keys for the survivors already on record (the duplicate check looks them up from 0006 on).

Batched and outside one big transaction: an agency may hold hundreds of thousands of people. Idempotent: only
survivors without keys are picked, so a run stopped half-way is finished by running it again. Names are decrypted
in memory to make the keys and are never logged."""

from __future__ import annotations

from typing import Any

from django.db import migrations, transaction
from django.db.models import Exists, OuterRef

from reclaim.people.blocking import MatchKeyer

BATCH = 1000


def fill_match_keys(apps: Any, schema_editor: Any) -> None:
    Survivor = apps.get_model("people", "Survivor")
    SurvivorMatchKey = apps.get_model("people", "SurvivorMatchKey")
    keyers: dict[Any, MatchKeyer] = {}
    missing = Survivor.objects.filter(~Exists(SurvivorMatchKey.objects.filter(survivor_id=OuterRef("pk"))))
    after = None
    while True:
        batch = missing.order_by("pk")
        if after is not None:
            batch = batch.filter(pk__gt=after)
        survivors = list(batch.only("pk", "agency_id", "given_name", "family_name", "chosen_name")[:BATCH])
        if not survivors:
            return
        rows = []
        for survivor in survivors:
            keyer = keyers.setdefault(survivor.agency_id, MatchKeyer(scope_id=survivor.agency_id))
            rows.extend(
                SurvivorMatchKey(agency_id=survivor.agency_id, survivor_id=survivor.pk, key=key)
                for key in sorted(keyer.stored(survivor.given_name, survivor.family_name, survivor.chosen_name))
            )
        with transaction.atomic():
            SurvivorMatchKey.objects.bulk_create(rows, batch_size=5000)
        after = survivors[-1].pk


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("people", "0004_survivor_match_keys")]

    # Backwards: the keys go with the table when 0004 is reversed.
    operations = [migrations.RunPython(fill_match_keys, migrations.RunPython.noop, elidable=True)]
