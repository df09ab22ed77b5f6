"""The set-up guide's consent step (accounts/setup_guide.py, registered in apps.ready). Consent has no
agency-wide template in Reclaim (purposes, data classes and the person's summary are built in), so nothing
can be read: the admin ticks it by hand once the team has agreed how consent is taken."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from reclaim.accounts.setup_guide import SetupStep

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency


def consent_step(agency: Agency) -> SetupStep:
    return SetupStep(
        code="consent",
        order=30,
        title=_("Agree how your team takes consent"),
        text=_(
            "Staff record each consent on the case: what may be shared, with whom, why and until when. The "
            "person can sign on screen, agree out loud with a witness, or sign your own paper form, which is "
            "then uploaded. The purposes and the plain-language summary the person receives are built in: "
            "there is no template to fill in. Agree with your team which way you use, and check that your "
            "paper form asks the same questions."
        ),
        mark_label=_("We have agreed how we take consent"),
    )
