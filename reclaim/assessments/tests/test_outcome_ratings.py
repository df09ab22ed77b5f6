"""Rating outcomes on the case file: the tab, one-screen form, corrections with a conflict screen, the closing
guidance on the case page, visibility, audit, encryption of the note, query counts and the cohort selector."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.assessments.models import OutcomeRating, OutcomeScore
from reclaim.assessments.outcome_actions import do_edit_outcome_rating, do_rate_outcomes
from reclaim.assessments.outcome_selectors import outcome_improvement, rating_result
from reclaim.assessments.tests.conftest import all_codes, every
from reclaim.cases.actions import do_open_case, do_request_approval
from reclaim.cases.models import CaseEvent
from reclaim.core.models import AuditEvent
from reclaim.people.actions import do_create_survivor

pytestmark = pytest.mark.django_db


def _form_data(scores: dict[str, int | None], **extra):
    data = {f"score_{code}": "" if value is None else str(value) for code, value in scores.items()}
    return {"with_survivor": "on", **data, **extra}


def test_a_case_manager_rates_outcomes_on_one_screen(personas, case):
    client = login_client(personas["case_manager"])
    page = client.get(reverse("assessments:rate_outcomes", args=[case.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Rate against where the person will live, not the shelter." in body
    assert body.count('<fieldset class="form-group">') == 7
    assert "Skip this question" in body
    # when they answer some questions and skip the rest (housing entirely)
    scores = {**every(4), "stable_home": None, "safe_home": None, "affordable_home": None, "coping": 2}
    response = client.post(reverse("assessments:rate_outcomes", args=[case.pk]), _form_data(scores))
    assert response.status_code == 302
    rating = OutcomeRating.objects.get(case=case)
    assert rating.with_survivor is True and rating.rated_on == timezone.localdate()
    assert OutcomeScore.objects.filter(rating=rating).count() == len(all_codes())
    # then the tab shows the profile: mental well-being (4 + 2 + 4) / 3, housing not rated, not ready
    tab = client.get(reverse("assessments:case_outcomes", args=[case.pk])).content.decode()
    assert "3.33" in tab and "Not rated:" in tab and "Housing" in tab and "not yet" in tab
    assert '<meter min="1" max="4"' in tab
    # a timeline event with ids only, and an audit row
    event = CaseEvent.objects.get(case=case, type="outcomes_rated")
    assert set(event.parameters) == {"rating_id", "scale_id"}
    assert AuditEvent.objects.filter(action="case.outcomes_rated", object_id=str(case.pk)).exists()


def test_every_question_may_be_skipped(personas, case):
    client = login_client(personas["case_manager"])
    response = client.post(reverse("assessments:rate_outcomes", args=[case.pk]), {})
    assert response.status_code == 302
    result = rating_result(OutcomeRating.objects.get(case=case))
    assert all(d.score is None for d in result.domains) and result.readiness.ready is False


def test_a_forged_score_is_a_field_error_and_nothing_is_saved(personas, case):
    client = login_client(personas["case_manager"])
    response = client.post(reverse("assessments:rate_outcomes", args=[case.pk]), _form_data({**every(3), "income": 7}))
    assert response.status_code == 200
    assert response.context["form"].errors["score_income"]
    future = client.post(
        reverse("assessments:rate_outcomes", args=[case.pk]),
        _form_data(every(3), rated_on=(timezone.localdate() + datetime.timedelta(days=3)).isoformat()),
    )
    assert future.status_code == 200 and future.context["form"].errors["rated_on"]
    assert not OutcomeRating.objects.exists() and not OutcomeScore.objects.exists()


def test_a_stale_correction_shows_the_saved_scores_and_overwrites_nothing(personas, case):
    rating = do_rate_outcomes(actor=personas["case_manager"], case=case, scores=every(2))
    url = reverse("assessments:edit_outcome_rating", args=[case.pk, rating.pk])
    client = login_client(personas["case_manager"])
    form_page = client.get(url)
    assert form_page.context["form"].initial["score_income"] == "2"
    # given the clinician corrects it first
    do_edit_outcome_rating(
        actor=personas["clinician"],
        rating=rating,
        expected_version=1,
        scores=every(3),
        rated_on=rating.rated_on,
        with_survivor=True,
    )
    # when the case manager saves on the old version
    response = client.post(url, _form_data(every(4), version="1", rated_on=rating.rated_on.isoformat()))
    # then the conflict screen shows what is saved now, and nothing of theirs is stored
    assert response.status_code == 200 and response.context["conflict"] is not None
    assert "Someone else changed this rating" in response.content.decode()
    assert set(OutcomeScore.objects.filter(rating=rating).values_list("score", flat=True)) == {3}
    # and saving again on the current version works
    again = client.post(url, _form_data(every(4), version="2", rated_on=rating.rated_on.isoformat()))
    assert again.status_code == 302
    assert set(OutcomeScore.objects.filter(rating=rating).values_list("score", flat=True)) == {4}
    assert CaseEvent.objects.filter(case=case, type="outcomes_rating_edited").count() == 2


def test_the_case_page_shows_closing_guidance_from_the_latest_rating(personas, case, assert_max_queries):
    client = login_client(personas["case_manager"])
    client.get(reverse("home"))
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "No outcome rating yet." in page
    do_rate_outcomes(actor=personas["case_manager"], case=case, scores=every(3), rated_on=datetime.date(2026, 1, 1))
    do_rate_outcomes(
        actor=personas["case_manager"], case=case, scores={**every(4), "has_documents": 1, "knows_rights": 2}
    )
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Outcome domains: guidance for closing" in page and "Below it:" in page and "Legal protection" in page
    # a supervisor deciding a close request sees the same guidance, from one extra query
    do_request_approval(actor=personas["case_manager"], case=case, kind="close", close_reason="goals_met")
    supervisor = login_client(personas["supervisor"])
    supervisor.get(reverse("home"))
    with assert_max_queries(15) as context:  # the overview budget (test_views_cases)
        page = supervisor.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Below it:" in page
    assert sum("assessments_outcomescore" in q["sql"] for q in context.captured_queries) == 1


def test_the_outcomes_tab_keeps_a_flat_query_count(personas, case, assert_max_queries):
    client = login_client(personas["supervisor"])
    client.get(reverse("home"))
    do_rate_outcomes(actor=personas["case_manager"], case=case, scores=every(2))
    with assert_max_queries(15) as few:
        client.get(reverse("assessments:case_outcomes", args=[case.pk]))
    for _ in range(9):
        do_rate_outcomes(actor=personas["case_manager"], case=case, scores=every(3))
    with assert_max_queries(len(few.captured_queries)):
        response = client.get(reverse("assessments:case_outcomes", args=[case.pk]))
    assert len(response.context["results"]) == 10
    assert AuditEvent.objects.filter(action="case.read", object_id=str(case.pk)).exists()


def test_ratings_are_case_data(personas, case):
    rating = do_rate_outcomes(actor=personas["case_manager"], case=case, scores=every(3))
    tab = reverse("assessments:case_outcomes", args=[case.pk])
    edit = reverse("assessments:edit_outcome_rating", args=[case.pk, rating.pk])
    assert login_client(personas["other_agency_user"]).get(tab).status_code == 404
    assert login_client(personas["analyst"]).get(tab).status_code == 404
    assert login_client(personas["volunteer"]).get(tab).status_code == 404
    # a program director reads but does not rate or correct
    director = login_client(personas["program_director"])
    assert director.get(tab).status_code == 200
    assert director.post(edit, _form_data(every(1), version="1")).status_code == 403
    assert set(OutcomeScore.objects.filter(rating=rating).values_list("score", flat=True)) == {3}


def test_a_rating_of_another_case_is_not_found(personas, case, survivor_a):
    other = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    rating = do_rate_outcomes(actor=personas["case_manager"], case=other, scores=every(3))
    url = reverse("assessments:edit_outcome_rating", args=[case.pk, rating.pk])
    assert login_client(personas["case_manager"]).get(url).status_code == 404


def test_the_note_is_encrypted_at_rest(personas, case):
    do_rate_outcomes(
        actor=personas["case_manager"], case=case, scores=every(3), note="Moving in with her aunt in Lowell"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM assessments_outcomerating")
        (stored,) = cursor.fetchone()
    assert "Lowell" not in str(stored)
    assert OutcomeRating.objects.get(case=case).note == "Moving in with her aunt in Lowell"


def test_improvement_per_domain_across_survivors(personas, agency, team, case, assert_max_queries):
    # survivor A: safety 2 -> 4 (improved), housing 3 -> 3 (not), legal not rated at first
    first = {**every(3), "free_from_harm": 2, "free_from_threats": 2, "handles_risk": 2}
    first.update(dict.fromkeys(["knows_rights", "has_documents", "legal_matters"]))
    do_rate_outcomes(actor=personas["case_manager"], case=case, scores=first, rated_on=datetime.date(2026, 1, 5))
    do_rate_outcomes(
        actor=personas["case_manager"],
        case=case,
        scores={**every(3), "free_from_harm": 4, "free_from_threats": 4, "handles_risk": 4},
    )
    # survivor B (another case in the team): safety 3 -> 2 (worse); a third survivor with one rating only
    for reference, ratings in (("C-2", [every(3), {**every(3), "free_from_harm": 1}]), ("C-3", [every(1)])):
        survivor = do_create_survivor(actor=None, agency=agency, reference=reference, team=team)
        other = do_open_case(actor=personas["case_manager"], survivor=survivor, team=team)
        for day, scores in enumerate(ratings, start=1):
            do_rate_outcomes(
                actor=personas["case_manager"], case=other, scores=scores, rated_on=datetime.date(2026, 2, day)
            )
    with assert_max_queries(3):
        rows = {row.code: row for row in outcome_improvement(personas["supervisor"])}
    assert (rows["safety"].compared, rows["safety"].improved) == (2, 1)
    assert rows["safety"].share == 0.5
    assert (rows["housing"].compared, rows["housing"].improved) == (2, 0)
    assert rows["legal_protection"].compared == 1  # survivor A had no legal score at first
    # aggregates only for what the user may see
    assert outcome_improvement(personas["other_agency_user"]) == []
    assert outcome_improvement(personas["volunteer"]) == []
