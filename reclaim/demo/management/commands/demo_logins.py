from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reclaim.accounts.models import Agency
from reclaim.accounts.roles import Role
from reclaim.demo import data, seed_portal


class Command(BaseCommand):
    help = "Print the demo sign-ins created by seed_demo."

    def handle(self, *args: Any, **options: Any) -> None:
        lines = ["", "Demo sign-ins (synthetic data only). Password for every account: " + data.DEMO_PASSWORD, ""]
        for spec in data.AGENCIES:
            lines.append(f"  {spec['name']}")
            lines.extend(
                f"    {Role(role).label:<28} {data.staff_email(slug, spec['slug'])}" for role, slug, _name in data.STAFF
            )
        more = [spec for spec in data.agency_specs(data.AGENCIES_MAX) if not data.is_showcase(spec["slug"])]
        present = set(Agency.objects.filter(slug__in=[spec["slug"] for spec in more]).values_list("slug", flat=True))
        if present:
            names = ", ".join(spec["name"] for spec in more if spec["slug"] in present)
            lines.append(f"  {len(present)} more agencies, with the same roles at their own domain: {names}")
            example = next(spec["slug"] for spec in more if spec["slug"] in present)
            lines.append(f"    e.g. {data.staff_email('casemanager', example)}")
        lines.append(f"  Platform operator              {data.OPERATOR_EMAIL}")
        lines.append("")
        lines.append("Roles that see case data must set up an authenticator app (TOTP) at first sign-in.")
        lines.append("")
        lines.append(
            f"Survivor portal: /portal/go/{seed_portal.ENTRY_CODES['harbor']}/ (Harbor House), sign-in name "
            f"'{seed_portal.PORTAL_USERNAME}', passphrase {data.DEMO_PASSWORD}"
        )
        lines.append("")
        self.stdout.write("\n".join(lines))
