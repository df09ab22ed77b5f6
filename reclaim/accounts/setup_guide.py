"""The set-up guide of a new agency admin (issue 14 item 4): a checklist on the admin's home page until every
step is done or the admin hides it, and on its own page (accounts:setup_guide) always.

Each step is ticked from the agency's real state wherever Reclaim can read it (staff invited = an invitation or
another member exists). Three steps are built in here (the agency's profile, its portal, staff); the other pages
that do the work live in domains accounts may not import (consent,
assessments, reporting, interop): so, like the home panels (reclaim/cases/panels.py) and the menu
(context_processors.register_nav_source), those register a step provider from their AppConfig.ready(). A
provider takes the agency and returns a SetupStep, whose `done` is an SQL expression (usually an Exists); the
guide reads every step's state, and every mark made by hand, in one statement.

A step whose state cannot be read (how the agency takes consent), or that an agency may not need (no earlier
records to import), names a `mark_label`: the admin ticks it by hand, and the tick is a SetupStepMark row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import Agency, Invitation, Membership, SetupStepMark
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.core.models import AuditEvent
from reclaim.core.queries import read_together

if TYPE_CHECKING:
    from collections.abc import Callable

    from reclaim.accounts.models import User


@dataclass(frozen=True)
class SetupStep:
    code: str  # stable, lowercase: the key of a SetupStepMark and of the page's anchors
    order: int  # place in the list (10, 20, ...)
    title: Any  # a lazy translated string
    text: Any  # what to do and why, in plain words
    url_name: str = ""  # the page that does it; empty when no page of Reclaim does
    link_label: Any = ""
    done: Exists | Q | None = None  # true when the agency's state shows the step done; None: cannot be read
    mark_label: Any = ""  # offered as a tick by hand ("We have no earlier records to import")


@dataclass(frozen=True)
class GuideStep:
    step: SetupStep
    done: bool  # from the agency's state
    marked: bool  # ticked by hand

    @property
    def complete(self) -> bool:
        return self.done or self.marked

    @property
    def url(self) -> str:
        return reverse(self.step.url_name) if self.step.url_name else ""


@dataclass(frozen=True)
class SetupGuide:
    steps: list[GuideStep]
    hidden: bool  # this admin hid it from their home page

    @property
    def complete_count(self) -> int:
        return sum(1 for entry in self.steps if entry.complete)

    @property
    def complete(self) -> bool:
        return all(entry.complete for entry in self.steps)

    @property
    def on_home_page(self) -> bool:
        return not self.hidden and not self.complete


_providers: list[Callable[[Agency], SetupStep | None]] = []


def register_setup_step(provider: Callable[[Agency], SetupStep | None]) -> None:
    """Add a provider once (ready() may run more than once in tests)."""
    if provider not in _providers:
        _providers.append(provider)


def staff_step(agency: Agency) -> SetupStep:
    """Invite staff: done when an invitation was sent (and not withdrawn) or someone else is a member."""
    return SetupStep(
        code="staff",
        order=20,
        title=_("Invite your staff"),
        text=_(
            "Each person gets their own sign-in and one role, which decides what they see. "
            "Invite them by email; the link works once and expires."
        ),
        url_name="accounts:team",
        link_label=_("Go to Staff"),
        done=Exists(Invitation.objects.filter(agency_id=agency.pk, revoked_at__isnull=True))
        | Exists(Membership.objects.filter(agency_id=agency.pk).filter(~Q(role="agency_admin"))),
    )


def profile_step(agency: Agency) -> SetupStep:
    """The agency's profile: done once an admin saved it (saving unchanged confirms it). The agency row alone
    does not say it (the name was typed by the platform operator); saving the profile writes this audit row,
    read through the (agency_id, action) index."""
    return SetupStep(
        code="profile",
        order=10,
        title=_("Check your agency's profile"),
        text=_(
            "Check the name your staff and partners see, and what partners read about you in the directory: a "
            "public email and phone, a short description and, if you wish, an address that is not confidential. "
            "Save the profile once it is right."
        ),
        url_name="accounts:agency_profile",
        link_label=_("Go to Agency profile"),
        done=Exists(AuditEvent.objects.filter(agency_id=agency.pk, action="agency.profile_saved")),
    )


def portal_step(agency: Agency) -> SetupStep:
    """The survivor portal: done once someone saved the portal settings.

    It is built in here rather than registered by connect because connect's strings belong to the portal's
    catalogues (reclaim/connect/locale), which only hold what survivors read. The settings row alone does not
    say it (sharing a portal link makes one with the defaults); saving the form writes this audit row."""
    return SetupStep(
        code="portal",
        order=15,
        title=_("Set up your survivor portal"),
        text=_("Set your office hours, the on-call supervisor and the help numbers survivors see in the portal."),
        url_name="connect:settings",
        link_label=_("Go to Portal settings"),
        done=Exists(AuditEvent.objects.filter(agency_id=agency.pk, action="portal.settings_saved")),
    )


def steps_for(agency: Agency) -> list[SetupStep]:
    steps = [profile_step(agency), portal_step(agency), staff_step(agency)]
    steps.extend(step for provider in _providers if (step := provider(agency)) is not None)
    return sorted(steps, key=lambda step: step.order)


def markable_codes(agency: Agency) -> set[str]:
    return {step.code for step in steps_for(agency) if step.mark_label}


def setup_guide_for(user: User) -> SetupGuide | None:
    """The guide of an agency admin's own agency (one query), or None for anyone who does not manage staff."""
    membership = active_membership(user)
    if membership is None or not capabilities(user).manages_staff:
        return None
    steps = steps_for(membership.agency)
    values: dict[str, Any] = {}
    for step in steps:
        if step.done is not None:
            values[f"done_{step.code}"] = step.done
        if step.mark_label:
            values[f"mark_{step.code}"] = Exists(
                SetupStepMark.objects.filter(agency_id=membership.agency_id, code=step.code)
            )
    found = read_together(Agency.objects.filter(pk=membership.agency_id), **values)
    return SetupGuide(
        steps=[
            GuideStep(step, done=bool(found.get(f"done_{step.code}")), marked=bool(found.get(f"mark_{step.code}")))
            for step in steps
        ],
        hidden=membership.setup_guide_hidden_at is not None,
    )
