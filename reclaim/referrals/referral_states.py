"""The referral state machine of DOMAIN.md §8, pure (no database): which moves exist, which side may make
each, and what a move needs (a decline reason, an outcome, a note). actions.py asks it before every change.

Sides: the SENDER is the referring agency's staff on the case; the RECIPIENT is the receiving agency's staff.
For an external organisation nobody on the platform receives, so the sender records the recipient's moves by
hand (actions give the sender both sides)."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reclaim.core.errors import InvalidTransition


class State(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    RECEIVED = "received"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    WITHDRAWN = "withdrawn"


class Side(StrEnum):
    SENDER = "sender"
    RECIPIENT = "recipient"


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", gettext_lazy("No capacity now")
    INELIGIBLE = "ineligible", gettext_lazy("Not eligible for this service")
    OUT_OF_AREA = "out_of_area", gettext_lazy("Outside our area")
    OTHER = "other", gettext_lazy("Another reason")


class Outcome(models.TextChoices):
    GOT_HELP = "got_help", gettext_lazy("Got the help they needed")
    PARTIALLY_HELPED = "partially_helped", gettext_lazy("Partly helped")
    COULD_NOT_GET_HELP = "could_not_get_help", gettext_lazy("Could not get the help")
    NO_LONGER_INTERESTED = "no_longer_interested", gettext_lazy("No longer wanted it")
    COULD_NOT_CONTACT = "could_not_contact", gettext_lazy("Could not be contacted")


TERMINAL = frozenset({State.DECLINED, State.COMPLETED, State.FAILED, State.CANCELLED, State.WITHDRAWN})
OPEN = frozenset(set(State) - TERMINAL)
# Sent but not yet answered: what the acknowledgement deadline watches.
AWAITING_ACKNOWLEDGEMENT = frozenset({State.SENT})
# States in which the recipient may see the packet (while consent covers it).
PACKET_STATES = frozenset(set(State) - {State.DRAFT, State.WITHDRAWN})

S, R = Side.SENDER, Side.RECIPIENT
BOTH = frozenset({S, R})

MOVES: dict[tuple[State, State], frozenset[Side]] = {
    (State.DRAFT, State.SENT): frozenset({S}),
    (State.DRAFT, State.CANCELLED): frozenset({S}),  # a draft the recipient never saw
    (State.SENT, State.RECEIVED): frozenset({R}),
    (State.SENT, State.ACCEPTED): frozenset({R}),
    (State.SENT, State.DECLINED): frozenset({R}),
    (State.RECEIVED, State.ACCEPTED): frozenset({R}),
    (State.RECEIVED, State.DECLINED): frozenset({R}),
    (State.ACCEPTED, State.IN_PROGRESS): frozenset({R}),
    (State.ACCEPTED, State.ON_HOLD): frozenset({R}),
    (State.ACCEPTED, State.COMPLETED): frozenset({R}),
    (State.ACCEPTED, State.FAILED): frozenset({R}),
    (State.IN_PROGRESS, State.ON_HOLD): frozenset({R}),
    (State.ON_HOLD, State.IN_PROGRESS): frozenset({R}),
    (State.IN_PROGRESS, State.COMPLETED): frozenset({R}),
    (State.IN_PROGRESS, State.FAILED): frozenset({R}),
}
for _state in OPEN - {State.DRAFT}:
    MOVES[(_state, State.CANCELLED)] = BOTH
    MOVES[(_state, State.WITHDRAWN)] = frozenset({S})

NOTE_MAX_LENGTH = 2000


def may_move(current: str, to: str, sides: frozenset[Side] | set[Side]) -> bool:
    """Whether one of `sides` may move a referral from `current` to `to`."""
    try:
        allowed = MOVES[(State(current), State(to))]
    except (KeyError, ValueError):
        return False
    return bool(allowed & set(sides))


def targets(current: str, sides: frozenset[Side] | set[Side]) -> list[State]:
    """The states these sides may move to from `current`, in the order of the State enum."""
    return [state for state in State if may_move(current, state, sides)]


def check_move(
    current: str,
    to: str,
    sides: frozenset[Side] | set[Side],
    *,
    reason_code: str = "",
    outcome: str = "",
    note: str = "",
) -> None:
    """Raise InvalidTransition (with field messages) unless the move exists for these sides and carries what
    it needs: a declined referral a reason code and a note, a completed one an outcome and a note, a failed one
    a note (its reason)."""
    if not may_move(current, to, sides):
        raise InvalidTransition(
            _("This referral cannot move from “%(current)s” to “%(to)s” by you.") % {"current": current, "to": to},
            code="referrals.invalid_transition",
            fields={"to": [_("Not a move you can make now.")]},
        )
    errors: dict[str, list[str]] = {}
    if len(note) > NOTE_MAX_LENGTH:
        errors.setdefault("note", []).append(_("Keep the note under %(n)s characters.") % {"n": NOTE_MAX_LENGTH})
    if to == State.DECLINED:
        if reason_code not in DeclineReason.values:
            errors.setdefault("reason", []).append(_("Choose why the referral is declined."))
        if not note.strip():
            errors.setdefault("note", []).append(_("Add a short note for the referring agency."))
    if to == State.COMPLETED:
        if outcome not in Outcome.values:
            errors.setdefault("outcome", []).append(_("Choose the outcome."))
        if not note.strip():
            errors.setdefault("note", []).append(_("Add a short note about the outcome."))
    if to == State.FAILED:
        if outcome and outcome not in Outcome.values:
            errors.setdefault("outcome", []).append(_("Choose the outcome from the list."))
        if not note.strip():
            errors.setdefault("note", []).append(_("Say why the person could not be served."))
    if errors:
        raise InvalidTransition(
            _("The referral's status was not changed."), code="referrals.transition_incomplete", fields=errors
        )
