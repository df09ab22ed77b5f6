"""`outreach:training_block` through the API: GET/PUT /outreach/training/block reads and switches "staff must
complete trauma-informed care before seeing case data", through the page's gates and do_set_training_block."""

from __future__ import annotations

import pytest

from conftest import login_client
from reclaim.core.models import AuditEvent
from reclaim.outreach.training_selectors import policy_for_agency

pytestmark = pytest.mark.django_db
URL = "/api/v1/outreach/training/block"


def _put(client, body):
    return client.put(URL, body, content_type="application/json")


def test_switch_on_with_the_version_read(personas, agency):
    # given the setting as an agency admin reads it
    client = login_client(personas["agency_admin"])
    read = client.get(URL).json()
    assert (read["block_case_data"], read["can_set"]) == (False, True)
    # when it is switched on
    response = _put(client, {"block_case_data": True, "version": read["version"]})
    # then it is on, one version later, and audited
    assert response.status_code == 200
    assert response.json()["block_case_data"] is True and response.json()["version"] == read["version"] + 1
    assert policy_for_agency(agency.pk).block_case_data is True
    assert AuditEvent.objects.filter(action="training.block_set").count() == 1


def test_stale_version_bad_input_and_roles(personas, agency):
    client = login_client(personas["program_director"])
    version = client.get(URL).json()["version"]
    # a stale version is 409 and a value that is not a boolean 422; nothing changes
    assert _put(client, {"block_case_data": True, "version": version + 5}).status_code == 409
    bad = _put(client, {"block_case_data": "sometimes", "version": version})
    assert bad.status_code == 422 and "block_case_data" in bad.json()["fields"]
    # a case manager may neither read nor switch it
    manager = login_client(personas["case_manager"])
    assert manager.get(URL).status_code == 403
    assert _put(manager, {"block_case_data": True, "version": version}).status_code == 403
    assert policy_for_agency(agency.pk).block_case_data is False
    assert not AuditEvent.objects.filter(action="training.block_set").exists()
