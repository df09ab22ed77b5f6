"""The assessments API: instruments, recording (422 naming the item, nothing stored), listing, acknowledging."""

from __future__ import annotations

import pytest

from reclaim.assessments.actions import do_record_assessment
from reclaim.assessments.models import Assessment, AssessmentAlert
from reclaim.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _url(case, suffix=""):
    return f"/api/v1/cases/{case.pk}/assessments{suffix}"


def test_instruments_list_and_detail(client_as):
    client = client_as("case_manager")
    listed = client.get("/api/v1/instruments").json()
    assert {row["code"] for row in listed} == {"phq9", "gad7", "pcl5", "brs"}
    phq9 = client.get("/api/v1/instruments/phq9").json()
    assert phq9["items"] == 9
    assert phq9["definition"]["alerts"][0]["item"] == "9"
    assert client.get("/api/v1/instruments/cdrisc").status_code == 404


def test_post_phq9_returns_score_band_and_alerts(client_as, case):
    response = client_as("case_manager").post(
        _url(case), {"instrument": "phq9", "responses": [2, 2, 2, 2, 1, 1, 0, 0, 1]}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["score"], body["band"], body["band_label"]) == ("11", "moderate", "Moderate")
    assert body["alerts"] == ["phq9_self_harm_thoughts"]
    assert body["responses"] is None  # the case manager sees band and alerts, not the answers
    assert AssessmentAlert.objects.get().severity == "urgent"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"instrument": "phq9", "responses": [0] * 8}, "responses"),
        ({"instrument": "phq9", "responses": [0] * 8 + [7]}, "responses.item_9"),
        ({"instrument": "gad7", "responses": [0, 0, -1, 0, 0, 0, 0]}, "responses.item_3"),
        ({"instrument": "unknown", "responses": [0] * 9}, "instrument"),
        ({"instrument": "phq9", "responses": [0] * 9, "language": "xx"}, "language"),
    ],
)
def test_invalid_responses_are_422_naming_the_item_and_store_nothing(client_as, case, payload, field):
    response = client_as("case_manager").post(_url(case), payload, content_type="application/json")
    assert response.status_code == 422
    assert field in response.json()["fields"]
    assert Assessment.objects.count() == 0


def test_list_shows_responses_to_clinicians_only_and_is_audited(client_as, personas, case):
    do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="gad7", answers=[1] * 7)
    clinician = client_as("clinician").get(_url(case)).json()["items"]
    assert clinician[0]["responses"] == [1] * 7
    manager = client_as("case_manager").get(_url(case)).json()["items"]
    assert manager[0]["responses"] is None
    assert (manager[0]["score"], manager[0]["band"]) == ("7", "mild")
    assert AuditEvent.objects.filter(action="case.read", actor_id=personas["clinician"].pk).exists()
    assert client_as("legal_advocate").get(_url(case)).status_code == 403
    assert client_as("other_agency_user").get(_url(case)).status_code == 404


def test_acknowledge_requires_a_note(client_as, personas, case):
    do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="phq9", answers=[0] * 8 + [3])
    alert = AssessmentAlert.objects.get()
    url = f"/api/v1/cases/{case.pk}/assessment-alerts/{alert.pk}/acknowledge"
    client = client_as("clinician")
    empty = client.post(url, {"note": " "}, content_type="application/json")
    assert (empty.status_code, empty.json()["code"]) == (400, "assessments.note_required")
    done = client.post(url, {"note": "Seen today with the crisis team."}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["acknowledged_by_id"] == str(personas["clinician"].pk)
