"""Outcome domains through the API: ratings with scores and readiness, 422 naming bad codes and values with
nothing stored, 409 on a stale correction, and the current scale."""

from __future__ import annotations

import pytest

from conftest import login_client
from reclaim.assessments.models import OutcomeRating, OutcomeScore
from reclaim.assessments.tests.conftest import all_codes, every

pytestmark = pytest.mark.django_db


def _url(case):
    return f"/api/v1/cases/{case.pk}/outcomes"


def test_rate_and_read_back(personas, case):
    client = login_client(personas["case_manager"])
    scores = {**every(4), "stable_home": None, "income": 2}
    del scores["belonging"]  # left out = skipped
    created = client.post(_url(case), {"scores": scores, "note": "Doing well"}, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    domains = {d["code"]: d for d in body["domains"]}
    assert domains["economic_education"]["score"] == "3.33"
    assert domains["social_support"]["subdomains"] == {"trusted_people": 4, "belonging": None}
    assert domains["housing"]["score"] == "4.00"
    assert body["readiness"] == {
        "ready": True,
        "rule_min_score": "3.00",
        "rule_every_domain": True,
        "below": [],
        "unrated": [],
        "overall": body["readiness"]["overall"],
    }
    listed = client.get(_url(case))
    assert listed.status_code == 200 and [r["id"] for r in listed.json()["items"]] == [body["id"]]
    assert listed.json()["items"][0]["note"] == "Doing well"


@pytest.mark.parametrize(
    ("scores", "field"),
    [
        ({"income": 5}, "scores.income"),
        ({"income": 0}, "scores.income"),
        ({"not_a_question": 3}, "scores.not_a_question"),
        ({"income": "three"}, "scores.income"),
    ],
)
def test_bad_scores_are_422_naming_the_code_and_nothing_is_stored(personas, case, scores, field):
    client = login_client(personas["case_manager"])
    response = client.post(_url(case), {"scores": {**every(3), **scores}}, content_type="application/json")
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"]
    assert not OutcomeRating.objects.exists() and not OutcomeScore.objects.exists()


def test_a_stale_correction_is_409(personas, case):
    client = login_client(personas["case_manager"])
    rating = client.post(_url(case), {"scores": every(2)}, content_type="application/json").json()
    url = f"{_url(case)}/{rating['id']}"
    ok = client.put(url, {"version": 1, "scores": every(3)}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.put(url, {"version": 1, "scores": every(4)}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert set(OutcomeScore.objects.values_list("score", flat=True)) == {3}


def test_the_current_scale(personas):
    response = login_client(personas["volunteer"]).get("/api/v1/outcome-scales/current")
    assert response.status_code == 200
    body = response.json()
    assert body["is_default"] is True and body["closure_min_score"] == "3.00"
    assert [s["code"] for d in body["domains"] for s in d["subdomains"]] == all_codes()


def test_outsiders_see_nothing(personas, case):
    login_client(personas["case_manager"]).post(_url(case), {"scores": every(3)}, content_type="application/json")
    assert login_client(personas["other_agency_user"]).get(_url(case)).status_code == 404
    assert login_client(personas["analyst"]).get(_url(case)).status_code == 404
    director = login_client(personas["program_director"])
    assert director.post(_url(case), {"scores": every(3)}, content_type="application/json").status_code == 403
    assert OutcomeRating.objects.count() == 1


def test_the_list_pages_past_a_hundred_ratings_with_their_scores(personas, case):
    # given a rating of the case, and a hundred later ones copied from it with other scores
    client = login_client(personas["case_manager"])
    created = client.post(_url(case), {"scores": every(1)}, content_type="application/json")
    assert created.status_code == 201, created.content
    oldest = OutcomeRating.objects.get()
    scores = list(OutcomeScore.objects.filter(rating=oldest))
    later = OutcomeRating.objects.bulk_create(
        OutcomeRating(agency_id=oldest.agency_id, case=case, scale=oldest.scale, rated_on=oldest.rated_on)
        for _ in range(100)
    )
    OutcomeScore.objects.bulk_create(
        OutcomeScore(agency_id=s.agency_id, rating=rating, subdomain_id=s.subdomain_id, score=4)
        for rating in later
        for s in scores
    )
    # when the client reads them a hundred at a time
    first = client.get(_url(case) + "?limit=100").json()
    rest = client.get(_url(case) + f"?limit=100&cursor={first['next_cursor']}").json()
    # then the oldest comes last, on the second page, with its own domain scores
    assert len(first["items"]) == 100
    assert {d["score"] for r in first["items"] for d in r["domains"]} == {"4.00"}
    assert rest["next_cursor"] is None
    assert [r["id"] for r in rest["items"]] == [str(oldest.pk)]
    assert {d["score"] for d in rest["items"][0]["domains"]} == {"1.00"}
