"""The law-enforcement contacts and outcomes API: the UI's rules (consent live on the date, privileged text
for the legal team, versions, 404 across agencies) and suppressed aggregates."""

from __future__ import annotations

import datetime

import pytest

from conftest import login_client
from reclaim.legal.actions import LEContactInput, do_record_le_contact
from reclaim.legal.models import LawEnforcementContact
from reclaim.legal.tests.le_support import TODAY, granted_t_visa, le_consent

pytestmark = pytest.mark.django_db

BODY = {
    "occurred_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
    "kind": "declaration_request",
    "response": "complied",
    "agency_name": "HSI field office",
    "officer_name": "Agent Thistlewood",
    "request": "Signed Supplement B requested",
    "notes": "Declaration promised within 30 days",
    "information_disclosed": True,
}


def _post(client, case, body):
    return client.post(f"/api/v1/cases/{case.pk}/law-enforcement-contacts", body, content_type="application/json")


def test_a_disclosure_without_a_live_consent_is_refused_with_nothing_saved(personas, case):
    client = login_client(personas["legal_advocate"])
    response = _post(client, case, BODY)
    assert response.status_code == 400
    assert response.json()["code"] == "legal.consent_required" and "consent" in response.json()["fields"]
    expired = le_consent(
        personas["case_manager"],
        case,
        starts_on=TODAY - datetime.timedelta(days=300),
        expires_on=TODAY - datetime.timedelta(days=5),
    )
    response = _post(client, case, BODY | {"consent_id": str(expired.pk)})
    assert (response.status_code, response.json()["code"]) == (400, "legal.consent_not_live")
    assert not LawEnforcementContact.objects.exists()


def test_record_read_and_correct_with_privileged_text_for_the_legal_team_only(personas, case):
    consent = le_consent(personas["case_manager"], case)
    advocate = login_client(personas["legal_advocate"])
    created = _post(advocate, case, BODY | {"consent_id": str(consent.pk)})
    assert created.status_code == 201
    contact = created.json()
    assert (contact["consent_id"], contact["request"], contact["privileged_hidden"]) == (
        str(consent.pk),
        "Signed Supplement B requested",
        False,
    )
    manager = login_client(personas["case_manager"])
    listed = manager.get(f"/api/v1/cases/{case.pk}/law-enforcement-contacts").json()["items"]
    assert [(c["kind"], c["officer_name"], c["request"], c["notes"], c["privileged_hidden"]) for c in listed] == [
        ("declaration_request", None, None, None, True)
    ]
    one = manager.get(f"/api/v1/law-enforcement-contacts/{contact['id']}").json()
    assert one["notes"] is None and one["information_disclosed"] is True
    # the case manager corrects the response, but may not write privileged text
    url = f"/api/v1/law-enforcement-contacts/{contact['id']}"
    assert manager.patch(url, {"version": 1, "notes": "x"}, content_type="application/json").status_code == 403
    patched = manager.patch(url, {"version": 1, "response": "partly"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["version"] == 2
    stale = advocate.patch(url, {"version": 1, "notes": "late"}, content_type="application/json")
    assert stale.status_code == 409 and "notes" in stale.json()["fields_to_compare"]
    saved = LawEnforcementContact.objects.get()
    assert (saved.response, saved.notes) == ("partly", "Declaration promised within 30 days")


def test_other_agencies_get_404(personas, case):
    contact = do_record_le_contact(
        actor=personas["case_manager"], case=case, data=LEContactInput(occurred_on=TODAY, kind="interview")
    )
    other = login_client(personas["other_agency_user"])
    assert other.get(f"/api/v1/law-enforcement-contacts/{contact.pk}").status_code == 404
    assert other.get(f"/api/v1/cases/{case.pk}/law-enforcement-contacts").status_code == 404
    assert _post(other, case, BODY | {"information_disclosed": False}).status_code == 404


def test_outcomes_are_suppressed_for_the_analyst_and_exact_for_the_director(personas, case):
    granted_t_visa(personas["legal_advocate"], case, TODAY)
    query = f"?from={TODAY.year}-01-01&to={TODAY.isoformat()}"
    analyst = login_client(personas["analyst"]).get(f"/api/v1/legal/outcomes{query}").json()
    director = login_client(personas["program_director"]).get(f"/api/v1/legal/outcomes{query}").json()

    def t_visa(body):
        return next(r["count"] for r in body["rows"] if r["section"] == "relief_obtained" and r["code"] == "t_visa")

    assert (analyst["k"], t_visa(analyst)) == (11, None)
    assert (director["k"], t_visa(director)) == (None, 1)
    assert login_client(personas["case_manager"]).get("/api/v1/legal/outcomes").status_code == 403
    inverted = login_client(personas["analyst"]).get("/api/v1/legal/outcomes?from=2026-05-01&to=2026-01-01")
    assert inverted.status_code == 400
