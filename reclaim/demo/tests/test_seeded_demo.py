"""The demo of 30 survivors, seeded once for this whole module and a second time on top (`seeded`): each test reads
it inside a savepoint of the module's transaction (its own changes are rolled back after it), and the module's
transaction is rolled back at the end. Seeding once instead of twice per test keeps these checks a few seconds
each; tests that need another size or an emptied demo stay in test_seed_demo.py."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from conftest import module_world
from reclaim.accounts.models import Agency, Membership, User
from reclaim.accounts.roles import Role
from reclaim.assessments import scoring
from reclaim.assessments.models import Assessment
from reclaim.cases.models import Case, CaseEvent, EventType, FollowUp
from reclaim.cases.state import ACTIVE, CaseStatus
from reclaim.core.audit import verify_chain
from reclaim.people.models import Survivor

# One worker builds the demo for every test here (pytest-xdist would otherwise build it in each process).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("seeded_demo")]

SURVIVORS = 30


@dataclass(frozen=True)
class Seeded:
    """Rows per model after the first run and after the second."""

    first: dict[str, int]
    second: dict[str, int]


def _rows() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker, tmp_path_factory) -> Iterator[Seeded]:
    documents = tmp_path_factory.mktemp("seeded_demo") / "documents"
    with module_world(django_db_blocker, documents):
        call_command("seed_demo", "--survivors", str(SURVIVORS), "--no-progress")
        first = _rows()
        call_command("seed_demo", "--survivors", str(SURVIVORS), "--no-progress")
        yield Seeded(first=first, second=_rows())


def test_a_second_run_adds_nothing_anywhere(seeded):
    changed = {label: (n, seeded.second[label]) for label, n in seeded.first.items() if seeded.second[label] != n}
    assert not changed


def test_the_demo_is_complete(seeded):
    assert Agency.objects.count() >= 3
    assert Survivor.objects.count() == SURVIVORS
    # every agency has staff in every role
    for agency in Agency.objects.all():
        assert set(Membership.objects.filter(agency=agency).values_list("role", flat=True)) == set(Role.values)
    assert User.objects.filter(is_platform_operator=True).exists()
    # cases exist in every stage, closed ones with a reason, each with a history
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert not Case.objects.filter(status="closed", close_reason="").exists()
    assert not Case.objects.filter(events__isnull=True).exists()
    assert verify_chain().first_broken_id is None


def test_follow_up_cases_have_their_schedule(seeded):
    # every case in follow-up has the default six contacts, and only past windows are recorded or missed
    in_follow_up = Case.objects.filter(status=CaseStatus.FOLLOW_UP)
    assert in_follow_up.exists()
    for case in in_follow_up:
        rows = list(FollowUp.objects.filter(case=case).order_by("sequence"))
        assert [r.offset_months for r in rows] == [1, 3, 6, 12, 18, 24]
        assert all(r.status == "scheduled" for r in rows if r.closes_on >= case.updated_at.date())


def test_cases_have_a_case_file_at_every_confidentiality_level(seeded):
    from reclaim.cases.models import CaseNote, EventCoding, HistoricEvent, Screening
    from reclaim.people.models import Relation

    # every case has notes, the first survivors' cases have clinical and legal ones too
    assert not Case.objects.filter(notes__isnull=True).exists()
    assert set(CaseNote.objects.values_list("confidentiality", flat=True)) == {"general", "clinical", "legal"}
    assert Screening.objects.filter(indicators__isnull=False).exists()
    assert Relation.objects.filter(safe_to_contact="no", connected_to_trafficking=True).exists()
    # and a trafficking history with coded types, filterable like any other
    assert not Case.objects.filter(history_events__isnull=True).exists()
    assert EventCoding.objects.filter(vocabulary="vic_TypeOfExploitation").exists()
    assert HistoricEvent.objects.filter(type="Exploitation", ended_on__isnull=False).count() == Case.objects.count()
    # and a note's timeline event names its level, never its text
    event = CaseEvent.objects.filter(type="note_added").first()
    assert set(event.parameters) == {"note_id", "confidentiality"}


def test_cases_from_assessment_on_have_screens_over_time_and_ratings(seeded):
    from reclaim.assessments.models import Assessment, OutcomeRating
    from reclaim.assessments.progress_selectors import cohort

    # only cases in the assessment stage or later have results, and most of those have several
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
    recorded = CaseEvent.objects.filter(type="assessment_recorded").count()
    assert recorded == Assessment.objects.count() - 1  # the portal's PHQ-9 waits
    assert CaseEvent.objects.filter(type="outcomes_rated").count() == OutcomeRating.objects.count()
    # and the cohort view has people to compare
    summary = cohort(Agency.objects.order_by("slug").first().pk, k=1)
    assert summary.instruments and summary.domains


def test_every_seeded_screen_is_valid_and_stored_as_the_scoring_scores_it(seeded):
    # given every screen the demo wrote, in the order it was given per case and instrument
    screens = (
        Assessment.objects.filter(status="completed")
        .select_related("instrument_version__instrument")
        .order_by("case_id", "instrument_version_id", "administered_on")
    )
    previous: dict[tuple[object, object], Decimal | None] = {}
    checked = 0
    for screen in screens:
        definition = screen.instrument_version.definition
        # when it is scored again by the real scoring, with the last complete total before it
        key = (screen.case_id, screen.instrument_version_id)
        again = scoring.score(definition, screen.answers, previous_total=previous.get(key))
        # then the answers are answers the instrument has, and what was stored is what the scoring gives
        assert scoring.check_answers(definition, screen.answers) == {}
        assert (screen.total, screen.band, screen.complete) == (again.total, again.band, again.complete)
        assert screen.alerts == [a.code for a in again.alerts]
        assert screen.result == again.as_json()
        previous[key] = again.total if again.complete else previous.get(key)
        checked += 1
    assert checked > SURVIVORS


def test_cases_past_intake_mostly_have_plans_with_goals_and_steps(seeded):
    from reclaim.plans.models import Goal, Plan, Task

    past_intake = Case.objects.exclude(status__in=[CaseStatus.IDENTIFIED, CaseStatus.INTAKE]).count()
    assert Plan.objects.count() >= past_intake // 2
    assert not Plan.objects.filter(case__status__in=[CaseStatus.IDENTIFIED, CaseStatus.INTAKE]).exists()
    for plan in Plan.objects.all():
        assert 2 <= Goal.objects.filter(plan=plan).count() <= 4
    assert Task.objects.filter(goal__isnull=False).exists()


def test_open_cases_have_past_and_upcoming_appointments(seeded):
    from reclaim.scheduling.models import Appointment, AppointmentAttendee, AppointmentStatus, Reminder

    count = Appointment.objects.count()
    # open cases have appointments in the past (kept or missed) and to come, each with an attendee
    assert count > 0
    statuses = set(Appointment.objects.values_list("status", flat=True))
    assert {AppointmentStatus.KEPT, AppointmentStatus.NO_SHOW, AppointmentStatus.BOOKED} <= statuses
    assert AppointmentAttendee.objects.count() == count
    assert Reminder.objects.exists()
    assert not Appointment.objects.exclude(case__status__in=ACTIVE).exists()
    assert Case.objects.filter(status__in=ACTIVE, appointments__isnull=False).exists()


def test_cases_have_legal_matters_with_consented_disclosures(seeded):
    from reclaim.legal.models import LawEnforcementContact, LegalDeadline, LegalMatter, MatterNote

    assert LegalMatter.objects.count() >= 5 and LegalDeadline.objects.exists()
    assert LegalMatter.objects.filter(outcome="granted").exclude(matter_type__relief="").exists()  # relief obtained
    # every disclosure names a consent to share with law enforcement, live on the day of the contact
    for contact in LawEnforcementContact.objects.filter(information_disclosed=True).select_related("consent"):
        assert contact.consent.purpose == "law_enforcement_disclosure"
        assert contact.consent.is_live_on(contact.occurred_on)
    assert all(link.note.confidentiality == "legal" for link in MatterNote.objects.select_related("note"))


def test_services_about_five_per_survivor_with_grants_and_events(seeded):
    from reclaim.funding.models import Grant
    from reclaim.services.models import ServiceRecord

    # entered by staff; group attendance (seed_groups) adds more, a fixed number per agency
    manual = ServiceRecord.objects.filter(source_kind="").count()
    assert 2 <= manual / Survivor.objects.count() <= 8  # about half a million for 100,000 survivors
    assert ServiceRecord.objects.count() == CaseEvent.objects.filter(type=EventType.SERVICE_RECORDED).count()
    assert Grant.objects.values("agency").distinct().count() >= 3
    assert ServiceRecord.objects.filter(grant__isnull=False).exists()


def test_groups_with_attendance_and_one_service_record_per_presence(seeded):
    from reclaim.services.models import (
        AttendanceStatus,
        GroupAttendance,
        GroupEnrolment,
        GroupProgram,
        ServiceRecord,
        ServiceSource,
    )

    for agency in Agency.objects.all():
        assert 2 <= GroupProgram.objects.filter(agency=agency).count() <= 3
    assert GroupEnrolment.objects.exists()
    present = GroupAttendance.objects.filter(status=AttendanceStatus.PRESENT).count()
    records = ServiceRecord.objects.filter(source_kind=ServiceSource.GROUP_SESSION)
    assert present == records.count() > 0
    # at most one live record per session and case
    assert not records.values("source_id", "case_id").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_the_library_has_one_approved_anonymous_story_on_a_live_media_consent(seeded):
    from reclaim.outreach.models import Story

    story = Story.objects.select_related("consent").get()
    assert (story.status, story.attribution, story.credit_name) == ("approved", "anonymous", None)
    assert story.consent.purpose == "media" and story.consent.case_id == story.case_id


def test_the_demo_survivor_can_sign_in_to_the_portal_with_the_published_credentials(seeded):
    from reclaim.connect.actions import authenticate
    from reclaim.connect.models import PortalAccount, PortalSettings
    from reclaim.demo import data
    from reclaim.demo.seed_portal import ENTRY_CODES, PORTAL_USERNAME

    assert PortalAccount.objects.count() == 1
    assert set(PortalSettings.objects.values_list("entry_code", flat=True)) == set(ENTRY_CODES.values())
    account = authenticate(username=PORTAL_USERNAME, passphrase=data.DEMO_PASSWORD)
    assert account.agency.slug == "harbor" and account.case.lead_worker.email == data.staff_email(
        "casemanager", "harbor"
    )


def test_the_demo_survivors_page_has_something_to_show(seeded):
    from django.urls import reverse
    from django.utils.html import escape

    from conftest import portal_client
    from reclaim.assessments.models import Assessment
    from reclaim.connect import home_selectors
    from reclaim.connect.models import (
        CheckIn,
        CheckInSchedule,
        PortalAccount,
        PortalMessage,
    )
    from reclaim.scheduling.models import Appointment

    account = PortalAccount.objects.select_related("case").get()
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


def test_the_demo_page_gets_a_plan_with_a_goal_in_their_words_when_the_case_has_none(seeded):
    from conftest import active_portal_account
    from reclaim.connect import home_selectors
    from reclaim.connect.models import PortalAccount
    from reclaim.consent.models import ConsentRecord
    from reclaim.demo.seed_portal import GOAL_WORDS, fill_page
    from reclaim.plans.models import Goal, GoalProgressNote

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


def test_the_stored_next_reassessment_dates_are_the_live_ones(seeded):
    from reclaim.assessments.models import ReassessmentDue
    from reclaim.assessments.schedule_selectors import next_due_dates

    stored = set(ReassessmentDue.objects.values_list("case_id", "instrument_code", "due_on"))
    assert stored
    assert stored == {(case, code, on) for case, _agency, code, on in next_due_dates(Case.objects.all())}
