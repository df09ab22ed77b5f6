"""The set-up guide's first step (accounts/setup_guide.py, registered in apps.ready): the agency's details and
its survivor portal, done once an admin or director has saved the portal settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.setup_guide import SetupStep
from reclaim.core.models import AuditEvent

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency


def profile_step(agency: Agency) -> SetupStep:
    # The settings row alone does not say it: sharing a portal link makes it with the defaults. Saving the
    # form writes this audit row, read through the (agency_id, action) index.
    return SetupStep(
        code="profile",
        order=10,
        title=_("Check your agency's details and portal"),
        text=_(
            "Your agency's name, type and country were entered when it joined Reclaim; your platform operator "
            "changes them. Set your office hours, the on-call supervisor and the help numbers survivors see in "
            "the portal."
        ),
        url_name="connect:settings",
        link_label=_("Go to Portal settings"),
        done=Exists(AuditEvent.objects.filter(agency_id=agency.pk, action="portal.settings_saved")),
    )
