"""Survivors' stories (issue 10 item 4): a live media consent, de-identified by default, reviewed by the survivor,
withdrawn everywhere the moment the consent is taken back; outreach staff never learn whose story it is."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import active_portal_account, login_client, portal_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment, CaseEvent, EventType
from reclaim.consent.actions import ConsentInput, do_record_consent, do_revoke_consent
from reclaim.consent.models import ConsentRecord, InformedOf
from reclaim.core.errors import DomainError
from reclaim.core.models import AuditEvent
from reclaim.outreach import stories_actions as actions
from reclaim.outreach.models import Campaign, Story, StoryStatus, StoryUse
from reclaim.outreach.stories_tasks import withdraw_stories_with_ended_consent

pytestmark = pytest.mark.django_db

SECRET_TEXT = "I left the farm at night and walked to the bus station in Oaxaca-Verde."
SECRET_QUOTE = "Now I teach others the warning signs."
SECRET_TITLE = "The night bus to freedom"


@pytest.fixture
def case(personas, survivor_a):
    opened = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    for worker in ("clinician", "legal_advocate"):
        CaseAssignment.objects.create(agency=opened.agency, case=opened, user=personas[worker])
    return opened


def _media_consent(actor, case, *, identity=False, given_by="survivor"):
    return do_record_consent(
        actor=actor,
        survivor=case.survivor,
        case=case,
        data=ConsentInput(
            purpose="media",
            method="verbal",
            signer_name="Marisol",
            witness_name="A colleague",
            recipient_kind="any",
            data_classes=["trafficking_history", *(["identity"] if identity else [])],
            informed_of=list(InformedOf.values),
            given_by=given_by,
            expires_on=timezone.localdate() + timedelta(days=200),
        ),
    )


def _story(actor, case, **values):
    data = {"title": SECRET_TITLE, "text": SECRET_TEXT, "quote": SECRET_QUOTE, **values}
    return actions.do_draft_story(actor=actor, case=case, data=actions.StoryInput(**data))


def _approved(actor, case, **values):
    story = _story(actor, case, **values)
    return actions.do_record_story_review(
        actor=actor, story=story, outcome="approved", how="in_person", expected_version=story.version
    )


@pytest.fixture
def campaign(agency):
    return Campaign.objects.create(agency=agency, name="Know the signs", status="running")


# --- Drafting needs a live media consent --------------------------------------------------------------------------


def test_drafting_is_refused_without_a_live_media_consent(personas, case):
    cm = personas["case_manager"]
    client = login_client(cm)
    # the tab explains and links to the consents page
    page = client.get(reverse("outreach:story_case_list", args=[case.pk])).content.decode()
    assert "media consent in force" in page
    assert reverse("consent:case", args=[case.pk]) in page
    assert reverse("outreach:story_case_add", args=[case.pk]) not in page
    # the draft page explains too, and a POST saves nothing
    add = reverse("outreach:story_case_add", args=[case.pk])
    assert "A media consent is needed first" in client.get(add).content.decode()
    response = client.post(add, {"title": "T", "text": "Some words.", "attribution": "anonymous"})
    assert response.status_code == 400
    # the action and the API refuse with a stable code
    with pytest.raises(DomainError) as refused:
        _story(cm, case)
    assert refused.value.code == "story.no_media_consent"
    api = client.post(
        f"/api/v1/cases/{case.pk}/stories", {"title": "T", "text": "Words."}, content_type="application/json"
    )
    assert api.status_code == 400 and api.json()["code"] == "story.no_media_consent"
    # a consent for another purpose, or a media consent taken back, does not count
    consent = _media_consent(cm, case)
    do_revoke_consent(actor=cm, consent=consent, by_whom="survivor", how="phone", expected_version=consent.version)
    with pytest.raises(DomainError):
        _story(cm, case)
    assert Story.objects.count() == 0


def test_drafting_with_a_live_media_consent_records_an_event_and_an_audit_row(personas, case):
    cm = personas["case_manager"]
    consent = _media_consent(cm, case)
    client = login_client(cm)
    add = reverse("outreach:story_case_add", args=[case.pk])
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {"consent": str(consent.pk), "title": SECRET_TITLE, "text": SECRET_TEXT, "attribution": "anonymous"},
    )
    story = Story.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:story_case_detail", args=[case.pk, story.pk])
    assert (story.status, story.consent_id, story.attribution, story.credit_name) == (
        "draft",
        consent.pk,
        "anonymous",
        None,
    )
    event = CaseEvent.objects.get(case=case, type=EventType.STORY_DRAFTED)
    assert event.parameters == {"story_id": str(story.pk), "consent_id": str(consent.pk), "attribution": "anonymous"}
    assert AuditEvent.objects.filter(action="story.drafted", object_id=str(case.pk)).exists()
    # the tab lists it
    page = client.get(reverse("outreach:story_case_list", args=[case.pk])).content.decode()
    assert SECRET_TITLE in page and 'aria-current="page">Stories<' in page


# --- De-identification ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text", "kind"),
    [
        ("text", "marisol told us she was scared.", "given name"),
        ("text", "The QUINTANILLA family farm.", "family name"),
        ("title", "Born 17/04/1996", "date of birth"),
        ("quote", "I was born on April 17, 1996.", "date of birth"),
        ("text", "Her birthday, 1996-04-17, passed in the fields.", "date of birth"),
    ],
)
def test_identifying_details_block_the_save_until_confirmed(personas, case, field, text, kind):
    cm = personas["case_manager"]
    _media_consent(cm, case)
    client = login_client(cm)
    add = reverse("outreach:story_case_add", args=[case.pk])
    form = {"title": "A title", "text": "Plain words.", "quote": "", "attribution": "anonymous", field: text}
    response = client.post(add, form)
    page = response.content.decode()
    assert response.status_code == 400
    assert "This story may identify the survivor." in page and kind in page
    assert Story.objects.count() == 0
    # confirmed: it is saved, and the confirmation is audited
    response = client.post(add, {**form, "confirm_identifying": "on"})
    assert response.status_code == 302
    story = Story.objects.get()
    assert AuditEvent.objects.filter(action="story.identifying_confirmed", object_id=str(story.pk)).exists()


def test_the_check_matches_whole_words_and_folds_accents(personas, case):
    survivor = case.survivor
    assert actions.identifying_findings(survivor, {"text": "Marisolution is not a name."}) == {}
    assert actions.identifying_findings(survivor, {"text": "MARÍSOL came back."}) == {"text": ["given_name"]}
    assert actions.identifying_findings(survivor, {"text": "17 April 1996"}) == {"text": ["date_of_birth"]}


def test_the_api_refuses_identifying_text_with_field_messages_that_do_not_repeat_the_name(personas, case):
    cm = personas["case_manager"]
    _media_consent(cm, case)
    client = login_client(cm)
    url = f"/api/v1/cases/{case.pk}/stories"
    response = client.post(url, {"title": "T", "text": "Quintanilla is free."}, content_type="application/json")
    body = response.json()
    assert response.status_code == 400 and body["code"] == "story.identifying"
    assert list(body["fields"]) == ["text"] and "Quintanilla" not in response.content.decode()
    response = client.post(
        url,
        {"title": "T", "text": "Quintanilla is free.", "confirm_identifying": True},
        content_type="application/json",
    )
    assert response.status_code == 201


def test_invalid_api_input_is_a_422_in_the_schema(personas, case):
    cm = personas["case_manager"]
    _media_consent(cm, case)
    client = login_client(cm)
    response = client.post(
        f"/api/v1/cases/{case.pk}/stories", {"title": "", "attribution": "nickname"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert {"title", "text", "attribution"} <= set(response.json()["fields"])
    story = _story(cm, case)
    response = client.post(
        f"/api/v1/cases/{case.pk}/stories/{story.pk}/review",
        {"version": story.version, "outcome": "maybe", "how": "fax"},
        content_type="application/json",
    )
    assert response.status_code == 422
    schema = client.get("/api/v1/openapi.json").json()
    assert "422" in schema["paths"]["/api/v1/cases/{case_id}/stories"]["post"]["responses"]
    assert Story.objects.count() == 1


# --- Attribution ----------------------------------------------------------------------------------------------------


def test_a_name_is_credited_only_when_the_consent_covers_identity(personas, case):
    cm = personas["case_manager"]
    _media_consent(cm, case, identity=False)
    with pytest.raises(DomainError) as refused:
        _story(cm, case, attribution="first_name")
    assert "attribution" in refused.value.fields
    assert Story.objects.count() == 0


def test_the_library_shows_only_the_allowed_form_of_the_name(personas, case):
    cm = personas["case_manager"]
    _media_consent(cm, case, identity=True)
    story = _approved(cm, case, attribution="first_name")
    assert story.credit_name == "Marisol"
    coordinator = login_client(personas["outreach_coordinator"])
    page = coordinator.get(reverse("outreach:story_library")).content.decode()
    assert "Marisol" in page and "Quintanilla" not in page
    assert coordinator.get("/api/v1/outreach/stories").json()["items"][0]["credit"] == "Marisol"


# --- The survivor's review ------------------------------------------------------------------------------------------


def test_the_survivor_review_flow(personas, case):
    cm = personas["case_manager"]
    _media_consent(cm, case)
    story = _story(cm, case)
    client = login_client(cm)
    coordinator = login_client(personas["outreach_coordinator"])
    library = reverse("outreach:story_library")
    detail = reverse("outreach:story_case_detail", args=[case.pk, story.pk])
    # sent for review: not in the library yet
    response = client.post(reverse("outreach:story_case_send", args=[case.pk, story.pk]), {"version": story.version})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == StoryStatus.AWAITING_REVIEW
    assert SECRET_TITLE not in coordinator.get(library).content.decode()
    # the survivor asks for changes
    review = reverse("outreach:story_case_review", args=[case.pk, story.pk])
    response = client.post(
        review,
        {"version": story.version, "outcome": "changes_requested", "how": "phone", "note": "Take out the bus"},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.status, story.review_how, story.review_note) == ("changes_requested", "phone", "Take out the bus")
    assert SECRET_TITLE not in coordinator.get(library).content.decode()
    # edited: a draft again; then approved in person
    response = client.post(
        reverse("outreach:story_case_edit", args=[case.pk, story.pk]),
        {
            "version": story.version,
            "title": SECRET_TITLE,
            "text": "I walked away at night.",
            "attribution": "anonymous",
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == StoryStatus.DRAFT
    response = client.post(review, {"version": story.version, "outcome": "approved", "how": "in_person"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == StoryStatus.APPROVED and story.reviewed_on == timezone.localdate()
    assert SECRET_TITLE in coordinator.get(library).content.decode()
    assert "Approved by the survivor" in client.get(detail).content.decode()
    assert CaseEvent.objects.filter(case=case, type=EventType.STORY_REVIEWED).count() == 2
    # a later edit needs a new review: it leaves the library
    actions.do_edit_story(
        actor=cm,
        story=story,
        data=actions.StoryInput(title=SECRET_TITLE, text="Another version."),
        expected_version=story.version,
    )
    assert SECRET_TITLE not in coordinator.get(library).content.decode()


def test_a_review_in_the_future_or_without_an_answer_is_refused(personas, case):
    cm = personas["case_manager"]
    _media_consent(cm, case)
    story = _story(cm, case)
    client = login_client(cm)
    review = reverse("outreach:story_case_review", args=[case.pk, story.pk])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        review, {"version": story.version, "outcome": "approved", "how": "phone", "reviewed_on": tomorrow}
    )
    assert response.status_code == 400 and "cannot be in the future" in response.content.decode()
    response = client.post(review, {"version": story.version, "how": "phone"})
    assert response.status_code == 400
    story.refresh_from_db()
    assert story.status == "draft" and story.version == 1


def test_a_stale_edit_shows_the_conflict_with_the_current_values(personas, case):
    cm = personas["case_manager"]
    _media_consent(cm, case)
    story = _story(cm, case)
    actions.do_send_story_for_review(actor=cm, story=story, expected_version=story.version)
    response = login_client(cm).post(
        reverse("outreach:story_case_edit", args=[case.pk, story.pk]),
        {"version": 1, "title": "Mine", "text": "My words.", "attribution": "anonymous"},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this story" in page and "Waiting for the survivor" in page
    story.refresh_from_db()
    assert story.title == SECRET_TITLE and story.version == 2


# --- The library --------------------------------------------------------------------------------------------------


def test_the_library_shows_only_approved_stories_on_a_live_consent(personas, case):
    cm = personas["case_manager"]
    _media_consent(cm, case)
    _story(cm, case, title="A draft")
    asked = _story(cm, case, title="Changes asked")
    actions.do_record_story_review(
        actor=cm, story=asked, outcome="changes_requested", how="phone", expected_version=asked.version
    )
    withdrawn = _approved(cm, case, title="Withdrawn one")
    actions.do_withdraw_story(actor=cm, story=withdrawn, reason="survivor_asked", expected_version=withdrawn.version)
    approved = _approved(cm, case, title="Approved one")
    coordinator = login_client(personas["outreach_coordinator"])
    page = coordinator.get(reverse("outreach:story_library")).content.decode()
    assert "Approved one" in page
    assert all(title not in page for title in ("A draft", "Changes asked", "Withdrawn one"))
    assert [row["id"] for row in coordinator.get("/api/v1/outreach/stories").json()["items"]] == [str(approved.pk)]
    assert coordinator.get(f"/api/v1/outreach/stories/{withdrawn.pk}").status_code == 404
    assert coordinator.get(reverse("outreach:story_library_detail", args=[withdrawn.pk])).status_code == 404


def test_the_library_query_count_does_not_grow_with_stories(personas, case, campaign, assert_max_queries):
    cm = personas["case_manager"]
    _media_consent(cm, case)
    first = _approved(cm, case)
    actions.do_use_story_in_campaign(actor=personas["outreach_coordinator"], story=first, campaign_id=campaign.pk)
    client = login_client(personas["outreach_coordinator"])
    url = reverse("outreach:story_library")
    client.get(url)  # warm the per-process caches (keys, session)
    with assert_max_queries(30) as one:
        client.get(url)
    for _ in range(5):
        story = _approved(cm, case)
        actions.do_use_story_in_campaign(actor=personas["agency_admin"], story=story, campaign_id=campaign.pk)
    with assert_max_queries(30) as six:
        assert client.get(url).content.decode().count(SECRET_TITLE) == 6
    assert len(six.captured_queries) == len(one.captured_queries)


def test_the_outreach_coordinator_never_gets_the_case_or_the_survivor(personas, case, campaign):
    cm = personas["case_manager"]
    consent = _media_consent(cm, case)
    story = _approved(cm, case)
    coordinator = login_client(personas["outreach_coordinator"])
    # uses the story in a campaign from the library page
    response = coordinator.post(reverse("outreach:story_use_add", args=[story.pk]), {"campaign": str(campaign.pk)})
    assert response.status_code == 302
    use = StoryUse.objects.get()
    assert use.campaign_id == campaign.pk and use.ended_at is None
    assert AuditEvent.objects.filter(action="story.used", object_id=str(story.pk)).exists()
    forbidden = [
        str(case.pk),
        case.number,
        str(case.survivor_id),
        case.survivor.reference,
        str(consent.pk),
        "Marisol",
        "Quintanilla",
    ]
    for url in (
        reverse("outreach:story_library"),
        reverse("outreach:story_library_detail", args=[story.pk]),
        "/api/v1/outreach/stories",
        f"/api/v1/outreach/stories/{story.pk}",
    ):
        response = coordinator.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert SECRET_TITLE in body
        assert [value for value in forbidden if value in body] == [], url
    assert (
        "Know the signs" in coordinator.get(reverse("outreach:story_library_detail", args=[story.pk])).content.decode()
    )
    # the read of one story is audited
    assert AuditEvent.objects.filter(action="story.read", object_id=str(story.pk)).exists()
    # and the case's stories are not theirs (nor a volunteer's)
    for persona in ("outreach_coordinator", "volunteer"):
        client = login_client(personas[persona])
        assert client.get(reverse("outreach:story_case_list", args=[case.pk])).status_code == 404
        assert client.get(reverse("outreach:story_case_detail", args=[case.pk, story.pk])).status_code == 404
        assert client.get(f"/api/v1/cases/{case.pk}/stories").status_code == 404
    # taking it out of the campaign
    response = coordinator.post(reverse("outreach:story_use_end", args=[story.pk, use.pk]))
    assert response.status_code == 302
    use.refresh_from_db()
    assert use.ended_at is not None and use.ended_by == personas["outreach_coordinator"]


def test_roles_and_agencies(personas, case, campaign):
    cm = personas["case_manager"]
    _media_consent(cm, case)
    story = _approved(cm, case)
    detail = reverse("outreach:story_library_detail", args=[story.pk])
    # program directors read the library, but only those who run campaigns use a story
    director = login_client(personas["program_director"])
    assert director.get(detail).status_code == 200
    assert "Use it in a campaign" not in director.get(detail).content.decode()
    assert (
        director.post(reverse("outreach:story_use_add", args=[story.pk]), {"campaign": campaign.pk}).status_code == 403
    )
    # analysts (aggregates only) and case workers get 403 on the library
    for persona in ("analyst", "case_manager", "volunteer"):
        assert login_client(personas[persona]).get(reverse("outreach:story_library")).status_code == 403
    # another agency: its own (empty) library, 404 on agency A's story and case
    other = login_client(personas["other_agency_admin"])
    assert other.get(reverse("outreach:story_library")).status_code == 200
    assert other.get(detail).status_code == 404
    assert other.get(f"/api/v1/outreach/stories/{story.pk}").status_code == 404
    assert other.get("/api/v1/outreach/stories").json()["items"] == []
    assert (
        login_client(personas["other_agency_user"])
        .get(reverse("outreach:story_case_detail", args=[case.pk, story.pk]))
        .status_code
        == 404
    )


# --- Withdrawal everywhere ------------------------------------------------------------------------------------------


def test_staff_revocation_withdraws_the_stories_at_once(personas, case, campaign):
    cm = personas["case_manager"]
    consent = _media_consent(cm, case)
    story = _approved(cm, case)
    use = actions.do_use_story_in_campaign(actor=personas["outreach_coordinator"], story=story, campaign_id=campaign.pk)
    coordinator = login_client(personas["outreach_coordinator"])
    assert coordinator.get(f"/api/v1/outreach/stories/{story.pk}").status_code == 200
    # the case manager takes the consent back on the consent page
    response = login_client(cm).post(
        reverse("consent:revoke", args=[case.pk, consent.pk]),
        {"version": consent.version, "by_whom": "survivor", "how": "phone"},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    use.refresh_from_db()
    assert story.status == "withdrawn" and story.withdrawn_reason == "consent_revoked"
    assert use.ended_at is not None
    assert SECRET_TITLE not in coordinator.get(reverse("outreach:story_library")).content.decode()
    assert coordinator.get("/api/v1/outreach/stories").json()["items"] == []
    assert coordinator.get(f"/api/v1/outreach/stories/{story.pk}").status_code == 404
    event = CaseEvent.objects.get(case=case, type=EventType.STORY_WITHDRAWN)
    assert event.parameters == {"story_id": str(story.pk), "reason": "consent_revoked", "uses_ended": 1}


def test_the_survivors_own_revocation_in_the_portal_withdraws_the_stories(personas, case, campaign):
    cm = personas["case_manager"]
    consent = _media_consent(cm, case)
    story = _approved(cm, case)
    use = actions.do_use_story_in_campaign(actor=personas["agency_admin"], story=story, campaign_id=campaign.pk)
    account = active_portal_account(case, cm, "marisol-stories")
    response = portal_client(account).post(reverse("portal:consent_revoke", args=[consent.pk]))
    assert response.status_code == 302
    story.refresh_from_db()
    use.refresh_from_db()
    assert (story.status, story.withdrawn_reason) == ("withdrawn", "consent_revoked")
    assert use.ended_at is not None
    coordinator = login_client(personas["outreach_coordinator"])
    assert coordinator.get("/api/v1/outreach/stories").json()["items"] == []
    assert SECRET_TITLE not in coordinator.get(reverse("outreach:story_library")).content.decode()


def test_an_expired_consent_hides_the_story_and_the_daily_job_withdraws_it(personas, case, campaign):
    cm = personas["case_manager"]
    consent = _media_consent(cm, case)
    story = _approved(cm, case)
    use = actions.do_use_story_in_campaign(actor=personas["agency_admin"], story=story, campaign_id=campaign.pk)
    yesterday = timezone.localdate() - timedelta(days=1)
    ConsentRecord.objects.filter(pk=consent.pk).update(starts_on=yesterday - timedelta(days=100), expires_on=yesterday)
    coordinator = login_client(personas["outreach_coordinator"])
    # hidden at once by the selector, before any job runs
    assert coordinator.get("/api/v1/outreach/stories").json()["items"] == []
    assert coordinator.get(reverse("outreach:story_library_detail", args=[story.pk])).status_code == 404
    # an expired consent cannot carry a new story or an approval
    with pytest.raises(DomainError):
        _story(cm, case)
    # the daily job marks it withdrawn and ends its uses; a second run does nothing
    assert withdraw_stories_with_ended_consent.call() == 1
    story.refresh_from_db()
    use.refresh_from_db()
    assert (story.status, story.withdrawn_reason) == ("withdrawn", "consent_ended") and use.ended_at is not None
    assert withdraw_stories_with_ended_consent.call() == 0


def test_withdrawing_by_hand_ends_every_use(personas, case, campaign):
    cm = personas["case_manager"]
    _media_consent(cm, case)
    story = _approved(cm, case)
    actions.do_use_story_in_campaign(actor=personas["agency_admin"], story=story, campaign_id=campaign.pk)
    client = login_client(cm)
    url = reverse("outreach:story_case_withdraw", args=[case.pk, story.pk])
    assert client.post(url, {"version": story.version, "reason": "consent_revoked"}).status_code == 400
    response = client.post(url, {"version": story.version, "reason": "survivor_asked", "note": "Changed her mind"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == "withdrawn" and story.withdrawn_note == "Changed her mind"
    assert not StoryUse.objects.filter(ended_at__isnull=True).exists()
    # a withdrawn story cannot be edited or reviewed
    with pytest.raises(DomainError):
        actions.do_record_story_review(
            actor=cm, story=story, outcome="approved", how="phone", expected_version=story.version
        )
    api = client.post(
        f"/api/v1/cases/{case.pk}/stories/{story.pk}/withdraw",
        {"version": story.version, "reason": "survivor_asked"},
        content_type="application/json",
    )
    assert api.status_code == 400 and api.json()["code"] == "story.withdrawn"


# --- The API on the case side ---------------------------------------------------------------------------------------


def test_the_case_side_api_flow(personas, case):
    cm = personas["case_manager"]
    _media_consent(cm, case)
    client = login_client(cm)
    base = f"/api/v1/cases/{case.pk}/stories"
    created = client.post(base, {"title": "Title", "text": "Plain words."}, content_type="application/json")
    assert created.status_code == 201
    story = created.json()
    assert story["status"] == "draft" and story["consent_live"] is True
    sent = client.post(
        f"{base}/{story['id']}/send-for-review", {"version": story["version"]}, content_type="application/json"
    ).json()
    reviewed = client.post(
        f"{base}/{story['id']}/review",
        {"version": sent["version"], "outcome": "approved", "how": "portal", "reviewed_on": str(timezone.localdate())},
        content_type="application/json",
    ).json()
    assert reviewed["status"] == "approved" and reviewed["review_how"] == "portal"
    stale = client.patch(
        f"{base}/{story['id']}", {"version": 1, "title": "X", "text": "Y"}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert [row["id"] for row in client.get(base).json()["items"]] == [story["id"]]
    # a read-only case reader may list but not draft
    director = login_client(personas["program_director"])
    assert director.get(base).status_code == 200
    assert director.post(base, {"title": "T", "text": "W"}, content_type="application/json").status_code == 403


# --- Encryption at rest --------------------------------------------------------------------------------------------


def test_story_text_is_not_stored_in_clear(personas, case):
    cm = personas["case_manager"]
    _media_consent(cm, case, identity=True)
    story = _approved(cm, case, attribution="full_name")
    actions.do_withdraw_story(
        actor=cm,
        story=story,
        reason="staff_decision",
        note="Press asked for her address",
        expected_version=story.version,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM outreach_story")
        dump = repr(cursor.fetchall())
    needles = ["night bus", "Oaxaca-Verde", "warning signs", "Marisol", "Quintanilla", "Press asked"]
    assert [needle for needle in needles if needle in dump] == []
    story.refresh_from_db()
    assert (story.title, story.credit_name) == (SECRET_TITLE, "Marisol Quintanilla")
