"""Every route × every persona → the expected status. A route without an entry fails the build.

Expectations follow DOMAIN.md §1: case data only to casework roles of the owning agency (assignment,
team or agency scope), staff administration and the audit log to agency admins, emergency access to
platform operators, and the same 404 for "missing" and "not yours".
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import (
    ALL_PERSONAS,
    SURVIVOR_PERSONAS,
    active_portal_account,
    isolated_settings,
    login_client,
    make_personas,
    make_survivor_a,
    make_survivor_b,
    module_world,
)
from reclaim.accounts.actions import (
    do_add_agency_term,
    do_create_agency,
    do_create_api_token,
    do_create_team,
    do_end_break_glass,
    do_invite_staff,
    do_start_break_glass,
)
from reclaim.accounts.models import Membership
from reclaim.api.api import api
from reclaim.assessments.actions import do_record_assessment
from reclaim.assessments.outcome_actions import do_rate_outcomes
from reclaim.cases.actions import (
    HistoryEventData,
    do_add_note,
    do_decide_approval,
    do_open_case,
    do_raise_flag,
    do_record_history_event,
    do_request_approval,
    do_transition_case,
)
from reclaim.cases.models import CaseAssignment
from reclaim.consent.actions import ConsentInput, do_record_consent
from reclaim.consent.models import InformedOf
from reclaim.core import htcds
from reclaim.core.vocabulary import vocabulary_by_code
from reclaim.documents.actions import do_upload_document
from reclaim.documents.models import Document
from reclaim.people.actions import do_add_relation
from reclaim.referrals.actions import ReferralInput, do_create_referral
from reclaim.services.tests.groups_support import group_objects

PDF = b"%PDF-1.4\n% matrix test\n"


def pdf_upload(name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


CASE_READERS = ["program_director", "supervisor", "case_manager", "clinician", "legal_advocate"]
CASE_EDITORS = ["supervisor", "case_manager", "clinician", "legal_advocate"]
# Screen results (DOMAIN.md §6): case readers with `sees_screen_results`; the legal advocate gets 403.
RESULT_READERS = ["program_director", "supervisor", "case_manager", "clinician"]
RESULT_EDITORS = ["supervisor", "case_manager", "clinician"]
NON_CASE_STAFF = ["agency_admin", "outreach_coordinator", "analyst", "volunteer", "partner_user"]
OUTSIDERS = ["other_agency_user", "other_agency_admin", "platform_operator"]
# Partner directory: who may change an entry their agency keeps (agency admins, staff who edit cases).
DIRECTORY_EDITORS = ["agency_admin", *CASE_EDITORS]
# Rights information (issue 7): read by case workers and agency admins, edited by admins, directors,
# supervisors and the legal team.
RIGHTS_READERS = ["agency_admin", *CASE_READERS]
RIGHTS_EDITORS = ["agency_admin", "program_director", "supervisor", "legal_advocate"]
# Legal outcomes (issue 7): aggregates for whoever sees aggregates or approves closures, in their own agency.
OUTCOME_VIEWERS = ["agency_admin", "program_director", "supervisor", "analyst", "other_agency_admin"]
# Funding (issue 8): managers (agency admins, program directors) and, for aggregates only, data analysts.
FUNDING_MANAGERS = ["agency_admin", "program_director", "other_agency_admin"]
FUNDING_READERS = [*FUNDING_MANAGERS, "analyst"]
# Roles that read aggregates run reports and exports (issue 8).
REPORT_RUNNERS = ["agency_admin", "program_director", "analyst", "other_agency_admin"]
# Survivors' stories library (issue 10): read by whoever runs campaigns and program directors; used in campaigns by
# whoever runs campaigns. Analysts see aggregates only: a story is one person's words.
STORY_READERS = ["outreach_coordinator", "agency_admin", "program_director"]
STORY_USERS = ["outreach_coordinator", "agency_admin"]


def expect(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    """A staff route: survivors' portal sessions get 404 on it (reclaim/portal/middleware.py) unless overridden."""
    table = dict.fromkeys(ALL_PERSONAS, default)
    table["anonymous"] = anonymous
    table.update(dict.fromkeys(SURVIVOR_PERSONAS, 404))
    table.update(overrides)
    return table


def portal_public() -> dict[str, int]:
    """A public portal page: everyone, signed in or not."""
    return dict.fromkeys(ALL_PERSONAS, 200)


def portal_signed_in(survivor: int = 200, other_survivor: int = 200) -> dict[str, int]:
    """A signed-in portal page: survivors; everyone else (staff too) is sent to the portal's sign-in page."""
    table = dict.fromkeys(ALL_PERSONAS, 302)
    table.update(survivor=survivor, other_survivor=other_survivor)
    return table


def _empty_hsds_zip() -> SimpleUploadedFile:
    """An HSDS 3.0 tabular package with every table and no rows: a valid import that changes nothing."""
    import io
    import zipfile

    from reclaim.referrals.directory_hsds_tabular import TABLES

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name, columns in TABLES.items():
            archive.writestr(name, ",".join(columns) + "\r\n")
    return SimpleUploadedFile("directory.zip", data.getvalue(), content_type="application/zip")


def each(personas: list[str], status: int) -> dict[str, int]:
    return dict.fromkeys(personas, status)


def _service(o: dict[str, Any]) -> Any:
    """A service record on the matrix case, made once per test (issue 5, service log)."""
    if "service" not in o:
        from reclaim.services.actions import ServiceEntry, do_record_service

        o["service"] = do_record_service(
            actor=o["_case_manager"], case=o["case"], entry=ServiceEntry("education.esl", date(2026, 1, 5))
        )
    return o["service"]


def _legal_grant(o: dict[str, Any]) -> Any:
    """The legal advocate lets the case manager read the matrix case's privileged material (made once)."""
    if "legal_grant" not in o:
        from reclaim.legal.actions import do_grant_privileged_access

        advocate = Membership.objects.get(role="legal_advocate", agency=o["case"].agency).user
        o["legal_grant"] = do_grant_privileged_access(
            actor=advocate, case=o["case"], user=o["_case_manager"], reason="Preparing the T-visa interview"
        )
    return o["legal_grant"]


def _urgent_check_in(o: dict[str, Any]) -> Any:
    """An urgent check-in by the matrix survivor (made once per test)."""
    if "urgent_check_in" not in o:
        from reclaim.connect.checkin_actions import CheckInInput, do_check_in

        o["urgent_check_in"] = do_check_in(account=o["portal_account"], data=CheckInInput(safety="not_safe"))
    return o["urgent_check_in"]


def _portal_settings(o: dict[str, Any]) -> Any:
    """Agency A's portal settings (made with the portal access on the matrix case)."""
    from reclaim.connect.selectors import settings_for_agency

    return settings_for_agency(o["case"].agency_id)


def _job(o: dict[str, Any]) -> Any:
    """A finished report job of the program director (only they may see it)."""
    if "job" not in o:
        from reclaim.reporting.models import ReportJob

        director = Membership.objects.get(role="program_director", agency=o["case"].agency).user
        o["job"] = ReportJob.objects.create(agency=o["case"].agency, kind="report", created_by=director, status="done")
    return o["job"]


def _export_job(o: dict[str, Any]) -> Any:
    """A finished de-identified export of the program director (only they may download it)."""
    if "export_job" not in o:
        from reclaim.reporting.models import ReportJob

        director = Membership.objects.get(role="program_director", agency=o["case"].agency).user
        o["export_job"] = ReportJob.objects.create(
            agency=o["case"].agency,
            kind="export",
            created_by=director,
            status="done",
            result={"period": "2025", "columns": ["rowNumber"], "rows": [], "summary": {"k": 11}},
        )
    return o["export_job"]


def _network(o: dict[str, Any]) -> Any:
    """A coalition network that agency A has joined (agency B has not)."""
    if "network" not in o:
        from reclaim.reporting.network import do_create_network, do_set_network_membership

        admin = Membership.objects.get(role="agency_admin", agency=o["case"].agency).user
        o["network"] = do_create_network(actor=admin, name="Matrix network")
        do_set_network_membership(actor=admin, network=o["network"], member=True)
    return o["network"]


def _report_job(o: dict[str, Any]) -> Any:
    """A finished funder report of the program director, with a stored result (only they may download it)."""
    if "report_job" not in o:
        from reclaim.reporting.models import ReportJob

        director = Membership.objects.get(role="program_director", agency=o["case"].agency).user
        o["report_job"] = ReportJob.objects.create(
            agency=o["case"].agency,
            kind="report",
            created_by=director,
            status="done",
            spec={"template": "voca", "period": "2026"},
            result={"name": "VOCA", "period": "2026", "k": 11, "tables": [], "definitions": []},
        )
    return o["report_job"]


def _grant(o: dict[str, Any]) -> Any:
    if "funding_grant" not in o:
        from reclaim.funding.actions import GrantValues, do_create_grant

        o["funding_grant"] = do_create_grant(
            actor=o["_case_manager"],
            agency=o["case"].agency,
            values=GrantValues(name="Matrix fund"),
            known_categories=[],
        )
    return o["funding_grant"]


def _funding(o: dict[str, Any]) -> dict[str, Any]:
    """A funder, a budget line, staff time, a direct cost and an in-kind contribution on the matrix grant."""
    if "funding" not in o:
        from decimal import Decimal

        from reclaim.funding import actions as funding

        grant = _grant(o)
        admin = Membership.objects.get(agency=grant.agency, role="agency_admin").user
        o["funding"] = {
            "funder": funding.do_create_funder(actor=admin, agency=grant.agency, values=funding.FunderValues("OVC")),
            "line": funding.do_add_budget_line(
                actor=admin, grant=grant, values=funding.BudgetLineValues("personnel", Decimal(1000))
            ),
            "staff_time": funding.do_record_staff_time(
                actor=admin,
                grant=grant,
                values=funding.StaffTimeValues(admin.pk, date(2026, 1, 5), Decimal(2), Decimal(30)),
                staff_ids=[admin.pk],
            ),
            "cost": funding.do_record_direct_cost(
                actor=admin,
                grant=grant,
                values=funding.DirectCostValues(date(2026, 1, 5), Decimal(50)),
                known_categories=[],
            ),
            "in_kind": funding.do_record_in_kind(
                actor=admin,
                agency=grant.agency,
                values=funding.InKindValues("volunteer", date(2026, 1, 5), Decimal(3), Decimal(60)),
                organization_ids=[],
            ),
        }
    return o["funding"]


def _check_in(o: dict[str, Any]) -> Any:
    """An urgent portal check-in from the survivor of the matrix case (made once)."""
    if "check_in" not in o:
        from reclaim.connect.checkin_actions import CheckInInput, do_check_in

        o["check_in"] = do_check_in(account=o["portal_account"], data=CheckInInput(safety="not_safe"))
    return o["check_in"]


def _thread(o: dict[str, Any]) -> Any:
    """A portal message thread the survivor of the matrix case started, with a PDF attached (made once)."""
    if "thread" not in o:
        from reclaim.connect.message_actions import do_start_thread

        account = o["portal_account"]
        o["thread"] = do_start_thread(
            case=account.case, account=account, body="Hello", attachment=pdf_upload("note.pdf")
        )
        message = o["thread"].messages.get()
        o["thread_message"], o["thread_attachment"] = message, message.attachments.get()
    return o["thread"]


def _campaigns(o: dict[str, Any]) -> dict[str, Any]:
    """An awareness campaign of agency A with a partner and a material (issue 10, campaigns; made once)."""
    if "campaigns" not in o:
        from reclaim.outreach import campaigns_actions as outreach

        coordinator = Membership.objects.get(role="outreach_coordinator", agency=o["case"].agency).user
        campaign = outreach.do_create_campaign(
            actor=coordinator, agency=o["case"].agency, values=outreach.CampaignValues(name="Matrix campaign")
        )
        o["campaigns"] = {
            "campaign": campaign,
            "partner": outreach.do_add_partner(
                actor=coordinator, campaign=campaign, values=outreach.PartnerValues(name="Port police", kind="police")
            ),
            "material": outreach.do_upload_material(
                actor=coordinator,
                campaign=campaign,
                values=outreach.MaterialValues(title="Poster", language="eng", kind="poster"),
                upload=pdf_upload("poster.pdf"),
            ),
        }
    return o["campaigns"]


_CAMPAIGN_READERS = ["agency_admin", "program_director", "outreach_coordinator", "analyst"]
_CAMPAIGN_RUNNERS = ["agency_admin", "outreach_coordinator"]


def _campaign_url(name: str, *extra: str) -> Callable[[dict[str, Any]], str]:
    return lambda o: reverse(
        f"outreach:{name}", args=[_campaigns(o)["campaign"].pk, *(_campaigns(o)[key].pk for key in extra)]
    )


def _events_event(o: dict[str, Any]) -> Any:
    """An outreach event of agency A that started yesterday, its public feedback link open, with a follow-up
    owned by the outreach coordinator (its only facilitator); made once per test (issue 10, events)."""
    if "events_event" not in o:
        from reclaim.outreach.events_actions import EventValues, do_add_follow_up, do_create_event, do_set_survey_open

        agency = o["case"].agency
        coordinator = Membership.objects.get(role="outreach_coordinator", agency=agency).user
        event = do_create_event(
            actor=coordinator,
            agency=agency,
            values=EventValues(
                title="Matrix workshop",
                starts_at=timezone.now() - timedelta(days=1),
                place="Community hall",
                facilitator_ids=[coordinator.pk],
            ),
        )
        o["events_event"] = do_set_survey_open(actor=coordinator, event=event, open_=True)
        o["events_follow_up"] = do_add_follow_up(
            actor=coordinator, event=event, what="Send the slides", owner_id=coordinator.pk, due_on=None
        )
    return o["events_event"]


def _events_follow_up(o: dict[str, Any]) -> Any:
    _events_event(o)
    return o["events_follow_up"]


# Events (issue 10): readers of outreach see events; those who run outreach plan and record them.
EVENT_READERS = ["agency_admin", "program_director", "outreach_coordinator", "analyst"]
EVENT_PLANNERS = ["agency_admin", "outreach_coordinator"]
# Another agency's event: 404 for its staff, and for the platform operator (no agency).
EVENT_OUTSIDERS = ["other_agency_user", "other_agency_admin", "platform_operator"]


def _volunteers(o: dict[str, Any]) -> dict[str, Any]:
    """Issue 10 volunteers: an applicant, and an active volunteer linked to the `volunteer` persona's sign-in with
    an accepted task and hours waiting for approval (made once per test)."""
    if "volunteers" not in o:
        from decimal import Decimal

        from reclaim.outreach import volunteers_actions as v

        agency = o["case"].agency
        coordinator = Membership.objects.get(agency=agency, role="outreach_coordinator").user
        volunteer_user = Membership.objects.get(agency=agency, role="volunteer").user
        applicant = v.do_record_application(
            actor=coordinator, agency=agency, values=v.VolunteerValues("Matrix applicant", email="app@x.example")
        )
        active = v.do_record_application(actor=coordinator, agency=agency, values=v.VolunteerValues("Matrix helper"))
        active = v.do_change_volunteer_status(actor=coordinator, volunteer=active, expected_version=1, to="screening")
        check = active.screenings.get(kind="background_check")
        v.do_record_screening(
            actor=coordinator, screening=check, expected_version=1, values=v.ScreeningValues("passed", date(2026, 1, 2))
        )
        v.do_record_agreement(
            actor=coordinator, volunteer=active, values=v.AgreementValues("confidentiality", date(2026, 1, 2))
        )
        active = v.do_change_volunteer_status(actor=coordinator, volunteer=active, expected_version=2, to="active")
        active.user = volunteer_user
        active.save()
        task = v.do_create_assignment(
            actor=coordinator,
            volunteer=active,
            values=v.AssignmentValues("transport", "Drive to the clinic", timezone.now() - timedelta(days=2)),
        )
        task = v.do_respond_to_assignment(actor=volunteer_user, assignment=task, expected_version=1, accept=True)
        hours = v.do_log_hours(
            actor=volunteer_user,
            assignment=task,
            values=v.HoursValues(timezone.localdate() - timedelta(days=2), Decimal(2)),
        )
        o["volunteers"] = {
            "applicant": applicant,
            "screening": applicant.screenings.get(kind="interview"),
            "active": active,
            "task": task,
            "hours": hours,
        }
    return o["volunteers"]


# Issue 10 volunteers: coordinators (outreach coordinators, agency admins) of the agency; the volunteer's own pages.
VOLUNTEER_MANAGERS = ["agency_admin", "outreach_coordinator"]


def _vol_page(other_agency_admin: int = 404, managers: int = 200) -> dict[str, int]:
    return expect(403, **each(VOLUNTEER_MANAGERS, managers), other_agency_admin=other_agency_admin)


def _stories_objects(o: dict[str, Any]) -> dict[str, Any]:
    """A media consent on the matrix case, a story on it approved by the survivor (so it is in agency A's library),
    a campaign of agency A and the story's use in it (made once)."""
    if "stories" not in o:
        from reclaim.outreach import stories_actions
        from reclaim.outreach.models import Campaign

        case, worker = o["case"], o["_case_manager"]
        consent = do_record_consent(
            actor=worker,
            survivor=case.survivor,
            case=case,
            data=ConsentInput(
                purpose="media",
                method="verbal",
                signer_name="Marisol",
                witness_name="A colleague",
                recipient_kind="any",
                data_classes=["trafficking_history"],
                informed_of=list(InformedOf.values),
                expires_on=timezone.localdate() + timedelta(days=300),
            ),
        )
        story = stories_actions.do_draft_story(
            actor=worker,
            case=case,
            data=stories_actions.StoryInput(title="Finding work again", text="I found a job I chose myself."),
        )
        story = stories_actions.do_record_story_review(
            actor=worker, story=story, outcome="approved", how="in_person", expected_version=story.version
        )
        campaign = Campaign.objects.create(agency_id=case.agency_id, name="Matrix stories campaign")
        use = stories_actions.do_use_story_in_campaign(actor=worker, story=story, campaign_id=campaign.pk)
        o["stories"] = {"consent": consent, "story": story, "campaign": campaign, "use": use}
    return o["stories"]


# Staff training (issue 10 item 3): the agency's training managers.
TRAINING_MANAGERS = ["agency_admin", "program_director", "outreach_coordinator"]


def _training(o: dict[str, Any]) -> dict[str, Any]:
    """Agency A's trauma-informed care course, a past session with the case manager on it, and their certificate."""
    if "training" not in o:
        from reclaim.outreach import training_actions as training

        agency = o["case"].agency
        admin = Membership.objects.get(role="agency_admin", agency=agency).user
        course = training.do_create_course(
            actor=admin,
            agency=agency,
            values=training.CourseValues("Matrix trauma-informed care", topic="trauma_informed_care", valid_months=24),
        )
        session = training.do_create_session(
            actor=admin, course=course, values=training.SessionValues(timezone.localdate() - timedelta(days=7))
        )
        participant = training.do_add_participant(
            actor=admin,
            session=session,
            values=training.ParticipantValues(kind="staff", user_id=o["_case_manager"].pk),
        )
        participant = training.do_mark_participant(
            actor=admin, participant=participant, status="completed", expected_version=participant.version
        )
        o["training"] = {
            "course": course,
            "session": session,
            "participant": participant,
            "certificate": participant.certificate,
        }
    return o["training"]


def _d_webhooks(o: dict[str, Any]) -> dict[str, Any]:
    """Agency A's webhook subscription (issue 11 item 5) and a failed delivery to it (made once)."""
    if "webhooks" not in o:
        from reclaim.interop.webhooks_actions import do_create_subscription, do_send_ping
        from reclaim.interop.webhooks_models import WebhookDelivery

        admin = Membership.objects.get(role="agency_admin", agency=o["case"].agency).user
        subscription, _secret = do_create_subscription(
            actor=admin,
            agency=o["case"].agency,
            target_url="https://partner.example/hooks",
            event_types=["case.stage_changed"],
        )
        delivery = do_send_ping(actor=admin, subscription=subscription)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed", attempt_count=1)
        o["webhooks"] = {"subscription": subscription, "delivery": delivery}
    return o["webhooks"]


# route name → (method, url builder taking the objects fixture, expectations)
def _b_imports(o: dict[str, Any]) -> dict[str, Any]:
    """Legacy import (issue 11 part B): a saved mapping of agency A and an uploaded file waiting for its values step."""
    if "imports" not in o:
        from reclaim.interop.imports_actions import MappingInput, do_choose_mapping, do_save_mapping, do_upload

        admin = Membership.objects.get(role="agency_admin", agency=o["case"].agency).user
        mapping = do_save_mapping(
            actor=admin,
            agency=o["case"].agency,
            data=MappingInput(name="old crm", kind="survivors", source_system="oldcrm", column_map={"source_id": "ID"}),
        )
        run = do_upload(actor=admin, agency=o["case"].agency, kind="survivors", data=b"ID,Given\nS1,Ana\n")
        do_choose_mapping(actor=admin, run=run, mapping=mapping)
        o["imports"] = {"mapping": mapping, "run": run}
    return o["imports"]


def _hold(o: dict[str, Any]) -> Any:
    """A legal hold on the matrix case, placed by the legal advocate (made once)."""
    if "hold" not in o:
        from reclaim.retention.actions import do_place_legal_hold

        advocate = Membership.objects.get(role="legal_advocate", agency=o["case"].agency).user
        o["hold"] = do_place_legal_hold(actor=advocate, case=o["case"], reason="Subpoena")
    return o["hold"]


def _erasure(o: dict[str, Any]) -> Any:
    """An erasure request for the matrix survivor, recorded by the case manager (made once)."""
    if "erasure" not in o:
        from reclaim.retention.actions import do_record_erasure_request

        o["erasure"] = do_record_erasure_request(
            actor=o["_case_manager"],
            survivor=o["case"].survivor,
            requested_on=timezone.localdate(),
            requested_by="survivor",
            verification="in_person",
        )
    return o["erasure"]


