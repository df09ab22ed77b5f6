from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from reclaim.accounts.models import Agency, Membership, User
from reclaim.accounts.roles import Role
from reclaim.cases.models import Case, CaseEvent, FollowUp
from reclaim.cases.state import CaseStatus
from reclaim.core.audit import verify_chain
from reclaim.people.models import Survivor, SurvivorMatchKey


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_complete():
    # given / when the seed runs twice
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    counts = (
        Agency.objects.count(),
        User.objects.count(),
        Survivor.objects.count(),
        SurvivorMatchKey.objects.count(),
        Case.objects.count(),
        CaseEvent.objects.count(),
    )
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    # then nothing is duplicated
    assert counts == (
        Agency.objects.count(),
        User.objects.count(),
        Survivor.objects.count(),
        SurvivorMatchKey.objects.count(),
        Case.objects.count(),
        CaseEvent.objects.count(),
    )
    assert Agency.objects.count() >= 3
    assert Survivor.objects.count() == 30
    # and every agency has staff in every role
    for agency in Agency.objects.all():
        assert set(Membership.objects.filter(agency=agency).values_list("role", flat=True)) == set(Role.values)
    assert User.objects.filter(is_platform_operator=True).exists()
    # and cases exist in every stage, closed ones with a reason, each with a history
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert not Case.objects.filter(status="closed", close_reason="").exists()
    assert not Case.objects.filter(events__isnull=True).exists()
    assert verify_chain().first_broken_id is None


@pytest.mark.django_db
def test_seed_demo_is_deterministic():
    call_command("seed_demo", "--survivors", "6", "--seed", "7", "--no-progress")
    first = sorted((s.reference, s.given_name, s.family_name) for s in Survivor.objects.all())
    CaseEvent.objects.all().delete()
    from reclaim.cases.models import CaseAssignment, CaseFlag, CaseNote, EventCoding, HistoricEvent, StatusDetermination
    from reclaim.people.models import Relation

    CaseFlag.objects.all().delete()
    EventCoding.objects.all().delete()
    HistoricEvent.objects.all().delete()
    CaseNote.objects.all().delete()
    Relation.objects.all().delete()
    CaseAssignment.objects.all().delete()
    StatusDetermination.objects.all().delete()
    from reclaim.scheduling.models import Appointment

    Appointment.objects.all().delete()  # with their attendees and reminders
    # group programs (seed_groups) point at cases
    from reclaim.services.models import Certificate, GroupAttendance, GroupEnrolment, ServiceRecord

    for model in (Certificate, GroupAttendance, ServiceRecord, GroupEnrolment):
        model.objects.all().delete()
    # legal matters, law-enforcement contacts and their consents point at cases and survivors (seed_legal)
    from reclaim.consent.models import ConsentRecord
    from reclaim.legal.models import LawEnforcementContact, LegalMatter

    LawEnforcementContact.objects.all().delete()
    LegalMatter.objects.all().delete()
    from reclaim.connect.models import (
        CheckIn,
        CheckInSchedule,
        MessageThread,
        PortalAccount,
        PortalMessage,
        PortalShare,
    )
    from reclaim.documents.models import Document, DocumentVersion

    # the demo survivor's portal access and what their page shows (seed_portal)
    for portal_model in (
        PortalShare,
        DocumentVersion,
        Document,
        PortalMessage,
        MessageThread,
        CheckIn,
        CheckInSchedule,
    ):
        portal_model.objects.all().delete()
    PortalAccount.objects.all().delete()
    from reclaim.assessments.models import Assessment
    from reclaim.plans.models import Goal, GoalProgressNote, Plan

    for page_model in (GoalProgressNote, Goal, Plan, Assessment):  # none with 6 survivors but the portal page's
        page_model.objects.all().delete()
    from reclaim.outreach.models import Story, StoryUse

    StoryUse.objects.all().delete()  # stories stand on a case's media consent (seed_outreach_stories)
    Story.objects.all().delete()
    ConsentRecord.objects.all().delete()
    Case.objects.all().delete()
    Survivor.objects.all().delete()
    call_command("seed_demo", "--survivors", "6", "--seed", "7", "--no-progress")
    assert first == sorted((s.reference, s.given_name, s.family_name) for s in Survivor.objects.all())


