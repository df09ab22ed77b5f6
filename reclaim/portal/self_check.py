""" "Is this OK? Questions about work and living": the screening indicators (DOMAIN.md §3.2, the vocabulary the
intake screening records: reclaim.cases.models.Indicator) asked as plain yes / no / not sure questions.

Each question names the indicator code(s) it comes from. Answers are never stored, logged or sent anywhere:
the page reads them from the POST, shows gentle guidance and forgets them. The result never says "you are a
victim": indicators suggest; a person decides (DOMAIN.md §3.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from collections.abc import Mapping

    from django.utils.functional import _StrOrPromise as StrOrPromise

YES = "yes"
NO = "no"
NOT_SURE = "not_sure"


@dataclass(frozen=True)
class Question:
    key: str  # the form field name (never an indicator code shown to the person)
    text: StrOrPromise
    indicators: tuple[str, ...]  # codes of reclaim.cases.models.Indicator


QUESTIONS: tuple[Question, ...] = (
    Question(
        "promised",
        _("Is your work, or your pay, different from what you were promised?"),
        ("false_promises",),
    ),
    Question(
        "owe",
        _(
            "Do you owe money to your boss or to the person who found you the job, and feel you cannot leave until you pay it back?"
        ),
        ("debt",),
    ),
    Question(
        "pay",
        _("Does someone else keep some or all of the money you earn?"),
        ("earnings_taken",),
    ),
    Question(
        "papers",
        _("Does someone else keep your passport or ID papers and not give them back when you ask?"),
        ("documents_withheld",),
    ),
    Question(
        "leave",
        _("Are you stopped from leaving your work or the place you live, or watched all the time?"),
        ("movement_restricted",),
    ),
    Question(
        "contact",
        _("Are you stopped from calling or seeing your family or friends?"),
        ("isolation",),
    ),
    Question(
        "threats",
        _("Has anyone said they will hurt you or your family?"),
        ("threats",),
    ),
    Question(
        "police",
        _("Has anyone said they will call the police or immigration if you do not do what they want?"),
        ("threat_of_authorities",),
    ),
    Question(
        "hurt",
        _("Has anyone hit you, hurt you, punished you, or made you do sexual things you did not want to do?"),
        ("violence",),
    ),
    Question(
        "basics",
        _("Does someone else decide if you can eat, sleep somewhere safe or see a doctor?"),
        ("necessities_controlled",),
    ),
    Question(
        "hours",
        _("Do you have to work very long hours, without enough rest, and cannot say no?"),
        ("excessive_hours",),
    ),
    Question(
        "substances",
        _("Has anyone given you drugs or alcohol to make you work or do what they want?"),
        ("substances",),
    ),
    Question(
        "under18",
        _(
            "If you are under 18: has anyone asked you to do sexual things for money, food, a place to stay or anything else?"
        ),
        ("minor_commercial_sex",),
    ),
)

SIGNS = "signs"  # at least one "yes"
UNSURE = "unsure"  # no "yes", at least one "not sure"
NONE = "none"  # only "no" or skipped


def outcome(answers: Mapping[str, str]) -> str:
    """The kind of guidance to show: from the answers only, never stored."""
    given = {answers.get(q.key, "") for q in QUESTIONS}
    if YES in given:
        return SIGNS
    if NOT_SURE in given:
        return UNSURE
    return NONE
