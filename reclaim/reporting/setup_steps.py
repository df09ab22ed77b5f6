"""The set-up guide's reports step (accounts/setup_guide.py, registered in apps.ready): done once someone in
the agency has made a report from a template or the builder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.setup_guide import SetupStep
from reclaim.reporting.models import ReportJob
from reclaim.reporting.reports.runner import KIND

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency


def reports_step(agency: Agency) -> SetupStep:
    return SetupStep(
        code="reports",
        order=50,
        title=_("Pick your report templates"),
        text=_(
            "Templates for funder reports (OVC TIMS, HHS OTIP, VOCA) come ready, and a builder makes your own. "
            "Check what each one counts, set your fiscal year under Reporting settings, and make one report to "
            "try it."
        ),
        url_name="reporting:reports",
        link_label=_("Go to Reports"),
        done=Exists(ReportJob.objects.filter(agency_id=agency.pk, kind=KIND)),
    )
