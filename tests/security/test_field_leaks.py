"""Field-level leaks: clinical, legal and identity text never reaches a role that may not see it, on any page or API
operation the permission matrix lets that role read (case pages, timelines, search, service logs, dashboards,
exports, referral packets, the API's serialisers).

Unique markers are planted in a clinical note and a clinical service note (clinicians only), a legal note and a legal
service note (the legal team only), and the survivor's identity (case workers only); every body the other roles can
fetch is searched for them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from reclaim.cases.actions import do_add_note
from reclaim.services.actions import ServiceEntry, do_record_service
from tests.security.walk_support import bodies, text_of

CLINICAL = "CLINMARK-k3Tq9 panic attacks since the raid"
LEGAL = "LEGALMARK-w8Zp2 testimony strategy for the trial"
IDENTITY = "Quintanilla"  # the survivor's family name (conftest's survivor_a)

# role → markers it must never receive
FORBIDDEN = {
    "legal_advocate": [CLINICAL],
    "clinician": [LEGAL],
    "agency_admin": [CLINICAL, LEGAL, IDENTITY],
    "analyst": [CLINICAL, LEGAL, IDENTITY],
    "outreach_coordinator": [CLINICAL, LEGAL, IDENTITY],
    "volunteer": [CLINICAL, LEGAL, IDENTITY],
}

# role → a marker it may see, looked for in the same walk as the control
OWN = {"clinician": CLINICAL, "legal_advocate": LEGAL}


def _plant(personas: dict[str, Any], objects: dict[str, Any]) -> None:
    case = objects["case"]
    do_add_note(actor=personas["clinician"], case=case, confidentiality="clinical", kind="session_note", body=CLINICAL)
    do_add_note(actor=personas["legal_advocate"], case=case, confidentiality="legal", kind="contact_note", body=LEGAL)
    for author, level, marker in (("clinician", "clinical", CLINICAL), ("legal_advocate", "legal", LEGAL)):
        do_record_service(
            actor=personas[author],
            case=case,
            entry=ServiceEntry("education.esl", date(2026, 1, 5), notes=marker, notes_confidentiality=level),
        )


@pytest.mark.parametrize("persona", sorted(FORBIDDEN))
def test_markers_never_reach_roles_that_may_not_see_them(persona, personas, objects):
    # given clinical, legal and identity markers in agency A's case
    _plant(personas, objects)
    leaks, read, own = {}, 0, []
    # when the persona fetches everything the matrix lets it read
    for entry, response in bodies(persona, personas, objects):
        text = text_of(response)
        read += 1
        if OWN.get(persona, "-") in text:
            own.append(entry)
        # then none of the markers it may not see is in the body
        if found := [marker.split()[0] for marker in FORBIDDEN[persona] if marker in text]:
            leaks[entry] = found
    assert leaks == {}
    assert read > 10
    # and the markers a role may see do reach it, so the search can find a leak (the clinician's clinical note, the
    # legal advocate's legal note)
    assert persona not in OWN or len(own) >= 2, own
