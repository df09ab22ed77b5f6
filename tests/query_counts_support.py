"""Rows for the query-count test (tests/test_query_counts.py), made through the actions on the permission
matrix's objects (tests/test_permission_matrix.py).

`grow(o, rows=n, cases=m)` adds n more of every kind of row the pages list, on the matrix case, its survivor and
portal account, and agency-wide (staff, funding, directory, rights pages, reports, webhooks, imports, outreach),
and m new cases of agency A with one row of each kind. The test calls it once with one row of each (the small
world), counts, calls it again with more, and counts again: a page whose count rose runs a query per row.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from conftest import PASSWORD
from reclaim.accounts.actions import (
    do_add_agency_term,
    do_add_member,
    do_create_api_token,
    do_end_break_glass,
    do_invite_staff,
    do_start_break_glass,
)
from reclaim.accounts.models import Membership, User
from reclaim.assessments.actions import do_record_assessment
from reclaim.assessments.outcome_actions import do_rate_outcomes
from reclaim.assessments.portal_actions import do_assign_portal_assessment
from reclaim.cases.actions import (
    HistoryEventData,
    do_add_note,
    do_open_case,
    do_raise_flag,
    do_record_determination,
    do_record_history_event,
    do_record_screening,
    do_transition_case,
)
from reclaim.cases.models import Case, CaseAssignment
from reclaim.connect.checkin_actions import CheckInInput, do_check_in
from reclaim.connect.message_actions import do_send_message, do_start_thread
from reclaim.connect.share_actions import do_share_document
from reclaim.consent.actions import ConsentInput, do_record_consent
from reclaim.consent.models import InformedOf
from reclaim.consent.template_actions import TemplateInput, do_create_consent_template
from reclaim.documents.actions import do_upload_document
from reclaim.funding import actions as funding
from reclaim.interop.imports_actions import MappingInput, do_save_mapping, do_upload
from reclaim.interop.webhooks_actions import do_create_subscription, do_send_ping
from reclaim.legal.actions import (
    LEContactInput,
    do_add_deadline,
    do_add_matter_document,
    do_add_matter_note,
    do_add_rights_article,
    do_grant_privileged_access,
    do_open_matter,
    do_record_le_contact,
    do_share_rights,
)
from reclaim.legal.models import MatterType, RightsArticle
from reclaim.legal.rights_selectors import key_of, live_share_for_key
from reclaim.outreach import campaigns_actions as campaigns
from reclaim.outreach import events_actions as events
from reclaim.outreach import stories_actions
from reclaim.outreach import training_actions as training
from reclaim.outreach import volunteers_actions as volunteers
from reclaim.outreach.tests import volunteers_support
from reclaim.people.actions import do_add_relation, do_create_survivor
from reclaim.plans.actions import GoalData, TaskData, do_add_goal, do_add_progress_note, do_add_task, do_create_plan
from reclaim.plans.models import Plan
from reclaim.referrals import directory_actions as directory
from reclaim.referrals.actions import ReferralInput, do_create_referral
from reclaim.reporting.models import ReportJob
from reclaim.reporting.network import do_create_network, do_set_network_membership
from reclaim.retention.actions import do_lift_legal_hold, do_place_legal_hold, do_record_erasure_request
from reclaim.scheduling.actions import AppointmentValues, do_book_appointment
from reclaim.services.actions import ServiceEntry, do_record_service
from reclaim.services.group_actions import do_enrol, do_take_attendance
from reclaim.services.tests.groups_support import make_past_session, make_program
from tests.test_permission_matrix import (
    _b_imports,
    _campaigns,
    _d_webhooks,
    _directory,
    _events_event,
    _export_job,
    _funding,
    _grant,
    _job,
    _legal,
    _report_job,
    _thread,
    _training,
    _volunteers,
    pdf_upload,
)

# How many more rows of each kind the second growth adds, and how many more cases.
MORE = 3
MORE_CASES = 4


def _member(persona: str) -> User:
    """The persona of agency A (conftest.py's `personas`: "<persona>@a.example")."""
    return User.objects.get(email=f"{persona}@a.example")


def meeting_day() -> datetime:
    """08:00 the day after tomorrow: every appointment made here is on that day, in the case manager's calendar."""
    day = timezone.localdate() + timedelta(days=2)
    return datetime.combine(day, time(8), tzinfo=timezone.get_current_timezone())


def _serial(o: dict[str, Any]) -> int:
    """0, 1, 2, … across every grow call on these objects (free time slots, unique names)."""
    o["_serial"] = o.get("_serial", -1) + 1
    return int(o["_serial"])


def _case_rows(o: dict[str, Any], case: Case, i: int) -> None:
    """One more of each thing a case lists: notes of each confidentiality, a flag, a service, an appointment, a
    sent referral, an assessment with an alert, a history event, a document, consents, a relation, a screening,
    a determination, outcome ratings, a legal matter with a deadline, a note and a document, a law-enforcement
    contact, a rights share, a plan goal with a task and a progress note, a story."""

    manager, clinician, advocate = (_member(name) for name in ("case_manager", "clinician", "legal_advocate"))
    today = timezone.localdate()
    other_agency_id = Membership.objects.exclude(agency_id=case.agency_id).values_list("agency_id", flat=True).first()
    do_add_note(actor=manager, case=case, confidentiality="general", kind="phone_call", body=f"Called {i}.")
    do_add_note(actor=clinician, case=case, confidentiality="clinical", kind="session_note", body=f"Session {i}.")
    do_add_note(actor=advocate, case=case, confidentiality="legal", kind="other", body=f"Legal {i}.")
    do_raise_flag(actor=manager, case=case, kind="other", reason=f"Reason {i}")
    do_record_service(actor=manager, case=case, entry=ServiceEntry("education.esl", today - timedelta(days=i + 1)))
    starts = meeting_day() + timedelta(minutes=30 * (_serial(o) % 40))
    do_book_appointment(
        actor=manager,
        case=case,
        values=AppointmentValues(starts_at=starts, ends_at=starts + timedelta(minutes=30), attendee_ids=[manager.pk]),
        allow_conflict=True,
    )
    do_create_referral(
        actor=manager,
        case=case,
        data=ReferralInput(service_category="psychological_support", to_agency_id=other_agency_id),
        send=True,
    )
    do_record_assessment(actor=manager, case=case, instrument_code="phq9", answers=[0] * 8 + [1])
    do_record_history_event(actor=manager, case=case, data=HistoryEventData(type="Recruitment"))
    do_upload_document(
        actor=manager, survivor=case.survivor, case=case, kind="correspondence", upload=pdf_upload(f"letter-{i}.pdf")
    )
    for purpose, extra in (
        ("contact_channel", {"channels": ["phone"]}),
        ("media", {"recipient_kind": "any", "data_classes": ["trafficking_history"]}),
    ):
        do_record_consent(
            actor=manager,
            survivor=case.survivor,
            case=case,
            data=ConsentInput(
                purpose=purpose,
                method="verbal",
                signer_name="Signer",
                witness_name="A colleague",
                informed_of=list(InformedOf.values),
                expires_on=today + timedelta(days=300),
                **extra,
            ),
        )
    do_add_relation(actor=manager, survivor=case.survivor, values={"kind": "family_member", "name": f"Rel {i}"})
    do_record_screening(actor=manager, case=case, indicators=[], tool="")
    do_record_determination(
        actor=manager, case=case, status="PossibleVictimOfTrafficking", decided_by="NGO", decided_on=today
    )
    do_rate_outcomes(actor=manager, case=case, scores={"income": 2, "free_from_harm": 3})
    matter = do_open_matter(
        actor=advocate,
        case=case,
        matter_type=MatterType.objects.get(agency__isnull=True, jurisdiction="US", code="t_visa"),
        opened_on=today,
    )
    # on the matrix case, the matrix's matter gets the rows too (the API lists of one matter use it)
    for target in (matter, _legal(o)["matter"]) if case.pk == o["case"].pk else (matter,):
        k = _serial(o)
        do_add_deadline(
            actor=advocate, matter=target, kind="hearing", title=f"Hearing {k}", due_on=today + timedelta(k)
        )
        do_add_matter_note(actor=advocate, matter=target, body=f"Matter note {k}.")
        do_add_matter_document(actor=advocate, matter=target, upload=pdf_upload(f"filing-{k}.pdf"))
    do_record_le_contact(
        actor=manager, case=case, data=LEContactInput(occurred_on=today - timedelta(days=i), kind="interview")
    )
    # a page not shared on this case yet (eleven ship in English; t_visa is the matrix's withdrawn share)
    article = (
        RightsArticle.objects.filter(agency__isnull=True, language="en")
        .exclude(topic="t_visa")
        .order_by("topic")[_serial(o) % 10]
    )
    if live_share_for_key(case, key_of(article)) is None:
        do_share_rights(actor=manager, case=case, article=article)
    plan = Plan.objects.filter(case=case).first() or do_create_plan(actor=manager, case=case, goals=[])
    goal = do_add_goal(actor=manager, plan=plan, data=GoalData(staff_wording=f"Goal {i}", survivor_words=f"Mine {i}"))
    do_add_task(actor=manager, case=case, goal=goal, data=TaskData(title=f"Task {i}"))
    do_add_progress_note(actor=manager, goal=goal, text=f"Progress {i}")
    story = stories_actions.do_draft_story(
        actor=manager, case=case, data=stories_actions.StoryInput(title=f"Story {i}", text=f"My words {i}.")
    )
    stories_actions.do_record_story_review(
        actor=manager, story=story, outcome="approved", how="in_person", expected_version=story.version
    )


def _legal_grants(o: dict[str, Any], n: int) -> None:
    """The legal advocate lets the newest staff on the matrix case read its privileged material (never a persona
    that counts queries: their rights stay the same in both worlds)."""

    case, advocate = o["case"], _member("legal_advocate")
    for user in o["new_staff"][-n:]:
        do_grant_privileged_access(actor=advocate, case=case, user=user, reason="Preparing the interview")


def _new_cases(o: dict[str, Any], count: int) -> list[Case]:
    """More cases of agency A in team Intake, each worked by the case manager, clinician and legal advocate."""

    survivor = o["survivor"]
    workers = [_member(name) for name in ("case_manager", "clinician", "legal_advocate")]
    cases = []
    for i in range(count):
        person = do_create_survivor(
            actor=None,
            agency=survivor.agency,
            reference=f"QC-{_serial(o):05d}",
            given_name=f"Person{i}",
            team=survivor.team,
            assigned=workers,
        )
        case = do_open_case(actor=workers[0], survivor=person, team=survivor.team, urgent_needs=["safety"])
        # in intake, so reassessments fall due on it (identified cases are left out of the due lists)
        case = do_transition_case(
            actor=workers[0],
            case=case,
            to="intake",
            expected_version=case.version,
            services_consent_on=timezone.localdate() - timedelta(days=400),
        )
        for worker in workers[1:]:
            CaseAssignment.objects.create(agency_id=case.agency_id, case=case, user=worker)
        cases.append(case)
    return cases


def _group_rows(o: dict[str, Any], n: int, cases: list[Case]) -> None:
    """More group programs; on the matrix program more past sessions and the new cases enrolled, with attendance."""

    manager = _member("case_manager")
    program = o["group"]
    for _ in range(n):
        make_program(manager, program.agency, facilitators=[manager], name=f"Group {_serial(o)}")
        make_past_session(manager, program, days_ago=2 + _serial(o) % 60)
    enrolments = [do_enrol(actor=manager, program=program, case=case) for case in cases]
    for session in program.sessions.all():
        do_take_attendance(actor=manager, session=session, marks={row.pk: "present" for row in enrolments})


def _portal_rows(o: dict[str, Any], n: int) -> None:
    """For the matrix survivor's portal: more shared documents, check-ins, threads with replies, questionnaires."""

    manager, account, case = _member("case_manager"), o["portal_account"], o["case"]
    for i in range(n):
        instrument = ("gad7", "pcl5", "brs")[i % 3]
        document = do_upload_document(
            actor=manager,
            survivor=case.survivor,
            case=case,
            kind="correspondence",
            upload=pdf_upload(f"shared-{i}.pdf"),
        )
        do_share_document(actor=manager, account=account, document=document)
        do_check_in(account=account, data=CheckInInput(feeling="okay", safety="safe", note=f"Week {i}"))
        thread = do_start_thread(case=case, account=account, actor=manager, subject=f"Meeting {i}", body="Hello")
        do_send_message(thread=thread, body="Thank you.")
        do_send_message(thread=thread, actor=manager, body="See you then.")
        do_send_message(thread=_thread(o), body=f"One more thing {i}.")
        do_assign_portal_assessment(actor=manager, account=account, instrument_code=instrument)


def _staff_rows(o: dict[str, Any], n: int) -> None:
    """More staff with invitations, API tokens of the signed-in supervisor, emergency-access grants, agency terms."""

    agency, admin, supervisor = o["case"].agency, _member("agency_admin"), _member("supervisor")
    operator = User.objects.get(is_platform_operator=True)
    for _ in range(n):
        k = _serial(o)
        member = do_add_member(
            actor=admin,
            agency=agency,
            email=f"staff{k}@a.example",
            display_name=f"Staff {k}",
            role="case_manager",
            password=PASSWORD,
            teams=[o["survivor"].team],
        ).user
        CaseAssignment.objects.create(agency=agency, case=o["case"], user=member)  # as the matrix assigns
        o.setdefault("new_staff", []).append(member)
        do_invite_staff(
            actor=admin, agency=agency, email=f"new{k}@a.example", display_name=f"New {k}", role="clinician", team=None
        )
        do_create_api_token(actor=supervisor, membership=Membership.objects.get(user=supervisor), name=f"t{k}")
        grant = do_start_break_glass(
            actor=operator, agency=agency, reason="Restoring a corrupted record at the agency's request", hours=1
        )
        do_end_break_glass(actor=operator, grant=grant)
        do_add_agency_term(actor=admin, agency=agency, vocabulary=o["vocabulary"], code=f"x_Kind{k}", label=f"Kind {k}")
        do_create_consent_template(
            actor=admin,
            agency=agency,
            data=TemplateInput(
                name=f"Template {k}", purpose="contact_channel", length_days=90, text_en="Text.", channels=["sms"]
            ),
        )


def _funding_rows(o: dict[str, Any], n: int) -> None:
    """More grants, funders and in-kind gifts; on the matrix grant more budget lines, staff time and costs."""

    _funding(o)
    grant, agency, admin = _grant(o), o["case"].agency, _member("agency_admin")
    for _ in range(n):
        k = _serial(o)
        funding.do_create_grant(
            actor=admin, agency=agency, values=funding.GrantValues(name=f"Fund {k}"), known_categories=[]
        )
        funding.do_create_funder(actor=admin, agency=agency, values=funding.FunderValues(f"Funder {k}"))
        funding.do_add_budget_line(
            actor=admin,
            grant=grant,
            values=funding.BudgetLineValues(("travel", "supplies", "contractual")[k % 3], Decimal(100)),
        )
        funding.do_record_staff_time(
            actor=admin,
            grant=grant,
            values=funding.StaffTimeValues(admin.pk, date(2026, 1, 6 + k % 20), Decimal(1), Decimal(30)),
            staff_ids=[admin.pk],
        )
        funding.do_record_direct_cost(
            actor=admin,
            grant=grant,
            values=funding.DirectCostValues(date(2026, 1, 6 + k % 20), Decimal(20)),
            known_categories=[],
        )
        funding.do_record_in_kind(
            actor=admin,
            agency=agency,
            values=funding.InKindValues("volunteer", date(2026, 1, 6 + k % 20), Decimal(2), Decimal(60)),
            organization_ids=[],
        )


def _directory_rows(o: dict[str, Any], n: int) -> None:
    """More directory entries; on the matrix entry more services, locations and contacts."""

    org, agency, admin = _directory(o)["org"], o["case"].agency, _member("agency_admin")
    for _ in range(n):
        k = _serial(o)
        other = directory.do_create_organization(
            actor=admin, agency=agency, data=directory.OrganizationInput(name=f"Clinic {k}")
        )
        for entry in (org, other):
            directory.do_save_service(
                actor=admin,
                organization=entry,
                data=directory.ServiceInput(name=f"Service {k}", category_code="physical_healthcare"),
            )
            directory.do_save_location(
                actor=admin, organization=entry, data=directory.LocationInput(address_1=f"{k} Main St", city="Town")
            )
            directory.do_save_contact(actor=admin, organization=entry, data=directory.ContactInput(name=f"Jo {k}"))


def _legal_agency_rows(o: dict[str, Any], n: int) -> None:
    """More rights pages of agency A's own."""

    admin = _member("agency_admin")
    for _ in range(n):
        k = _serial(o)
        do_add_rights_article(
            actor=admin,
            agency_id=o["case"].agency_id,
            jurisdiction="US",
            language="en",
            topic=f"local_help_{k}",
            title=f"Local help {k}",
            body="Where to find help near you.",
        )


def _reporting_rows(o: dict[str, Any], n: int) -> None:
    """More coalition networks agency A has joined; more finished report and export jobs of the program director."""

    _job(o), _export_job(o), _report_job(o)
    director, admin = _member("program_director"), _member("agency_admin")
    for _ in range(n):
        network = do_create_network(actor=admin, name=f"Network {_serial(o)}")
        do_set_network_membership(actor=admin, network=network, member=True)
        for source in (o["job"], o["export_job"], o["report_job"]):
            ReportJob.objects.create(
                agency=source.agency,
                kind=source.kind,
                created_by=director,
                status="done",
                spec=source.spec,
                result=source.result,
            )


def _interop_rows(o: dict[str, Any], n: int) -> None:
    """More webhook subscriptions with deliveries, import mappings and import runs."""

    subscription = _d_webhooks(o)["subscription"]
    _b_imports(o)
    agency, admin = o["case"].agency, _member("agency_admin")
    for _ in range(n):
        k = _serial(o)
        other, _secret = do_create_subscription(
            actor=admin,
            agency=agency,
            target_url=f"https://partner{k}.example/hooks",
            event_types=["case.stage_changed"],
        )
        for target in (subscription, other):
            do_send_ping(actor=admin, subscription=target)
        do_save_mapping(
            actor=admin,
            agency=agency,
            data=MappingInput(
                name=f"crm {k}", kind="survivors", source_system="oldcrm", column_map={"source_id": "ID"}
            ),
        )
        do_upload(actor=admin, agency=agency, kind="survivors", data=b"ID,Given\nS1,Ana\n")


def _outreach_rows(o: dict[str, Any], n: int) -> None:
    """More campaigns, events, volunteers and training; on the matrix campaign, event, volunteer and course more
    partners, materials, tallies, follow-ups, survey answers, tasks, hours, sessions and participants."""

    campaign, event, course = _campaigns(o)["campaign"], _events_event(o), _training(o)["course"]
    active = _volunteers(o)["active"]
    agency, coordinator = o["case"].agency, _member("outreach_coordinator")
    admin, volunteer_user = _member("agency_admin"), _member("volunteer")
    for i in range(n):
        k = _serial(o)
        campaigns.do_create_campaign(actor=coordinator, agency=agency, values=campaigns.CampaignValues(name=f"C {k}"))
        campaigns.do_add_partner(
            actor=coordinator, campaign=campaign, values=campaigns.PartnerValues(name=f"Partner {k}", kind="police")
        )
        campaigns.do_upload_material(
            actor=coordinator,
            campaign=campaign,
            values=campaigns.MaterialValues(title=f"Leaflet {k}", language="eng", kind="poster"),
            upload=pdf_upload(f"leaflet-{k}.pdf"),
        )
        campaigns.do_record_tally(
            actor=coordinator,
            campaign=campaign,
            values=campaigns.TallyValues(
                on=timezone.localdate() - timedelta(days=i), channel="print", reached_online=5
            ),
        )
        other = events.do_create_event(
            actor=coordinator,
            agency=agency,
            values=events.EventValues(
                title=f"Workshop {k}",
                starts_at=timezone.now() - timedelta(days=i + 2),
                campaign_id=campaign.pk,
                facilitator_ids=[coordinator.pk],
            ),
        )
        for target in (event, other):
            events.do_add_follow_up(
                actor=coordinator, event=target, what=f"Call back {k}", owner_id=coordinator.pk, due_on=None
            )
            events.do_enter_paper_survey(actor=coordinator, event=target, phase="post", answers=[1, 1, 0, 1, 0])
        fresh = volunteers_support.applicant(coordinator, agency, f"Helper {k}")
        for target in (active, fresh, _volunteers(o)["applicant"]):
            volunteers.do_record_agreement(
                actor=coordinator,
                volunteer=target,
                values=volunteers.AgreementValues("code_of_conduct", timezone.localdate()),
            )
        task = volunteers_support.task(coordinator, active, title=f"Drive {k}")
        task = volunteers.do_respond_to_assignment(
            actor=volunteer_user, assignment=task, expected_version=task.version, accept=True
        )
        volunteers_support.hours(volunteer_user, task, days_ago=i + 3)
        volunteers.do_thank_volunteer(actor=coordinator, volunteer=active, note=f"Thank you {k}")
        training.do_create_course(actor=admin, agency=agency, values=training.CourseValues(f"Course {k}"))
        session = training.do_create_session(
            actor=admin, course=course, values=training.SessionValues(timezone.localdate() - timedelta(days=i + 8))
        )
        for name in ("supervisor", "clinician"):
            participant = training.do_add_participant(
                actor=admin, session=session, values=training.ParticipantValues(kind="staff", user_id=_member(name).pk)
            )
            training.do_mark_participant(
                actor=admin, participant=participant, status="completed", expected_version=participant.version
            )
        # the matrix session's attendance sheet grows too
        training.do_add_participant(
            actor=admin, session=_training(o)["session"], values=training.ParticipantValues(kind="community")
        )


def _retention_rows(o: dict[str, Any], n: int, cases: list[Case]) -> None:
    """Legal holds placed and lifted on the matrix case (its holds list grows); on each new case an active hold
    and its person's erasure request (the admin's lists of active holds and of requests grow, each request
    blocked by the hold)."""

    advocate, manager = _member("legal_advocate"), _member("case_manager")
    for i in range(n):
        hold = do_place_legal_hold(actor=advocate, case=o["case"], reason=f"Subpoena {i}")
        do_lift_legal_hold(actor=advocate, hold=hold, reason=f"Trial {i} over")
    for case in cases:
        do_place_legal_hold(actor=advocate, case=case, reason="Court order")
        do_record_erasure_request(
            actor=manager,
            survivor=case.survivor,
            requested_on=timezone.localdate(),
            requested_by="survivor",
            verification="in_person",
        )


def short_case(o: dict[str, Any]) -> Case:
    """A second case worked like the matrix case, for lists that show one page of a case's many rows (the
    timeline, 50 events): the matrix case fills a page before any growth, this one only after (made once)."""
    if "short_case" not in o:
        o["short_case"] = _new_cases(o, 1)[0]
    return o["short_case"]


def grow(o: dict[str, Any], *, rows: int, cases: int) -> None:
    """`rows` more rows of every kind on the matrix objects (and its short case, if made) and agency-wide, and
    `cases` new cases of agency A with one row of each kind."""
    for case in (o["case"], o["short_case"]) if "short_case" in o else (o["case"],):
        for i in range(rows):
            _case_rows(o, case, i)
    new_cases = _new_cases(o, cases)
    for case in new_cases:
        _case_rows(o, case, 0)
    _group_rows(o, rows, new_cases)
    _retention_rows(o, rows, new_cases)
    for add in (
        _staff_rows,
        _legal_grants,
        _portal_rows,
        _funding_rows,
        _directory_rows,
        _legal_agency_rows,
        _reporting_rows,
        _interop_rows,
        _outreach_rows,
    ):
        add(o, rows)
