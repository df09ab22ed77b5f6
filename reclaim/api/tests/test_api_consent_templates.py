"""`consent:templates` through the API (issue 14 with issue 11's rule: no UI capability without its operation):
admins and staff who record consents read the agency's templates; agency admins add, change (a used version
becomes a new one) and retire them; a consent names the template version it was started from."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from conftest import login_client
from reclaim.consent.models import ConsentTemplate, InformedOf

pytestmark = pytest.mark.django_db
URL = "/api/v1/consent-templates"

BODY = {
    "name": "Shelter referral",
    "purpose": "service_referral",
    "length_days": 90,
    "text_en": "We would like to tell the shelter your first name.",
    "text_ar": "نود أن نخبر الملجأ باسمك الأول.",
    "data_classes": ["identity", "needs"],
    "informed_of": list(InformedOf.values),
}


def test_the_admin_adds_changes_and_retires_a_template(personas, agency, survivor_a, other_agency):
    admin = login_client(personas["agency_admin"])
    # when the admin adds a template
    created = admin.post(URL, BODY, content_type="application/json")
    # then it is version 1, current, and the case manager reads it in the list and by id
    assert created.status_code == 201, created.content
    template = created.json()
    assert (template["number"], template["current"], template["retired"]) == (1, True, False)
    manager = login_client(personas["case_manager"])
    assert [t["id"] for t in manager.get(URL).json()["items"]] == [template["id"]]
    assert manager.get(f"{URL}/{template['id']}").json()["text_ar"] == BODY["text_ar"]
    # when a consent is recorded from it through the API
    consent = manager.post(
        "/api/v1/consents",
        {
            "survivor_id": str(survivor_a.pk),
            "purpose": "service_referral",
            "method": "verbal",
            "signer_name": "Signer",
            "witness_name": "A colleague",
            "recipient_kind": "agency",
            "recipient_agency_id": str(other_agency.pk),
            "data_classes": ["identity"],
            "informed_of": list(InformedOf.values),
            "expires_on": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
            "template_id": template["id"],
        },
        content_type="application/json",
    )
    assert consent.status_code == 201, consent.content
    assert consent.json()["template_id"] == template["id"]
    # and the admin changes the template
    changed = admin.put(
        f"{URL}/{template['id']}", {**BODY, "text_en": "New words.", "version": 1}, content_type="application/json"
    )
    # then the answer is version 2 (a new id); version 1 stays readable, no longer current
    assert changed.status_code == 200, changed.content
    second = changed.json()
    assert (second["number"], second["family"], second["text_en"]) == (2, template["family"], "New words.")
    assert second["id"] != template["id"]
    assert admin.get(f"{URL}/{template['id']}").json()["current"] is False
    assert [t["id"] for t in admin.get(URL).json()["items"]] == [second["id"]]
    # when the admin retires it
    retired = admin.post(
        f"{URL}/{second['id']}/retire", {"version": second["version"]}, content_type="application/json"
    )
    # then it leaves the list unless retired ones are asked for
    assert retired.status_code == 200
    assert admin.get(URL).json()["items"] == []
    assert [t["id"] for t in admin.get(URL, {"include_retired": "true"}).json()["items"]] == [second["id"]]


def test_refusals_and_bad_input_leave_nothing_behind(personas, agency):
    admin = login_client(personas["agency_admin"])
    template = admin.post(URL, BODY, content_type="application/json").json()
    # a case manager may read but not write; an analyst may not even read
    assert login_client(personas["case_manager"]).post(URL, BODY, content_type="application/json").status_code == 403
    assert login_client(personas["analyst"]).get(URL).status_code == 403
    # agency B's admin cannot read, change or retire A's template
    other = login_client(personas["other_agency_admin"])
    assert other.get(f"{URL}/{template['id']}").status_code == 404
    changed = other.put(f"{URL}/{template['id']}", {**BODY, "version": 1}, content_type="application/json")
    assert changed.status_code == 404
    assert (
        other.post(f"{URL}/{template['id']}/retire", {"version": 1}, content_type="application/json").status_code == 404
    )
    assert other.get(URL).json()["items"] == []
    # bad input is a clear 4xx naming the fields, and nothing is saved
    too_long = admin.post(URL, {**BODY, "length_days": 5000}, content_type="application/json")
    assert too_long.status_code == 422
    assert "5000" not in too_long.content.decode()
    covers_nothing = admin.post(URL, {**BODY, "data_classes": []}, content_type="application/json")
    assert covers_nothing.status_code == 400
    assert "data_classes" in covers_nothing.json()["fields"]
    stale = admin.put(
        f"{URL}/{template['id']}", {**BODY, "name": "Stale", "version": 7}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert list(ConsentTemplate.objects.values_list("name", flat=True)) == ["Shelter referral"]
