"""Stored XSS: script and attribute-breaking payloads planted in the free text that staff pages render back (a note,
a flag's reason, a relation's name, a grant, a campaign, a directory organisation, an agency's
own vocabulary term) come back escaped on every page the permission matrix lets the readers open.
"""

from __future__ import annotations

import html
from typing import Any

import pytest

from reclaim.accounts.actions import do_add_agency_term
from reclaim.accounts.models import Membership
from reclaim.cases.actions import do_add_note, do_raise_flag
from reclaim.people.actions import do_add_relation
from tests.security.walk_support import bodies, text_of
from tests.test_permission_matrix import _campaigns, _directory, _grant

SCRIPT = '<script>alert("xss-Q7")</script>'
ATTRIBUTE = '" onmouseover="alert(1)" x="'
IMAGE = "<img src=x onerror=alert(2)>"
PAYLOAD = f"Met at the port {SCRIPT}{ATTRIBUTE}{IMAGE}"
RAW = [SCRIPT, 'onmouseover="alert(1)"', IMAGE]


def _plant(personas: dict[str, Any], objects: dict[str, Any]) -> None:
    case = objects["case"]
    do_add_note(actor=personas["case_manager"], case=case, confidentiality="general", kind="phone_call", body=PAYLOAD)
    do_raise_flag(actor=personas["case_manager"], case=case, kind="safety_concern", reason=PAYLOAD)
    do_add_relation(
        actor=personas["case_manager"],
        survivor=objects["survivor"],
        values={"kind": "family_member", "name": PAYLOAD[:80]},
    )
    _grant(objects).name = PAYLOAD[:100]
    _grant(objects).save(update_fields=["name"])
    campaign = _campaigns(objects)["campaign"]
    campaign.name = PAYLOAD[:100]
    campaign.save(update_fields=["name"])
    org = _directory(objects)["org"]
    org.name = PAYLOAD[:100]
    org.save(update_fields=["name"])
    do_add_agency_term(
        actor=personas["agency_admin"],
        agency=case.agency,
        vocabulary=objects["vocabulary"],
        code="x_Xss",
        label=PAYLOAD[:100],
    )
    assert Membership.objects.filter(agency=case.agency).exists()


@pytest.mark.parametrize("persona", ["case_manager", "agency_admin", "outreach_coordinator"])
def test_planted_payloads_come_back_escaped(persona, personas, objects):
    # given payloads in the free text of agency A's records
    _plant(personas, objects)
    raw, escaped_on = {}, []
    # when the persona opens every page it may read
    for entry, response in bodies(persona, personas, objects, api=False):
        if "text/html" not in response.get("Content-Type", ""):
            continue
        text = text_of(response)
        # then no payload comes back as markup
        if found := [payload for payload in RAW if payload in text]:
            raw[entry] = found
        if html.escape(SCRIPT) in text or html.escape(SCRIPT, quote=False) in text:
            escaped_on.append(entry)
    assert raw == {}
    # and the payloads were shown (escaped), so the check above saw them
    assert len(escaped_on) >= 2, escaped_on
