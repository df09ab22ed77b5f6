"""Issue 11 D: agency admins add their agency's own vocabulary terms and retire them through the API, as on the
Vocabularies page; the standard's terms stay read-only."""

from __future__ import annotations

import pytest

from reclaim.core import htcds
from reclaim.core.models import Term

pytestmark = pytest.mark.django_db

URL = f"/api/v1/vocabularies/{htcds.TYPE_OF_EXPLOITATION}/terms"


def test_add_then_retire(client_as):
    client = client_as("agency_admin")
    added = client.post(URL, {"code": "x_Fishing", "label": "Fishing boats"}, "application/json")
    assert added.status_code == 201, added.content
    term = added.json()
    assert (term["code"], term["retired"], term["vocabulary"]) == ("x_Fishing", False, htcds.TYPE_OF_EXPLOITATION)
    # staff of the agency see it among the terms; agency B's do not
    assert "x_Fishing" in [t["code"] for t in client_as("case_manager").get(URL).json()]
    assert "x_Fishing" not in [t["code"] for t in client_as("other_agency_user").get(URL).json()]
    retired = client.post(f"/api/v1/vocabularies/terms/{term['id']}/retire")
    assert retired.status_code == 200 and retired.json()["retired"] is True
    assert "x_Fishing" not in [t["code"] for t in client_as("case_manager").get(URL).json()]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"code": "Fishing", "label": "Fishing boats"}, 422),  # not x_
        ({"code": "x_Fishing", "label": "  "}, 422),
        ({"code": "x_Fishing"}, 422),
        ({"code": "x_" + "a" * 80, "label": "Long"}, 422),
    ],
)
def test_bad_terms_are_refused_and_nothing_is_added(client_as, body, status):
    response = client_as("agency_admin").post(URL, body, "application/json")
    assert response.status_code == status
    assert not Term.objects.filter(agency__isnull=False).exists()


def test_roles_other_agencies_and_the_standard(client_as, personas):
    body = {"code": "x_Fishing", "label": "Fishing boats"}
    assert client_as("supervisor").post(URL, body, "application/json").status_code == 403
    assert (
        client_as("agency_admin").post("/api/v1/vocabularies/no_such/terms", body, "application/json").status_code
        == 404
    )
    term = client_as("agency_admin").post(URL, body, "application/json").json()
    assert client_as("other_agency_admin").post(f"/api/v1/vocabularies/terms/{term['id']}/retire").status_code == 404
    standard = Term.objects.filter(agency__isnull=True).first()
    assert client_as("agency_admin").post(f"/api/v1/vocabularies/terms/{standard.pk}/retire").status_code == 404
    # a code already taken in the list is a 400 on `code`
    again = client_as("agency_admin").post(URL, body, "application/json")
    assert (again.status_code, list(again.json()["fields"])) == (400, ["code"])
