"""A case worked by a case manager, a clinician and a legal advocate, each having written one note."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reclaim.cases.actions import do_add_note, do_open_case
from reclaim.cases.models import CaseAssignment

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, CaseNote
    from reclaim.people.models import Survivor

TEXTS = {
    "general": "Met at the drop-in centre; wants help with housing forms.",
    "clinical": "Reports nightmares three times a week; PCL-5 screen planned.",
    "legal": "Eligible for a T visa; employer kept her passport.",
}
WRITERS = {"general": "case_manager", "clinical": "clinician", "legal": "legal_advocate"}

# Which levels each persona may read (DOMAIN.md §1; ARCHITECTURE.md §3 invariant 2).
SEES = {
    "case_manager": {"general"},
    "supervisor": {"general"},
    "program_director": {"general"},
    "clinician": {"general", "clinical"},
    "legal_advocate": {"general", "legal"},
}


@dataclass
class NotedCase:
    case: Case
    notes: dict[str, CaseNote]


def make_noted_case(personas: dict[str, User | None], survivor: Survivor) -> NotedCase:
    manager = personas["case_manager"]
    assert manager is not None
    case = do_open_case(actor=manager, survivor=survivor, team=survivor.team)
    for worker in ("clinician", "legal_advocate"):
        user = personas[worker]
        assert user is not None
        CaseAssignment.objects.create(agency_id=case.agency_id, case=case, user=user)
    notes = {}
    for level, writer in WRITERS.items():
        author = personas[writer]
        assert author is not None
        notes[level] = do_add_note(
            actor=author, case=case, confidentiality=level, kind="contact_note", body=TEXTS[level]
        )
    return NotedCase(case=case, notes=notes)