MATRIX: dict[str, tuple[str, Callable[[dict[str, Any]], str], dict[str, int]]] = {
    "home": ("get", lambda o: reverse("home"), expect(200)),
    "tasks": ("get", lambda o: reverse("tasks"), expect(200)),
    "consent:case": (
        "get",
        lambda o: reverse("consent:case", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "consent:add": (
        "get",
        lambda o: reverse("consent:add", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "consent:detail": (
        "get",
        lambda o: reverse("consent:detail", args=[o["case"].pk, o["consent"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "consent:summary": (
        "get",
        lambda o: reverse("consent:summary", args=[o["case"].pk, o["consent"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "consent:revoke": (
        "post",
        lambda o: reverse("consent:revoke", args=[o["case"].pk, o["consent"].pk]),
        expect(404, **each(CASE_EDITORS, 400), program_director=403),
    ),
    # Consent templates (issue 14): agency admins, each for their own agency; B's admin cannot reach A's.
    "consent:templates": (
        "get",
        lambda o: reverse("consent:templates"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "consent:template_add": (
        "get",
        lambda o: reverse("consent:template_add"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "consent:template_edit": (
        "get",
        lambda o: reverse("consent:template_edit", args=[_consent_template(o).pk]),
        expect(403, agency_admin=200, other_agency_admin=404),
    ),
    # An empty body: the admin gets past the gate and is sent back to the page; nothing is retired.
    "consent:template_retire": (
        "post",
        lambda o: reverse("consent:template_retire", args=[_consent_template(o).pk]),
        expect(403, agency_admin=302, other_agency_admin=404),
    ),
    # Closed-loop referrals: the sender side through A's case; the inbox of agency B (other_agency_user).
    "referrals:case_referrals": (
        "get",
        lambda o: reverse("referrals:case_referrals", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "referrals:create": (
        "get",
        lambda o: reverse("referrals:create", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "referrals:case_referral": (
        "get",
        lambda o: reverse("referrals:case_referral", args=[o["case"].pk, o["referral"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "referrals:sender_transition": (
        "post",
        lambda o: reverse("referrals:sender_transition", args=[o["case"].pk, o["referral"].pk]),
        expect(404, **each(CASE_EDITORS, 400), program_director=403),
    ),
    "referrals:override": (
        "post",
        lambda o: reverse("referrals:override", args=[o["case"].pk, o["referral"].pk]),
        expect(404, supervisor=400, program_director=400, case_manager=403, clinician=403, legal_advocate=403),
    ),
    "referrals:outcome_seen": (
        "post",
        lambda o: reverse("referrals:outcome_seen", args=[o["case"].pk, o["referral"].pk]),
        expect(404, **each(CASE_EDITORS, 302), program_director=403),
    ),
    "referrals:print": (
        "get",
        lambda o: reverse("referrals:print", args=[o["case"].pk, o["referral"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "referrals:outgoing": (
        "get",
        lambda o: reverse("referrals:outgoing"),
        expect(403, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    "referrals:incoming": (
        "get",
        lambda o: reverse("referrals:incoming"),
        expect(403, **each(CASE_EDITORS, 200), partner_user=200, other_agency_user=200),
    ),
    "referrals:incoming_detail": (
        "get",
        lambda o: reverse("referrals:incoming_detail", args=[o["referral"].pk]),
        expect(404, other_agency_user=200),
    ),
    "referrals:incoming_transition": (
        "post",
        lambda o: reverse("referrals:incoming_transition", args=[o["referral"].pk]),
        expect(404, other_agency_user=400),
    ),
    "referrals:policy": (
        "get",
        lambda o: reverse("referrals:policy"),
        expect(403, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    "invitation_accept": (
        "get",
        lambda o: reverse("invitation_accept", args=["not-a-real-invitation"]),
        expect(404, anonymous=404),
    ),
    "people:list": (
        "get",
        lambda o: reverse("people:list"),
        expect(403, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    "people:detail": (
        "get",
        lambda o: reverse("people:detail", args=[o["survivor"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "accounts:team": ("get", lambda o: reverse("accounts:team"), expect(403, agency_admin=200, other_agency_admin=200)),
    # The set-up guide (issue 14): agency admins, each for their own agency (so agency B's admin too).
    "accounts:setup_guide": (
        "get",
        lambda o: reverse("accounts:setup_guide"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "accounts:setup_guide_hide": (
        "post",
        lambda o: reverse("accounts:setup_guide_hide"),
        expect(403, agency_admin=302, other_agency_admin=302),
    ),
    "accounts:setup_guide_show": (
        "post",
        lambda o: reverse("accounts:setup_guide_show"),
        expect(403, agency_admin=302, other_agency_admin=302),
    ),
    "accounts:setup_step_mark": (
        "post",
        lambda o: reverse("accounts:setup_step_mark", args=["import"]),
        expect(403, agency_admin=302, other_agency_admin=302),
    ),
    "accounts:agency_profile": (
        "get",
        lambda o: reverse("accounts:agency_profile"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "accounts:member_edit": (
        "get",
        lambda o: reverse("accounts:member_edit", args=[o["membership"].pk]),
        expect(403, agency_admin=200, other_agency_admin=404),
    ),
    "accounts:invitation_revoke": (
        "post",
        lambda o: reverse("accounts:invitation_revoke", args=[o["invitation"].pk]),
        expect(403, agency_admin=302, other_agency_admin=404),
    ),
    "accounts:settings": ("get", lambda o: reverse("accounts:settings"), expect(200)),
    "accounts:tokens": ("get", lambda o: reverse("accounts:tokens"), expect(200)),
    "accounts:token_revoke": (
        "post",
        lambda o: reverse("accounts:token_revoke", args=[o["token"].pk]),
        expect(404, case_manager=302),
    ),
    "accounts:break_glass": ("get", lambda o: reverse("accounts:break_glass"), expect(403, platform_operator=200)),
    "accounts:break_glass_end": (
        "post",
        lambda o: reverse("accounts:break_glass_end", args=[o["grant"].pk]),
        expect(403, platform_operator=302),
    ),
    "accounts:grants_review": (
        "get",
        lambda o: reverse("accounts:grants_review"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "accounts:grant_mark_reviewed": (
        "post",
        lambda o: reverse("accounts:grant_mark_reviewed", args=[o["grant"].pk]),
        expect(403, agency_admin=302, other_agency_admin=404),
    ),
    "accounts:audit": (
        "get",
        lambda o: reverse("accounts:audit"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "accounts:vocabularies": (
        "get",
        lambda o: reverse("accounts:vocabularies"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "accounts:vocabulary": (
        "get",
        lambda o: reverse("accounts:vocabulary", args=[o["vocabulary"].pk]),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "accounts:vocabulary_term_retire": (
        "post",
        lambda o: reverse("accounts:vocabulary_term_retire", args=[o["term"].pk]),
        expect(403, agency_admin=302, other_agency_admin=404),
    ),
    "cases:list": (
        "get",
        lambda o: reverse("cases:list"),
        expect(403, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    "cases:open": (
        "get",
        lambda o: reverse("cases:open"),
        expect(403, **each(CASE_EDITORS, 200), other_agency_user=200),
    ),
    "cases:detail": (
        "get",
        lambda o: reverse("cases:detail", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "cases:transition": (
        "post",
        lambda o: reverse("cases:transition", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "cases:request_approval": (
        "post",
        lambda o: reverse("cases:request_approval", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "cases:decide_approval": (
        "post",
        lambda o: reverse("cases:decide_approval", args=[o["case"].pk, o["approval"].pk]),
        expect(404, supervisor=200, program_director=200, case_manager=403, clinician=403, legal_advocate=403),
    ),
    "cases:edit": (
        "get",
        lambda o: reverse("cases:edit", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "cases:record_determination": (
        "post",
        lambda o: reverse("cases:record_determination", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "cases:caseload": (
        "get",
        lambda o: reverse("cases:caseload"),
        expect(403, supervisor=200, program_director=200),
    ),
    "cases:assign": (
        "post",
        lambda o: reverse("cases:assign", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "cases:family": (
        "get",
        lambda o: reverse("cases:family", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "cases:relation_add": (
        "get",
        lambda o: reverse("cases:relation_add", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "cases:relation_edit": (
        "get",
        lambda o: reverse("cases:relation_edit", args=[o["case"].pk, o["relation"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "cases:relation_archive": (
        "post",
        lambda o: reverse("cases:relation_archive", args=[o["case"].pk, o["relation"].pk]),
        expect(404, **each(CASE_EDITORS, 302), program_director=403),
    ),
    "cases:contact_safety": (
        "post",
        lambda o: reverse("cases:contact_safety", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "people:relation_add": (
        "get",
        lambda o: reverse("people:relation_add", args=[o["survivor"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "people:relation_edit": (
        "get",
        lambda o: reverse("people:relation_edit", args=[o["survivor"].pk, o["relation"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "people:relation_archive": (
        "post",
        lambda o: reverse("people:relation_archive", args=[o["survivor"].pk, o["relation"].pk]),
        expect(404, **each(CASE_EDITORS, 302), program_director=403),
    ),
    # The person's details page (issue 14, tell once): case editors of the person's agency; read-only roles 403.
    "people:edit": (
        "get",
        lambda o: reverse("people:edit", args=[o["survivor"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "people:contact_safety": (
        "post",
        lambda o: reverse("people:contact_safety", args=[o["survivor"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "cases:follow_up": (
        "get",
        lambda o: reverse("cases:follow_up", args=[o["follow_up"].case_id]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "cases:follow_up_record": (
        "get",
        lambda o: reverse("cases:follow_up_record", args=[o["follow_up"].case_id, o["follow_up"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "cases:follow_up_stop": (
        "post",
        lambda o: reverse("cases:follow_up_stop", args=[o["follow_up"].case_id]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    # Agency-wide setting: agency admins and program directors (DOMAIN.md §10; see cases/access.py).
    "cases:follow_up_policy": (
        "get",
        lambda o: reverse("cases:follow_up_policy"),
        expect(403, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    "cases:record_screening": (
        "post",
        lambda o: reverse("cases:record_screening", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 302), program_director=403),
    ),
    "cases:needs": (
        "get",
        lambda o: reverse("cases:needs", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "cases:need_update": (
        "post",
        lambda o: reverse("cases:need_update", args=[o["case"].pk, o["need"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "cases:notes": (
        "get",
        lambda o: reverse("cases:notes", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "cases:note_add": (
        "post",
        lambda o: reverse("cases:note_add", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    # The note is the case manager's general note: only its author edits or strikes it.
    "cases:note_edit": (
        "get",
        lambda o: reverse("cases:note_edit", args=[o["case"].pk, o["note"].pk]),
        expect(404, **{**each(CASE_READERS, 403), "case_manager": 200}),
    ),
    "cases:note_strike": (
        "get",
        lambda o: reverse("cases:note_strike", args=[o["case"].pk, o["note"].pk]),
        expect(404, **{**each(CASE_READERS, 403), "case_manager": 200}),
    ),
    "cases:timeline": (
        "get",
        lambda o: reverse("cases:timeline", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "documents:case_documents": (
        "get",
        lambda o: reverse("documents:case_documents", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "documents:case_upload": (
        "post",
        lambda o: reverse("documents:case_upload", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "documents:survivor_documents": (
        "get",
        lambda o: reverse("documents:survivor_documents", args=[o["survivor"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "documents:survivor_upload": (
        "post",
        lambda o: reverse("documents:survivor_upload", args=[o["survivor"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "documents:detail": (
        "get",
        lambda o: reverse("documents:detail", args=[o["document"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "documents:add_version": (
        "post",
        lambda o: reverse("documents:add_version", args=[o["document"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "documents:archive": (
        "post",
        lambda o: reverse("documents:archive", args=[o["document"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "documents:download": (
        "get",
        lambda o: reverse("documents:download", args=[o["document"].pk, 1]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "cases:history": (
        "get",
        lambda o: reverse("cases:history", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "cases:history_add": (
        "get",
        lambda o: reverse("cases:history_add", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "cases:history_edit": (
        "get",
        lambda o: reverse("cases:history_edit", args=[o["case"].pk, o["history_event"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "cases:history_remove": (
        "post",
        lambda o: reverse("cases:history_remove", args=[o["case"].pk, o["history_event"].pk]),
        expect(404, **each(CASE_EDITORS, 302), program_director=403),
    ),
    "cases:flags": (
        "get",
        lambda o: reverse("cases:flags", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "cases:flag_clear": (
        "post",
        lambda o: reverse("cases:flag_clear", args=[o["case"].pk, o["flag"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    # Outcome domains (DOMAIN.md §6.2): case data, like the other tabs; the scale is the agency admin's.
    "assessments:case_outcomes": (
        "get",
        lambda o: reverse("assessments:case_outcomes", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "assessments:rate_outcomes": (
        "get",
        lambda o: reverse("assessments:rate_outcomes", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "assessments:edit_outcome_rating": (
        "get",
        lambda o: reverse("assessments:edit_outcome_rating", args=[o["case"].pk, o["outcome_rating"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "assessments:outcome_scale": (
        "get",
        lambda o: reverse("assessments:outcome_scale"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "assessments:case_assessments": (
        "get",
        lambda o: reverse("assessments:case_assessments", args=[o["case"].pk]),
        expect(404, **each(RESULT_READERS, 200), legal_advocate=403),
    ),
    "assessments:take": (
        "get",
        lambda o: reverse("assessments:take", args=[o["case"].pk, "phq9"]),
        expect(404, **each(RESULT_EDITORS, 200), program_director=403, legal_advocate=403),
    ),
    "assessments:detail": (
        "get",
        lambda o: reverse("assessments:detail", args=[o["case"].pk, o["assessment"].pk]),
        expect(404, **each(RESULT_READERS, 200), legal_advocate=403),
    ),
    # Progress over time: results, like the Assessments tab; the cohort view is aggregates for
    # views_aggregates roles (agency admin, director, analyst), each seeing its own agency.
    "assessments:case_progress": (
        "get",
        lambda o: reverse("assessments:case_progress", args=[o["case"].pk]),
        expect(404, **each(RESULT_READERS, 200), legal_advocate=403),
    ),
    "assessments:cohort": (
        "get",
        lambda o: reverse("assessments:cohort"),
        expect(403, agency_admin=200, program_director=200, analyst=200, other_agency_admin=200),
    ),
    # an empty note is refused after the gate: every editor gets the form back (200)
    "assessments:acknowledge_alert": (
        "post",
        lambda o: reverse("assessments:acknowledge_alert", args=[o["case"].pk, o["assessment_alert"].pk]),
        expect(404, **each(RESULT_EDITORS, 200), program_director=403, legal_advocate=403),
    ),
    # Reassessment schedules (DOMAIN.md §6.2): the due list is each result reader's own caseload (case
    # numbers only); the plans are agency-wide settings, like the follow-up schedule.
    "assessments:due": (
        "get",
        lambda o: reverse("assessments:due"),
        expect(403, **each(RESULT_READERS, 200), other_agency_user=200),
    ),
    # The instrument library (issue 14: languages and their sources) is configuration: result readers and
    # the roles that choose the agency's instruments, each for its own agency.
    "assessments:library": (
        "get",
        lambda o: reverse("assessments:library"),
        expect(403, **each(RESULT_READERS, 200), agency_admin=200, other_agency_user=200, other_agency_admin=200),
    ),
    "assessments:plans": (
        "get",
        lambda o: reverse("assessments:plans"),
        expect(403, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    "assessments:plan_edit": (
        "get",
        lambda o: reverse("assessments:plan_edit", args=["phq9"]),
        expect(403, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    # Individual plans (issue 5): case data like the other tabs, but roles without case data get 403 up front; the review policy is agency-wide (admins and
    # directors); sign-off is for supervisors and directors (the review here needs none, so they are sent back).
    "plans:plan": (
        "get",
        lambda o: reverse("plans:plan", args=[_plan(o)["case"].pk]),
        expect(403, other_agency_user=404, **each(CASE_READERS, 200)),
    ),
    "plans:start": (
        "post",
        lambda o: reverse("plans:start", args=[_plan(o)["case"].pk]),
        expect(403, other_agency_user=404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "plans:goal_add": (
        "get",
        lambda o: reverse("plans:goal_add", args=[_plan(o)["case"].pk]),
        expect(403, other_agency_user=404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "plans:goal": (
        "get",
        lambda o: reverse("plans:goal", args=[o["case"].pk, _plan(o)["goal"].pk]),
        expect(403, other_agency_user=404, **each(CASE_READERS, 200)),
    ),
    "plans:goal_progress": (
        "post",
        lambda o: reverse("plans:goal_progress", args=[o["case"].pk, _plan(o)["goal"].pk]),
        expect(403, other_agency_user=404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "plans:goal_service_add": (
        "post",
        lambda o: reverse("plans:goal_service_add", args=[o["case"].pk, _plan(o)["goal"].pk]),
        expect(403, other_agency_user=404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    # the supervisor (first editor in persona order) removes the planned service; after that it is gone
    "plans:goal_service_remove": (
        "post",
        lambda o: reverse(
            "plans:goal_service_remove", args=[o["case"].pk, _plan(o)["goal"].pk, _plan(o)["planned"].pk]
        ),
        expect(
            403,
            other_agency_user=404,
            supervisor=302,
            program_director=403,
            **each(["case_manager", "clinician", "legal_advocate"], 404),
        ),
    ),
    "plans:task_add": (
        "get",
        lambda o: reverse("plans:task_add", args=[_plan(o)["case"].pk]),
        expect(403, other_agency_user=404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "plans:task": (
        "get",
        lambda o: reverse("plans:task", args=[o["case"].pk, _plan(o)["task"].pk]),
        expect(403, other_agency_user=404, **each(CASE_READERS, 200)),
    ),
    "plans:task_done": (
        "post",
        lambda o: reverse("plans:task_done", args=[o["case"].pk, _plan(o)["task"].pk]),
        expect(403, other_agency_user=404, **each(CASE_EDITORS, 302), program_director=403),
    ),
    "plans:review": (
        "get",
        lambda o: reverse("plans:review", args=[_plan(o)["case"].pk]),
        expect(403, other_agency_user=404, **each(CASE_READERS, 200)),
    ),
    "plans:version": (
        "get",
        lambda o: reverse("plans:version", args=[o["case"].pk, _plan(o)["version"].pk]),
        expect(403, other_agency_user=404, **each(CASE_READERS, 200)),
    ),
    "plans:sign_off": (
        "post",
        lambda o: reverse("plans:sign_off", args=[o["case"].pk, _plan(o)["version"].pk]),
        expect(
            403,
            other_agency_user=404,
            supervisor=302,
            program_director=302,
            case_manager=403,
            clinician=403,
            legal_advocate=403,
        ),
    ),
    "plans:policy": (
        "get",
        lambda o: reverse("plans:policy"),
        expect(403, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    # Appointments (issue 5): the case file's tab and the appointment page follow the case gate.
    "scheduling:case_appointments": (
        "get",
        lambda o: reverse("scheduling:case_appointments", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "scheduling:appointment_edit": (
        "get",
        lambda o: reverse("scheduling:appointment_edit", args=[o["case"].pk, o["appointment"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "scheduling:appointment_outcome": (
        "post",
        lambda o: reverse("scheduling:appointment_outcome", args=[o["case"].pk, o["appointment"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "scheduling:appointment_cancel": (
        "post",
        lambda o: reverse("scheduling:appointment_cancel", args=[o["case"].pk, o["appointment"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    # Calendars and calendar feeds: staff who work cases, each in their own agency.
    "scheduling:calendar_day": (
        "get",
        lambda o: reverse("scheduling:calendar_day"),
        expect(403, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    "scheduling:calendar_week": (
        "get",
        lambda o: reverse("scheduling:calendar_week"),
        expect(403, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    "scheduling:feed_settings": (
        "get",
        lambda o: reverse("scheduling:feed_settings"),
        expect(403, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    "scheduling:feed_revoke": (
        "post",
        lambda o: reverse("scheduling:feed_revoke"),
        expect(403, **each(CASE_READERS, 302), other_agency_user=302),
    ),
    # The feed needs no sign-in: only a live token opens it; an unknown one is 404 for everyone.
    "scheduling:ical_feed": (
        "get",
        lambda o: reverse("scheduling:ical_feed", args=["not-a-real-feed-token"]),
        expect(404, anonymous=404),
    ),
    # Group programs: casework roles of the agency; a facilitator volunteer is covered in
    # reclaim/services/tests/test_groups_matrix.py (here the volunteer facilitates nothing: 403/404).
    "services:group_list": (
        "get",
        lambda o: reverse("services:group_list"),
        expect(403, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    "services:group_create": (
        "get",
        lambda o: reverse("services:group_create"),
        expect(403, **each(CASE_EDITORS, 200), other_agency_user=200),
    ),
    "services:group_detail": (
        "get",
        lambda o: reverse("services:group_detail", args=[o["group"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "services:group_edit": (
        "get",
        lambda o: reverse("services:group_edit", args=[o["group"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "services:group_sessions": (
        "get",
        lambda o: reverse("services:group_sessions", args=[o["group"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "services:group_generate_sessions": (
        "post",
        lambda o: reverse("services:group_generate_sessions", args=[o["group"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "services:group_add_session": (
        "post",
        lambda o: reverse("services:group_add_session", args=[o["group"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "services:group_session_cancel": (
        "post",
        lambda o: reverse("services:group_session_cancel", args=[o["group"].pk, o["group_session"].pk]),
        expect(404, **each(CASE_EDITORS, 302), program_director=403),
    ),
    "services:group_attendance": (
        "get",
        lambda o: reverse("services:group_attendance", args=[o["group"].pk, o["group_session"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "services:group_enrol": (
        "post",
        lambda o: reverse("services:group_enrol", args=[o["group"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "services:group_leave": (
        "get",
        lambda o: reverse("services:group_leave", args=[o["group"].pk, o["group_enrolment"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "services:group_complete": (
        "post",
        lambda o: reverse("services:group_complete", args=[o["group"].pk, o["group_enrolment"].pk]),
        expect(404, **each(CASE_EDITORS, 302), program_director=403),
    ),
    "services:group_certificate": (
        "get",
        lambda o: reverse("services:group_certificate", args=[o["group"].pk, o["group_enrolment"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "services:group_certificate_issue": (
        "post",
        lambda o: reverse("services:group_certificate_issue", args=[o["group"].pk, o["group_enrolment"].pk]),
        expect(404, **each(CASE_EDITORS, 302), program_director=403),
    ),
    # Service delivery log (issue 5): case readers see the tab, editors write; the day form for case editors;
    # the agency log for casework roles; the taxonomy for everyone in an agency; grants for admins and directors.
    "services:case_services": (
        "get",
        lambda o: reverse("services:case_services", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "services:case_service_add": (
        "post",
        lambda o: reverse("services:case_service_add", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "services:service_correct": (
        "get",
        lambda o: reverse("services:service_correct", args=[o["case"].pk, _service(o).pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "services:service_void": (
        "get",
        lambda o: reverse("services:service_void", args=[o["case"].pk, _service(o).pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "services:log": (
        "get",
        lambda o: reverse("services:log"),
        expect(403, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    "services:log_export": (
        "post",
        lambda o: reverse("services:log_export"),
        expect(403, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    "services:day": (
        "get",
        lambda o: reverse("services:day"),
        expect(403, **each(CASE_EDITORS, 200), other_agency_user=200),
    ),
    "services:taxonomy": ("get", lambda o: reverse("services:taxonomy"), expect(200, platform_operator=403)),
    "funding:list": (
        "get",
        lambda o: reverse("funding:list"),
        expect(403, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    "funding:add": (
        "get",
        lambda o: reverse("funding:add"),
        expect(403, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    "funding:edit": (
        "get",
        lambda o: reverse("funding:edit", args=[_grant(o).pk]),
        expect(403, agency_admin=200, program_director=200, other_agency_admin=404),
    ),
    "funding:set_active": (
        "post",
        lambda o: reverse("funding:set_active", args=[_grant(o).pk]),
        expect(403, agency_admin=302, program_director=302, other_agency_admin=404),
    ),
    # Funding (issue 8): grant managers keep funders, budget lines, costs and in-kind rows (staff time is staff
    # pay); analysts also read the aggregates (burn-down, cost per service, gaps).
    "funding:funders": ("get", lambda o: reverse("funding:funders"), expect(403, **each(FUNDING_MANAGERS, 200))),
    "funding:funder_add": ("get", lambda o: reverse("funding:funder_add"), expect(403, **each(FUNDING_MANAGERS, 200))),
    "funding:funder_edit": (
        "get",
        lambda o: reverse("funding:funder_edit", args=[_funding(o)["funder"].pk]),
        expect(403, **(each(FUNDING_MANAGERS, 200) | {"other_agency_admin": 404})),
    ),
    "funding:budget_line_add": (
        "post",
        lambda o: reverse("funding:budget_line_add", args=[_grant(o).pk]),
        expect(403, **(each(FUNDING_MANAGERS, 200) | {"other_agency_admin": 404})),
    ),
    "funding:budget_line_edit": (
        "get",
        lambda o: reverse("funding:budget_line_edit", args=[_grant(o).pk, _funding(o)["line"].pk]),
        expect(403, **(each(FUNDING_MANAGERS, 200) | {"other_agency_admin": 404})),
    ),
    "funding:staff_time": (
        "get",
        lambda o: reverse("funding:staff_time", args=[_grant(o).pk]),
        expect(403, **(each(FUNDING_MANAGERS, 200) | {"other_agency_admin": 404})),
    ),
    "funding:staff_time_edit": (
        "get",
        lambda o: reverse("funding:staff_time_edit", args=[_funding(o)["staff_time"].pk]),
        expect(403, **(each(FUNDING_MANAGERS, 200) | {"other_agency_admin": 404})),
    ),
    "funding:direct_costs": (
        "get",
        lambda o: reverse("funding:direct_costs", args=[_grant(o).pk]),
        expect(403, **(each(FUNDING_MANAGERS, 200) | {"other_agency_admin": 404})),
    ),
    "funding:direct_cost_edit": (
        "get",
        lambda o: reverse("funding:direct_cost_edit", args=[_funding(o)["cost"].pk]),
        expect(403, **(each(FUNDING_MANAGERS, 200) | {"other_agency_admin": 404})),
    ),
    "funding:in_kind": ("get", lambda o: reverse("funding:in_kind"), expect(403, **each(FUNDING_MANAGERS, 200))),
    "funding:in_kind_edit": (
        "get",
        lambda o: reverse("funding:in_kind_edit", args=[_funding(o)["in_kind"].pk]),
        expect(403, **(each(FUNDING_MANAGERS, 200) | {"other_agency_admin": 404})),
    ),
    "funding:burn_down": (
        "get",
        lambda o: reverse("funding:burn_down", args=[_funding(o) and _grant(o).pk]),
        expect(403, **(each(FUNDING_READERS, 200) | {"other_agency_admin": 404})),
    ),
    "funding:burn_down_csv": (
        "get",
        lambda o: reverse("funding:burn_down_csv", args=[_grant(o).pk]),
        expect(403, **(each(FUNDING_READERS, 200) | {"other_agency_admin": 404})),
    ),
    "funding:cost_per_service": (
        "get",
        lambda o: reverse("funding:cost_per_service"),
        expect(403, **each(FUNDING_READERS, 200)),
    ),
    "funding:cost_per_service_csv": (
        "get",
        lambda o: reverse("funding:cost_per_service_csv"),
        expect(403, **each(FUNDING_READERS, 200)),
    ),
    "funding:gaps": ("get", lambda o: reverse("funding:gaps"), expect(403, **each(FUNDING_READERS, 200))),
    # Partner directory (issue 6): staff of every agency read it; editors of the maintaining agency (admins,
    # case editors) change its entry; admins add entries and import; outsiders 403.
    "referrals:directory": ("get", lambda o: reverse("referrals:directory"), expect(200, platform_operator=403)),
    "referrals:directory_export": (
        "get",
        lambda o: reverse("referrals:directory_export"),
        expect(200, platform_operator=403),
    ),
    "referrals:directory_export_zip": (
        "get",
        lambda o: reverse("referrals:directory_export_zip"),
        expect(200, platform_operator=403),
    ),
    "referrals:directory_import": (
        "get",
        lambda o: reverse("referrals:directory_import"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "referrals:directory_organization_add": (
        "get",
        lambda o: reverse("referrals:directory_organization_add"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    # The agency's own entry, made if missing, from its profile page: each admin for their own agency.
    "referrals:directory_own_entry": (
        "post",
        lambda o: reverse("referrals:directory_own_entry"),
        expect(403, agency_admin=302, other_agency_admin=302),
    ),
    "referrals:directory_organization": (
        "get",
        lambda o: reverse("referrals:directory_organization", args=[_directory(o)["org"].pk]),
        expect(200, platform_operator=403),
    ),
    "referrals:directory_organization_edit": (
        "get",
        lambda o: reverse("referrals:directory_organization_edit", args=[_directory(o)["org"].pk]),
        expect(403, **each(DIRECTORY_EDITORS, 200)),
    ),
    "referrals:directory_service_add": (
        "get",
        lambda o: reverse("referrals:directory_service_add", args=[_directory(o)["org"].pk]),
        expect(403, **each(DIRECTORY_EDITORS, 200)),
    ),
    "referrals:directory_service_edit": (
        "get",
        lambda o: reverse(
            "referrals:directory_service_edit", args=[_directory(o)["org"].pk, _directory(o)["service"].pk]
        ),
        expect(403, **each(DIRECTORY_EDITORS, 200)),
    ),
    "referrals:directory_location_add": (
        "get",
        lambda o: reverse("referrals:directory_location_add", args=[_directory(o)["org"].pk]),
        expect(403, **each(DIRECTORY_EDITORS, 200)),
    ),
    "referrals:directory_location_edit": (
        "get",
        lambda o: reverse(
            "referrals:directory_location_edit", args=[_directory(o)["org"].pk, _directory(o)["shelter"].pk]
        ),
        expect(403, **each(DIRECTORY_EDITORS, 200)),
    ),
    "referrals:directory_contact_add": (
        "get",
        lambda o: reverse("referrals:directory_contact_add", args=[_directory(o)["org"].pk]),
        expect(403, **each(DIRECTORY_EDITORS, 200)),
    ),
    "referrals:directory_contact_edit": (
        "get",
        lambda o: reverse(
            "referrals:directory_contact_edit", args=[_directory(o)["org"].pk, _directory(o)["contact"].pk]
        ),
        expect(403, **each(DIRECTORY_EDITORS, 200)),
    ),
    # Rights information (issue 7): the library for case workers and agency admins, edited by admins,
    # directors, supervisors and the legal team; an agency's own page is another agency's 404.
    "legal:rights": (
        "get",
        lambda o: reverse("legal:rights"),
        expect(403, **each(RIGHTS_READERS, 200), other_agency_user=200, other_agency_admin=200),
    ),
    "legal:rights_add": (
        "get",
        lambda o: reverse("legal:rights_add"),
        expect(403, **each(RIGHTS_EDITORS, 200), other_agency_admin=200),
    ),
    "legal:rights_article": (
        "get",
        lambda o: reverse("legal:rights_article", args=[_rights(o)["article"].pk]),
        expect(403, **each(RIGHTS_READERS, 200), other_agency_user=404, other_agency_admin=404),
    ),
    "legal:rights_edit": (
        "get",
        lambda o: reverse("legal:rights_edit", args=[_rights(o)["article"].pk]),
        expect(403, **each(RIGHTS_EDITORS, 200), other_agency_user=404, other_agency_admin=404),
    ),
    "legal:case_rights": (
        "get",
        lambda o: reverse("legal:case_rights", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "legal:rights_share_withdraw": (
        "post",
        lambda o: reverse("legal:rights_share_withdraw", args=[o["case"].pk, _rights(o)["share"].pk]),
        expect(404, **each(CASE_EDITORS, 302), program_director=403),
    ),
    # Legal deadlines (issue 7): the agency-wide calendar for case workers, the settings for admins and directors.
    "legal:deadlines": (
        "get",
        lambda o: reverse("legal:deadlines"),
        expect(403, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    "legal:policy": (
        "get",
        lambda o: reverse("legal:policy"),
        expect(403, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    # Reporting settings (issue 8): k and the fiscal year, for admins and directors of their own agency.
    "reporting:policy": (
        "get",
        lambda o: reverse("reporting:policy"),
        expect(403, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    # Report jobs (issue 8): roles that read aggregates list their own; a job is its creator's alone (404).
    "reporting:jobs": (
        "get",
        lambda o: reverse("reporting:jobs"),
        expect(403, **each(REPORT_RUNNERS, 200)),
    ),
    "reporting:job": (
        "get",
        lambda o: reverse("reporting:job", args=[_job(o).pk]),
        expect(403, **{**each(REPORT_RUNNERS, 404), "program_director": 200}),
    ),
    # De-identified exports (issue 8): report runners; an empty form is 400; a download is its creator's (404).
    "reporting:exports": (
        "get",
        lambda o: reverse("reporting:exports"),
        expect(403, **each(REPORT_RUNNERS, 200)),
    ),
    "reporting:export_run": (
        "post",
        lambda o: reverse("reporting:export_run"),
        expect(403, **each(REPORT_RUNNERS, 400)),
    ),
    "reporting:export_download": (
        "post",
        lambda o: reverse("reporting:export_download", args=[_export_job(o).pk, "csv"]),
        expect(403, **{**each(REPORT_RUNNERS, 404), "program_director": 200}),
    ),
    # Network-wide counts (issue 8): agency admins of any agency; platform operators may create networks.
    "reporting:network": (
        "get",
        lambda o: reverse("reporting:network"),
        expect(403, agency_admin=200, other_agency_admin=200, platform_operator=200),
    ),
    # Funder reports (issue 8): the page for report runners; a POST without a period is a form error (400);
    # a report's CSV is its creator's alone (404 for anyone else; the matrix job is not done, so 404 too).
    "reporting:reports": (
        "get",
        lambda o: reverse("reporting:reports"),
        expect(403, **each(REPORT_RUNNERS, 200)),
    ),
    "reporting:report_run": (
        "post",
        lambda o: reverse("reporting:report_run"),
        expect(403, **each(REPORT_RUNNERS, 400)),
    ),
    "reporting:job_csv": (
        "get",
        lambda o: reverse("reporting:job_csv", args=[_report_job(o).pk]),
        expect(403, **{**each(REPORT_RUNNERS, 404), "program_director": 200}),
    ),
    # Dashboards by role (issue 8): casework roles see their caseload, supervisors and directors the team
    # board, aggregate readers the program board (analysts and admins suppressed), each in their own agency.
    "reporting:dashboard_caseload": (
        "get",
        lambda o: reverse("reporting:dashboard_caseload"),
        expect(403, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    "reporting:dashboard_team": (
        "get",
        lambda o: reverse("reporting:dashboard_team"),
        expect(403, supervisor=200, program_director=200),
    ),
    "reporting:dashboard_program": (
        "get",
        lambda o: reverse("reporting:dashboard_program"),
        expect(403, **each(REPORT_RUNNERS, 200)),
    ),
    "reporting:dashboard_csv": (
        "get",
        lambda o: reverse("reporting:dashboard_csv", args=["program", "people"]),
        expect(403, **each(REPORT_RUNNERS, 200)),
    ),
    # Privileged material (issue 7): who sees a case's legal notes and documents.
    "legal:access": (
        "get",
        lambda o: reverse("legal:access", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "legal:access_revoke": (
        "post",
        lambda o: reverse("legal:access_revoke", args=[o["case"].pk, _legal_grant(o).pk]),
        expect(404, **{**each(CASE_READERS, 403), "legal_advocate": 302}),
    ),
    # Legal matters (issue 7): case readers read matters; case editors write (empty POSTs re-render with errors).
    "legal:case_matters": (
        "get",
        lambda o: reverse("legal:case_matters", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "legal:matter_open": (
        "get",
        lambda o: reverse("legal:matter_open", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "legal:matter": (
        "get",
        lambda o: reverse("legal:matter", args=[_legal(o)["matter"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "legal:matter_edit": (
        "get",
        lambda o: reverse("legal:matter_edit", args=[_legal(o)["matter"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "legal:matter_step": (
        "post",
        lambda o: reverse("legal:matter_step", args=[_legal(o)["matter"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "legal:matter_close": (
        "post",
        lambda o: reverse("legal:matter_close", args=[_legal(o)["matter"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "legal:deadline_add": (
        "post",
        lambda o: reverse("legal:deadline_add", args=[_legal(o)["matter"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "legal:deadline_edit": (
        "get",
        lambda o: reverse("legal:deadline_edit", args=[_legal(o)["matter"].pk, _legal(o)["deadline"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "legal:deadline_done": (
        "post",
        lambda o: reverse("legal:deadline_done", args=[_legal(o)["matter"].pk, _legal(o)["deadline"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "legal:matter_document_add": (
        "post",
        lambda o: reverse("legal:matter_document_add", args=[_legal(o)["matter"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "legal:matter_note_add": (
        "post",
        lambda o: reverse("legal:matter_note_add", args=[_legal(o)["matter"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    # helper "outcomes" (issue 7): law-enforcement contact log and legal outcomes
    "legal:le_contacts": (
        "get",
        lambda o: reverse("legal:le_contacts", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "legal:le_contact_add": (
        "get",
        lambda o: reverse("legal:le_contact_add", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "legal:le_contact_edit": (
        "get",
        lambda o: reverse("legal:le_contact_edit", args=[o["case"].pk, _le_contact(o).pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "legal:outcomes": (
        "get",
        lambda o: reverse("legal:outcomes"),
        expect(403, **each(OUTCOME_VIEWERS, 200)),
    ),
    "legal:outcomes_csv": (
        "get",
        lambda o: reverse("legal:outcomes_csv"),
        expect(403, **each(OUTCOME_VIEWERS, 200)),
    ),
    # --- Issue 9: portal access (staff) and the survivor portal ---
    "connect:case_portal": (
        "get",
        lambda o: reverse("connect:case_portal", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "connect:case_portal_change": (
        "post",
        lambda o: reverse("connect:case_portal_change", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 302), program_director=403),
    ),
    "connect:settings": (
        "get",
        lambda o: reverse("connect:settings"),
        expect(403, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    "connect:urgent_check_in": (
        "get",
        lambda o: reverse("connect:urgent_check_in", args=[_urgent_check_in(o).pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "portal:help_now": ("get", lambda o: reverse("portal:help_now"), portal_public()),
    "portal:enter": (
        "get",
        lambda o: reverse("portal:enter", args=[_portal_settings(o).entry_code]),
        dict.fromkeys(ALL_PERSONAS, 302),
    ),
    "portal:staying_safe": ("get", lambda o: reverse("portal:staying_safe"), portal_public()),
    "portal:language": ("get", lambda o: reverse("portal:language", args=["es"]), dict.fromkeys(ALL_PERSONAS, 302)),
    "portal:quick_exit": ("post", lambda o: reverse("portal:quick_exit"), dict.fromkeys(ALL_PERSONAS, 204)),
    "portal:activate": ("get", lambda o: reverse("portal:activate"), portal_public()),
    "portal:sign_in": (
        "get",
        lambda o: reverse("portal:sign_in"),
        {**portal_public(), **dict.fromkeys(SURVIVOR_PERSONAS, 302)},
    ),
    "portal:sign_out": ("post", lambda o: reverse("portal:sign_out"), dict.fromkeys(ALL_PERSONAS, 302)),
    "portal:sign_out_everywhere": (
        "post",
        lambda o: reverse("portal:sign_out_everywhere"),
        dict.fromkeys(ALL_PERSONAS, 302),
    ),
    "portal:home": ("get", lambda o: reverse("portal:home"), portal_signed_in()),
    "portal:settings": ("get", lambda o: reverse("portal:settings"), portal_signed_in()),
    # Public resources: open to all; agency A's own rights page only to A's survivor (the others' visitor
    # agency is none or B, so that page id is "not found"). The self-check answers a POST for everyone.
    "portal:resources": ("get", lambda o: reverse("portal:resources"), portal_public()),
    "portal:rights": ("get", lambda o: reverse("portal:rights"), portal_public()),
    "portal:rights_article": (
        "get",
        lambda o: reverse("portal:rights_article", args=[_rights(o)["article"].pk]),
        {**dict.fromkeys(ALL_PERSONAS, 404), "survivor": 200},
    ),
    "portal:self_check": ("post", lambda o: reverse("portal:self_check"), portal_public()),
    "portal:manifest": ("get", lambda o: reverse("portal:manifest"), portal_public()),
    "portal:service_worker": ("get", lambda o: reverse("portal:service_worker"), portal_public()),
    "portal:offline": ("get", lambda o: reverse("portal:offline"), portal_public()),
    # Check-ins and messages (issue 9 items 5 and 6)
    "connect:case_checkins": (
        "get",
        lambda o: reverse("connect:case_checkins", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "connect:acknowledge_checkin": (
        "post",
        lambda o: reverse("connect:acknowledge_checkin", args=[o["case"].pk, _check_in(o).pk]),
        expect(404, **each(CASE_EDITORS, 400), program_director=403),
    ),
    "connect:case_threads": (
        "get",
        lambda o: reverse("connect:case_threads", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "connect:start_thread": (
        "post",
        lambda o: reverse("connect:start_thread", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 400), program_director=403),
    ),
    "connect:case_thread": (
        "get",
        lambda o: reverse("connect:case_thread", args=[o["case"].pk, _thread(o).pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "connect:thread_reply": (
        "post",
        lambda o: reverse("connect:thread_reply", args=[o["case"].pk, _thread(o).pk]),
        expect(404, **each(CASE_EDITORS, 400), program_director=403),
    ),
    "connect:thread_attachment": (
        "get",
        lambda o: reverse("connect:thread_attachment", args=[o["case"].pk, _thread(o).pk, o["thread_attachment"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "portal:checkin": ("get", lambda o: reverse("portal:checkin"), portal_signed_in()),
    "portal:messages": ("get", lambda o: reverse("portal:messages"), portal_signed_in()),
    "portal:new_thread": ("get", lambda o: reverse("portal:new_thread"), portal_signed_in()),
    "portal:thread": (
        "get",
        lambda o: reverse("portal:thread", args=[_thread(o).pk]),
        portal_signed_in(other_survivor=404),
    ),
    "portal:message_attachment": (
        "get",
        lambda o: reverse("portal:message_attachment", args=[_thread(o).pk, o["thread_attachment"].pk]),
        portal_signed_in(other_survivor=404),
    ),
    "portal:delete_message": (
        "get",
        lambda o: reverse("portal:delete_message", args=[_thread(o).pk, o["thread_message"].pk]),
        portal_signed_in(other_survivor=404),
    ),
    # The survivor's own page (issue 9 item 4): staff page on the case, the survivor's pages
    "connect:my_page": (
        "get",
        lambda o: reverse("connect:my_page", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "connect:my_page_change": (
        "post",
        lambda o: reverse("connect:my_page_change", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 302), program_director=403),
    ),
    "portal:appointments": ("get", lambda o: reverse("portal:appointments"), portal_signed_in()),
    "portal:goals": ("get", lambda o: reverse("portal:goals"), portal_signed_in()),
    "portal:assessment": (
        "get",
        lambda o: reverse("portal:assessment", args=[_portal_questionnaire(o).pk]),
        portal_signed_in(other_survivor=404),
    ),
    "portal:documents": ("get", lambda o: reverse("portal:documents"), portal_signed_in()),
    "portal:document": (
        "get",
        lambda o: reverse("portal:document", args=[_portal_share(o).pk]),
        portal_signed_in(other_survivor=404),
    ),
    "portal:consents": ("get", lambda o: reverse("portal:consents"), portal_signed_in()),
    "portal:consent_revoke": (
        "get",
        lambda o: reverse("portal:consent_revoke", args=[_portal_sharing_consent(o).pk]),
        portal_signed_in(other_survivor=404),
    ),
    # --- Issue 10: community work (campaigns, events, training, volunteers, stories) ---
    # Campaigns: run by outreach coordinators and agency admins, read by directors and analysts; 403 for the rest
    # of the agency, 404 for another agency's campaign.
    "outreach:campaign_list": (
        "get",
        lambda o: reverse("outreach:campaign_list"),
        expect(403, **each(_CAMPAIGN_READERS, 200), other_agency_admin=200),
    ),
    "outreach:campaign_add": (
        "get",
        lambda o: reverse("outreach:campaign_add"),
        expect(403, **each(_CAMPAIGN_RUNNERS, 200), other_agency_admin=200),
    ),
    "outreach:campaign_compare": (
        "get",
        lambda o: reverse("outreach:campaign_compare"),
        expect(403, **each(_CAMPAIGN_READERS, 200), other_agency_admin=200),
    ),
    "outreach:campaign_compare_csv": (
        "get",
        lambda o: reverse("outreach:campaign_compare_csv"),
        expect(403, **each(_CAMPAIGN_READERS, 200), other_agency_admin=200),
    ),
    "outreach:campaign_detail": (
        "get",
        _campaign_url("campaign_detail"),
        expect(403, **each(_CAMPAIGN_READERS, 200), other_agency_admin=404),
    ),
    "outreach:campaign_edit": (
        "get",
        _campaign_url("campaign_edit"),
        expect(403, **each(_CAMPAIGN_RUNNERS, 200), other_agency_admin=404),
    ),
    # an empty form: runners see it again with the error
    "outreach:campaign_partner_add": (
        "post",
        _campaign_url("campaign_partner_add"),
        expect(403, **each(_CAMPAIGN_RUNNERS, 200), other_agency_admin=404),
    ),
    "outreach:campaign_partner_remove": (
        "post",
        _campaign_url("campaign_partner_remove", "partner"),
        expect(403, **each(_CAMPAIGN_RUNNERS, 302), other_agency_admin=404),
    ),
    "outreach:campaign_materials": (
        "get",
        _campaign_url("campaign_materials"),
        expect(403, **each(_CAMPAIGN_READERS, 200), other_agency_admin=404),
    ),
    "outreach:campaign_material_download": (
        "get",
        _campaign_url("campaign_material_download", "material"),
        expect(403, **each(_CAMPAIGN_READERS, 200), other_agency_admin=404),
    ),
    "outreach:campaign_tallies": (
        "get",
        _campaign_url("campaign_tallies"),
        expect(403, **each(_CAMPAIGN_READERS, 200), other_agency_admin=404),
    ),
    "outreach:event_list": (
        "get",
        lambda o: reverse("outreach:event_list"),
        expect(403, **each(EVENT_READERS, 200), other_agency_admin=200),
    ),
    "outreach:event_add": (
        "get",
        lambda o: reverse("outreach:event_add"),
        expect(403, **each(EVENT_PLANNERS, 200), other_agency_admin=200),
    ),
    "outreach:event_detail": (
        "get",
        lambda o: reverse("outreach:event_detail", args=[_events_event(o).pk]),
        expect(403, **each(EVENT_READERS, 200), **each(EVENT_OUTSIDERS, 404)),
    ),
    "outreach:event_edit": (
        "get",
        lambda o: reverse("outreach:event_edit", args=[_events_event(o).pk]),
        expect(403, **each(EVENT_PLANNERS, 200), **each(EVENT_OUTSIDERS, 404)),
    ),
    # An empty form: past the gate, those who record get the form back with its errors (400).
    "outreach:event_attendance": (
        "post",
        lambda o: reverse("outreach:event_attendance", args=[_events_event(o).pk]),
        expect(403, **each(EVENT_PLANNERS, 400), **each(EVENT_OUTSIDERS, 404)),
    ),
    "outreach:event_survey_link": (
        "post",
        lambda o: reverse("outreach:event_survey_link", args=[_events_event(o).pk]),
        expect(403, **each(EVENT_PLANNERS, 302), **each(EVENT_OUTSIDERS, 404)),
    ),
    "outreach:event_survey_entry": (
        "get",
        lambda o: reverse("outreach:event_survey_entry", args=[_events_event(o).pk]),
        expect(403, **each(EVENT_PLANNERS, 200), **each(EVENT_OUTSIDERS, 404)),
    ),
    "outreach:event_follow_up_add": (
        "post",
        lambda o: reverse("outreach:event_follow_up_add", args=[_events_event(o).pk]),
        expect(403, **each(EVENT_PLANNERS, 400), **each(EVENT_OUTSIDERS, 404)),
    ),
    "outreach:event_follow_up_done": (
        "post",
        lambda o: reverse("outreach:event_follow_up_done", args=[_events_event(o).pk, _events_follow_up(o).pk]),
        expect(403, **each(EVENT_PLANNERS, 302), **each(EVENT_OUTSIDERS, 404)),
    ),
    # The public feedback link: no sign-in, the same page for everyone; a survivor's portal session gets 404
    # outside /portal/ (reclaim/portal/middleware.py), as on every other page.
    "outreach:event_survey_public": (
        "get",
        lambda o: reverse("outreach:event_survey_public", args=[_events_event(o).survey_token]),
        expect(200, anonymous=200),
    ),
    # Volunteers: coordinator pages (another agency's admin coordinates their own agency: its lists are 200, our
    # objects 404); the volunteer's own pages are for the volunteer role only (403 for every other role).
    "outreach:volunteer_list": ("get", lambda o: reverse("outreach:volunteer_list"), _vol_page(200)),
    "outreach:volunteer_add": ("get", lambda o: reverse("outreach:volunteer_add"), _vol_page(200)),
    "outreach:volunteer_hours_waiting": (
        "get",
        lambda o: reverse("outreach:volunteer_hours_waiting"),
        _vol_page(200),
    ),
    "outreach:volunteer_detail": (
        "get",
        lambda o: reverse("outreach:volunteer_detail", args=[_volunteers(o)["active"].pk]),
        _vol_page(),
    ),
    "outreach:volunteer_edit": (
        "get",
        lambda o: reverse("outreach:volunteer_edit", args=[_volunteers(o)["applicant"].pk]),
        _vol_page(),
    ),
    "outreach:volunteer_status": (
        "post",
        lambda o: reverse("outreach:volunteer_status", args=[_volunteers(o)["applicant"].pk]),
        _vol_page(managers=302),
    ),
    "outreach:volunteer_screening": (
        "get",
        lambda o: reverse(
            "outreach:volunteer_screening", args=[_volunteers(o)["applicant"].pk, _volunteers(o)["screening"].pk]
        ),
        _vol_page(),
    ),
    "outreach:volunteer_agreement_add": (
        "get",
        lambda o: reverse("outreach:volunteer_agreement_add", args=[_volunteers(o)["applicant"].pk]),
        _vol_page(),
    ),
    # an applicant cannot be given a sign-in: the refusal is a message on the volunteer's page
    "outreach:volunteer_sign_in": (
        "post",
        lambda o: reverse("outreach:volunteer_sign_in", args=[_volunteers(o)["applicant"].pk]),
        _vol_page(managers=302),
    ),
    "outreach:volunteer_assignment_add": (
        "get",
        lambda o: reverse("outreach:volunteer_assignment_add", args=[_volunteers(o)["active"].pk]),
        _vol_page(),
    ),
    "outreach:volunteer_assignment_edit": (
        "get",
        lambda o: reverse("outreach:volunteer_assignment_edit", args=[_volunteers(o)["task"].pk]),
        _vol_page(),
    ),
    "outreach:volunteer_hours_approve": (
        "get",
        lambda o: reverse("outreach:volunteer_hours_approve", args=[_volunteers(o)["hours"].pk]),
        _vol_page(),
    ),
    "outreach:volunteer_thanks_add": (
        "get",
        lambda o: reverse("outreach:volunteer_thanks_add", args=[_volunteers(o)["active"].pk]),
        _vol_page(),
    ),
    # The volunteer persona is linked to the matrix's active volunteer (unlinked: the same pages show an empty state).
    "outreach:volunteer_my_assignments": (
        "get",
        lambda o: (_volunteers(o), reverse("outreach:volunteer_my_assignments"))[1],
        expect(403, volunteer=200),
    ),
    "outreach:volunteer_my_hours": (
        "get",
        lambda o: (_volunteers(o), reverse("outreach:volunteer_my_hours"))[1],
        expect(403, volunteer=200),
    ),
    "outreach:volunteer_my_respond": (
        "post",
        lambda o: reverse("outreach:volunteer_my_respond", args=[_volunteers(o)["task"].pk]),
        expect(403, volunteer=302),
    ),
    "outreach:volunteer_my_log_hours": (
        "get",
        lambda o: reverse("outreach:volunteer_my_log_hours", args=[_volunteers(o)["task"].pk]),
        expect(403, volunteer=200),
    ),
    # Stories, case side: like the case's consent pages (case readers see, case editors write, others 404).
    "outreach:story_case_list": (
        "get",
        lambda o: reverse("outreach:story_case_list", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "outreach:story_case_add": (
        "get",
        lambda o: reverse("outreach:story_case_add", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "outreach:story_case_detail": (
        "get",
        lambda o: reverse("outreach:story_case_detail", args=[o["case"].pk, _stories_objects(o)["story"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "outreach:story_case_edit": (
        "get",
        lambda o: reverse("outreach:story_case_edit", args=[o["case"].pk, _stories_objects(o)["story"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    "outreach:story_case_send": (
        "post",
        lambda o: reverse("outreach:story_case_send", args=[o["case"].pk, _stories_objects(o)["story"].pk]),
        expect(404, **each(CASE_EDITORS, 400), program_director=403),
    ),
    "outreach:story_case_review": (
        "post",
        lambda o: reverse("outreach:story_case_review", args=[o["case"].pk, _stories_objects(o)["story"].pk]),
        expect(404, **each(CASE_EDITORS, 400), program_director=403),
    ),
    "outreach:story_case_withdraw": (
        "post",
        lambda o: reverse("outreach:story_case_withdraw", args=[o["case"].pk, _stories_objects(o)["story"].pk]),
        expect(404, **each(CASE_EDITORS, 400), program_director=403),
    ),
    # Stories library: read by those who run campaigns and program directors, used by those who run campaigns.
    "outreach:story_library": (
        "get",
        lambda o: reverse("outreach:story_library"),
        expect(403, **each(STORY_READERS, 200), other_agency_admin=200),
    ),
    "outreach:story_library_detail": (
        "get",
        lambda o: reverse("outreach:story_library_detail", args=[_stories_objects(o)["story"].pk]),
        expect(403, **each(STORY_READERS, 200), other_agency_admin=404),
    ),
    "outreach:story_use_add": (
        "post",
        lambda o: reverse("outreach:story_use_add", args=[_stories_objects(o)["story"].pk]),
        expect(403, **each(STORY_USERS, 400), other_agency_admin=404),
    ),
    "outreach:story_use_end": (
        "post",
        lambda o: reverse(
            "outreach:story_use_end", args=[_stories_objects(o)["story"].pk, _stories_objects(o)["use"].pk]
        ),
        expect(403, **each(STORY_USERS, 302), other_agency_admin=404),
    ),
    # Training (item 3): managers are agency admins, program directors and outreach coordinators (B's admin manages
    # B's training); other members get 403; A's objects are 404 for B. Everyone in an agency reads their own record.
    "outreach:training_course_list": (
        "get",
        lambda o: reverse("outreach:training_course_list"),
        expect(403, **each(TRAINING_MANAGERS, 200), other_agency_admin=200),
    ),
    "outreach:training_course_add": (
        "get",
        lambda o: reverse("outreach:training_course_add"),
        expect(403, **each(TRAINING_MANAGERS, 200), other_agency_admin=200),
    ),
    "outreach:training_course_detail": (
        "get",
        lambda o: reverse("outreach:training_course_detail", args=[_training(o)["course"].pk]),
        expect(403, **each(TRAINING_MANAGERS, 200), other_agency_admin=404),
    ),
    "outreach:training_course_edit": (
        "get",
        lambda o: reverse("outreach:training_course_edit", args=[_training(o)["course"].pk]),
        expect(403, **each(TRAINING_MANAGERS, 200), other_agency_admin=404),
    ),
    "outreach:training_session_add": (
        "get",
        lambda o: reverse("outreach:training_session_add", args=[_training(o)["course"].pk]),
        expect(403, **each(TRAINING_MANAGERS, 200), other_agency_admin=404),
    ),
    "outreach:training_session_detail": (
        "get",
        lambda o: reverse("outreach:training_session_detail", args=[_training(o)["session"].pk]),
        expect(403, **each(TRAINING_MANAGERS, 200), other_agency_admin=404),
    ),
    "outreach:training_session_edit": (
        "get",
        lambda o: reverse("outreach:training_session_edit", args=[_training(o)["session"].pk]),
        expect(403, **each(TRAINING_MANAGERS, 200), other_agency_admin=404),
    ),
    # An empty form: managers see it again with its errors (200), nothing added.
    "outreach:training_participant_add": (
        "post",
        lambda o: reverse("outreach:training_participant_add", args=[_training(o)["session"].pk]),
        expect(403, **each(TRAINING_MANAGERS, 200), other_agency_admin=404),
    ),
    "outreach:training_attendance": (
        "post",
        lambda o: reverse(
            "outreach:training_attendance", args=[_training(o)["session"].pk, _training(o)["participant"].pk]
        ),
        expect(403, **each(TRAINING_MANAGERS, 302), other_agency_admin=404),
    ),
    "outreach:training_external_add": (
        "get",
        lambda o: reverse("outreach:training_external_add"),
        expect(403, **each(TRAINING_MANAGERS, 200), other_agency_admin=200),
    ),
    # The case manager's own certificate: them and the managers; other members 404.
    "outreach:training_certificate": (
        "get",
        lambda o: reverse("outreach:training_certificate", args=[_training(o)["certificate"].pk]),
        expect(404, **each(TRAINING_MANAGERS, 200), case_manager=200, platform_operator=403),
    ),
    "outreach:training_mine": ("get", lambda o: reverse("outreach:training_mine"), expect(200, platform_operator=403)),
    "outreach:training_staff": (
        "get",
        lambda o: reverse("outreach:training_staff"),
        expect(403, **each(TRAINING_MANAGERS, 200), other_agency_admin=200),
    ),
    "outreach:training_requirements": (
        "get",
        lambda o: reverse("outreach:training_requirements"),
        expect(403, **each(TRAINING_MANAGERS, 200), other_agency_admin=200),
    ),
    # The block setting: agency admins and program directors only (an empty form is shown again, 200).
    "outreach:training_block": (
        "post",
        lambda o: reverse("outreach:training_block"),
        expect(403, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    # --- end of issue 10 ---
    # --- Issue 11: interoperability (imports, FHIR, webhooks) ---
    # Webhooks (issue 11 item 5): agency admins of the owning agency; other staff 403, another agency 404.
    "interop:webhooks": (
        "get",
        lambda o: reverse("interop:webhooks"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "interop:webhook_add": (
        "get",
        lambda o: reverse("interop:webhook_add"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "interop:webhook_detail": (
        "get",
        lambda o: reverse("interop:webhook_detail", args=[_d_webhooks(o)["subscription"].pk]),
        expect(403, agency_admin=200, other_agency_admin=404),
    ),
    "interop:webhook_edit": (
        "get",
        lambda o: reverse("interop:webhook_edit", args=[_d_webhooks(o)["subscription"].pk]),
        expect(403, agency_admin=200, other_agency_admin=404),
    ),
    "interop:webhook_delete": (
        "get",
        lambda o: reverse("interop:webhook_delete", args=[_d_webhooks(o)["subscription"].pk]),
        expect(403, agency_admin=200, other_agency_admin=404),
    ),
    "interop:webhook_toggle": (
        "post",
        lambda o: reverse("interop:webhook_toggle", args=[_d_webhooks(o)["subscription"].pk]),
        expect(403, agency_admin=302, other_agency_admin=404),
    ),
    "interop:webhook_rotate": (
        "post",
        lambda o: reverse("interop:webhook_rotate", args=[_d_webhooks(o)["subscription"].pk]),
        expect(403, agency_admin=200, other_agency_admin=404),
    ),
    "interop:webhook_ping": (
        "post",
        lambda o: reverse("interop:webhook_ping", args=[_d_webhooks(o)["subscription"].pk]),
        expect(403, agency_admin=302, other_agency_admin=404),
    ),
    "interop:webhook_delivery_retry": (
        "post",
        lambda o: reverse(
            "interop:webhook_delivery_retry",
            args=[_d_webhooks(o)["subscription"].pk, _d_webhooks(o)["delivery"].pk],
        ),
        expect(403, agency_admin=302, other_agency_admin=404),
    ),
    # Legacy import (part B): agency admins of the agency; other staff 403; another agency's run 404.
    "interop:imports": (
        "get",
        lambda o: reverse("interop:imports"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "interop:import_new": (
        "get",
        lambda o: reverse("interop:import_new"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "interop:import_run": (
        "get",
        lambda o: reverse("interop:import_run", args=[_b_imports(o)["run"].pk]),
        expect(403, agency_admin=200, other_agency_admin=404),
    ),
    "interop:import_columns": (
        "get",
        lambda o: reverse("interop:import_columns", args=[_b_imports(o)["run"].pk]),
        expect(403, agency_admin=200, other_agency_admin=404),
    ),
    "interop:import_values": (
        "get",
        lambda o: reverse("interop:import_values", args=[_b_imports(o)["run"].pk]),
        expect(403, agency_admin=200, other_agency_admin=404),
    ),
    # Confirming a file not checked yet: refused with a message, back to the run page (302).
    "interop:import_confirm": (
        "post",
        lambda o: reverse("interop:import_confirm", args=[_b_imports(o)["run"].pk]),
        expect(403, agency_admin=302, other_agency_admin=404),
    ),
    "interop:import_discard": (
        "post",
        lambda o: reverse("interop:import_discard", args=[_b_imports(o)["run"].pk]),
        expect(403, agency_admin=302, other_agency_admin=404),
    ),
    # FHIR export page (issue 11 item 3): a disclosure, so case editors only; read-only case readers 403.
    "interop:case_fhir": (
        "get",
        lambda o: reverse("interop:case_fhir", args=[o["case"].pk]),
        expect(404, **each(CASE_EDITORS, 200), program_director=403),
    ),
    # --- end of issue 11 ---
    # Data retention (issue 13, docs/retention.md): agency-wide pages for the agency admin (`manages_retention`);
    # holds on a case for the legal team (`places_legal_holds`); erasure requests recorded by the case's workers.
    "retention:policy": (
        "get",
        lambda o: reverse("retention:policy"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "retention:preview": (
        "get",
        lambda o: reverse("retention:preview"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "retention:holds": (
        "get",
        lambda o: reverse("retention:holds"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "retention:erasure_list": (
        "get",
        lambda o: reverse("retention:erasure_list"),
        expect(403, agency_admin=200, other_agency_admin=200),
    ),
    "retention:case_holds": (
        "get",
        lambda o: reverse("retention:case_holds", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    "retention:erasure_new": (
        "get",
        lambda o: reverse("retention:erasure_new", args=[o["case"].pk]),
        expect(404, **each(CASE_READERS, 200)),
    ),
    # An empty body: the form is refused and the page redirects (302) once the gate has let the persona through.
    "retention:lift_hold": (
        "post",
        lambda o: reverse("retention:lift_hold", args=[_hold(o).pk]),
        expect(404, **{**each(CASE_READERS, 403), "legal_advocate": 302}, agency_admin=302),
    ),
    "retention:erasure_decide": (
        "post",
        lambda o: reverse("retention:erasure_decide", args=[_erasure(o).pk]),
        expect(403, agency_admin=302, other_agency_admin=404),
    ),
}


def _current_version(record: Any) -> int:
    """Personas run one after another on the same objects: send the version saved now."""
    record.refresh_from_db(fields=["version"])
    return int(record.version)


# (method, path) → (url builder, expectations[, body builder[, "multipart"]]); a body builder is called
# once per persona, so uploads get a fresh file and optimistic-lock versions are read as they stand.
API_MATRIX: dict[tuple[str, str], tuple[Any, ...]] = {
    ("get", "/api/v1/cases/{case_id}/portal/check-ins"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/check-ins",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    # A stale version: the editors get past the gate and meet the conflict (409); readers only get 403.
    ("post", "/api/v1/cases/{case_id}/portal/check-ins/{check_in_id}/acknowledgement"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/check-ins/{_check_in(o).pk}/acknowledgement",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"action_taken": "Called on the safe number", "version": 999},
    ),
    ("get", "/api/v1/cases/{case_id}/portal/threads"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/threads",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("get", "/api/v1/cases/{case_id}/portal/threads/{thread_id}"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/threads/{_thread(o).pk}",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/cases/{case_id}/portal/threads/{thread_id}/messages"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/threads/{_thread(o).pk}/messages",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"body": "We can meet on Tuesday."},
    ),
    # --- issue 11 B: starting a thread, attachments, portal access, settings, urgent check-ins, their page ---
    ("post", "/api/v1/cases/{case_id}/portal/threads"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/threads",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"subject": "Next week", "body": "We can meet on Tuesday.", "attachment": pdf_upload()},
        "multipart",
    ),
    ("get", "/api/v1/cases/{case_id}/portal/threads/{thread_id}/attachments/{attachment_id}"): (
        lambda o: (
            f"/api/v1/cases/{o['case'].pk}/portal/threads/{_thread(o).pk}/attachments/{o['thread_attachment'].pk}"
        ),
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("get", "/api/v1/cases/{case_id}/portal/access"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/access",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    # The matrix survivor already has access on this case: editors get past the gate and meet the refusal (400).
    ("post", "/api/v1/cases/{case_id}/portal/access"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/access",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
    ),
    ("post", "/api/v1/cases/{case_id}/portal/access/changes"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/access/changes",
        expect(404, anonymous=401, **each(CASE_EDITORS, 200), program_director=403),
        lambda o: {"change": "sign_out"},
    ),
    ("get", "/api/v1/portal-settings"): (
        lambda o: "/api/v1/portal-settings",
        expect(403, anonymous=401, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    # Agency A's version is sent: agency B's admin gets past the gate and meets a conflict with B's settings.
    ("put", "/api/v1/portal-settings"): (
        lambda o: "/api/v1/portal-settings",
        expect(403, anonymous=401, agency_admin=200, program_director=200, other_agency_admin=409),
        lambda o: {
            "exit_url": "https://weather.example/today",
            "idle_minutes": 10,
            "message_retention_days": 365,
            "office_opens": "09:00",
            "office_closes": "17:00",
            "version": _current_version(_portal_settings(o)),
        },
    ),
    ("get", "/api/v1/portal/urgent-check-ins/{check_in_id}"): (
        lambda o: f"/api/v1/portal/urgent-check-ins/{_urgent_check_in(o).pk}",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/portal/urgent-check-ins/{check_in_id}/acknowledgement"): (
        lambda o: f"/api/v1/portal/urgent-check-ins/{_urgent_check_in(o).pk}/acknowledgement",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"action_taken": "Called on the safe number", "version": 999},
    ),
    ("get", "/api/v1/cases/{case_id}/portal/shares"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/shares",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    # The document is shared already: editors get past the gates and meet the refusal (400).
    ("post", "/api/v1/cases/{case_id}/portal/shares"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/shares",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
        lambda o: {"document_id": str(_portal_share(o).document_id)},
    ),
    ("post", "/api/v1/cases/{case_id}/portal/shares/{share_id}/withdraw"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/shares/{_withdrawn_share(o).pk}/withdraw",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
    ),
    ("get", "/api/v1/cases/{case_id}/portal/questionnaires"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/questionnaires",
        expect(404, anonymous=401, **each(RESULT_READERS, 200), legal_advocate=403),
    ),
    # An instrument the agency does not have: who may assign gets past the gates and meets the refusal (400).
    ("post", "/api/v1/cases/{case_id}/portal/questionnaires"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/questionnaires",
        expect(404, anonymous=401, **each(RESULT_EDITORS, 400), program_director=403, legal_advocate=403),
        lambda o: {"instrument": "no_such_instrument"},
    ),
    ("get", "/api/v1/cases/{case_id}/portal/consent-notices"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/consent-notices",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    # Already acknowledged: editors get past the gate and meet the refusal (400).
    ("post", "/api/v1/cases/{case_id}/portal/consent-notices/{notice_id}/acknowledgement"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/portal/consent-notices/{_acknowledged_notice(o).pk}/acknowledgement",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
    ),
    # --- end of issue 11 B (portal) ---
    ("get", "/api/v1/me"): (lambda o: "/api/v1/me", expect(200, anonymous=401)),
    ("get", "/api/v1/me/tasks"): (lambda o: "/api/v1/me/tasks", expect(200, anonymous=401)),
    ("put", "/api/v1/me/language"): (
        lambda o: "/api/v1/me/language",
        expect(200, anonymous=401),
        lambda o: {"language": "es"},
    ),
    ("get", "/api/v1/survivors/{survivor_id}"): (
        lambda o: f"/api/v1/survivors/{o['survivor'].pk}",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("get", "/api/v1/survivors"): (
        lambda o: "/api/v1/survivors",
        expect(403, anonymous=401, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    ("post", "/api/v1/survivors/search"): (
        lambda o: "/api/v1/survivors/search",
        expect(403, anonymous=401, **each(CASE_READERS, 200), other_agency_user=200),
        lambda o: {"name": "Marisol Quintanilla"},
    ),
    ("post", "/api/v1/survivors"): (
        lambda o: "/api/v1/survivors",
        expect(403, anonymous=401, **each(CASE_EDITORS, 201), other_agency_user=201),
        lambda o: {"given_name": "Ana", "confirmed_new_person": True},
    ),
    ("post", "/api/v1/survivors/duplicate-check"): (
        lambda o: "/api/v1/survivors/duplicate-check",
        expect(403, anonymous=401, **each(CASE_EDITORS, 200), other_agency_user=200),
        lambda o: {"given_name": "Marisol", "family_name": "Quintanilla"},
    ),
    ("get", "/api/v1/cases"): (
        lambda o: "/api/v1/cases",
        expect(403, anonymous=401, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    ("post", "/api/v1/cases"): (
        lambda o: "/api/v1/cases",
        expect(403, anonymous=401, **each(CASE_EDITORS, 201), other_agency_user=404),
        lambda o: {"survivor_id": str(o["survivor"].pk)},
    ),
    ("get", "/api/v1/cases/{case_id}"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("patch", "/api/v1/cases/{case_id}"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 200), program_director=403),
        lambda o: {"version": _current_version(o["case"]), "danger_now": True},
    ),
    ("put", "/api/v1/cases/{case_id}/assignment"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/assignment",
        expect(404, anonymous=401, **each(CASE_EDITORS, 200), program_director=403),
        lambda o: {
            "version": _current_version(o["case"]),
            "lead_worker_id": str(o["_case_manager"].pk),
            "team_id": str(o["case"].team_id) if o["case"].team_id else None,
        },
    ),
    ("get", "/api/v1/follow-up-policy"): (
        lambda o: "/api/v1/follow-up-policy",
        expect(403, anonymous=401, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    ("put", "/api/v1/follow-up-policy"): (
        lambda o: "/api/v1/follow-up-policy",
        expect(403, anonymous=401, agency_admin=409, program_director=409, other_agency_admin=409),
        lambda o: {"version": 999, "offsets_months": [1, 6, 12, 24, 36], "window_days": 10},
    ),
    ("post", "/api/v1/cases/search"): (
        lambda o: "/api/v1/cases/search",
        expect(403, anonymous=401, **each(CASE_READERS, 200), other_agency_user=200),
        lambda o: {"name": "Marisol Quintanilla"},
    ),
    ("post", "/api/v1/cases/{case_id}/transitions"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/transitions",
        expect(404, anonymous=401, **each(CASE_EDITORS, 422), program_director=403),
        lambda o: {"to": "closed", "version": o["case"].version},
    ),
    ("get", "/api/v1/cases/{case_id}/timeline"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/timeline",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("get", "/api/v1/cases/{case_id}/determinations"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/determinations",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/cases/{case_id}/determinations"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/determinations",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"status": "ActualVictimOfTrafficking", "decided_by": "Police", "decided_on": "2026-11-01"},
    ),
    ("get", "/api/v1/cases/{case_id}/approvals"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/approvals",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/cases/{case_id}/approvals"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/approvals",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
        lambda o: {"kind": "close"},
    ),
    ("get", "/api/v1/cases/{case_id}/needs"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/needs",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("patch", "/api/v1/cases/{case_id}/needs/{need_id}"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/needs/{o['need'].pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 99, "status": "met"},
    ),
    ("get", "/api/v1/cases/{case_id}/screenings"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/screenings",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/cases/{case_id}/screenings"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/screenings",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"indicators": ["debt"]},
    ),
    ("post", "/api/v1/cases/{case_id}/approvals/{approval_id}/decision"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/approvals/{o['approval'].pk}/decision",
        expect(
            404,
            anonymous=401,
            supervisor=400,
            program_director=400,
            case_manager=403,
            clinician=403,
            legal_advocate=403,
        ),
        lambda o: {"approve": False, "comment": ""},
    ),
    ("get", "/api/v1/survivors/{survivor_id}/relations"): (
        lambda o: f"/api/v1/survivors/{o['survivor'].pk}/relations",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/survivors/{survivor_id}/relations"): (
        lambda o: f"/api/v1/survivors/{o['survivor'].pk}/relations",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"kind": "emergency_contact", "safe_to_contact": "yes"},
    ),
    # "no" without a reason is refused after the gate, so every editor gets the same answer (400).
    ("patch", "/api/v1/survivors/{survivor_id}/relations/{relation_id}"): (
        lambda o: f"/api/v1/survivors/{o['survivor'].pk}/relations/{o['relation'].pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
        lambda o: {"version": o["relation"].version, "safe_to_contact": "no"},
    ),
    ("delete", "/api/v1/survivors/{survivor_id}/relations/{relation_id}"): (
        lambda o: f"/api/v1/survivors/{o['survivor'].pk}/relations/{o['relation'].pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 200), program_director=403),
    ),
    ("patch", "/api/v1/survivors/{survivor_id}/contact-safety"): (
        lambda o: f"/api/v1/survivors/{o['survivor'].pk}/contact-safety",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "safe_to_contact": "yes"},
    ),
    # Consent templates (issue 14): admins and staff who record consents read; agency admins write.
    ("get", "/api/v1/consent-templates"): (
        lambda o: "/api/v1/consent-templates",
        expect(
            403,
            anonymous=401,
            **each(CASE_EDITORS, 200),
            agency_admin=200,
            other_agency_admin=200,
            other_agency_user=200,
        ),
    ),
    ("get", "/api/v1/consent-templates/{template_id}"): (
        lambda o: f"/api/v1/consent-templates/{_consent_template(o).pk}",
        expect(
            403,
            anonymous=401,
            **each(CASE_EDITORS, 200),
            agency_admin=200,
            other_agency_admin=404,
            other_agency_user=404,
        ),
    ),
    ("post", "/api/v1/consent-templates"): (
        lambda o: "/api/v1/consent-templates",
        expect(403, anonymous=401, agency_admin=201, other_agency_admin=201),
        lambda o: {
            "name": "Contact",
            "purpose": "contact_channel",
            "length_days": 30,
            "text_en": "We may call you.",
            "channels": ["phone"],
        },
    ),
    ("put", "/api/v1/consent-templates/{template_id}"): (
        lambda o: f"/api/v1/consent-templates/{_consent_template(o).pk}",
        expect(403, anonymous=401, agency_admin=409, other_agency_admin=404),
        lambda o: {
            "version": 999,
            "name": "Shelter referral",
            "purpose": "service_referral",
            "length_days": 90,
            "text_en": "Changed.",
            "data_classes": ["identity"],
        },
    ),
    ("post", "/api/v1/consent-templates/{template_id}/retire"): (
        lambda o: f"/api/v1/consent-templates/{_consent_template(o).pk}/retire",
        expect(403, anonymous=401, agency_admin=409, other_agency_admin=404),
        lambda o: {"version": 999},
    ),
    ("post", "/api/v1/consents"): (
        lambda o: "/api/v1/consents",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
        lambda o: {
            "survivor_id": str(o["survivor"].pk),
            "purpose": "contact_channel",
            "method": "verbal",
            "signer_name": "M",
            "channels": ["sms"],
            "expires_on": str(timezone.localdate() + timedelta(days=300)),
        },
    ),
    ("get", "/api/v1/survivors/{survivor_id}/consents"): (
        lambda o: f"/api/v1/survivors/{o['survivor'].pk}/consents",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/consents/{consent_id}/revoke"): (
        lambda o: f"/api/v1/consents/{o['consent'].pk}/revoke",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "by_whom": "survivor", "how": "phone"},
    ),
    # No consent covers "identity" for agency B: editors get 422 naming it; nothing is saved.
    ("post", "/api/v1/referrals"): (
        lambda o: "/api/v1/referrals",
        expect(404, anonymous=401, **each(CASE_EDITORS, 422), program_director=403),
        lambda o: {
            "case_id": str(o["case"].pk),
            "to_agency_id": str(o["referral"].to_agency_id),
            "service_category": "psychological_support",
            "data_classes": ["identity"],
        },
    ),
    ("get", "/api/v1/referrals"): (
        lambda o: "/api/v1/referrals",
        expect(403, anonymous=401, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    ("get", "/api/v1/referrals/{referral_id}"): (
        lambda o: f"/api/v1/referrals/{o['referral'].pk}",
        expect(404, anonymous=401, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    ("post", "/api/v1/referrals/{referral_id}/transitions"): (
        lambda o: f"/api/v1/referrals/{o['referral'].pk}/transitions",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403, other_agency_user=409),
        lambda o: {"version": 999, "to": "received"},
    ),
    ("post", "/api/v1/referrals/{referral_id}/override-consent"): (
        lambda o: f"/api/v1/referrals/{o['referral'].pk}/override-consent",
        expect(
            404,
            anonymous=401,
            supervisor=409,
            program_director=409,
            case_manager=403,
            clinician=403,
            legal_advocate=403,
            other_agency_user=403,
        ),
        lambda o: {"version": 999, "reason": "Court order to share"},
    ),
    # The matrix referral is sent, with no outcome yet: marking it seen changes nothing and answers 200 (idempotent).
    ("post", "/api/v1/referrals/{referral_id}/outcome-seen"): (
        lambda o: f"/api/v1/referrals/{o['referral'].pk}/outcome-seen",
        expect(404, anonymous=401, **each(CASE_EDITORS, 200), program_director=403, other_agency_user=403),
    ),
    ("get", "/api/v1/referral-policy"): (
        lambda o: "/api/v1/referral-policy",
        expect(403, anonymous=401, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    ("put", "/api/v1/referral-policy"): (
        lambda o: "/api/v1/referral-policy",
        expect(403, anonymous=401, agency_admin=409, program_director=409, other_agency_admin=409),
        lambda o: {"version": 999, "ack_business_days": 5, "stale_days": 30},
    ),
    ("get", "/api/v1/cases/{case_id}/follow-ups"): (
        lambda o: f"/api/v1/cases/{o['follow_up'].case_id}/follow-ups",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("patch", "/api/v1/cases/{case_id}/follow-ups/{follow_up_id}"): (
        lambda o: f"/api/v1/cases/{o['follow_up'].case_id}/follow-ups/{o['follow_up'].pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "outcome": "reached_doing_well"},
    ),
    ("post", "/api/v1/cases/{case_id}/follow-ups/stop"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/follow-ups/stop",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
    ),
    ("get", "/api/v1/cases/{case_id}/notes"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/notes",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/cases/{case_id}/notes"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/notes",
        expect(404, anonymous=401, **each(CASE_EDITORS, 422), program_director=403),
        lambda o: {"body": ""},
    ),
    ("get", "/api/v1/cases/{case_id}/notes/{note_id}"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/notes/{o['note'].pk}",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("patch", "/api/v1/cases/{case_id}/notes/{note_id}"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/notes/{o['note'].pk}",
        expect(404, anonymous=401, **{**each(CASE_READERS, 403), "case_manager": 409}),
        lambda o: {"version": 999},
    ),
    ("post", "/api/v1/cases/{case_id}/notes/{note_id}/strike"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/notes/{o['note'].pk}/strike",
        expect(404, anonymous=401, **{**each(CASE_READERS, 403), "case_manager": 409}),
        lambda o: {"version": 999, "reason": "wrong case"},
    ),
    ("get", "/api/v1/cases/{case_id}/documents"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/documents",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/cases/{case_id}/documents"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/documents",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"file": pdf_upload(), "kind": "correspondence"},
        "multipart",
    ),
    ("get", "/api/v1/survivors/{survivor_id}/documents"): (
        lambda o: f"/api/v1/survivors/{o['survivor'].pk}/documents",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/survivors/{survivor_id}/documents"): (
        lambda o: f"/api/v1/survivors/{o['survivor'].pk}/documents",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"file": pdf_upload(), "kind": "correspondence"},
        "multipart",
    ),
    ("get", "/api/v1/documents/{document_id}"): (
        lambda o: f"/api/v1/documents/{o['document'].pk}",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/documents/{document_id}/versions"): (
        lambda o: f"/api/v1/documents/{o['document'].pk}/versions",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"file": pdf_upload(), "version": Document.objects.get(pk=o["document"].pk).version},
        "multipart",
    ),
    ("post", "/api/v1/documents/{document_id}/archive"): (
        lambda o: f"/api/v1/documents/{o['document'].pk}/archive",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
        lambda o: {"reason": "", "version": Document.objects.get(pk=o["document"].pk).version},
    ),
    ("get", "/api/v1/documents/{document_id}/versions/{number}/content"): (
        lambda o: f"/api/v1/documents/{o['document'].pk}/versions/1/content",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("get", "/api/v1/cases/{case_id}/history"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/history",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/cases/{case_id}/history"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/history",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"type": "Recruitment"},
    ),
    ("patch", "/api/v1/cases/{case_id}/history/{event_id}"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/history/{o['history_event'].pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "country": "TH"},
    ),
    ("delete", "/api/v1/cases/{case_id}/history/{event_id}"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/history/{o['history_event'].pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 204), program_director=403),
    ),
    ("get", "/api/v1/cases/{case_id}/flags"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/flags",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/cases/{case_id}/flags"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/flags",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"kind": "safety_concern", "reason": "Trafficker seen near the shelter"},
    ),
    ("post", "/api/v1/cases/{case_id}/flags/{flag_id}/clear"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/flags/{o['flag'].pk}/clear",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
        lambda o: {"reason": " "},
    ),
    ("get", "/api/v1/cases/{case_id}/outcomes"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/outcomes",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    # An unknown question code passes the schema, so the gate answers first; editors then get 422.
    ("post", "/api/v1/cases/{case_id}/outcomes"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/outcomes",
        expect(404, anonymous=401, **each(CASE_EDITORS, 422), program_director=403),
        lambda o: {"scores": {"no_such_question": 3}},
    ),
    ("put", "/api/v1/cases/{case_id}/outcomes/{rating_id}"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/outcomes/{o['outcome_rating'].pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "scores": {}},
    ),
    ("get", "/api/v1/outcome-scales/current"): (
        lambda o: "/api/v1/outcome-scales/current",
        expect(200, anonymous=401, platform_operator=403),
    ),
    ("get", "/api/v1/vocabularies"): (
        lambda o: "/api/v1/vocabularies",
        expect(200, anonymous=401, platform_operator=403),
    ),
    ("get", "/api/v1/vocabularies/{code}/terms"): (
        lambda o: f"/api/v1/vocabularies/{htcds.TYPE_OF_EXPLOITATION}/terms",
        expect(200, anonymous=401, platform_operator=403),
    ),
    # --- issue 11 D: agency administration (staff, tokens, audit, emergency access, the agency's own terms) ---
    ("post", "/api/v1/vocabularies/{code}/terms"): (
        lambda o: f"/api/v1/vocabularies/{htcds.TYPE_OF_EXPLOITATION}/terms",
        expect(403, anonymous=401, agency_admin=201, other_agency_admin=201),
        lambda o: {"code": "x_Matrix", "label": "Matrix term"},
    ),
    ("post", "/api/v1/vocabularies/terms/{term_id}/retire"): (
        lambda o: f"/api/v1/vocabularies/terms/{o['term'].pk}/retire",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=404),
    ),
    # Issue 11 (last gaps): the admin's list of the agency's own terms, retired ones included (agency B's admin lists B's).
    ("get", "/api/v1/vocabularies/{code}/agency-terms"): (
        lambda o: f"/api/v1/vocabularies/{o['vocabulary'].code}/agency-terms",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
    ),
    ("get", "/api/v1/staff/members"): (
        lambda o: "/api/v1/staff/members",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
    ),
    ("put", "/api/v1/staff/members/{membership_id}"): (
        lambda o: f"/api/v1/staff/members/{o['membership'].pk}",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=404),
        lambda o: {"role": "case_manager", "team_ids": [], "is_active": True},
    ),
    ("get", "/api/v1/staff/invitations"): (
        lambda o: "/api/v1/staff/invitations",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
    ),
    ("post", "/api/v1/staff/invitations"): (
        lambda o: "/api/v1/staff/invitations",
        expect(403, anonymous=401, agency_admin=201, other_agency_admin=201),
        lambda o: {"display_name": "Matrix", "email": "matrix@example.org", "role": "volunteer"},
    ),
    ("post", "/api/v1/staff/invitations/{invitation_id}/revoke"): (
        lambda o: f"/api/v1/staff/invitations/{o['invitation'].pk}/revoke",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=404),
    ),
    ("get", "/api/v1/staff/teams"): (
        lambda o: "/api/v1/staff/teams",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
    ),
    ("post", "/api/v1/staff/teams"): (
        lambda o: "/api/v1/staff/teams",
        expect(403, anonymous=401, agency_admin=201, other_agency_admin=201),
        lambda o: {"name": "Matrix team"},
    ),
    # Every signed-in staff user keeps their own tokens (the sessions here re-entered their password just now).
    ("get", "/api/v1/tokens"): (lambda o: "/api/v1/tokens", expect(200, anonymous=401)),
    ("post", "/api/v1/tokens"): (lambda o: "/api/v1/tokens", expect(201, anonymous=401), lambda o: {"name": "m"}),
    ("post", "/api/v1/tokens/{token_id}/revoke"): (
        lambda o: f"/api/v1/tokens/{o['token'].pk}/revoke",
        expect(404, anonymous=401, case_manager=200),
    ),
    ("get", "/api/v1/audit-events"): (
        lambda o: "/api/v1/audit-events",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
    ),
    ("get", "/api/v1/break-glass/grants"): (
        lambda o: "/api/v1/break-glass/grants",
        expect(403, anonymous=401, platform_operator=200),
    ),
    ("post", "/api/v1/break-glass/grants"): (
        lambda o: "/api/v1/break-glass/grants",
        expect(403, anonymous=401, platform_operator=201),
        lambda o: {
            "agency_id": str(o["case"].agency_id),
            "reason": "Restoring a record at the agency's request",
            "hours": 1,
        },
    ),
    ("post", "/api/v1/break-glass/grants/{grant_id}/end"): (
        lambda o: f"/api/v1/break-glass/grants/{o['grant'].pk}/end",
        expect(403, anonymous=401, platform_operator=200),
    ),
    ("get", "/api/v1/break-glass/review"): (
        lambda o: "/api/v1/break-glass/review",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
    ),
    ("post", "/api/v1/break-glass/review/{grant_id}"): (
        lambda o: f"/api/v1/break-glass/review/{o['grant'].pk}",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=404),
    ),
    # --- end of issue 11 D ---
    ("get", "/api/v1/instruments"): (lambda o: "/api/v1/instruments", expect(200, anonymous=401)),
    ("get", "/api/v1/instruments/{code}"): (lambda o: "/api/v1/instruments/phq9", expect(200, anonymous=401)),
    ("get", "/api/v1/cases/{case_id}/assessments"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/assessments",
        expect(404, anonymous=401, **each(RESULT_READERS, 200), legal_advocate=403),
    ),
    ("post", "/api/v1/cases/{case_id}/assessments"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/assessments",
        expect(404, anonymous=401, **each(RESULT_EDITORS, 201), program_director=403, legal_advocate=403),
        lambda o: {"instrument": "gad7", "responses": [0, 1, 0, 1, 0, 1, 0]},
    ),
    ("get", "/api/v1/cases/{case_id}/progress"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/progress",
        expect(404, anonymous=401, **each(RESULT_READERS, 200), legal_advocate=403),
    ),
    ("get", "/api/v1/assessments/cohort"): (
        lambda o: "/api/v1/assessments/cohort",
        expect(403, anonymous=401, agency_admin=200, program_director=200, analyst=200, other_agency_admin=200),
    ),
    ("post", "/api/v1/cases/{case_id}/assessment-alerts/{alert_id}/acknowledge"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/assessment-alerts/{o['assessment_alert'].pk}/acknowledge",
        expect(404, anonymous=401, **each(RESULT_EDITORS, 400), program_director=403, legal_advocate=403),
        lambda o: {"note": " "},
    ),
    ("get", "/api/v1/assessments/due"): (
        lambda o: "/api/v1/assessments/due",
        expect(403, anonymous=401, **each(RESULT_READERS, 200), other_agency_user=200),
    ),
    ("get", "/api/v1/assessment-plans"): (
        lambda o: "/api/v1/assessment-plans",
        expect(403, anonymous=401, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    # a stale version: managers get the conflict (409), nothing is saved
    ("put", "/api/v1/assessment-plans/{code}"): (
        lambda o: "/api/v1/assessment-plans/phq9",
        expect(403, anonymous=401, agency_admin=409, program_director=409, other_agency_admin=409),
        lambda o: {"first_months": [0, 6], "then_every_months": 12, "version": 999},
    ),
    # Individual plans (issue 5): the plan exists already (POST is refused with 400); bad values are 422,
    # stale versions 409; the review needs no sign-off, so approvers get 400 and other editors 403.
    ("get", "/api/v1/cases/{case_id}/plan"): (
        lambda o: f"/api/v1/cases/{_plan(o)['case'].pk}/plan",
        expect(403, anonymous=401, other_agency_user=404, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/cases/{case_id}/plan"): (
        lambda o: f"/api/v1/cases/{_plan(o)['case'].pk}/plan",
        expect(403, anonymous=401, other_agency_user=404, **each(CASE_EDITORS, 400), program_director=403),
        lambda o: {"goals": []},
    ),
    ("post", "/api/v1/cases/{case_id}/plan/goals"): (
        lambda o: f"/api/v1/cases/{_plan(o)['case'].pk}/plan/goals",
        expect(403, anonymous=401, other_agency_user=404, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"staff_wording": "Find steady work", "domain": "economic_education"},
    ),
    ("patch", "/api/v1/cases/{case_id}/plan/goals/{goal_id}"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/plan/goals/{_plan(o)['goal'].pk}",
        expect(403, anonymous=401, other_agency_user=404, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "status": "in_progress"},
    ),
    ("post", "/api/v1/cases/{case_id}/plan/goals/{goal_id}/progress"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/plan/goals/{_plan(o)['goal'].pk}/progress",
        expect(403, anonymous=401, other_agency_user=404, **each(CASE_EDITORS, 422), program_director=403),
        lambda o: {"text": " "},
    ),
    ("post", "/api/v1/cases/{case_id}/plan/goals/{goal_id}/planned-services"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/plan/goals/{_plan(o)['goal'].pk}/planned-services",
        expect(403, anonymous=401, other_agency_user=404, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"service_type": "housing_shelter.emergency", "frequency": "once"},
    ),
    # The first editor (the supervisor) removes it; after that it is gone for the others (404).
    ("delete", "/api/v1/cases/{case_id}/plan/goals/{goal_id}/planned-services/{item_id}"): (
        lambda o: (
            f"/api/v1/cases/{o['case'].pk}/plan/goals/{_plan(o)['goal'].pk}/planned-services/{_plan(o)['planned'].pk}"
        ),
        expect(
            403,
            anonymous=401,
            other_agency_user=404,
            supervisor=204,
            program_director=403,
            **each(["case_manager", "clinician", "legal_advocate"], 404),
        ),
    ),
    ("get", "/api/v1/plan-policy"): (
        lambda o: "/api/v1/plan-policy",
        expect(403, anonymous=401, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    ("put", "/api/v1/plan-policy"): (
        lambda o: "/api/v1/plan-policy",
        expect(403, anonymous=401, agency_admin=409, program_director=409, other_agency_admin=409),
        lambda o: {"version": 999, "review_every_days": 60, "requires_sign_off": True},
    ),
    ("post", "/api/v1/cases/{case_id}/plan/tasks"): (
        lambda o: f"/api/v1/cases/{_plan(o)['case'].pk}/plan/tasks",
        expect(403, anonymous=401, other_agency_user=404, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"title": "Call the shelter", "owned_by_survivor": True},
    ),
    ("patch", "/api/v1/cases/{case_id}/plan/tasks/{task_id}"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/plan/tasks/{_plan(o)['task'].pk}",
        expect(403, anonymous=401, other_agency_user=404, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "status": "done"},
    ),
    ("post", "/api/v1/cases/{case_id}/plan/reviews"): (
        lambda o: f"/api/v1/cases/{_plan(o)['case'].pk}/plan/reviews",
        expect(403, anonymous=401, other_agency_user=404, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999},
    ),
    ("post", "/api/v1/cases/{case_id}/plan/reviews/{version_id}/sign-off"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/plan/reviews/{_plan(o)['version'].pk}/sign-off",
        expect(
            403,
            anonymous=401,
            other_agency_user=404,
            supervisor=400,
            program_director=400,
            case_manager=403,
            clinician=403,
            legal_advocate=403,
        ),
    ),
    # Appointments (issue 5)
    ("get", "/api/v1/appointments"): (
        lambda o: "/api/v1/appointments",
        expect(403, anonymous=401, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    ("get", "/api/v1/cases/{case_id}/appointments"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/appointments",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    # A time in the past passes the schema, so the gate answers first; editors then get 422.
    ("post", "/api/v1/cases/{case_id}/appointments"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/appointments",
        expect(404, anonymous=401, **each(CASE_EDITORS, 422), program_director=403),
        lambda o: {"starts_at": "2020-01-06T10:00:00Z", "ends_at": "2020-01-06T11:00:00Z"},
    ),
    ("patch", "/api/v1/appointments/{appointment_id}"): (
        lambda o: f"/api/v1/appointments/{o['appointment'].pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "purpose": "x"},
    ),
    ("post", "/api/v1/appointments/{appointment_id}/outcome"): (
        lambda o: f"/api/v1/appointments/{o['appointment'].pk}/outcome",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "outcome": "kept"},
    ),
    ("post", "/api/v1/appointments/{appointment_id}/cancel"): (
        lambda o: f"/api/v1/appointments/{o['appointment'].pk}/cancel",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "by": "agency"},
    ),
    # Group programs
    ("get", "/api/v1/groups"): (
        lambda o: "/api/v1/groups",
        expect(403, anonymous=401, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    ("post", "/api/v1/groups"): (
        lambda o: "/api/v1/groups",
        expect(403, anonymous=401, **each(CASE_EDITORS, 201), other_agency_user=201),
        lambda o: {"name": "Matrix group", "starts_on": "2026-01-05"},
    ),
    ("get", "/api/v1/groups/{program_id}"): (
        lambda o: f"/api/v1/groups/{o['group'].pk}",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("put", "/api/v1/groups/{program_id}"): (
        lambda o: f"/api/v1/groups/{o['group'].pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"name": "Renamed", "starts_on": "2026-01-05", "version": 999},
    ),
    ("get", "/api/v1/groups/{program_id}/sessions"): (
        lambda o: f"/api/v1/groups/{o['group'].pk}/sessions",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/groups/{program_id}/sessions/plan"): (
        lambda o: f"/api/v1/groups/{o['group'].pk}/sessions/plan",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"weekdays": [1], "start_time": "10:00", "count": 2},
    ),
    ("post", "/api/v1/groups/{program_id}/enrolments"): (
        lambda o: f"/api/v1/groups/{o['group'].pk}/enrolments",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
        lambda o: {"case_number": "NO-SUCH-CASE"},
    ),
    ("post", "/api/v1/groups/{program_id}/enrolments/{enrolment_id}/leave"): (
        lambda o: f"/api/v1/groups/{o['group'].pk}/enrolments/{o['group_enrolment'].pk}/leave",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"reason": "moved", "version": 999},
    ),
    # One session, cancelling, completing, certificates (issue 11 E). The matrix's enrolment is completed and has its
    # certificate: completing again is 400, issuing answers the one issued; a session at the same time is 400.
    ("post", "/api/v1/groups/{program_id}/sessions"): (
        lambda o: f"/api/v1/groups/{o['group'].pk}/sessions",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
        lambda o: {"starts_at": o["group_session"].starts_at.isoformat(), "duration_minutes": 60},
    ),
    ("post", "/api/v1/groups/{program_id}/sessions/{session_id}/cancel"): (
        lambda o: f"/api/v1/groups/{o['group'].pk}/sessions/{o['group_session'].pk}/cancel",
        expect(404, anonymous=401, **each(CASE_EDITORS, 200), program_director=403),
    ),
    ("post", "/api/v1/groups/{program_id}/enrolments/{enrolment_id}/complete"): (
        lambda o: f"/api/v1/groups/{o['group'].pk}/enrolments/{o['group_enrolment'].pk}/complete",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
    ),
    ("post", "/api/v1/groups/{program_id}/enrolments/{enrolment_id}/certificate"): (
        lambda o: f"/api/v1/groups/{o['group'].pk}/enrolments/{o['group_enrolment'].pk}/certificate",
        expect(404, anonymous=401, **each(CASE_EDITORS, 200), program_director=403),
    ),
    ("get", "/api/v1/groups/{program_id}/enrolments/{enrolment_id}/certificate"): (
        lambda o: f"/api/v1/groups/{o['group'].pk}/enrolments/{o['group_enrolment'].pk}/certificate",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("get", "/api/v1/groups/{program_id}/sessions/{session_id}/attendance"): (
        lambda o: f"/api/v1/groups/{o['group'].pk}/sessions/{o['group_session'].pk}/attendance",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("put", "/api/v1/groups/{program_id}/sessions/{session_id}/attendance"): (
        lambda o: f"/api/v1/groups/{o['group'].pk}/sessions/{o['group_session'].pk}/attendance",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "marks": []},
    ),
    # Service delivery log API (issue 5)
    ("get", "/api/v1/cases/{case_id}/services"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/services",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/cases/{case_id}/services"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/services",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"service_type": "education.esl", "delivered_on": "2026-01-05"},
    ),
    ("get", "/api/v1/services"): (
        lambda o: "/api/v1/services",
        expect(403, anonymous=401, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    ("patch", "/api/v1/services/{service_id}"): (
        lambda o: f"/api/v1/services/{_service(o).pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "duration_minutes": 30},
    ),
    ("post", "/api/v1/services/{service_id}/void"): (
        lambda o: f"/api/v1/services/{_service(o).pk}/void",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "reason": "entered twice"},
    ),
    ("get", "/api/v1/service-types"): (
        lambda o: "/api/v1/service-types",
        expect(200, anonymous=401, platform_operator=403),
    ),
    ("get", "/api/v1/grants"): (
        lambda o: "/api/v1/grants",
        expect(
            403,
            anonymous=401,
            **each(CASE_READERS, 200),
            agency_admin=200,
            other_agency_user=200,
            other_agency_admin=200,
        ),
    ),
    ("post", "/api/v1/grants"): (
        lambda o: "/api/v1/grants",
        expect(403, anonymous=401, agency_admin=422, program_director=422, other_agency_admin=422),
        lambda o: {"name": " "},
    ),
    ("patch", "/api/v1/grants/{grant_id}"): (
        lambda o: f"/api/v1/grants/{_grant(o).pk}",
        expect(403, anonymous=401, agency_admin=409, program_director=409, other_agency_admin=404),
        lambda o: {"version": 999, "name": "Renamed"},
    ),
    # Funding (issue 8): bodies fail validation (422) or carry a stale version (409) after the gate.
    ("get", "/api/v1/funders"): (
        lambda o: "/api/v1/funders",
        expect(403, anonymous=401, **each(FUNDING_MANAGERS, 200)),
    ),
    ("post", "/api/v1/funders"): (
        lambda o: "/api/v1/funders",
        expect(403, anonymous=401, **each(FUNDING_MANAGERS, 422)),
        lambda o: {"name": " "},
    ),
    ("put", "/api/v1/funders/{funder_id}"): (
        lambda o: f"/api/v1/funders/{_funding(o)['funder'].pk}",
        expect(403, anonymous=401, **(each(FUNDING_MANAGERS, 409) | {"other_agency_admin": 404})),
        lambda o: {"version": 999, "name": "OVC"},
    ),
    ("post", "/api/v1/grants/{grant_id}/budget-lines"): (
        lambda o: f"/api/v1/grants/{_grant(o).pk}/budget-lines",
        expect(403, anonymous=401, **(each(FUNDING_MANAGERS, 422) | {"other_agency_admin": 404})),
        lambda o: {"category": "personnel", "amount": "-1"},
    ),
    ("put", "/api/v1/grants/{grant_id}/budget-lines/{line_id}"): (
        lambda o: f"/api/v1/grants/{_grant(o).pk}/budget-lines/{_funding(o)['line'].pk}",
        expect(403, anonymous=401, **(each(FUNDING_MANAGERS, 409) | {"other_agency_admin": 404})),
        lambda o: {"version": 999, "category": "travel", "amount": "5"},
    ),
    ("get", "/api/v1/grants/{grant_id}/staff-time"): (
        lambda o: f"/api/v1/grants/{_grant(o).pk}/staff-time",
        expect(403, anonymous=401, **(each(FUNDING_MANAGERS, 200) | {"other_agency_admin": 404})),
    ),
    ("post", "/api/v1/grants/{grant_id}/staff-time"): (
        lambda o: f"/api/v1/grants/{_grant(o).pk}/staff-time",
        expect(403, anonymous=401, **(each(FUNDING_MANAGERS, 422) | {"other_agency_admin": 404})),
        lambda o: {"staff_id": str(o["_case_manager"].pk), "worked_on": "2026-01-05", "hours": "0", "hourly_cost": "1"},
    ),
    ("put", "/api/v1/staff-time/{row_id}"): (
        lambda o: f"/api/v1/staff-time/{_funding(o)['staff_time'].pk}",
        expect(403, anonymous=401, **(each(FUNDING_MANAGERS, 409) | {"other_agency_admin": 404})),
        lambda o: {
            "version": 999,
            "staff_id": str(o["_case_manager"].pk),
            "worked_on": "2026-01-05",
            "hours": "1",
            "hourly_cost": "1",
        },
    ),
    ("get", "/api/v1/grants/{grant_id}/direct-costs"): (
        lambda o: f"/api/v1/grants/{_grant(o).pk}/direct-costs",
        expect(403, anonymous=401, **(each(FUNDING_MANAGERS, 200) | {"other_agency_admin": 404})),
    ),
    ("post", "/api/v1/grants/{grant_id}/direct-costs"): (
        lambda o: f"/api/v1/grants/{_grant(o).pk}/direct-costs",
        expect(403, anonymous=401, **(each(FUNDING_MANAGERS, 422) | {"other_agency_admin": 404})),
        lambda o: {"spent_on": "2026-01-05", "amount": "-5"},
    ),
    ("put", "/api/v1/direct-costs/{row_id}"): (
        lambda o: f"/api/v1/direct-costs/{_funding(o)['cost'].pk}",
        expect(403, anonymous=401, **(each(FUNDING_MANAGERS, 409) | {"other_agency_admin": 404})),
        lambda o: {"version": 999, "spent_on": "2026-01-05", "amount": "5"},
    ),
    ("get", "/api/v1/in-kind"): (
        lambda o: "/api/v1/in-kind",
        expect(403, anonymous=401, **each(FUNDING_MANAGERS, 200)),
    ),
    ("post", "/api/v1/in-kind"): (
        lambda o: "/api/v1/in-kind",
        expect(403, anonymous=401, **each(FUNDING_MANAGERS, 422)),
        lambda o: {"kind": "goods", "received_on": "2026-01-05", "quantity": "0", "value": "1"},
    ),
    ("put", "/api/v1/in-kind/{row_id}"): (
        lambda o: f"/api/v1/in-kind/{_funding(o)['in_kind'].pk}",
        expect(403, anonymous=401, **(each(FUNDING_MANAGERS, 409) | {"other_agency_admin": 404})),
        lambda o: {"version": 999, "kind": "goods", "received_on": "2026-01-05", "quantity": "1", "value": "1"},
    ),
    ("get", "/api/v1/grants/{grant_id}/burn-down"): (
        lambda o: f"/api/v1/grants/{_grant(o).pk}/burn-down",
        expect(403, anonymous=401, **(each(FUNDING_READERS, 200) | {"other_agency_admin": 404})),
    ),
    ("get", "/api/v1/funding/cost-per-service"): (
        lambda o: "/api/v1/funding/cost-per-service",
        expect(403, anonymous=401, **each(FUNDING_READERS, 200)),
    ),
    ("get", "/api/v1/funding/gaps"): (
        lambda o: "/api/v1/funding/gaps",
        expect(403, anonymous=401, **each(FUNDING_READERS, 200)),
    ),
    # Partner directory (issue 6): bodies fail the domain checks (400) or carry a stale version (409) after
    # the gate, so nothing is written; the import of an empty list is a dry run.
    ("get", "/api/v1/directory/organizations"): (
        lambda o: "/api/v1/directory/organizations",
        expect(200, anonymous=401, platform_operator=403),
    ),
    ("post", "/api/v1/directory/organizations"): (
        lambda o: "/api/v1/directory/organizations",
        expect(403, anonymous=401, agency_admin=400, other_agency_admin=400),
        lambda o: {"name": " "},
    ),
    ("get", "/api/v1/directory/organizations/{organization_id}"): (
        lambda o: f"/api/v1/directory/organizations/{_directory(o)['org'].pk}",
        expect(200, anonymous=401, platform_operator=403),
    ),
    ("patch", "/api/v1/directory/organizations/{organization_id}"): (
        lambda o: f"/api/v1/directory/organizations/{_directory(o)['org'].pk}",
        expect(403, anonymous=401, **each(DIRECTORY_EDITORS, 409)),
        lambda o: {"version": 999},
    ),
    ("post", "/api/v1/directory/organizations/{organization_id}/services"): (
        lambda o: f"/api/v1/directory/organizations/{_directory(o)['org'].pk}/services",
        expect(403, anonymous=401, **each(DIRECTORY_EDITORS, 400)),
        lambda o: {"name": "Beds", "category_code": "no_such_category"},
    ),
    ("patch", "/api/v1/directory/organizations/{organization_id}/services/{service_id}"): (
        lambda o: f"/api/v1/directory/organizations/{_directory(o)['org'].pk}/services/{_directory(o)['service'].pk}",
        expect(403, anonymous=401, **each(DIRECTORY_EDITORS, 409)),
        lambda o: {"version": 999},
    ),
    ("post", "/api/v1/directory/organizations/{organization_id}/locations"): (
        lambda o: f"/api/v1/directory/organizations/{_directory(o)['org'].pk}/locations",
        expect(403, anonymous=401, **each(DIRECTORY_EDITORS, 400)),
        lambda o: {"latitude": "north"},
    ),
    ("patch", "/api/v1/directory/organizations/{organization_id}/locations/{location_id}"): (
        lambda o: f"/api/v1/directory/organizations/{_directory(o)['org'].pk}/locations/{_directory(o)['shelter'].pk}",
        expect(403, anonymous=401, **each(DIRECTORY_EDITORS, 409)),
        lambda o: {"version": 999},
    ),
    ("post", "/api/v1/directory/organizations/{organization_id}/contacts"): (
        lambda o: f"/api/v1/directory/organizations/{_directory(o)['org'].pk}/contacts",
        expect(403, anonymous=401, **each(DIRECTORY_EDITORS, 400)),
        lambda o: {"name": " "},
    ),
    ("patch", "/api/v1/directory/organizations/{organization_id}/contacts/{contact_id}"): (
        lambda o: f"/api/v1/directory/organizations/{_directory(o)['org'].pk}/contacts/{_directory(o)['contact'].pk}",
        expect(403, anonymous=401, **each(DIRECTORY_EDITORS, 409)),
        lambda o: {"version": 999},
    ),
    ("get", "/api/v1/directory/hsds"): (
        lambda o: "/api/v1/directory/hsds",
        expect(200, anonymous=401, platform_operator=403),
    ),
    ("post", "/api/v1/directory/hsds"): (
        lambda o: "/api/v1/directory/hsds",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
        lambda o: {"dry_run": True, "document": []},
    ),
    ("get", "/api/v1/directory/hsds.zip"): (
        lambda o: "/api/v1/directory/hsds.zip",
        expect(200, anonymous=401, platform_operator=403),
    ),
    ("post", "/api/v1/directory/hsds.zip"): (
        lambda o: "/api/v1/directory/hsds.zip",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
        lambda o: {"dry_run": True, "file": _empty_hsds_zip()},
        "multipart",
    ),
    # Rights information (issue 7)
    ("get", "/api/v1/legal/rights-articles"): (
        lambda o: "/api/v1/legal/rights-articles",
        expect(403, anonymous=401, **each(RIGHTS_READERS, 200), other_agency_user=200, other_agency_admin=200),
    ),
    ("post", "/api/v1/legal/rights-articles"): (
        lambda o: "/api/v1/legal/rights-articles",
        expect(403, anonymous=401, **each(RIGHTS_EDITORS, 400), other_agency_admin=400),
        lambda o: {"jurisdiction": "US", "language": "en", "topic": "housing", "title": " ", "body": "Text."},
    ),
    ("get", "/api/v1/legal/rights-articles/{article_id}"): (
        lambda o: f"/api/v1/legal/rights-articles/{_rights(o)['article'].pk}",
        expect(403, anonymous=401, **each(RIGHTS_READERS, 200), other_agency_user=404, other_agency_admin=404),
    ),
    ("patch", "/api/v1/legal/rights-articles/{article_id}"): (
        lambda o: f"/api/v1/legal/rights-articles/{_rights(o)['article'].pk}",
        expect(403, anonymous=401, **each(RIGHTS_EDITORS, 409), other_agency_user=404, other_agency_admin=404),
        lambda o: {"version": 999, "title": "Stale"},
    ),
    ("get", "/api/v1/cases/{case_id}/rights-shares"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/rights-shares",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/cases/{case_id}/rights-shares"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/rights-shares",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
        lambda o: {"article_id": "00000000-0000-4000-8000-000000000000"},
    ),
    ("post", "/api/v1/rights-shares/{share_id}/withdraw"): (
        lambda o: f"/api/v1/rights-shares/{_rights(o)['share'].pk}/withdraw",
        expect(404, anonymous=401, **each(CASE_EDITORS, 422), program_director=403),
        lambda o: {},
    ),
    # Legal deadlines (issue 7): agency-wide lists for case workers; the settings for admins and directors
    # (a stale version: 409, nothing saved).
    ("get", "/api/v1/legal-deadlines"): (
        lambda o: "/api/v1/legal-deadlines?overdue=true",
        expect(403, anonymous=401, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    ("get", "/api/v1/legal-matters"): (
        lambda o: "/api/v1/legal-matters?due_before=2030-01-01",
        expect(403, anonymous=401, **each(CASE_READERS, 200), other_agency_user=200),
    ),
    ("get", "/api/v1/legal-policy"): (
        lambda o: "/api/v1/legal-policy",
        expect(403, anonymous=401, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    ("put", "/api/v1/legal-policy"): (
        lambda o: "/api/v1/legal-policy",
        expect(403, anonymous=401, agency_admin=409, program_director=409, other_agency_admin=409),
        lambda o: {"reminder_offsets": [60, 14], "default_jurisdiction": "US", "version": 999},
    ),
    ("get", "/api/v1/reporting-policy"): (
        lambda o: "/api/v1/reporting-policy",
        expect(403, anonymous=401, agency_admin=200, program_director=200, other_agency_admin=200),
    ),
    ("put", "/api/v1/reporting-policy"): (
        lambda o: "/api/v1/reporting-policy",
        expect(403, anonymous=401, agency_admin=409, program_director=409, other_agency_admin=409),
        lambda o: {"k": 11, "fiscal_year_start_month": 10, "version": 999},
    ),
    ("get", "/api/v1/reports/jobs"): (
        lambda o: "/api/v1/reports/jobs",
        expect(403, anonymous=401, **each(REPORT_RUNNERS, 200)),
    ),
    ("get", "/api/v1/reports/jobs/{job_id}"): (
        lambda o: f"/api/v1/reports/jobs/{_job(o).pk}",
        expect(403, anonymous=401, **{**each(REPORT_RUNNERS, 404), "program_director": 200}),
    ),
    # De-identified exports and network counts (issue 8).
    ("post", "/api/v1/exports/run"): (
        lambda o: "/api/v1/exports/run",
        expect(403, anonymous=401, **each(REPORT_RUNNERS, 202)),
        lambda o: {"period": "2025", "format": "csv"},
    ),
    # The finished file (issue 11 E): its creator only, as on the page (these sessions re-entered their password).
    ("get", "/api/v1/exports/{job_id}/file"): (
        lambda o: f"/api/v1/exports/{_export_job(o).pk}/file",
        expect(403, anonymous=401, **{**each(REPORT_RUNNERS, 404), "program_director": 200}),
    ),
    ("get", "/api/v1/reports/network-count"): (
        lambda o: "/api/v1/reports/network-count",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
    ),
    ("post", "/api/v1/reports/network-count/run"): (
        lambda o: "/api/v1/reports/network-count/run",
        expect(403, anonymous=401, agency_admin=202, other_agency_admin=422),
        lambda o: {"network_id": str(_network(o).pk), "period": "2025"},
    ),
    ("put", "/api/v1/networks/{network_id}/membership"): (
        lambda o: f"/api/v1/networks/{_network(o).pk}/membership",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
        lambda o: {"member": True},
    ),
    # Funder reports (issue 8): report runners list the templates and queue a report (an invalid period is 422).
    ("get", "/api/v1/reports/templates"): (
        lambda o: "/api/v1/reports/templates",
        expect(403, anonymous=401, **each(REPORT_RUNNERS, 200)),
    ),
    ("post", "/api/v1/reports/run"): (
        lambda o: "/api/v1/reports/run",
        expect(403, anonymous=401, **each(REPORT_RUNNERS, 422)),
        lambda o: {"period": "not a period", "template": "ovc_tims"},
    ),
    ("get", "/api/v1/dashboards/{board}"): (
        lambda o: "/api/v1/dashboards/program",
        expect(403, anonymous=401, **each(REPORT_RUNNERS, 200)),
    ),
    # Privileged material (issue 7): case readers list the grants; only the legal team grants and revokes.
    ("get", "/api/v1/cases/{case_id}/legal-access-grants"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/legal-access-grants",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/cases/{case_id}/legal-access-grants"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/legal-access-grants",
        expect(404, anonymous=401, **{**each(CASE_READERS, 403), "legal_advocate": 400}),
        lambda o: {"user_id": str(o["_case_manager"].pk), "reason": ""},
    ),
    ("post", "/api/v1/legal-access-grants/{grant_id}/revoke"): (
        lambda o: f"/api/v1/legal-access-grants/{_legal_grant(o).pk}/revoke",
        expect(404, anonymous=401, **{**each(CASE_READERS, 403), "legal_advocate": 200}),
    ),
    # Legal matters (issue 7): stale versions (999) answer 409, so each persona's write is checked without changing it.
    ("post", "/api/v1/cases/{case_id}/legal-matters"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/legal-matters",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"matter_type_id": str(_legal(o)["matter"].matter_type_id)},
    ),
    ("get", "/api/v1/cases/{case_id}/legal-matters"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/legal-matters",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("get", "/api/v1/legal-matters/{matter_id}"): (
        lambda o: f"/api/v1/legal-matters/{_legal(o)['matter'].pk}",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("patch", "/api/v1/legal-matters/{matter_id}"): (
        lambda o: f"/api/v1/legal-matters/{_legal(o)['matter'].pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "reference": "R-1"},
    ),
    ("post", "/api/v1/legal-matters/{matter_id}/transitions"): (
        lambda o: f"/api/v1/legal-matters/{_legal(o)['matter'].pk}/transitions",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"to_step": "application_filed", "version": 999},
    ),
    ("post", "/api/v1/legal-matters/{matter_id}/close"): (
        lambda o: f"/api/v1/legal-matters/{_legal(o)['matter'].pk}/close",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"outcome": "withdrawn", "version": 999},
    ),
    ("get", "/api/v1/legal-matters/{matter_id}/deadlines"): (
        lambda o: f"/api/v1/legal-matters/{_legal(o)['matter'].pk}/deadlines",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/legal-matters/{matter_id}/deadlines"): (
        lambda o: f"/api/v1/legal-matters/{_legal(o)['matter'].pk}/deadlines",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
        lambda o: {"kind": "hearing", "title": " ", "due_on": timezone.localdate().isoformat()},
    ),
    ("post", "/api/v1/legal-deadlines/{deadline_id}/done"): (
        lambda o: f"/api/v1/legal-deadlines/{_legal(o)['deadline'].pk}/done",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999},
    ),
    ("patch", "/api/v1/legal-deadlines/{deadline_id}"): (
        lambda o: f"/api/v1/legal-deadlines/{_legal(o)['deadline'].pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999},
    ),
    ("get", "/api/v1/legal-matter-types"): (
        lambda o: "/api/v1/legal-matter-types",
        expect(200, anonymous=401, platform_operator=403),
    ),
    ("get", "/api/v1/legal-matters/{matter_id}/documents"): (
        lambda o: f"/api/v1/legal-matters/{_legal(o)['matter'].pk}/documents",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/legal-matters/{matter_id}/documents"): (
        lambda o: f"/api/v1/legal-matters/{_legal(o)['matter'].pk}/documents",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"file": pdf_upload(), "confidentiality": "general"},
        "multipart",
    ),
    ("get", "/api/v1/legal-matters/{matter_id}/notes"): (
        lambda o: f"/api/v1/legal-matters/{_legal(o)['matter'].pk}/notes",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/legal-matters/{matter_id}/notes"): (
        lambda o: f"/api/v1/legal-matters/{_legal(o)['matter'].pk}/notes",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"body": "Spoke with the attorney.", "confidentiality": "general"},
    ),
    # helper "outcomes" (issue 7)
    ("get", "/api/v1/cases/{case_id}/law-enforcement-contacts"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/law-enforcement-contacts",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("post", "/api/v1/cases/{case_id}/law-enforcement-contacts"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/law-enforcement-contacts",
        expect(404, anonymous=401, **each(CASE_EDITORS, 201), program_director=403),
        lambda o: {"occurred_on": "2026-01-05", "kind": "interview", "response": "pending"},
    ),
    ("get", "/api/v1/law-enforcement-contacts/{contact_id}"): (
        lambda o: f"/api/v1/law-enforcement-contacts/{_le_contact(o).pk}",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("patch", "/api/v1/law-enforcement-contacts/{contact_id}"): (
        lambda o: f"/api/v1/law-enforcement-contacts/{_le_contact(o).pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 200), program_director=403),
        lambda o: {"version": _current_version(_le_contact(o)), "response": "complied"},
    ),
    ("get", "/api/v1/legal/outcomes"): (
        lambda o: "/api/v1/legal/outcomes",
        expect(403, anonymous=401, **each(OUTCOME_VIEWERS, 200)),
    ),
    # --- Issue 10: community work (campaigns, events, training, volunteers, stories) API ---
    ("get", "/api/v1/outreach/campaigns"): (
        lambda o: "/api/v1/outreach/campaigns",
        expect(403, anonymous=401, **each(_CAMPAIGN_READERS, 200), other_agency_admin=200),
    ),
    ("post", "/api/v1/outreach/campaigns"): (
        lambda o: "/api/v1/outreach/campaigns",
        expect(403, anonymous=401, **each(_CAMPAIGN_RUNNERS, 201), other_agency_admin=201),
        lambda o: {"name": f"Matrix campaign {timezone.now().timestamp()}"},
    ),
    ("get", "/api/v1/outreach/campaigns/{campaign_id}"): (
        lambda o: f"/api/v1/outreach/campaigns/{_campaigns(o)['campaign'].pk}",
        expect(403, anonymous=401, **each(_CAMPAIGN_READERS, 200), other_agency_admin=404),
    ),
    ("put", "/api/v1/outreach/campaigns/{campaign_id}"): (
        lambda o: f"/api/v1/outreach/campaigns/{_campaigns(o)['campaign'].pk}",
        expect(403, anonymous=401, **each(_CAMPAIGN_RUNNERS, 200), other_agency_admin=404),
        lambda o: {"name": "Matrix campaign", "version": _current_version(_campaigns(o)["campaign"])},
    ),
    ("get", "/api/v1/outreach/campaigns/{campaign_id}/tallies"): (
        lambda o: f"/api/v1/outreach/campaigns/{_campaigns(o)['campaign'].pk}/tallies",
        expect(403, anonymous=401, **each(_CAMPAIGN_READERS, 200), other_agency_admin=404),
    ),
    ("post", "/api/v1/outreach/campaigns/{campaign_id}/tallies"): (
        lambda o: f"/api/v1/outreach/campaigns/{_campaigns(o)['campaign'].pk}/tallies",
        expect(403, anonymous=401, **each(_CAMPAIGN_RUNNERS, 201), other_agency_admin=404),
        lambda o: {"on": "2026-01-05", "channel": "print", "reached_in_person": 12},
    ),
    ("get", "/api/v1/outreach/campaigns/{campaign_id}/results"): (
        lambda o: f"/api/v1/outreach/campaigns/{_campaigns(o)['campaign'].pk}/results",
        expect(403, anonymous=401, **each(_CAMPAIGN_READERS, 200), other_agency_admin=404),
    ),
    # Issue 11 C: a campaign's materials and partners, as on its pages (readers list and download; runners upload,
    # add and remove).
    ("get", "/api/v1/outreach/campaigns/{campaign_id}/materials"): (
        lambda o: f"/api/v1/outreach/campaigns/{_campaigns(o)['campaign'].pk}/materials",
        expect(403, anonymous=401, **each(_CAMPAIGN_READERS, 200), other_agency_admin=404),
    ),
    ("post", "/api/v1/outreach/campaigns/{campaign_id}/materials"): (
        lambda o: f"/api/v1/outreach/campaigns/{_campaigns(o)['campaign'].pk}/materials",
        expect(403, anonymous=401, **each(_CAMPAIGN_RUNNERS, 201), other_agency_admin=404),
        lambda o: {"file": pdf_upload("leaflet.pdf"), "title": "Matrix leaflet", "language": "eng"},
        "multipart",
    ),
    ("get", "/api/v1/outreach/campaigns/{campaign_id}/materials/{material_id}/content"): (
        lambda o: (
            f"/api/v1/outreach/campaigns/{_campaigns(o)['campaign'].pk}"
            f"/materials/{_campaigns(o)['material'].pk}/content"
        ),
        expect(403, anonymous=401, **each(_CAMPAIGN_READERS, 200), other_agency_admin=404),
    ),
    ("get", "/api/v1/outreach/campaigns/{campaign_id}/partners"): (
        lambda o: f"/api/v1/outreach/campaigns/{_campaigns(o)['campaign'].pk}/partners",
        expect(403, anonymous=401, **each(_CAMPAIGN_READERS, 200), other_agency_admin=404),
    ),
    ("post", "/api/v1/outreach/campaigns/{campaign_id}/partners"): (
        lambda o: f"/api/v1/outreach/campaigns/{_campaigns(o)['campaign'].pk}/partners",
        expect(403, anonymous=401, **each(_CAMPAIGN_RUNNERS, 201), other_agency_admin=404),
        lambda o: {"name": "Harbour police", "kind": "police"},
    ),
    ("delete", "/api/v1/outreach/campaigns/{campaign_id}/partners/{partner_id}"): (
        lambda o: f"/api/v1/outreach/campaigns/{_campaigns(o)['campaign'].pk}/partners/{_campaigns(o)['partner'].pk}",
        expect(403, anonymous=401, **each(_CAMPAIGN_RUNNERS, 200), other_agency_admin=404),
    ),
    ("get", "/api/v1/outreach/events"): (
        lambda o: "/api/v1/outreach/events",
        expect(403, anonymous=401, **each(EVENT_READERS, 200), other_agency_admin=200),
    ),
    ("post", "/api/v1/outreach/events"): (
        lambda o: "/api/v1/outreach/events",
        expect(403, anonymous=401, **each(EVENT_PLANNERS, 201), other_agency_admin=201),
        lambda o: {"title": "API workshop", "starts_at": "2026-05-04T10:00:00Z", "audience": "employers"},
    ),
    ("get", "/api/v1/outreach/events/{event_id}"): (
        lambda o: f"/api/v1/outreach/events/{_events_event(o).pk}",
        expect(403, anonymous=401, **each(EVENT_READERS, 200), **each(EVENT_OUTSIDERS, 404)),
    ),
    ("put", "/api/v1/outreach/events/{event_id}"): (
        lambda o: f"/api/v1/outreach/events/{_events_event(o).pk}",
        expect(403, anonymous=401, **each(EVENT_PLANNERS, 200), **each(EVENT_OUTSIDERS, 404)),
        lambda o: {
            "version": _current_version(_events_event(o)),
            "title": "Matrix workshop",
            "starts_at": _events_event(o).starts_at.isoformat(),
            "place": "Community hall",
            "facilitator_ids": [
                str(Membership.objects.get(role="outreach_coordinator", agency=o["case"].agency).user_id)
            ],
        },
    ),
    ("put", "/api/v1/outreach/events/{event_id}/attendance"): (
        lambda o: f"/api/v1/outreach/events/{_events_event(o).pk}/attendance",
        expect(403, anonymous=401, **each(EVENT_PLANNERS, 200), **each(EVENT_OUTSIDERS, 404)),
        lambda o: {"version": _current_version(_events_event(o)), "audience_size": 20, "by_group": {"youth": 5}},
    ),
    ("post", "/api/v1/outreach/events/{event_id}/survey-responses"): (
        lambda o: f"/api/v1/outreach/events/{_events_event(o).pk}/survey-responses",
        expect(403, anonymous=401, **each(EVENT_PLANNERS, 201), **each(EVENT_OUTSIDERS, 404)),
        lambda o: {"phase": "pre", "answers": [1, 0, 1, None, 1]},
    ),
    ("put", "/api/v1/outreach/events/{event_id}/survey-link"): (  # issue 11 B
        lambda o: f"/api/v1/outreach/events/{_events_event(o).pk}/survey-link",
        expect(403, anonymous=401, **each(EVENT_PLANNERS, 200), **each(EVENT_OUTSIDERS, 404)),
        lambda o: {"open": True},
    ),
    ("get", "/api/v1/outreach/events/{event_id}/survey-results"): (
        lambda o: f"/api/v1/outreach/events/{_events_event(o).pk}/survey-results",
        expect(403, anonymous=401, **each(EVENT_READERS, 200), **each(EVENT_OUTSIDERS, 404)),
    ),
    ("get", "/api/v1/outreach/volunteers"): (
        lambda o: "/api/v1/outreach/volunteers",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 200), other_agency_admin=200),
    ),
    # a blank name passes the schema and is refused by the action after the gate: 422, nothing saved
    ("post", "/api/v1/outreach/volunteers"): (
        lambda o: "/api/v1/outreach/volunteers",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 422), other_agency_admin=422),
        lambda o: {"display_name": " "},
    ),
    ("get", "/api/v1/outreach/volunteers/{volunteer_id}"): (
        lambda o: f"/api/v1/outreach/volunteers/{_volunteers(o)['applicant'].pk}",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 200), other_agency_admin=404),
    ),
    ("put", "/api/v1/outreach/volunteers/{volunteer_id}"): (
        lambda o: f"/api/v1/outreach/volunteers/{_volunteers(o)['applicant'].pk}",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 200), other_agency_admin=404),
        lambda o: {"display_name": "Matrix applicant", "version": _current_version(_volunteers(o)["applicant"])},
    ),
    # a stale version: coordinators meet the conflict
    ("post", "/api/v1/outreach/volunteers/{volunteer_id}/status"): (
        lambda o: f"/api/v1/outreach/volunteers/{_volunteers(o)['applicant'].pk}/status",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 409), other_agency_admin=404),
        lambda o: {"to": "screening", "version": 0},
    ),
    ("get", "/api/v1/outreach/volunteers/{volunteer_id}/assignments"): (
        lambda o: f"/api/v1/outreach/volunteers/{_volunteers(o)['active'].pk}/assignments",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 200), other_agency_admin=404),
    ),
    ("post", "/api/v1/outreach/volunteers/{volunteer_id}/assignments"): (
        lambda o: f"/api/v1/outreach/volunteers/{_volunteers(o)['active'].pk}/assignments",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 422), other_agency_admin=404),
        lambda o: {"kind": "transport", "title": " ", "starts_at": "2026-03-01T10:00:00Z"},
    ),
    ("get", "/api/v1/outreach/volunteers/{volunteer_id}/hours"): (
        lambda o: f"/api/v1/outreach/volunteers/{_volunteers(o)['active'].pk}/hours",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 200), other_agency_admin=404),
    ),
    # hours for a day still to come: the coordinator and the task's own volunteer get past the gate, then 422
    ("post", "/api/v1/outreach/volunteers/assignments/{assignment_id}/hours"): (
        lambda o: f"/api/v1/outreach/volunteers/assignments/{_volunteers(o)['task'].pk}/hours",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 422), volunteer=422, other_agency_admin=404),
        lambda o: {"worked_on": str(timezone.localdate() + timedelta(days=2)), "hours": "2"},
    ),
    ("post", "/api/v1/outreach/volunteers/hours/{hours_id}/approval"): (
        lambda o: f"/api/v1/outreach/volunteers/hours/{_volunteers(o)['hours'].pk}/approval",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 409), other_agency_admin=404),
        lambda o: {"version": 0},
    ),
    ("get", "/api/v1/outreach/volunteers/my-assignments"): (
        lambda o: (_volunteers(o), "/api/v1/outreach/volunteers/my-assignments")[1],
        expect(403, anonymous=401, volunteer=200),
    ),
    # Issue 11 C: the volunteer answers a task offered to them (their own only: accepting it again changes
    # nothing); coordinators record thank-you notes and give a sign-in (the matrix volunteer has one: 400).
    ("post", "/api/v1/outreach/volunteers/my-assignments/{assignment_id}/response"): (
        lambda o: f"/api/v1/outreach/volunteers/my-assignments/{_volunteers(o)['task'].pk}/response",
        expect(403, anonymous=401, volunteer=200),
        lambda o: {"answer": "accept", "version": _current_version(_volunteers(o)["task"])},
    ),
    ("get", "/api/v1/outreach/volunteers/{volunteer_id}/thanks"): (
        lambda o: f"/api/v1/outreach/volunteers/{_volunteers(o)['active'].pk}/thanks",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 200), other_agency_admin=404),
    ),
    ("post", "/api/v1/outreach/volunteers/{volunteer_id}/thanks"): (
        lambda o: f"/api/v1/outreach/volunteers/{_volunteers(o)['active'].pk}/thanks",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 201), other_agency_admin=404),
        lambda o: {"note": "Thank you for the drives this winter."},
    ),
    ("post", "/api/v1/outreach/volunteers/{volunteer_id}/sign-in"): (
        lambda o: f"/api/v1/outreach/volunteers/{_volunteers(o)['active'].pk}/sign-in",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 400), other_agency_admin=404),
    ),
    ("get", "/api/v1/outreach/stories"): (
        lambda o: "/api/v1/outreach/stories",
        expect(403, anonymous=401, **each(STORY_READERS, 200), other_agency_admin=200),
    ),
    ("get", "/api/v1/outreach/stories/{story_id}"): (
        lambda o: f"/api/v1/outreach/stories/{_stories_objects(o)['story'].pk}",
        expect(403, anonymous=401, **each(STORY_READERS, 200), other_agency_admin=404),
    ),
    # A campaign that is not the agency's: past the gate, refused by the action (400).
    ("post", "/api/v1/outreach/stories/{story_id}/uses"): (
        lambda o: f"/api/v1/outreach/stories/{_stories_objects(o)['story'].pk}/uses",
        expect(403, anonymous=401, **each(STORY_USERS, 400), other_agency_admin=404),
        lambda o: {"campaign_id": str(o["case"].pk)},
    ),
    ("post", "/api/v1/outreach/stories/{story_id}/uses/{use_id}/end"): (
        lambda o: (
            f"/api/v1/outreach/stories/{_stories_objects(o)['story'].pk}/uses/{_stories_objects(o)['use'].pk}/end"
        ),
        expect(403, anonymous=401, **each(STORY_USERS, 200), other_agency_admin=404),
    ),
    ("get", "/api/v1/cases/{case_id}/stories"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/stories",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    # No media consent on the matrix case until a story route makes one: editors meet the rule (400).
    ("post", "/api/v1/cases/{case_id}/stories"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/stories",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
        lambda o: {"title": "Starting over", "text": "A new job, a new home."},
    ),
    # A stale version: the editors get past the gate and meet the conflict (409); readers only get 403.
    ("patch", "/api/v1/cases/{case_id}/stories/{story_id}"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/stories/{_stories_objects(o)['story'].pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "title": "Starting over", "text": "A new job."},
    ),
    ("post", "/api/v1/cases/{case_id}/stories/{story_id}/send-for-review"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/stories/{_stories_objects(o)['story'].pk}/send-for-review",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999},
    ),
    ("post", "/api/v1/cases/{case_id}/stories/{story_id}/review"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/stories/{_stories_objects(o)['story'].pk}/review",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "outcome": "approved", "how": "phone"},
    ),
    ("post", "/api/v1/cases/{case_id}/stories/{story_id}/withdraw"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/stories/{_stories_objects(o)['story'].pk}/withdraw",
        expect(404, anonymous=401, **each(CASE_EDITORS, 409), program_director=403),
        lambda o: {"version": 999, "reason": "survivor_asked"},
    ),
    # Training (item 3). Writes send values the schema accepts but the action refuses (422), or a stale version
    # (409), so no persona changes anything.
    ("get", "/api/v1/outreach/training/courses"): (
        lambda o: "/api/v1/outreach/training/courses",
        expect(403, anonymous=401, **each(TRAINING_MANAGERS, 200), other_agency_admin=200),
    ),
    ("post", "/api/v1/outreach/training/courses"): (
        lambda o: "/api/v1/outreach/training/courses",
        expect(403, anonymous=401, **each(TRAINING_MANAGERS, 422), other_agency_admin=422),
        lambda o: {"title": "  "},
    ),
    ("put", "/api/v1/outreach/training/courses/{course_id}"): (  # issue 11 C
        lambda o: f"/api/v1/outreach/training/courses/{_training(o)['course'].pk}",
        expect(403, anonymous=401, **each(TRAINING_MANAGERS, 409), other_agency_admin=404),
        lambda o: {"title": "Matrix course", "version": 999},
    ),
    ("get", "/api/v1/outreach/training/sessions"): (
        lambda o: "/api/v1/outreach/training/sessions",
        expect(403, anonymous=401, **each(TRAINING_MANAGERS, 200), other_agency_admin=200),
    ),
    ("post", "/api/v1/outreach/training/sessions"): (
        lambda o: "/api/v1/outreach/training/sessions",
        expect(403, anonymous=401, **each(TRAINING_MANAGERS, 422), other_agency_admin=404),
        lambda o: {"course_id": str(_training(o)["course"].pk), "held_on": "2026-01-05", "capacity": 0},
    ),
    ("put", "/api/v1/outreach/training/sessions/{session_id}"): (  # issue 11 C
        lambda o: f"/api/v1/outreach/training/sessions/{_training(o)['session'].pk}",
        expect(403, anonymous=401, **each(TRAINING_MANAGERS, 409), other_agency_admin=404),
        lambda o: {"held_on": "2026-01-05", "version": 999},
    ),
    ("post", "/api/v1/outreach/training/sessions/{session_id}/participants"): (
        lambda o: f"/api/v1/outreach/training/sessions/{_training(o)['session'].pk}/participants",
        expect(403, anonymous=401, **each(TRAINING_MANAGERS, 422), other_agency_admin=404),
        lambda o: {"kind": "partner"},
    ),
    ("post", "/api/v1/outreach/training/sessions/{session_id}/participants/{participant_id}/completion"): (
        lambda o: (
            f"/api/v1/outreach/training/sessions/{_training(o)['session'].pk}"
            f"/participants/{_training(o)['participant'].pk}/completion"
        ),
        expect(403, anonymous=401, **each(TRAINING_MANAGERS, 409), other_agency_admin=404),
        lambda o: {"version": 999},
    ),
    # Issue 11 C: training done elsewhere (a date still to come: managers get past the gate, then 422; another
    # agency's admin manages training too, and the case manager is no staff of theirs: 422), and one certificate
    # (the case manager's own: managers and its holder read it, other members of the agency find nothing).
    ("post", "/api/v1/outreach/training/certificates"): (
        lambda o: "/api/v1/outreach/training/certificates",
        expect(403, anonymous=401, **each(TRAINING_MANAGERS, 422), other_agency_admin=422),
        lambda o: {
            "user_id": str(o["_case_manager"].pk),
            "course_id": str(_training(o)["course"].pk),
            "completed_on": str(timezone.localdate() + timedelta(days=3)),
        },
    ),
    ("get", "/api/v1/outreach/training/certificates/{certificate_id}"): (
        lambda o: f"/api/v1/outreach/training/certificates/{_training(o)['certificate'].pk}",
        expect(404, anonymous=401, **each(TRAINING_MANAGERS, 200), case_manager=200, platform_operator=403),
    ),
    ("get", "/api/v1/outreach/training/me"): (
        lambda o: "/api/v1/outreach/training/me",
        expect(200, anonymous=401, platform_operator=403),
    ),
    ("get", "/api/v1/outreach/training/staff"): (
        lambda o: "/api/v1/outreach/training/staff",
        expect(403, anonymous=401, **each(TRAINING_MANAGERS, 200), other_agency_admin=200),
    ),
    # The block setting (issue 11 E): read by training managers, switched by agency admins and program directors
    # (a stale version: 409).
    ("get", "/api/v1/outreach/training/block"): (
        lambda o: "/api/v1/outreach/training/block",
        expect(403, anonymous=401, **each(TRAINING_MANAGERS, 200), other_agency_admin=200),
    ),
    ("put", "/api/v1/outreach/training/block"): (
        lambda o: "/api/v1/outreach/training/block",
        expect(403, anonymous=401, agency_admin=409, program_director=409, other_agency_admin=409),
        lambda o: {"block_case_data": True, "version": 999},
    ),
    # Issue 11 (last gaps): required courses per role (a course of no agency: managers get past the gate, then 422) and a
    # session's attendance sheet (a stale version: 409), as on the requirements page and the session page.
    ("get", "/api/v1/outreach/training/requirements"): (
        lambda o: "/api/v1/outreach/training/requirements",
        expect(403, anonymous=401, **each(TRAINING_MANAGERS, 200), other_agency_admin=200),
    ),
    ("put", "/api/v1/outreach/training/requirements"): (
        lambda o: "/api/v1/outreach/training/requirements",
        expect(403, anonymous=401, **each(TRAINING_MANAGERS, 422), other_agency_admin=422),
        lambda o: {"roles": [{"role": "case_manager", "course_ids": ["00000000-0000-4000-8000-000000000000"]}]},
    ),
    ("get", "/api/v1/outreach/training/sessions/{session_id}/participants"): (
        lambda o: f"/api/v1/outreach/training/sessions/{_training(o)['session'].pk}/participants",
        expect(403, anonymous=401, **each(TRAINING_MANAGERS, 200), other_agency_admin=404),
    ),
    ("put", "/api/v1/outreach/training/sessions/{session_id}/participants/{participant_id}/attendance"): (
        lambda o: (
            f"/api/v1/outreach/training/sessions/{_training(o)['session'].pk}"
            f"/participants/{_training(o)['participant'].pk}/attendance"
        ),
        expect(403, anonymous=401, **each(TRAINING_MANAGERS, 409), other_agency_admin=404),
        lambda o: {"status": "absent", "version": 999},
    ),
    # --- end of issue 10 API ---
    # --- Issue 11: interoperability API ---
    # Issue 11 F (API gaps): an event's follow-ups, as on the event page (readers list; those who record add;
    # a stale version is the conflict for those who may change it).
    ("get", "/api/v1/outreach/events/{event_id}/follow-ups"): (
        lambda o: f"/api/v1/outreach/events/{_events_event(o).pk}/follow-ups",
        expect(403, anonymous=401, **each(EVENT_READERS, 200), **each(EVENT_OUTSIDERS, 404)),
    ),
    ("post", "/api/v1/outreach/events/{event_id}/follow-ups"): (
        lambda o: f"/api/v1/outreach/events/{_events_event(o).pk}/follow-ups",
        expect(403, anonymous=401, **each(EVENT_PLANNERS, 201), **each(EVENT_OUTSIDERS, 404)),
        lambda o: {"what": "Book the next training", "owner_id": str(_events_follow_up(o).owner_id)},
    ),
    ("post", "/api/v1/outreach/events/{event_id}/follow-ups/{follow_up_id}/done"): (
        lambda o: f"/api/v1/outreach/events/{_events_event(o).pk}/follow-ups/{_events_follow_up(o).pk}/done",
        expect(403, anonymous=401, **each(EVENT_PLANNERS, 409), **each(EVENT_OUTSIDERS, 404)),
        lambda o: {"version": 999, "done": True},
    ),
    # Issue 11 F: a volunteer's screening steps and agreements, as on the volunteer page (coordinators only).
    ("get", "/api/v1/outreach/volunteers/{volunteer_id}/screenings"): (
        lambda o: f"/api/v1/outreach/volunteers/{_volunteers(o)['applicant'].pk}/screenings",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 200), other_agency_admin=404),
    ),
    ("put", "/api/v1/outreach/volunteers/{volunteer_id}/screenings/{screening_id}"): (
        lambda o: (
            f"/api/v1/outreach/volunteers/{_volunteers(o)['applicant'].pk}/screenings/{_volunteers(o)['screening'].pk}"
        ),
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 409), other_agency_admin=404),
        lambda o: {"version": 999, "status": "passed"},
    ),
    ("get", "/api/v1/outreach/volunteers/{volunteer_id}/agreements"): (
        lambda o: f"/api/v1/outreach/volunteers/{_volunteers(o)['applicant'].pk}/agreements",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 200), other_agency_admin=404),
    ),
    # an unknown kind passes the schema and is refused by the action after the gate: 422, nothing saved
    ("post", "/api/v1/outreach/volunteers/{volunteer_id}/agreements"): (
        lambda o: f"/api/v1/outreach/volunteers/{_volunteers(o)['applicant'].pk}/agreements",
        expect(403, anonymous=401, **each(VOLUNTEER_MANAGERS, 422), other_agency_admin=404),
        lambda o: {"kind": "blood_oath", "signed_on": "2026-01-02"},
    ),
    # Webhooks (issue 11 item 5): agency admins only; another agency's subscription is 404.
    ("get", "/api/v1/webhooks"): (
        lambda o: "/api/v1/webhooks",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
    ),
    ("post", "/api/v1/webhooks"): (
        lambda o: "/api/v1/webhooks",
        expect(403, anonymous=401, agency_admin=201, other_agency_admin=201),
        lambda o: {"target_url": "https://partner.example/in", "event_types": ["case.opened"]},
    ),
    ("get", "/api/v1/webhooks/{subscription_id}"): (
        lambda o: f"/api/v1/webhooks/{_d_webhooks(o)['subscription'].pk}",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=404),
    ),
    ("patch", "/api/v1/webhooks/{subscription_id}"): (
        lambda o: f"/api/v1/webhooks/{_d_webhooks(o)['subscription'].pk}",
        expect(403, anonymous=401, agency_admin=409, other_agency_admin=404),
        lambda o: {"version": 999, "is_active": False},
    ),
    ("delete", "/api/v1/webhooks/{subscription_id}"): (
        lambda o: f"/api/v1/webhooks/{_d_webhooks(o)['subscription'].pk}",
        expect(403, anonymous=401, agency_admin=204, other_agency_admin=404),
    ),
    ("post", "/api/v1/webhooks/{subscription_id}/secret"): (
        lambda o: f"/api/v1/webhooks/{_d_webhooks(o)['subscription'].pk}/secret",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=404),
    ),
    ("post", "/api/v1/webhooks/{subscription_id}/ping"): (
        lambda o: f"/api/v1/webhooks/{_d_webhooks(o)['subscription'].pk}/ping",
        expect(403, anonymous=401, agency_admin=202, other_agency_admin=404),
    ),
    ("get", "/api/v1/webhooks/{subscription_id}/deliveries"): (
        lambda o: f"/api/v1/webhooks/{_d_webhooks(o)['subscription'].pk}/deliveries",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=404),
    ),
    ("post", "/api/v1/webhooks/{subscription_id}/deliveries/{delivery_id}/retry"): (
        lambda o: (
            f"/api/v1/webhooks/{_d_webhooks(o)['subscription'].pk}/deliveries/{_d_webhooks(o)['delivery'].pk}/retry"
        ),
        expect(403, anonymous=401, agency_admin=202, other_agency_admin=404),
    ),
    ("get", "/api/v1/imports/mappings"): (
        lambda o: "/api/v1/imports/mappings",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
    ),
    ("post", "/api/v1/imports/mappings"): (
        lambda o: "/api/v1/imports/mappings",
        expect(403, anonymous=401, agency_admin=400, other_agency_admin=400),
        lambda o: {"name": "", "kind": "survivors", "source_system": "oldcrm", "column_map": {}},
    ),
    ("post", "/api/v1/imports"): (
        lambda o: "/api/v1/imports",
        expect(403, anonymous=401, agency_admin=422, other_agency_admin=422),
        lambda o: {
            "file": SimpleUploadedFile("people.csv", b"ID\nS1\n"),
            "mapping": "no such mapping",
            "dry_run": "true",
        },
        "multipart",
    ),
    ("get", "/api/v1/imports/{run_id}"): (
        lambda o: f"/api/v1/imports/{_b_imports(o)['run'].pk}",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=404),
    ),
    # The FHIR Bundle under agency B's sharing consent: case editors 200, read-only readers 403.
    ("get", "/api/v1/cases/{case_id}/fhir"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/fhir?consent_id={_portal_sharing_consent(o).pk}",
        expect(404, anonymous=401, **each(CASE_EDITORS, 200), program_director=403),
    ),
    # --- end of issue 11 API ---
    # Data retention (issue 13, docs/retention.md), as the retention pages: the policy, the purge preview, the
    # agency's holds and the erasure requests for the agency admin (`manages_retention`); a case's holds read by
    # its readers and placed or lifted by the legal team (`places_legal_holds`); erasure requests recorded by the
    # case's editors.
    ("get", "/api/v1/retention-policy"): (
        lambda o: "/api/v1/retention-policy",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
    ),
    # A stale version: the admins get past the gate and meet the conflict (409).
    ("put", "/api/v1/retention-policy"): (
        lambda o: "/api/v1/retention-policy",
        expect(403, anonymous=401, agency_admin=409, other_agency_admin=409),
        lambda o: {"version": 999, "case_months": 96, "document_months": 84},
    ),
    ("get", "/api/v1/retention-policy/purge-preview"): (
        lambda o: "/api/v1/retention-policy/purge-preview",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
    ),
    ("get", "/api/v1/cases/{case_id}/retention"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/retention",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    ("get", "/api/v1/cases/{case_id}/legal-holds"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/legal-holds",
        expect(404, anonymous=401, **each(CASE_READERS, 200)),
    ),
    # The case is held already: the legal advocate gets past the gate and meets the refusal (400).
    ("post", "/api/v1/cases/{case_id}/legal-holds"): (
        lambda o: f"/api/v1/cases/{_hold(o).case_id}/legal-holds",
        expect(404, anonymous=401, **{**each(CASE_READERS, 403), "legal_advocate": 400}),
        lambda o: {"reason": "Subpoena"},
    ),
    ("get", "/api/v1/legal-holds"): (
        lambda o: "/api/v1/legal-holds",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
    ),
    # By the held case's number: agency A's admin meets the refusal (a hold in place), agency B's finds no such case.
    ("post", "/api/v1/legal-holds"): (
        lambda o: "/api/v1/legal-holds",
        # agency A's admin: the case already has a hold (400). Case numbers are per agency: agency B's admin names
        # B's own first case by the same number and places a hold there (201); A's case is never reached
        # (reclaim/api/tests/test_api_legal_holds.py: an agency with no such case gets 400).
        expect(403, anonymous=401, agency_admin=400, other_agency_admin=201),
        lambda o: {"case_number": _hold(o).case.number, "reason": "Court order"},
    ),
    # A blank reason: whoever may lift the hold gets past the gate and meets the refusal (422).
    ("post", "/api/v1/legal-holds/{hold_id}/lift"): (
        lambda o: f"/api/v1/legal-holds/{_hold(o).pk}/lift",
        expect(404, anonymous=401, **{**each(CASE_READERS, 403), "legal_advocate": 422}, agency_admin=422),
        lambda o: {"reason": " "},
    ),
    # A request waits already: the case's editors get past the gate and meet the refusal (400).
    ("post", "/api/v1/cases/{case_id}/erasure-requests"): (
        lambda o: f"/api/v1/cases/{o['case'].pk}/erasure-requests" if _erasure(o) else "",
        expect(404, anonymous=401, **each(CASE_EDITORS, 400), program_director=403),
        lambda o: {"requested_on": "2026-01-05", "requested_by": "survivor", "verification": "in_person"},
    ),
    ("get", "/api/v1/erasure-requests"): (
        lambda o: "/api/v1/erasure-requests",
        expect(403, anonymous=401, agency_admin=200, other_agency_admin=200),
    ),
    # A stale version: the admin gets past the gate and meets the conflict (409).
    ("post", "/api/v1/erasure-requests/{request_id}/decision"): (
        lambda o: f"/api/v1/erasure-requests/{_erasure(o).pk}/decision",
        expect(403, anonymous=401, agency_admin=409, other_agency_admin=404),
        lambda o: {"version": 999, "approve": False},
    ),
}

# Routes owned by libraries, checked in test_library_routes.py and reclaim/accounts/tests/test_sessions_and_mfa.py.
LIBRARY_VIEW_MODULES = ("allauth.", "django.contrib.admin.", "django.views.i18n", "ninja.")


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry


def project_routes() -> list[str]:
    names = []
    for name, pattern in _walk(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "")
        if module.startswith(LIBRARY_VIEW_MODULES) or name.startswith(("api:", "admin:")):
            continue
        names.append(name)
    return sorted(set(names))


def api_operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return sorted((method, path) for path, operations in schema["paths"].items() for method in operations)


def test_every_route_has_a_matrix_entry():
    # given the URL configuration
    routes = project_routes()
    # then each project route has expectations for every persona
    assert sorted(MATRIX) == routes
    for _name, (_method, _url, table) in MATRIX.items():
        assert set(table) == set(ALL_PERSONAS)


def test_every_api_operation_has_a_matrix_entry():
    assert sorted(API_MATRIX) == api_operations()


@pytest.fixture
def objects(personas, agency, other_agency, survivor_a, survivor_b) -> dict[str, Any]:
    return build_objects(personas, agency, other_agency, survivor_a, survivor_b)


def build_objects(personas, agency, other_agency, survivor_a, survivor_b) -> dict[str, Any]:
    """One of everything a route or an API operation names, in agency A (and a few in B), through the actions."""
    invitation, _secret = do_invite_staff(
        actor=personas["agency_admin"],
        agency=agency,
        email="new@a.example",
        display_name="New",
        role="case_manager",
        team=None,
    )
    token, _raw = do_create_api_token(
        actor=personas["case_manager"], membership=Membership.objects.get(user=personas["case_manager"]), name="t"
    )
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    for worker in ("clinician", "legal_advocate"):
        CaseAssignment.objects.create(agency=agency, case=case, user=personas[worker])
    approval = do_request_approval(actor=personas["case_manager"], case=case, kind="close", close_reason="goals_met")
    # a second case that exited to follow-up, so it has scheduled contacts
    exited = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    for worker in ("clinician", "legal_advocate"):
        CaseAssignment.objects.create(agency=agency, case=exited, user=personas[worker])
    exited = do_transition_case(
        actor=personas["case_manager"],
        case=exited,
        to="intake",
        expected_version=exited.version,
        services_consent_on=date(2026, 1, 5),
    )
    exit_request = do_request_approval(actor=personas["case_manager"], case=exited, kind="exit_to_follow_up")
    do_decide_approval(actor=personas["supervisor"], approval=exit_request, approve=True)
    note = do_add_note(
        actor=personas["case_manager"], case=case, confidentiality="general", kind="phone_call", body="Called back."
    )
    grant = do_start_break_glass(
        actor=personas["platform_operator"],
        agency=agency,
        reason="Restoring a corrupted record at the agency's request",
        hours=1,
    )
    do_end_break_glass(actor=personas["platform_operator"], grant=grant)
    relation = do_add_relation(
        actor=personas["case_manager"], survivor=survivor_a, values={"kind": "family_member", "name": "Ana"}
    )
    document = do_upload_document(
        actor=personas["case_manager"], survivor=survivor_a, case=case, kind="correspondence", upload=pdf_upload()
    )
    vocabulary = vocabulary_by_code(htcds.TYPE_OF_EXPLOITATION)
    term = do_add_agency_term(
        actor=personas["agency_admin"], agency=agency, vocabulary=vocabulary, code="x_Fishing", label="Fishing boats"
    )
    history_event = do_record_history_event(
        actor=personas["case_manager"], case=case, data=HistoryEventData(type="Recruitment")
    ).event
    flag = do_raise_flag(actor=personas["case_manager"], case=case, kind="safety_concern", reason="Threats by phone")
    outcome_rating = do_rate_outcomes(actor=personas["case_manager"], case=case, scores={"income": 2})
    assessment = do_record_assessment(
        actor=personas["case_manager"], case=case, instrument_code="phq9", answers=[0] * 8 + [1]
    )
    consent = do_record_consent(
        actor=personas["case_manager"],
        survivor=survivor_a,
        case=case,
        data=ConsentInput(
            purpose="contact_channel",
            method="verbal",
            signer_name="Marisol",
            witness_name="A colleague",
            channels=["phone"],
            informed_of=list(InformedOf.values),
            expires_on=timezone.localdate() + timedelta(days=300),
        ),
    )
    referral = do_create_referral(
        actor=personas["case_manager"],
        case=case,
        data=ReferralInput(service_category="psychological_support", to_agency_id=other_agency.pk),
        send=True,
    )
    # The survivor personas: portal access on the matrix case, and on a case of agency B.
    personas["survivor"] = active_portal_account(case, personas["case_manager"], "matrix-survivor")
    other_case = do_open_case(actor=personas["other_agency_user"], survivor=survivor_b, team=survivor_b.team)
    personas["other_survivor"] = active_portal_account(other_case, personas["other_agency_user"], "other-survivor")
    return {
        "consent": consent,
        "referral": referral,
        "assessment": assessment,
        "assessment_alert": assessment.alert_rows.get(),
        "relation": relation,
        "document": document,
        "vocabulary": vocabulary,
        "term": term,
        "history_event": history_event,
        "flag": flag,
        "outcome_rating": outcome_rating,
        "survivor": survivor_a,
        "membership": Membership.objects.get(user=personas["case_manager"]),
        "invitation": invitation,
        "token": token,
        "grant": grant,
        "case": case,
        "approval": approval,
        "follow_up": exited.follow_ups.order_by("sequence").first(),
        "need": case.needs.get(need="safety"),
        "note": note,
        "appointment": _matrix_appointment(personas["case_manager"], case),
        **group_objects(personas, agency, case),
        "_case_manager": personas["case_manager"],
        "portal_account": personas["survivor"],
        "other_portal_account": personas["other_survivor"],
    }


@pytest.fixture(scope="module")
def _matrix_world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[tuple[dict[str, Any], Path]]:
    """The personas and `objects`, built once for this module inside a transaction of its own; each test then runs
    in a savepoint of it (pytest-django's `db`), so a write one test makes is rolled back before the next, and the
    module's transaction is rolled back at the end (the pattern of reclaim/demo/tests/test_seeded_demo.py). The
    build took half of each of the 350 tests here."""
    documents = tmp_path_factory.mktemp("permission_matrix") / "documents"
    with module_world(django_db_blocker, documents):
        agency = do_create_agency(actor=None, name="Agency A", slug="agency-a", org_type="NGO")
        other_agency = do_create_agency(actor=None, name="Agency B", slug="agency-b", org_type="NGO")
        team = do_create_team(actor=None, agency=agency, name="Intake")
        other_team = do_create_team(actor=None, agency=other_agency, name="Intake")
        personas = make_personas(agency, team, other_agency, other_team)
        survivor_a = make_survivor_a(agency, team, personas)
        survivor_b = make_survivor_b(other_agency, other_team, personas)
        objects = build_objects(personas, agency, other_agency, survivor_a, survivor_b)
        yield {"personas": personas, "objects": objects}, documents


@pytest.fixture
def matrix(_matrix_world, db, _fast_and_isolated, settings) -> dict[str, Any]:
    """This test's copy of the module's personas and objects (a builder may change an object it is handed), with
    the module's document files."""
    world, documents = _matrix_world
    settings.STORAGES = isolated_settings(documents)["STORAGES"]
    return copy.deepcopy(world)


# Reads change nothing a later read depends on, so the GET entries are walked in batches of a few per test.
READ_BATCH = 8


def _batches(keys: list[Any]) -> list[list[Any]]:
    return [keys[i : i + READ_BATCH] for i in range(0, len(keys), READ_BATCH)]


READ_ROUTES = sorted(name for name, (method, _url, _table) in MATRIX.items() if method == "get")
WRITE_ROUTES = sorted(name for name, (method, _url, _table) in MATRIX.items() if method != "get")
READ_OPERATIONS = sorted(op for op in API_MATRIX if op[0] == "get")
WRITE_OPERATIONS = sorted(op for op in API_MATRIX if op[0] != "get")


def _route_failures(route: str, personas: dict[str, Any], objects: dict[str, Any]) -> dict[str, tuple[int, int]]:
    method, build_url, table = MATRIX[route]
    url = build_url(objects)
    failures = {}
    for persona, expected in table.items():
        # given a client signed in as the persona; when it calls the route
        response = getattr(login_client(personas[persona]), method)(url)
        # then the status is the expected one
        if response.status_code != expected:
            failures[persona] = (expected, response.status_code)
    return failures


def _operation_failures(
    operation: tuple[str, str], personas: dict[str, Any], objects: dict[str, Any]
) -> dict[str, tuple[int, int]]:
    method, _path = operation
    entry = API_MATRIX[operation]
    build_url, table = entry[0], entry[1]
    make_body = entry[2] if len(entry) > 2 else None
    multipart = len(entry) > 3 and entry[3] == "multipart"
    url = build_url(objects)
    failures = {}
    for persona, expected in table.items():
        client = login_client(personas[persona])
        body = make_body(objects) if make_body is not None else None
        if body is None:
            response = getattr(client, method)(url)
        elif multipart:
            response = getattr(client, method)(url, body)
        else:
            response = getattr(client, method)(url, body, content_type="application/json")
        if response.status_code != expected:
            failures[persona] = (expected, response.status_code)
    return failures


def test_every_entry_is_walked_once():
    assert sorted(READ_ROUTES + WRITE_ROUTES) == sorted(MATRIX)
    assert sorted(READ_OPERATIONS + WRITE_OPERATIONS) == sorted(API_MATRIX)


@pytest.mark.parametrize("routes", _batches(READ_ROUTES), ids="+".join)
def test_read_route_permissions(routes, matrix):
    failures = {route: found for route in routes if (found := _route_failures(route, **matrix))}
    assert failures == {}


@pytest.mark.parametrize("route", WRITE_ROUTES)
def test_route_permissions(route, matrix):
    assert _route_failures(route, **matrix) == {}


@pytest.mark.parametrize("operations", _batches(READ_OPERATIONS), ids=lambda ops: "+".join(p for _m, p in ops))
def test_read_api_permissions(operations, matrix):
    failures = {" ".join(op): found for op in operations if (found := _operation_failures(op, **matrix))}
    assert failures == {}


@pytest.mark.parametrize("operation", WRITE_OPERATIONS)
def test_api_permissions(operation, matrix):
    assert _operation_failures(operation, **matrix) == {}


def _plan(o: dict[str, Any]) -> dict[str, Any]:
    """The case's plan with a goal, a step, a planned service and a review, made once per test on first use."""
    if "plan" not in o:
        from reclaim.plans.actions import (
            GoalData,
            TaskData,
            do_add_planned_service,
            do_add_task,
            do_create_plan,
            do_record_review,
        )

        worker = o["case"].lead_worker or Membership.objects.get(role="case_manager", agency=o["case"].agency).user
        plan = do_create_plan(actor=worker, case=o["case"], goals=[GoalData(staff_wording="Somewhere safe to live")])
        goal = plan.goals.get()
        o["plan"], o["goal"] = plan, goal
        o["task"] = do_add_task(actor=worker, case=o["case"], goal=goal, data=TaskData(title="Visit the shelter"))
        o["planned"] = do_add_planned_service(actor=worker, goal=goal, service_category="housing_shelter")
        o["version"] = do_record_review(actor=worker, plan=plan, expected_version=plan.version)
    return o


def _matrix_appointment(actor: Any, case: Any) -> Any:
    """A booked appointment on the matrix case, tomorrow, held by the case manager."""
    from datetime import timedelta

    from django.utils import timezone

    from reclaim.scheduling.actions import AppointmentValues, do_book_appointment

    starts = timezone.now().replace(microsecond=0) + timedelta(days=1)
    values = AppointmentValues(starts_at=starts, ends_at=starts + timedelta(hours=1), attendee_ids=[actor.pk])
    return do_book_appointment(actor=actor, case=case, values=values)


def _consent_template(o: dict[str, Any]) -> Any:
    """A consent template of agency A (made once)."""
    if "consent_template" not in o:
        from reclaim.consent.template_actions import TemplateInput, do_create_consent_template

        agency = o["survivor"].agency
        admin = Membership.objects.get(agency=agency, role="agency_admin").user
        o["consent_template"] = do_create_consent_template(
            actor=admin,
            agency=agency,
            data=TemplateInput(
                name="Shelter referral",
                purpose="service_referral",
                length_days=180,
                text_en="We would like to tell the shelter your first name and what you need.",
                data_classes=["identity", "needs"],
            ),
        )
    return o["consent_template"]


def _directory(o: dict[str, Any]) -> dict[str, Any]:
    """A directory entry kept by agency A, with a service, a confidential location and a contact (made once)."""
    if "directory" not in o:
        from reclaim.referrals import directory_actions as directory

        agency = o["survivor"].agency
        admin = Membership.objects.get(agency=agency, role="agency_admin").user
        org = directory.do_create_organization(
            actor=admin, agency=agency, data=directory.OrganizationInput(name="Riverside Clinic")
        )
        o["directory"] = {
            "org": org,
            "service": directory.do_save_service(
                actor=admin,
                organization=org,
                data=directory.ServiceInput(name="Walk-in clinic", category_code="physical_healthcare"),
            ),
            "shelter": directory.do_save_location(
                actor=admin,
                organization=org,
                data=directory.LocationInput(confidential=True, address_1="12 Hidden Lane", city="Springfield"),
            ),
            "contact": directory.do_save_contact(
                actor=admin, organization=org, data=directory.ContactInput(name="Jo Nurse")
            ),
        }
    return o["directory"]


def _rights(o: dict[str, Any]) -> dict[str, Any]:
    """Agency A's own version of the shipped T-visa page, and a share on the matrix case already withdrawn
    (so every persona meets the same state), made once per test on first use."""
    if "rights_article" not in o:
        from reclaim.legal.actions import do_edit_rights_article, do_share_rights, do_withdraw_rights_share
        from reclaim.legal.models import RightsArticle

        shipped = RightsArticle.objects.get(agency__isnull=True, jurisdiction="US", language="en", topic="t_visa")
        actor = o["_case_manager"]
        o["rights_article"] = do_edit_rights_article(
            actor=actor,
            agency_id=o["case"].agency_id,
            article=shipped,
            title="The T visa",
            body="Our agency's words.",
            expected_version=shipped.version,
        )
        share = do_share_rights(actor=actor, case=o["case"], article=o["rights_article"])
        o["rights_share"] = do_withdraw_rights_share(actor=actor, share=share)
    return {"article": o["rights_article"], "share": o["rights_share"]}


def _legal(o: dict[str, Any]) -> dict[str, Any]:
    """A T-visa matter on the matrix case, with a hand-added deadline (made once per test, on first use)."""
    if "legal" not in o:
        from reclaim.legal.actions import do_add_deadline, do_open_matter
        from reclaim.legal.models import MatterType

        actor = Membership.objects.get(agency=o["case"].agency, role="legal_advocate").user
        matter = do_open_matter(
            actor=actor,
            case=o["case"],
            matter_type=MatterType.objects.get(agency__isnull=True, jurisdiction="US", code="t_visa"),
            opened_on=timezone.localdate(),
        )
        deadline = do_add_deadline(
            actor=actor, matter=matter, kind="hearing", title="Hearing", due_on=timezone.localdate()
        )
        o["legal"] = {"matter": matter, "deadline": deadline}
    return o["legal"]


def _le_contact(o: dict[str, Any]) -> Any:
    """A law-enforcement contact on the matrix case, made once per test (nothing disclosed)."""
    if "le_contact" not in o:
        from reclaim.legal.actions import LEContactInput, do_record_le_contact

        o["le_contact"] = do_record_le_contact(
            actor=o["_case_manager"],
            case=o["case"],
            data=LEContactInput(occurred_on=date(2026, 1, 5), kind="interview", notes="Matrix note"),
        )
    return o["le_contact"]


def _portal_questionnaire(o: dict[str, Any]) -> Any:
    """A PHQ-9 assigned for the portal to the matrix survivor (made once)."""
    if "portal_questionnaire" not in o:
        from reclaim.assessments.portal_actions import do_assign_portal_assessment

        o["portal_questionnaire"] = do_assign_portal_assessment(
            actor=o["_case_manager"], account=o["portal_account"], instrument_code="phq9"
        )
    return o["portal_questionnaire"]


def _portal_share(o: dict[str, Any]) -> Any:
    """The matrix case's document, shared with the matrix survivor in the portal (made once)."""
    if "portal_share" not in o:
        from reclaim.connect.share_actions import do_share_document

        o["portal_share"] = do_share_document(
            actor=o["_case_manager"], account=o["portal_account"], document=o["document"]
        )
    return o["portal_share"]


def _portal_sharing_consent(o: dict[str, Any]) -> Any:
    """A consent to share with agency B that the matrix survivor may take back in the portal (made once)."""
    if "portal_sharing_consent" not in o:
        from reclaim.accounts.models import Agency

        case = o["case"]
        o["portal_sharing_consent"] = do_record_consent(
            actor=o["_case_manager"],
            survivor=case.survivor,
            case=case,
            data=ConsentInput(
                purpose="information_sharing",
                method="verbal",
                signer_name="Marisol",
                witness_name="A colleague",
                recipient_kind="agency",
                recipient_agency_id=Agency.objects.exclude(pk=case.agency_id).values_list("pk", flat=True).first(),
                data_classes=["identity"],
                informed_of=list(InformedOf.values),
                expires_on=timezone.localdate() + timedelta(days=300),
            ),
        )
    return o["portal_sharing_consent"]


def _withdrawn_share(o: dict[str, Any]) -> Any:
    """A share of the matrix case's document, already withdrawn (made once)."""
    if "withdrawn_share" not in o:
        from reclaim.connect.share_actions import do_withdraw_share

        o["withdrawn_share"] = do_withdraw_share(actor=o["_case_manager"], share=_portal_share(o))
        o.pop("portal_share")
    return o["withdrawn_share"]


def _acknowledged_notice(o: dict[str, Any]) -> Any:
    """A consent the matrix survivor took back in the portal, its notice already acknowledged (made once)."""
    if "acknowledged_notice" not in o:
        from reclaim.connect.models import PortalConsentNotice
        from reclaim.connect.share_actions import do_acknowledge_consent_notice
        from reclaim.consent.self_revocation import do_revoke_consent_in_portal

        consent = do_revoke_consent_in_portal(account=o["portal_account"], consent=_portal_sharing_consent(o))
        notice = PortalConsentNotice.objects.get(consent=consent)
        o["acknowledged_notice"] = do_acknowledge_consent_notice(actor=o["_case_manager"], notice=notice)
    return o["acknowledged_notice"]
