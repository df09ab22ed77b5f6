"""The events' anonymous feedback survey: the definition in the instruments' format, scored by the assessments
engine, and the public link (open, closed, wrong token, CSRF, light rate limit, nothing about the person kept)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reclaim.assessments.definition import validate_definition
from reclaim.assessments.scoring import score
from reclaim.core.models import AuditEvent
from reclaim.outreach import events_survey
from reclaim.outreach.events_actions import EventValues, do_create_event, do_set_survey_open
from reclaim.outreach.models import EventSurveyResponse

RIGHT = {"item_1": "1", "item_2": "0", "item_3": "1", "item_4": "0", "item_5": "1"}


def test_the_definition_is_a_valid_instrument_scored_as_the_number_of_right_answers():
    raw = json.loads(events_survey.SURVEY_FILE.read_text(encoding="utf-8"))
    definition = validate_definition(raw, sources_required=False)  # Reclaim's own quiz, not a clinical instrument
    assert definition["code"] == "awareness_knowledge"
    assert "alerts" not in definition
    # the engine's sum is the number of right answers: "false" statements are reverse-scored
    assert score(definition, [1, 0, 1, 0, 1]).total == 5
    assert score(definition, [0, 1, 0, 1, 0]).total == 0
    assert score(definition, [1, 1, 1, 1, 1]).total == 3
    # a statement left as "not sure" counts as not known
    assert events_survey.total([1, 0, None, None, 1]) == 3
    assert events_survey.total([None] * 5) == 0
    assert set(events_survey.answer_errors([1, 2, 0, 0, 0])) == {"item_2"}
    assert "answers" in events_survey.answer_errors([1, 0])


@pytest.fixture
def open_event(personas, agency):
    coordinator = personas["outreach_coordinator"]
    event = do_create_event(
        actor=coordinator,
        agency=agency,
        values=EventValues(title="Workshop", starts_at=timezone.now() - datetime.timedelta(hours=1)),
    )
    return do_set_survey_open(actor=coordinator, event=event, open_=True)


@pytest.mark.django_db
def test_the_coordinator_opens_a_link_that_anyone_answers_without_signing_in(personas, open_event, client_as):
    # the link is on the event page for whoever records for it, not for read-only roles
    page = (
        client_as("outreach_coordinator").get(reverse("outreach:event_detail", args=[open_event.pk])).content.decode()
    )
    url = reverse("outreach:event_survey_public", args=[open_event.survey_token])
    assert url in page
    assert url not in client_as("analyst").get(reverse("outreach:event_detail", args=[open_event.pk])).content.decode()
    assert len(open_event.survey_token) >= 32
    # an anonymous visitor answers
    visitor = Client()
    form = visitor.get(url)
    assert form.status_code == 200
    assert "Before the event" in form.content.decode()
    response = visitor.post(url, {"phase": "post", **RIGHT, "item_5": ""})
    assert response.status_code == 302
    thanks = visitor.get(response["Location"])
    assert "Your answers were saved" in thanks.content.decode()
    # stored: the answers and total only, from the link; no person, no address
    stored = EventSurveyResponse.objects.get()
    assert (stored.phase, stored.answers, stored.total, stored.source) == ("post", [1, 0, 1, 0, None], 4, "link")
    names = {field.name for field in EventSurveyResponse._meta.get_fields()}
    assert not names & {"user", "person", "survivor", "created_by", "ip", "entered_by"}
    audit = AuditEvent.objects.get(action="outreach_event.survey_answered")
    assert (audit.actor_id, audit.ip, audit.request_id) == (None, None, "")
    # no session was started for the visitor
    assert "sessionid" not in visitor.cookies


@pytest.mark.django_db
def test_every_statement_may_be_skipped_but_before_or_after_is_asked(open_event):
    url = reverse("outreach:event_survey_public", args=[open_event.survey_token])
    visitor = Client()
    assert visitor.post(url, {"phase": "pre"}).status_code == 302
    assert EventSurveyResponse.objects.get().total == 0
    response = visitor.post(url, RIGHT)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    response = visitor.post(url, {"phase": "pre", "item_1": "7"})
    assert response.status_code == 400
    assert EventSurveyResponse.objects.count() == 1


@pytest.mark.django_db
def test_a_closed_link_says_so_kindly_and_takes_no_answers(personas, open_event, client_as):
    client = client_as("outreach_coordinator")
    assert client.post(reverse("outreach:event_survey_link", args=[open_event.pk]), {"open": "0"}).status_code == 302
    url = reverse("outreach:event_survey_public", args=[open_event.survey_token])
    visitor = Client()
    page = visitor.get(url)
    assert page.status_code == 200
    assert "This survey is closed" in page.content.decode()
    assert "This survey is closed" in visitor.post(url, {"phase": "pre", **RIGHT}).content.decode()
    assert EventSurveyResponse.objects.count() == 0
    # opened again: the same address works again
    client.post(reverse("outreach:event_survey_link", args=[open_event.pk]), {"open": "1"})
    open_event.refresh_from_db()
    assert reverse("outreach:event_survey_public", args=[open_event.survey_token]) == url
    assert visitor.post(url, {"phase": "pre", **RIGHT}).status_code == 302


@pytest.mark.django_db
def test_a_wrong_token_is_404(open_event):
    assert Client().get(reverse("outreach:event_survey_public", args=["not-a-real-token"])).status_code == 404
    wrong = open_event.survey_token[:-1] + ("A" if open_event.survey_token[-1] != "A" else "B")
    assert Client().post(reverse("outreach:event_survey_public", args=[wrong]), {"phase": "pre"}).status_code == 404
    assert EventSurveyResponse.objects.count() == 0


@pytest.mark.django_db
def test_the_public_form_is_csrf_protected(open_event):
    url = reverse("outreach:event_survey_public", args=[open_event.survey_token])
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url, {"phase": "pre", **RIGHT}).status_code == 403
    assert EventSurveyResponse.objects.count() == 0
    page = strict.get(url)
    token = page.cookies["csrftoken"].value
    assert strict.post(url, {"phase": "pre", **RIGHT, "csrfmiddlewaretoken": token}).status_code == 302
    assert EventSurveyResponse.objects.count() == 1


@pytest.mark.django_db
def test_many_answers_from_one_address_are_slowed_down(open_event, monkeypatch):
    from reclaim.outreach.views import events as views

    monkeypatch.setattr(views, "PUBLIC_LIMIT", 2)
    url = reverse("outreach:event_survey_public", args=[open_event.survey_token])
    visitor = Client()
    assert [visitor.post(url, {"phase": "pre", **RIGHT}).status_code for _ in range(3)] == [302, 302, 429]
    assert EventSurveyResponse.objects.count() == 2


@pytest.mark.django_db
def test_a_survivors_portal_session_gets_404_on_the_public_link(open_event, personas, survivor_a):
    from conftest import active_portal_account, login_client
    from reclaim.cases.actions import do_open_case

    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    account = active_portal_account(case, personas["case_manager"], "event-survivor")
    url = reverse("outreach:event_survey_public", args=[open_event.survey_token])
    assert login_client(account).get(url).status_code == 404
