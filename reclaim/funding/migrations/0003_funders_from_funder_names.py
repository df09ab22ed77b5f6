"""Each agency's distinct typed funder names become Funders, and its grants point at them."""

from typing import Any

from django.db import migrations


def funders_from_names(apps: Any, schema_editor: Any) -> None:
    Grant = apps.get_model("funding", "Grant")
    Funder = apps.get_model("funding", "Funder")
    made: dict[tuple, object] = {}
    for grant in Grant.objects.exclude(funder_name="").filter(funder__isnull=True).order_by("created_at"):
        name = grant.funder_name.strip()
        if not name:
            continue
        key = (grant.agency_id, name.lower())
        if key not in made:
            made[key] = Funder.objects.filter(
                agency_id=grant.agency_id, name__iexact=name
            ).first() or Funder.objects.create(agency_id=grant.agency_id, name=name)
        grant.funder = made[key]
        grant.save(update_fields=["funder"])


class Migration(migrations.Migration):
    dependencies = [("funding", "0002_funders_budgets_costs_in_kind")]

    operations = [migrations.RunPython(funders_from_names, migrations.RunPython.noop)]