@pytest.mark.django_db
def test_seed_demo_grows_to_a_larger_count_without_duplicates():
    call_command("seed_demo", "--survivors", "9", "--no-progress")
    call_command("seed_demo", "--survivors", "15", "--no-progress")
    assert Survivor.objects.count() == 15
    assert Survivor.objects.values("agency", "reference").distinct().count() == 15


@pytest.mark.django_db
def test_seeded_follow_up_cases_have_their_schedule():
    # when the demo is seeded
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    # then every case in follow-up has the default six contacts, and only past windows are recorded or missed
    in_follow_up = Case.objects.filter(status=CaseStatus.FOLLOW_UP)
    assert in_follow_up.exists()
    for case in in_follow_up:
        rows = list(FollowUp.objects.filter(case=case).order_by("sequence"))
        assert [r.offset_months for r in rows] == [1, 3, 6, 12, 18, 24]
        assert all(r.status == "scheduled" for r in rows if r.closes_on >= case.updated_at.date())


@pytest.mark.django_db
def test_seeded_cases_have_a_case_file_at_every_confidentiality_level():
    from reclaim.cases.models import CaseNote, Screening
    from reclaim.people.models import Relation

    call_command("seed_demo", "--survivors", "30", "--no-progress")
    counts = (CaseNote.objects.count(), Screening.objects.count(), Relation.objects.count())
    # every case has notes, the first survivors' cases have clinical and legal ones too
    assert not Case.objects.filter(notes__isnull=True).exists()
    assert set(CaseNote.objects.values_list("confidentiality", flat=True)) == {"general", "clinical", "legal"}
    assert Screening.objects.filter(indicators__isnull=False).exists()
    assert Relation.objects.filter(safe_to_contact="no", connected_to_trafficking=True).exists()
    # and a trafficking history with coded types, filterable like any other
    from reclaim.cases.models import EventCoding, HistoricEvent

    assert not Case.objects.filter(history_events__isnull=True).exists()
    assert EventCoding.objects.filter(vocabulary="vic_TypeOfExploitation").exists()
    assert HistoricEvent.objects.filter(type="Exploitation", ended_on__isnull=False).count() == Case.objects.count()
    # and a note's timeline event names its level, never its text
    event = CaseEvent.objects.filter(type="note_added").first()
    assert set(event.parameters) == {"note_id", "confidentiality"}
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    assert counts == (CaseNote.objects.count(), Screening.objects.count(), Relation.objects.count())


@pytest.mark.django_db
def test_seeded_cases_from_assessment_on_have_screens_over_time_and_ratings():
    from reclaim.assessments.models import Assessment, AssessmentAlert, OutcomeRating
    from reclaim.assessments.progress_selectors import cohort

    call_command("seed_demo", "--survivors", "30", "--no-progress")
    counts = (Assessment.objects.count(), AssessmentAlert.objects.count(), OutcomeRating.objects.count())
    # then only cases in the assessment stage or later have results, and most of those have several
    assessed = Case.objects.filter(assessments__isnull=False).distinct()
    assert assessed.exists()
    assert set(assessed.values_list("status", flat=True)) <= {
        "assessment",
        "active_plan",
        "reintegration",
        "follow_up",
        "closed",
    }
    assert not Assessment.objects.filter(case__status__in=["identified", "intake", "stabilization"]).exists()
    assert {
        a.instrument_version.instrument.code
        for a in Assessment.objects.select_related("instrument_version__instrument")
    } >= {"phq9", "gad7", "pcl5"}
    later = Case.objects.filter(status="active_plan").first()
    assert later.assessments.filter(instrument_version__instrument__code="phq9").count() >= 2
    # scored with the real scoring: totals match the (encrypted) answers
    sample = Assessment.objects.filter(instrument_version__instrument__code="gad7").first()
    assert sample.complete and sample.total == sum(sample.answers)
    # and outcome ratings with every question of the scale (a few skipped), with timeline events
    assert OutcomeRating.objects.exists()
    assert CaseEvent.objects.filter(type="assessment_recorded").count() == counts[0] - 1  # the portal's PHQ-9 waits
    assert CaseEvent.objects.filter(type="outcomes_rated").count() == counts[2]
    # and the cohort view has people to compare
    summary = cohort(Agency.objects.order_by("slug").first().pk, k=1)
    assert summary.instruments and summary.domains
    # and a second run adds nothing
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    assert counts == (Assessment.objects.count(), AssessmentAlert.objects.count(), OutcomeRating.objects.count())


