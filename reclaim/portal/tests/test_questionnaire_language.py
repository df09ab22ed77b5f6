"""A questionnaire in the survivor's language (issue 14): the validated translation when the instrument has one,
else a plain notice that it is only available in English, with the choice to answer in English or leave it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import active_portal_account, portal_client
from reclaim.assessments.models import Assessment, AssessmentStatus
from reclaim.assessments.portal_actions import do_assign_portal_assessment
from reclaim.cases.actions import do_open_case

pytestmark = pytest.mark.django_db

PHQ9_ITEM1_ES = "Poco interés o placer en hacer cosas"
GAD7_ITEM1_EN = "Feeling nervous, anxious, or on edge"


@pytest.fixture
def account(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    return active_portal_account(case, personas["case_manager"], "marisol-home")


def _spanish_client(account):
    client = portal_client(account)
    client.cookies["django_language"] = "es"
    return client


def _answers(count, value=1):
    return {f"item_{n}": str(value) for n in range(1, count + 1)}


def test_the_survivor_answers_in_their_language_when_a_validated_translation_exists(personas, account):
    # given a PHQ-9 sent to a survivor who reads the portal in Spanish
    assigned = do_assign_portal_assessment(actor=personas["case_manager"], account=account, instrument_code="phq9")
    client = _spanish_client(account)
    url = reverse("portal:assessment", args=[assigned.pk])
    # when they open it, the questions are the Spanish version, with no notice about English
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert PHQ9_ITEM1_ES in page
    assert "Ningún día" in page
    assert 'href="?in=en"' not in page
    # and when they answer, the assessment records that it was given in Spanish
    assert client.post(url, _answers(9), HTTP_ACCEPT_LANGUAGE="es").status_code == 302
    done = Assessment.objects.get(pk=assigned.pk)
    assert (done.status, done.language, done.total) == (AssessmentStatus.COMPLETED, "es", Decimal(9))


def test_without_a_translation_the_survivor_is_told_and_chooses_english_or_to_skip(personas, account):
    # given a GAD-7 (no verified Spanish text) sent to a Spanish reader
    assigned = do_assign_portal_assessment(actor=personas["case_manager"], account=account, instrument_code="gad7")
    client = _spanish_client(account)
    url = reverse("portal:assessment", args=[assigned.pk])
    # when they open it, they are told first, with no question shown, and may answer in English or skip it
    notice = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "solo están disponibles en inglés" in notice
    assert GAD7_ITEM1_EN not in notice
    assert 'href="?in=en"' in notice
    assert f'href="{reverse("portal:home")}"' in notice
    # when they choose English, the English questions are shown and the answers are recorded as English
    english = client.get(f"{url}?in=en", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert GAD7_ITEM1_EN in english
    assert client.post(f"{url}?in=en", _answers(7, 0), HTTP_ACCEPT_LANGUAGE="es").status_code == 302
    done = Assessment.objects.get(pk=assigned.pk)
    assert (done.status, done.language) == (AssessmentStatus.COMPLETED, "en")


def test_skipping_leaves_the_questionnaire_waiting(personas, account):
    # given the notice, when the survivor does not choose English, nothing is recorded
    assigned = do_assign_portal_assessment(actor=personas["case_manager"], account=account, instrument_code="gad7")
    client = _spanish_client(account)
    url = reverse("portal:assessment", args=[assigned.pk])
    # a post without choosing English gets the notice again and stores nothing
    assert client.post(url, _answers(7), HTTP_ACCEPT_LANGUAGE="es").status_code == 200
    assert Assessment.objects.get(pk=assigned.pk).status == AssessmentStatus.ASSIGNED
