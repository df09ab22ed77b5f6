"""The set-up guide's instruments step (accounts/setup_guide.py, registered in apps.ready): done once the
agency has saved a reassessment plan, i.e. chosen which questionnaires its staff repeat and how often."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.setup_guide import SetupStep
from reclaim.assessments.models import AssessmentPlan

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency


def instruments_step(agency: Agency) -> SetupStep:
    return SetupStep(
        code="instruments",
        order=40,
        title=_("Choose the questionnaires you use"),
        text=_(
            "PHQ-9, GAD-7, PCL-5 and the Brief Resilience Scale are ready to use. Decide which ones your staff "
            "repeat and how often, and switch off the ones you do not use."
        ),
        url_name="assessments:plans",
        link_label=_("Go to Reassessment plans"),
        done=Exists(AssessmentPlan.objects.filter(agency_id=agency.pk)),
    )
