"""PUT /me/language: the staff member's interface language, as on the Your settings page (issue 14)."""

from __future__ import annotations

from reclaim.core.models import AuditEvent


def test_a_staff_member_chooses_their_language_and_it_is_audited(personas, client_as):
    client = client_as("case_manager")
    # when the case manager chooses Spanish
    response = client.put("/api/v1/me/language", {"language": "es"}, content_type="application/json")
    # then it is their language from now on, shown by GET /me, and the change is in the audit log (codes only)
    assert response.status_code == 200, response.content
    assert response.json()["language"] == "es"
    personas["case_manager"].refresh_from_db()
    assert personas["case_manager"].language == "es"
    assert client.get("/api/v1/me").json()["language"] == "es"
    event = AuditEvent.objects.filter(action="user.language_changed").latest("id")
    assert event.detail == {"from": "", "to": "es"}
    # and the empty choice goes back to following the browser
    assert client.put("/api/v1/me/language", {"language": ""}, content_type="application/json").json()["language"] == ""


def test_a_language_not_offered_is_refused_and_nothing_changes(personas, client_as):
    client = client_as("case_manager")
    response = client.put("/api/v1/me/language", {"language": "de"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "accounts.unknown_language"
    personas["case_manager"].refresh_from_db()
    assert personas["case_manager"].language == ""
    assert not AuditEvent.objects.filter(action="user.language_changed").exists()