@pytest.mark.django_db
def test_seed_puts_back_instruments_and_scale_after_a_flush():
    from reclaim.assessments.models import Instrument, InstrumentVersion, OutcomeDomain, OutcomeScale, OutcomeSubdomain

    # given the reference data emptied (as a live-server test's flush does)
    OutcomeSubdomain.objects.all().delete()
    OutcomeDomain.objects.all().delete()
    OutcomeScale.objects.all().delete()
    InstrumentVersion.objects.all().delete()
    Instrument.objects.all().delete()
    # when the demo is seeded
    call_command("seed_demo", "--survivors", "12", "--no-progress")
    # then it loaded them again and used them
    assert set(Instrument.objects.values_list("code", flat=True)) == {"phq9", "gad7", "pcl5", "brs"}
    assert OutcomeScale.objects.filter(agency__isnull=True, is_current=True).count() == 1
    from reclaim.assessments.models import Assessment

    assert Assessment.objects.exists()


@pytest.mark.django_db
def test_seeded_cases_past_intake_mostly_have_plans_with_goals_and_steps():
    from reclaim.plans.models import Goal, Plan, Task

    call_command("seed_demo", "--survivors", "30", "--no-progress")
    plans = Plan.objects.count()
    past_intake = Case.objects.exclude(status__in=[CaseStatus.IDENTIFIED, CaseStatus.INTAKE]).count()
    assert plans >= past_intake // 2
    assert not Plan.objects.filter(case__status__in=[CaseStatus.IDENTIFIED, CaseStatus.INTAKE]).exists()
    for plan in Plan.objects.all():
        assert 2 <= Goal.objects.filter(plan=plan).count() <= 4
    assert Task.objects.filter(goal__isnull=False).exists()
    # and a second run adds none
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    assert Plan.objects.count() == plans


@pytest.mark.django_db
def test_the_demo_survivor_can_sign_in_to_the_portal_with_the_published_credentials():
    from reclaim.connect.actions import authenticate
    from reclaim.connect.models import PortalAccount, PortalSettings
    from reclaim.demo import data
    from reclaim.demo.seed_portal import ENTRY_CODES, PORTAL_USERNAME

    call_command("seed_demo", "--survivors", "30", "--no-progress")
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    assert PortalAccount.objects.count() == 1
    assert set(PortalSettings.objects.values_list("entry_code", flat=True)) == set(ENTRY_CODES.values())
    account = authenticate(username=PORTAL_USERNAME, passphrase=data.DEMO_PASSWORD)
    assert account.agency.slug == "harbor" and account.case.lead_worker.email == data.staff_email(
        "casemanager", "harbor"
    )


