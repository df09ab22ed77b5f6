"""`accounts:vocabulary`'s list of the agency's own terms through the API (issue 11, last gaps): GET
/vocabularies/{code}/agency-terms lists them with retired ones, for agency admins, as the page does. The page has no
way to bring a retired term back, so the API has none either."""

from __future__ import annotations

import pytest

from conftest import login_client
from reclaim.accounts.actions import do_add_agency_term, do_retire_agency_term
from reclaim.core import htcds
from reclaim.core.vocabulary import vocabulary_by_code
from reclaim.outreach.tests.training_support import admin_of

pytestmark = pytest.mark.django_db
URL = f"/api/v1/vocabularies/{htcds.TYPE_OF_EXPLOITATION}/agency-terms"


def _add(agency, code, label):
    vocabulary = vocabulary_by_code(htcds.TYPE_OF_EXPLOITATION)
    return do_add_agency_term(actor=admin_of(agency), agency=agency, vocabulary=vocabulary, code=code, label=label)


def _codes(response):
    return [(t["code"], t["retired"]) for t in response.json()["items"]]


def test_the_admin_lists_in_use_and_retired_terms(personas, agency, other_agency):
    # given two terms of agency A, one retired, and a term of agency B
    _add(agency, "x_Fishing", "Fishing boats")
    mining = _add(agency, "x_Mining", "Mining")
    do_retire_agency_term(actor=admin_of(agency), term=mining)
    _add(other_agency, "x_Theirs", "Theirs")
    client = login_client(personas["agency_admin"])
    # when A's admin lists the agency's terms
    response = client.get(URL)
    # then both of A's are there with their state, none of the standard's or B's
    assert response.status_code == 200, response.content
    assert _codes(response) == [("x_Fishing", False), ("x_Mining", True)]
    # and the list filters and pages
    assert _codes(client.get(URL, {"retired": "true"})) == [("x_Mining", True)]
    assert _codes(client.get(URL, {"retired": "false"})) == [("x_Fishing", False)]
    first = client.get(URL, {"limit": 1}).json()
    second = client.get(URL, {"limit": 1, "cursor": first["next_cursor"]}).json()
    assert [t["code"] for t in first["items"] + second["items"]] == ["x_Fishing", "x_Mining"]
    assert second["next_cursor"] is None


def test_refusals(personas, agency):
    _add(agency, "x_Fishing", "Fishing boats")
    # other roles: 403
    for persona in ("supervisor", "case_manager", "program_director"):
        assert login_client(personas[persona]).get(URL).status_code == 403
    admin = login_client(personas["agency_admin"])
    # an unknown vocabulary: 404; a filter that is not a boolean or a foreign cursor: 422
    assert admin.get("/api/v1/vocabularies/no_such/agency-terms").status_code == 404
    bad = admin.get(URL, {"retired": "sometimes"})
    assert bad.status_code == 422 and "retired" in bad.json()["fields"]
    assert admin.get(URL, {"cursor": "forged"}).status_code == 422
    # another agency's admin sees none of A's terms
    assert login_client(personas["other_agency_admin"]).get(URL).json()["items"] == []
