"""The Assessments tab, taking an assessment, the result page, alerts on case pages and the dashboard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reclaim.assessments.actions import do_record_assessment
from reclaim.assessments.models import Assessment, AssessmentAlert
from reclaim.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ITEM9_TEXT = "Thoughts that you would be better off dead"


def _phq9_form(**answers):
    data = {f"item_{n}": "" for n in range(1, 10)}
    data.update({f"item_{k}": str(v) for k, v in answers.items()})
    return data


def test_case_manager_takes_a_phq9_and_sees_band_and_alert_but_not_answers(client_as, case):
    client = client_as("case_manager")
    # given the form: one fieldset per question, a skip choice, and the partial-scoring rule
    page = client.get(reverse("assessments:take", args=[case.pk, "phq9"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<fieldset") == 9
    assert "Skip this question" in html
    assert "With one question skipped the score is scaled up" in html
    assert "This is a screen, not a diagnosis." in html
    # when they answer, skipping question 1 and answering 1 on question 9
    response = client.post(
        reverse("assessments:take", args=[case.pk, "phq9"]),
        _phq9_form(**{"2": 2, "3": 2, "4": 1, "5": 1, "6": 1, "7": 1, "8": 0, "9": 1}),
    )
    # then the result page shows the prorated score, band, its meaning and the alert, but no answers
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("assessments:detail", args=[case.pk, assessment.pk])
    result = client.get(response.url).content.decode()
    assert "Moderate" in result  # 9 answered as 9 -> 10 (prorated)
    assert "scaled up" in result
    assert "Signs of depression that are affecting daily life" in result
    assert "This is a screen, not a diagnosis." in result
    assert "Follow the safety procedure today" in result
    assert ITEM9_TEXT not in result
    assert AuditEvent.objects.filter(action="assessment.read", object_id=str(assessment.pk)).exists()


def test_clinician_sees_the_answers(client_as, personas, case):
    assessment = do_record_assessment(
        actor=personas["case_manager"], case=case, instrument_code="phq9", answers=[0] * 8 + [1]
    )
    html = client_as("clinician").get(reverse("assessments:detail", args=[case.pk, assessment.pk])).content.decode()
    assert ITEM9_TEXT in html
    assert "Several days (1)" in html


def test_too_many_skips_gives_no_score(client_as, case):
    client = client_as("case_manager")
    response = client.post(reverse("assessments:take", args=[case.pk, "phq9"]), _phq9_form(**{"1": 1}))
    assessment = Assessment.objects.get()
    assert (assessment.complete, assessment.total) == (False, None)
    html = client.get(response.url).content.decode()
    assert "No score: 8 questions were skipped." in html


def test_a_tampered_answer_is_ignored_as_a_skip_not_a_500(client_as, case):
    response = client_as("case_manager").post(
        reverse("assessments:take", args=[case.pk, "phq9"]), _phq9_form(**{"1": 9})
    )
    assert response.status_code == 200  # the choice field refuses it
    assert Assessment.objects.count() == 0


def test_list_shows_score_and_band(client_as, personas, case, assert_max_queries):
    for answers in ([1] * 9, [2] * 9, [0] * 9):
        do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="phq9", answers=answers)
    for _ in range(5):
        do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="brs", answers=[3] * 6)
    client = client_as("supervisor")
    url = reverse("assessments:case_assessments", args=[case.pk])
    client.get(url)
    with assert_max_queries(25):
        html = client.get(url).content.decode()
    assert "Moderately severe" in html  # 18
    assert "Normal resilience" in html
    assert "3.00" in html


def test_legal_advocate_sees_no_assessments_tab_banner_or_page(client_as, personas, case):
    do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="phq9", answers=[0] * 8 + [3])
    client = client_as("legal_advocate")
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Assessment alert" not in detail
    assert reverse("assessments:case_assessments", args=[case.pk]) not in detail
    assert client.get(reverse("assessments:case_assessments", args=[case.pk])).status_code == 403
    # while the clinician sees the banner on every case page
    detail = client_as("clinician").get(reverse("cases:notes", args=[case.pk])).content.decode()
    assert "Assessment alert to act on" in detail


def test_alert_reaches_the_assigned_clinicians_dashboard_and_is_acknowledged(client_as, personas, case):
    do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="phq9", answers=[0] * 8 + [2])
    alert = AssessmentAlert.objects.get()
    clinician = client_as("clinician")
    home = clinician.get(reverse("home")).content.decode()
    assert "Assessment alerts" in home
    assert case.number in home
    # not on the dashboard of staff who are not assigned (the supervisor sees the case through the team)
    assert case.number not in client_as("supervisor").get(reverse("home")).content.decode()
    # an empty note is refused, nothing changes
    url = reverse("assessments:acknowledge_alert", args=[case.pk, alert.pk])
    response = clinician.post(url, {"note": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
    # with a note it is acknowledged and leaves the dashboard
    assert clinician.post(url, {"note": "Spoke with her; safety plan in place."}).status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == personas["clinician"]
    assert case.number not in clinician.get(reverse("home")).content.decode()


def test_other_agency_gets_404(client_as, personas, case):
    assessment = do_record_assessment(
        actor=personas["case_manager"], case=case, instrument_code="gad7", answers=[0] * 7
    )
    client = client_as("other_agency_user")
    assert client.get(reverse("assessments:case_assessments", args=[case.pk])).status_code == 404
    assert client.get(reverse("assessments:detail", args=[case.pk, assessment.pk])).status_code == 404
    assert client.post(reverse("assessments:take", args=[case.pk, "gad7"]), {}).status_code == 404


def test_screen_results_leave_no_trace_in_the_timeline_of_roles_that_may_not_see_them(personas, case):
    from reclaim.cases.selectors import timeline_for_case

    do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="gad7", answers=[1] * 7)
    types = lambda who: {e.type for e in timeline_for_case(personas[who], case)}
    assert "assessment_recorded" in types("case_manager")
    assert "assessment_recorded" in types("clinician")
    assert "assessment_recorded" not in types("legal_advocate")


def test_the_alert_banner_reads_each_alert_in_the_one_query(client_as, personas, case, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reclaim.assessments import presentation

    # given one open alert (PHQ-9 item 9) and a clinician who sees the banner on the case's pages
    do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="phq9", answers=[0] * 8 + [3])
    client = client_as("clinician")
    url = reverse("cases:notes", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    # when a second assessment raises another
    do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="phq9", answers=[0] * 8 + [2])
    with django_assert_num_queries(len(one.captured_queries)):  # no field of an alert is read on its own
        html = client.get(url).content.decode()
    # then both show with their instrument and message, and the answers were not read for the banner
    alert = AssessmentAlert.objects.filter(case=case).select_related("assessment__instrument_version").first()
    message = presentation.alert_message(
        alert.assessment.instrument_version.definition, alert.rule_code, alert.assessment.language
    )
    assert "Assessment alerts to act on" in html
    assert html.count(str(message)) == 2
    assert "PHQ-9" in html


def test_a_case_page_reads_no_alert_when_the_case_has_none_open(client_as, personas, case):
    from conftest import page_and_queries
    from reclaim.assessments.actions import do_acknowledge_alert

    # given a case whose one alert was acknowledged
    do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="phq9", answers=[0] * 8 + [3])
    do_acknowledge_alert(actor=personas["clinician"], alert=AssessmentAlert.objects.get(), note="Safety plan made")
    client = client_as("clinician")
    url = reverse("cases:notes", args=[case.pk])
    # then its pages show no banner and read no alert (the gate's read of the case said there is none open)
    html, sql = page_and_queries(client, url)
    assert 'id="assessment-alerts-heading"' not in html
    assert not [q for q in sql if q.startswith('SELECT "assessments_assessmentalert"')]
    # when another alert is raised, the banner is back on the next page
    do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="phq9", answers=[0] * 8 + [2])
    assert 'id="assessment-alerts-heading"' in client.get(url).content.decode()


def test_an_urgent_alert_heads_the_dashboard_however_many_newer_alerts_wait(personas, case):
    # given an urgent alert, then 210 newer follow-up alerts on the same case (copies of a real one)
    from datetime import timedelta

    from reclaim.assessments.selectors import open_alerts_for_dashboard

    do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="phq9", answers=[0] * 8 + [2])
    urgent = AssessmentAlert.objects.get()
    urgent.severity = "urgent"
    urgent.save(update_fields=["severity"])
    AssessmentAlert.objects.bulk_create(
        AssessmentAlert(
            agency_id=urgent.agency_id,
            case_id=urgent.case_id,
            assessment_id=urgent.assessment_id,
            rule_code=urgent.rule_code,
            severity="follow_up",
            raised_at=urgent.raised_at + timedelta(minutes=i + 1),
        )
        for i in range(210)
    )
    # then the case manager's panel lists the urgent one first, then the newest, 50 in all
    alerts = open_alerts_for_dashboard(personas["case_manager"])
    assert len(alerts) == 50
    assert alerts[0].pk == urgent.pk
    assert [a.raised_at for a in alerts[1:]] == sorted((a.raised_at for a in alerts[1:]), reverse=True)
    assert alerts[1].raised_at == urgent.raised_at + timedelta(minutes=210)