@pytest.mark.django_db
def test_the_demo_survivors_page_has_something_to_show_and_a_second_run_adds_nothing():
    from django.urls import reverse
    from django.utils.html import escape

    from conftest import portal_client
    from reclaim.assessments.models import Assessment
    from reclaim.connect import home_selectors
    from reclaim.connect.models import CheckIn, CheckInSchedule, MessageThread, PortalMessage, PortalShare
    from reclaim.consent.models import ConsentRecord
    from reclaim.documents.models import Document
    from reclaim.plans.models import Goal, GoalProgressNote
    from reclaim.scheduling.models import Appointment

    def counts():
        return {
            model.__name__: model.objects.count()
            for model in (
                Appointment,
                Goal,
                GoalProgressNote,
                Document,
                PortalShare,
                Assessment,
                MessageThread,
                PortalMessage,
                CheckIn,
                CheckInSchedule,
                ConsentRecord,
                CaseEvent,
            )
        }

    # given the demo seeded
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    from reclaim.connect.models import PortalAccount

    account = PortalAccount.objects.select_related("case").get()
    before = counts()
    # when the demo survivor opens their page
    response = portal_client(account).get(reverse("portal:home"))
    # then every section has something, and nothing is empty
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing here yet" not in page
    for heading in ("My next meetings", "Questions for me", "My goals", "Documents for me", "What I agreed to"):
        assert heading in page
    assert "You have 1 new message." in page
    goals = home_selectors.goals_for_account(account).goals
    assert goals and escape(goals[0].words) in page
    assert "Working on it" in page
    share = home_selectors.live_shares(account).get()
    assert share.document.confidentiality == "general" and escape(share.document.title or "Document") in page
    # seeded through the actions, on the account's case: a meeting next week with the case manager...
    meeting = Appointment.objects.filter(case=account.case, attendees=account.case.lead_worker).latest("starts_at")
    assert 5 <= (meeting.starts_at.date() - timezone.localdate()).days <= 14
    assert Assessment.objects.filter(case=account.case, mode="portal", status="assigned").exists()
    # ...a thread with a reply from them, one calm check-in and a weekly schedule (never an urgent one)
    assert PortalMessage.objects.filter(thread__account=account, from_survivor=True).count() == 1
    assert list(CheckIn.objects.filter(account=account).values_list("feeling", "safety", "urgent")) == [
        ("okay", "safe", False)
    ]
    assert CheckInSchedule.objects.get(account=account).every_days == 7
    assert not CheckIn.objects.filter(urgent=True).exists()
    # and a consent they could take back
    assert "Take this back" in portal_client(account).get(reverse("portal:consents")).content.decode()
    # and a second run adds nothing
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    assert counts() == before


@pytest.mark.django_db
def test_the_demo_page_gets_a_plan_with_a_goal_in_their_words_when_the_case_has_none():
    from conftest import active_portal_account
    from reclaim.connect import home_selectors
    from reclaim.connect.models import PortalAccount
    from reclaim.consent.models import ConsentRecord
    from reclaim.demo.seed_portal import GOAL_WORDS, fill_page
    from reclaim.plans.models import Goal, GoalProgressNote

    call_command("seed_demo", "--survivors", "30", "--no-progress")
    case = (
        Case.objects.filter(agency__slug="harbor", plan__isnull=True, is_minor=False)
        .exclude(status="closed")
        .exclude(pk__in=PortalAccount.objects.values("case_id"))
        .select_related("lead_worker")
        .order_by("number")
        .first()
    )
    account = active_portal_account(case, case.lead_worker, "second demo")
    # when the page is filled for a case without a plan
    fill_page(account, case.lead_worker)
    # then a plan starts with their goal, "Working on it" since today
    goals = home_selectors.goals_for_account(account).goals
    assert [(goal.words, goal.status, len(goal.steps)) for goal in goals] == [(GOAL_WORDS, "in_progress", 1)]
    assert home_selectors.live_shares(account).count() == 1
    assert [(c.purpose, c.given_by) for c in home_selectors.consents_for_account(account) if c.revoked_at is None] == [
        ("service_referral", "survivor")
    ]
    # and filling it again adds nothing
    counts = (Goal.objects.count(), GoalProgressNote.objects.count(), ConsentRecord.objects.count())
    fill_page(account, case.lead_worker)
    assert counts == (Goal.objects.count(), GoalProgressNote.objects.count(), ConsentRecord.objects.count())
