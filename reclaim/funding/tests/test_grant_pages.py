"""The funding-source list: managers add, edit (with a conflict screen) and deactivate grants."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.core.models import AuditEvent
from reclaim.funding.models import Grant

pytestmark = pytest.mark.django_db


def test_add_edit_and_deactivate(personas):
    director = login_client(personas["program_director"])
    response = director.post(
        reverse("funding:add"),
        {
            "name": "OTIP DVHT 2026",
            "funder_name": "OTIP",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "allowed_categories": ["case_management", "childcare"],
        },
    )
    assert response.status_code == 302
    grant = Grant.objects.get()
    assert grant.allowed_categories == ["case_management", "childcare"]
    assert AuditEvent.objects.filter(action="grant.created", object_id=str(grant.pk)).exists()
    # a bad period is refused, nothing changes
    bad = director.post(
        reverse("funding:edit", args=[grant.pk]),
        {"name": "X", "starts_on": "2026-05-01", "ends_on": "2026-01-01", "version": 1},
    )
    assert bad.status_code == 200 and "ends_on" in bad.context["form"].errors
    # a stale edit shows the conflict
    director.post(reverse("funding:edit", args=[grant.pk]), {"name": "Renamed", "version": 1})
    stale = director.post(reverse("funding:edit", args=[grant.pk]), {"name": "Mine", "version": 1})
    assert stale.status_code == 200 and stale.context["conflict"] is True
    grant.refresh_from_db()
    assert grant.name == "Renamed"
    assert director.post(reverse("funding:set_active", args=[grant.pk]), {"version": grant.version}).status_code == 302
    grant.refresh_from_db()
    assert grant.is_active is False
    assert "Deactivated" in director.get(reverse("funding:list")).content.decode()


def test_only_managers_and_only_their_agency(personas):
    Grant.objects.create(agency=personas["other_agency_admin"].memberships.get().agency, name="B fund")
    other = Grant.objects.get()
    assert login_client(personas["case_manager"]).get(reverse("funding:list")).status_code == 403
    assert login_client(personas["agency_admin"]).get(reverse("funding:edit", args=[other.pk])).status_code == 404
