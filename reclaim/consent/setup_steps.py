"""The set-up guide's consent step (accounts/setup_guide.py, registered in apps.ready): done once the agency
offers at least one consent template (read from the database), or when the admin ticks it by hand.

The tick stays a legitimate alternative: an agency may take every consent on its own reviewed paper form,
uploaded to the survivor's documents, and have no use for templates; the purposes, data classes and the
person's plain-language summary are built in either way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.selectors import capabilities
from reclaim.accounts.setup_guide import SetupStep
from reclaim.consent.models import ConsentTemplate

if TYPE_CHECKING:
    from typing import Any

    from reclaim.accounts.models import Agency, User


def templates_nav(user: User) -> list[tuple[str, Any]]:
    """The "Consent templates" menu entry, for agency admins (no query: the membership is read already)."""
    if not capabilities(user).manages_staff:
        return []
    return [(reverse("consent:templates"), _("Consent templates"))]


def consent_step(agency: Agency) -> SetupStep:
    return SetupStep(
        code="consent",
        order=30,
        title=_("Set up your consent templates"),
        text=_(
            "Staff record each consent on the case: what may be shared, with whom, why and until when. A "
            "template holds your agency's defaults for one kind of consent and the plain-language text read to "
            "or with the person, in their language. If you take every consent on your own paper form instead, "
            "tick this step."
        ),
        url_name="consent:templates",
        link_label=_("Go to Consent templates"),
        done=Exists(
            ConsentTemplate.objects.filter(agency_id=agency.pk, superseded_at__isnull=True, retired_at__isnull=True)
        ),
        mark_label=_("We use our own paper consent form instead"),
    )
