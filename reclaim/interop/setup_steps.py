"""The set-up guide's last step (accounts/setup_guide.py, registered in apps.ready): done once an import (not
a dry run) has finished; an agency with no earlier records ticks it by hand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.setup_guide import SetupStep
from reclaim.interop.imports_models import ImportRun, ImportStatus

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency


def import_step(agency: Agency) -> SetupStep:
    return SetupStep(
        code="import",
        order=60,
        title=_("Bring in your earlier records"),
        text=_(
            "If you kept records in spreadsheets or another system, import people, cases, services and "
            "appointments from CSV or Excel files. Check the file first: nothing is saved until you confirm, "
            "and importing the same file again changes nothing."
        ),
        url_name="interop:imports",
        link_label=_("Go to Import records"),
        done=Exists(ImportRun.objects.filter(agency_id=agency.pk, dry_run=False, status=ImportStatus.SUCCEEDED)),
        mark_label=_("We have no earlier records to import"),
    )
