"""Issue 11 D: the audit log through the API, with the audit page's rule (roles with `views_audit`, own agency only),
its filters, and cursor paging newest first."""

from __future__ import annotations

import pytest

from reclaim.core.audit import AuditEntry, write_audit

pytestmark = pytest.mark.django_db


def test_filters_and_pages_newest_first(client_as, personas, agency, other_agency):
    # given rows of agency A (one by the case manager) and one of agency B
    manager = personas["case_manager"]
    for n in range(3):
        write_audit(AuditEntry("case.viewed", actor_id=manager.pk, agency_id=agency.pk, object_id=f"case-{n}"))
    write_audit(AuditEntry("token.created", actor_id=manager.pk, agency_id=agency.pk, object_id="t-1"))
    write_audit(AuditEntry("case.viewed", actor_id=None, agency_id=other_agency.pk, object_id="case-b"))
    client = client_as("agency_admin")
    # when the admin filters on an action prefix, two rows a page
    first = client.get("/api/v1/audit-events?action=case.&limit=2")
    # then agency A's matching rows come newest first, with the colleague's name
    assert first.status_code == 200
    page = first.json()
    assert [row["object_id"] for row in page["items"]] == ["case-2", "case-1"]
    assert page["items"][0]["actor_name"] == manager.display_name
    second = client.get("/api/v1/audit-events", {"action": "case.", "limit": 2, "cursor": page["next_cursor"]})
    assert [row["object_id"] for row in second.json()["items"]] == ["case-0"]
    assert second.json()["next_cursor"] is None
    # and one record's rows by its id; agency B's never show
    by_id = client.get("/api/v1/audit-events?object_id=case-b").json()["items"]
    assert by_id == []
    assert [r["action"] for r in client.get("/api/v1/audit-events?object_id=t-1").json()["items"]] == ["token.created"]


def test_day_range_and_bad_filters(client_as, agency):
    write_audit(AuditEntry("case.viewed", agency_id=agency.pk, object_id="today"))
    client = client_as("agency_admin")
    assert client.get("/api/v1/audit-events?since=2000-01-01&until=2000-01-02").json()["items"] == []
    assert client.get("/api/v1/audit-events?object_id=today&since=2000-01-01").json()["items"] != []
    reversed_range = client.get("/api/v1/audit-events?since=2000-01-02&until=2000-01-01")
    assert (reversed_range.status_code, list(reversed_range.json()["fields"])) == (422, ["until"])
    assert client.get("/api/v1/audit-events?since=yesterday").status_code == 422
    assert client.get("/api/v1/audit-events?cursor=forged").status_code == 422


def test_only_audit_viewers(client_as):
    assert client_as("supervisor").get("/api/v1/audit-events").status_code == 403
    assert client_as("platform_operator").get("/api/v1/audit-events").status_code == 403
