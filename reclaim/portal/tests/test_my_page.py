"""The survivor's own page (issue 9 item 4): meetings, goals, questionnaires, shared documents, consents.

Real database, the real engine and actions; a survivor signed in through `portal_client`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import active_portal_account, login_client, portal_client
from reclaim.assessments.actions import do_record_assessment
from reclaim.assessments.models import Assessment, AssessmentAlert, AssessmentMode, AssessmentStatus
from reclaim.assessments.portal_actions import do_assign_portal_assessment
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment, CaseEvent, EventType
from reclaim.cases.tasklist import tasks_for
from reclaim.connect.models import PortalConsentNotice, PortalShare
from reclaim.connect.share_actions import do_share_document, do_withdraw_share
from reclaim.consent.actions import ConsentInput, do_record_consent, do_revoke_consent
from reclaim.consent.models import ConsentRecord, InformedOf
from reclaim.core.errors import DomainError
from reclaim.core.models import AuditEvent
from reclaim.documents.actions import do_upload_document
from reclaim.plans.actions import GoalData, do_add_progress_note, do_create_plan
from reclaim.referrals.actions import ReferralInput, do_create_referral
from reclaim.referrals.selectors import packet_available
from reclaim.scheduling.actions import AppointmentValues, do_book_appointment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a letter for the survivor\n"


@pytest.fixture
def case(personas, survivor_a):
    opened = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    for worker in ("clinician", "legal_advocate"):
        CaseAssignment.objects.create(agency=opened.agency, case=opened, user=personas[worker])
    return opened


@pytest.fixture
def account(case, personas):
    return active_portal_account(case, personas["case_manager"], "marisol-home")


@pytest.fixture
def other_account(personas, survivor_b):
    other_case = do_open_case(actor=personas["other_agency_user"], survivor=survivor_b, team=survivor_b.team)
    return active_portal_account(other_case, personas["other_agency_user"], "teodora-home")


def _book(actor, case, *, days=1, **values):
    starts = timezone.now().replace(microsecond=0) + timedelta(days=days)
    data = AppointmentValues(starts_at=starts, ends_at=starts + timedelta(hours=1), attendee_ids=[actor.pk], **values)
    return do_book_appointment(actor=actor, case=case, values=data, allow_conflict=True)


def _upload(actor, case, *, confidentiality="general", title="Letter from the housing office"):
    return do_upload_document(
        actor=actor,
        survivor=case.survivor,
        case=case,
        kind="correspondence",
        confidentiality=confidentiality,
        title=title,
        upload=SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
    )


def _sharing_consent(actor, case, other_agency, classes=("identity",), purpose="service_referral"):
    return do_record_consent(
        actor=actor,
        survivor=case.survivor,
        case=case,
        data=ConsentInput(
            purpose=purpose,
            method="verbal",
            signer_name="Marisol",
            witness_name="A colleague",
            recipient_kind="agency",
            recipient_agency_id=other_agency.pk,
            data_classes=list(classes),
            informed_of=list(InformedOf.values),
            expires_on=timezone.localdate() + timedelta(days=300),
        ),
    )


def _contact_consent(actor, case):
    return do_record_consent(
        actor=actor,
        survivor=case.survivor,
        case=case,
        data=ConsentInput(
            purpose="contact_channel",
            method="verbal",
            signer_name="Marisol",
            witness_name="A colleague",
            channels=["sms"],
            informed_of=list(InformedOf.values),
            expires_on=timezone.localdate() + timedelta(days=300),
        ),
    )


# --- Meetings -----------------------------------------------------------------------------------------


def test_meetings_are_neutral_and_hide_confidential_places(personas, case, account):
    cm = personas["case_manager"]
    _book(cm, case, days=1, purpose="T-visa interview prep", place="12 Harbour Street", service_type="")
    _book(cm, case, days=2, purpose="Shelter intake", place="Secret shelter, 4 Elm Road", place_confidential=True)
    _book(cm, case, days=3, mode="phone", purpose="Counselling")
    page = portal_client(account).get(reverse("portal:appointments")).content.decode()
    assert page.count('data-testid="meeting"') == 3
    assert "Meeting" in page and "case_manager" in page  # the staff member's display name
    assert "12 Harbour Street" in page
    assert "4 Elm Road" not in page and "Secret shelter" not in page
    for purpose in ("T-visa", "Shelter intake", "Counselling"):
        assert purpose not in page
    assert "By phone" in page


def test_home_shows_the_next_three_meetings_only(personas, case, account):
    for day in range(1, 6):
        _book(personas["case_manager"], case, days=day)
    page = portal_client(account).get(reverse("portal:home")).content.decode()
    assert "My next meetings" in page
    assert page.count("<strong>Meeting</strong>") == 3


def test_meetings_of_another_case_of_the_same_person_are_not_shown(personas, case, account, survivor_a):
    second = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    _book(personas["case_manager"], second, days=1, place="Other case office")
    page = portal_client(account).get(reverse("portal:appointments")).content.decode()
    assert "Other case office" not in page


# --- Goals --------------------------------------------------------------------------------------------


def test_goals_show_the_survivors_words_and_status_changes_never_staff_notes(personas, case, account):
    cm = personas["case_manager"]
    plan = do_create_plan(
        actor=cm,
        case=case,
        goals=[
            GoalData(staff_wording="Secure housing (DV shelter referral)", survivor_words="A safe place to live"),
            GoalData(staff_wording="PTSD treatment"),
        ],
    )
    goal = next(g for g in plan.goals.all() if g.survivor_words == "A safe place to live")
    do_add_progress_note(actor=cm, goal=goal, text="Called the shelter; she was anxious", new_status="in_progress")
    page = portal_client(account).get(reverse("portal:goals")).content.decode()
    assert "A safe place to live" in page
    assert "Working on it" in page
    assert "DV shelter" not in page and "PTSD" not in page
    assert "anxious" not in page
    assert "One more goal is not written in your words yet" in page


# --- Questionnaires -----------------------------------------------------------------------------------


def _phq9_post(values):
    return {f"item_{i + 1}": "" if v is None else str(v) for i, v in enumerate(values)}


def test_a_questionnaire_answered_in_the_portal_raises_the_same_alert_as_staff_entry(personas, case, account):
    assigned = do_assign_portal_assessment(actor=personas["case_manager"], account=account, instrument_code="phq9")
    client = portal_client(account)
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:assessment", args=[assigned.pk]) in home
    page = client.get(reverse("portal:assessment", args=[assigned.pk])).content.decode()
    assert "Skip this question" in page
    assert "better off dead" in page
    # when the survivor answers, skipping question 3, and question 9 is above 0
    answers = [3, 3, None, 3, 3, 3, 3, 3, 1]
    response = client.post(reverse("portal:assessment", args=[assigned.pk]), _phq9_post(answers))
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    assert "Thank you" in done
    row = Assessment.objects.get(pk=assigned.pk)
    assert row.status == AssessmentStatus.COMPLETED and row.mode == AssessmentMode.PORTAL
    assert row.administered_by is None
    # then the alerts are exactly those a staff entry of the same answers raises
    staff = do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="phq9", answers=answers)
    portal_alerts = sorted(AssessmentAlert.objects.filter(assessment=row).values_list("rule_code", "severity"))
    staff_alerts = sorted(AssessmentAlert.objects.filter(assessment=staff).values_list("rule_code", "severity"))
    assert portal_alerts == staff_alerts
    assert ("phq9_self_harm_thoughts", "urgent") in portal_alerts
    assert (row.total, row.band) == (staff.total, staff.band)
    # and neither the score nor the band reaches the survivor
    assert str(row.total) not in done and "severe" not in done.lower()
    assert CaseEvent.objects.filter(case=case, type=EventType.PORTAL_ASSESSMENT_DONE).exists()
    assert CaseEvent.objects.filter(case=case, type=EventType.ASSESSMENT_RECORDED).exists()


def test_a_questionnaire_cannot_be_answered_twice_or_with_bad_values(personas, case, account):
    assigned = do_assign_portal_assessment(actor=personas["case_manager"], account=account, instrument_code="gad7")
    client = portal_client(account)
    url = reverse("portal:assessment", args=[assigned.pk])
    bad = client.post(url, {"item_1": "99"})
    assert bad.status_code == 400
    assert Assessment.objects.get(pk=assigned.pk).status == AssessmentStatus.ASSIGNED
    assert client.post(url, {"item_1": "1"}).status_code == 302
    again = client.post(url, {"item_1": "3"})
    assert again.status_code == 200 and "Thank you" in again.content.decode()
    assert Assessment.objects.get(pk=assigned.pk).answers[0] == 1


def test_a_questionnaire_in_english_says_so_to_a_spanish_reader(personas, case, account):
    # GAD-7 has no verified Spanish text (reclaim/portal/tests/test_questionnaire_language.py has the rest)
    assigned = do_assign_portal_assessment(actor=personas["case_manager"], account=account, instrument_code="gad7")
    client = portal_client(account)
    client.cookies["django_language"] = "es"
    page = client.get(reverse("portal:assessment", args=[assigned.pk]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'lang="es"' in page
    assert "inglés" in page and 'href="?in=en"' in page


def test_a_staff_only_assessment_is_not_in_the_portal(personas, case, account):
    from reclaim.assessments.actions import do_assign_assessment

    staff_one = do_assign_assessment(
        actor=personas["case_manager"], case=case, instrument_code="phq9", mode=AssessmentMode.STAFF
    )
    assert portal_client(account).get(reverse("portal:assessment", args=[staff_one.pk])).status_code == 404


# --- Documents ----------------------------------------------------------------------------------------


def test_a_shared_document_is_downloaded_audited_then_refused_after_withdrawal(personas, case, account):
    cm = personas["case_manager"]
    document = _upload(cm, case)
    share = do_share_document(actor=cm, account=account, document=document)
    assert CaseEvent.objects.filter(case=case, type=EventType.PORTAL_SHARED).count() == 1
    client = portal_client(account)
    listing = client.get(reverse("portal:documents")).content.decode()
    assert "Letter from the housing office" in listing
    response = client.get(reverse("portal:document", args=[share.pk]))
    assert response.status_code == 200
    assert response.content == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and "housing" not in disposition and "letter" not in disposition
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(
        action="portal.document_downloaded", object_id=str(document.pk), detail__share_id=str(share.pk)
    ).exists()
    # when the case manager stops sharing it
    do_withdraw_share(actor=cm, share=share)
    assert client.get(reverse("portal:document", args=[share.pk])).status_code == 404
    assert "Letter from the housing office" not in client.get(reverse("portal:documents")).content.decode()


def test_privileged_legal_material_needs_privileged_access_to_share(personas, case, account):
    advocate = personas["legal_advocate"]
    legal = _upload(advocate, case, confidentiality="legal", title="Declaration draft")
    with pytest.raises(DomainError) as refused:
        do_share_document(actor=personas["case_manager"], account=account, document=legal)
    assert refused.value.code == "connect.share_not_readable"
    assert not PortalShare.objects.exists()
    assert do_share_document(actor=advocate, account=account, document=legal).is_live


def test_a_document_of_another_case_cannot_be_shared_and_a_share_is_not_doubled(personas, case, account, survivor_a):
    cm = personas["case_manager"]
    second = do_open_case(actor=cm, survivor=survivor_a, team=survivor_a.team)
    with pytest.raises(DomainError):
        do_share_document(actor=cm, account=account, document=_upload(cm, second))
    document = _upload(cm, case)
    do_share_document(actor=cm, account=account, document=document)
    with pytest.raises(DomainError):
        do_share_document(actor=cm, account=account, document=document)
    assert PortalShare.objects.count() == 1


# --- Consents -----------------------------------------------------------------------------------------


def test_consents_are_in_plain_words(personas, case, account, other_agency):
    _sharing_consent(personas["case_manager"], case, other_agency, classes=("identity", "trafficking_history"))
    _contact_consent(personas["case_manager"], case)
    page = portal_client(account).get(reverse("portal:consents")).content.decode()
    assert "Connecting you with another service" in page
    assert "your name" in page and "what happened to you" in page
    assert "Agency B" in page
    assert "text messages" in page
    assert "data class" not in page.lower() and "recipient" not in page.lower()
    # the sharing one can be taken back here; the contact one is changed with the case manager
    assert page.count("Take this back") == 1
    assert "To change this one, talk to your case manager." in page


def test_taking_back_a_sharing_consent_hides_the_referral_packet_and_tells_the_case_manager(
    personas, case, account, other_agency
):
    cm = personas["case_manager"]
    consent = _sharing_consent(cm, case, other_agency)
    referral = do_create_referral(
        actor=cm,
        case=case,
        data=ReferralInput(
            service_category="psychological_support", to_agency_id=other_agency.pk, data_classes=["identity"]
        ),
        send=True,
    )
    assert packet_available(referral)
    client = portal_client(account)
    url = reverse("portal:consent_revoke", args=[consent.pk])
    confirm = client.get(url).content.decode()
    assert "Take this back?" in confirm and "Yes, take it back" in confirm
    assert ConsentRecord.objects.get(pk=consent.pk).revoked_at is None  # the GET changes nothing
    response = client.post(url)
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at is not None and consent.revoked_how == "portal" and consent.revoked_by is None
    assert consent.revoked_by_whom == "survivor"
    # the referral packet is hidden exactly as after a staff revocation
    referral.refresh_from_db()
    assert not packet_available(referral)
    assert CaseEvent.objects.filter(case=case, type=EventType.PORTAL_CONSENT_REVOKED).exists()
    assert CaseEvent.objects.filter(case=case, type=EventType.CONSENT_REVOKED).exists()
    # the case manager (and assigned workers) see it on their task list until acknowledged
    today = timezone.localdate()
    items = [i for i in tasks_for(cm, today) if i.source == "portal_consent_revoked"]
    assert len(items) == 1 and items[0].case_number == case.number
    assert [i for i in tasks_for(personas["clinician"], today) if i.source == "portal_consent_revoked"]
    assert not [i for i in tasks_for(personas["volunteer"], today) if i.source == "portal_consent_revoked"]
    staff = login_client(cm)
    assert "Consents taken back in the portal" in staff.get(items[0].url).content.decode()
    notice = PortalConsentNotice.objects.get()
    staff.post(reverse("connect:my_page_change", args=[case.pk]), {"change": "acknowledge", "notice": str(notice.pk)})
    notice.refresh_from_db()
    assert notice.acknowledged_by == cm
    assert not [i for i in tasks_for(cm, today) if i.source == "portal_consent_revoked"]
    # and it cannot be taken back twice
    assert client.post(url).status_code == 404


def test_contact_and_guardian_consents_cannot_be_taken_back_in_the_portal(personas, case, account):
    contact = _contact_consent(personas["case_manager"], case)
    assert portal_client(account).post(reverse("portal:consent_revoke", args=[contact.pk])).status_code == 404
    assert ConsentRecord.objects.get(pk=contact.pk).revoked_at is None


def test_staff_revocation_still_works_as_before(personas, case, other_agency):
    consent = _sharing_consent(personas["case_manager"], case, other_agency)
    revoked = do_revoke_consent(
        actor=personas["case_manager"], consent=consent, by_whom="survivor", how="phone", expected_version=1
    )
    assert revoked.revoked_by == personas["case_manager"]
    assert not PortalConsentNotice.objects.exists()


# --- Another survivor's ids, and the home's query count ------------------------------------------------


def test_another_survivors_ids_answer_404(personas, case, account, other_account, other_agency):
    cm = personas["case_manager"]
    share = do_share_document(actor=cm, account=account, document=_upload(cm, case))
    assigned = do_assign_portal_assessment(actor=cm, account=account, instrument_code="phq9")
    consent = _sharing_consent(cm, case, other_agency)
    other = portal_client(other_account)
    for url in (
        reverse("portal:document", args=[share.pk]),
        reverse("portal:assessment", args=[assigned.pk]),
        reverse("portal:consent_revoke", args=[consent.pk]),
    ):
        assert other.get(url).status_code == 404
    assert other.post(reverse("portal:consent_revoke", args=[consent.pk])).status_code == 404
    assert other.post(reverse("portal:assessment", args=[assigned.pk]), {"item_1": "0"}).status_code == 404
    assert ConsentRecord.objects.get(pk=consent.pk).revoked_at is None
    assert Assessment.objects.get(pk=assigned.pk).status == AssessmentStatus.ASSIGNED
    page = other.get(reverse("portal:home")).content.decode()
    assert "Letter from the housing office" not in page and "Meeting" not in page


def test_staff_are_sent_to_the_portal_sign_in(personas, account):
    response = login_client(personas["case_manager"]).get(reverse("portal:documents"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:sign_in")


def test_the_home_with_every_section_costs_a_fixed_number_of_queries(
    personas, case, account, other_agency, assert_max_queries
):
    cm = personas["case_manager"]

    def add_one_of_each(n):
        _book(cm, case, days=n + 1)
        do_share_document(actor=cm, account=account, document=_upload(cm, case, title=f"Letter {n}"))
        do_assign_portal_assessment(actor=cm, account=account, instrument_code="phq9")
        _sharing_consent(cm, case, other_agency)

    do_create_plan(
        actor=cm,
        case=case,
        goals=[GoalData(staff_wording=f"Staff goal {n}", survivor_words=f"Goal {n}") for n in range(3)],
    )
    add_one_of_each(0)
    client = portal_client(account)
    client.get(reverse("portal:home"))  # warm the session and the translations
    # session, account, settings, then meetings 2, questionnaires 1, goals 2, documents 2, consents 1
    with assert_max_queries(16) as first:
        page = client.get(reverse("portal:home")).content.decode()
    for heading in ("My next meetings", "Questions for me", "My goals", "Documents for me", "What I agreed to"):
        assert heading in page
    for n in range(1, 4):
        add_one_of_each(n)
    with assert_max_queries(len(first.captured_queries)):
        client.get(reverse("portal:home"))
    assert len(page.encode()) < 100_000
