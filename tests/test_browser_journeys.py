"""Real-browser journeys (Playwright driving Debian's chromium against a live server on loopback)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from pathlib import Path

import pytest

from tests.portal_browser_support import chromium

pytestmark = pytest.mark.browser


def totp_now(secret: str) -> str:
    """RFC 6238 code for a base32 secret, as an authenticator app would show it."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


@pytest.fixture
def browser_page():
    with chromium() as browser:
        yield browser.new_page()


def test_case_manager_signs_in_sets_up_totp_and_opens_an_assigned_survivor(
    flushable_db, live_server, browser_page, personas, survivor_a, survivor_b
):
    page = browser_page
    # given the case manager signs in and is sent to set up an authenticator app first
    _sign_in_with_totp(page, live_server.url, "case_manager@a.example")
    # when they open the survivor list
    page.goto(f"{live_server.url}/survivors/")
    # then their assigned survivor is listed, and another agency's is not
    assert page.get_by_text("A-000001").count() >= 1
    assert page.get_by_text("B-000001").count() == 0
    page.get_by_text("A-000001").first.click()
    page.wait_for_url(re.compile(r".*/survivors/[0-9a-f-]{36}/$"))
    assert "Marisol" in page.content()
    assert "Marisol" not in page.title()
    # and a search by name and birth date finds the record without putting terms in the URL
    page.goto(f"{live_server.url}/survivors/")
    page.fill("input[name=name]", "marisol quintanilla")
    page.fill("input[name=date_of_birth]", "1996-04-17")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_timeout(500)
    assert "Quintanilla" not in page.url
    assert page.get_by_text("A-000001").count() >= 1


def test_agency_admin_sees_the_audit_log_but_no_survivors(
    flushable_db, live_server, browser_page, personas, survivor_a
):
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "analyst@a.example")
    page.fill("input[name=password]", "a-long-test-passphrase-42")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    # an analyst needs no MFA, sees no survivor pages and no staff pages
    assert page.goto(f"{live_server.url}/survivors/").status == 403
    assert page.goto(f"{live_server.url}/audit/").status == 403
    assert page.goto(f"{live_server.url}/").status == 200


def _sign_in_with_totp(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", "a-long-test-passphrase-42")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    if "reauthenticate" in page.url:
        page.fill("input[name=password]", "a-long-test-passphrase-42")
        page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/accounts/2fa/totp/activate/?$"))
    secret = re.search(r"\b[A-Z2-7]{16,}\b", page.content()).group(0)
    for _attempt in range(3):  # a code typed as its 30-second step ends can be refused: take the next one
        page.fill("input[name=code]", totp_now(secret))
        page.locator("form button[type=submit]").last.click()
        page.wait_for_load_state()
        if "/totp/activate" not in page.url:
            break
        time.sleep(1)


def _submit(page, action_fragment: str) -> None:
    page.locator(f"form[method=post][action*='{action_fragment}'] button[type=submit]").first.click()
    page.wait_for_load_state()


def test_intake_to_follow_up_with_a_supervisors_approval(flushable_db, live_server, browser_page, personas):
    page = browser_page
    # given a case manager who opens a case, skipping every question but the name in use
    _sign_in_with_totp(page, live_server.url, "case_manager@a.example")
    page.goto(f"{live_server.url}/cases/open/")
    page.fill("input[name=chosen_name]", "Nuri")
    page.select_option("select[name=team]", label="Intake")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/cases/[0-9a-f-]{36}/$"))
    case_url = page.url
    # when they move it through intake (consent to services recorded), stabilisation and assessment
    page.select_option("select[name=to]", "intake")
    page.fill("input[name=services_consent_on]", "2026-11-20")
    _submit(page, "/stage/")
    page.select_option("select[name=to]", "stabilization")
    _submit(page, "/stage/")
    # and, during stabilisation, record that the person is safe now and write a note
    page.get_by_role("link", name="Immediate needs").click()
    safety = page.locator("form[action*='/needs/']").first
    safety.locator("select[name$=status]").select_option("met")
    safety.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Notes", exact=True).click()
    page.locator("form[action*='/notes/add/'] textarea").fill("Settled into the shelter; safety plan agreed.")
    _submit(page, "/notes/add/")
    page.goto(case_url)
    page.select_option("select[name=to]", "assessment")
    _submit(page, "/stage/")
    assert "Assessment" in page.content()
    # and ask a supervisor to approve the exit to follow-up
    page.select_option("select[name=kind]", "exit_to_follow_up")
    _submit(page, "/approvals/")
    assert "Waiting for approval" in page.content()
    # then the supervisor signs in and approves it
    page.context.clear_cookies()
    _sign_in_with_totp(page, live_server.url, "supervisor@a.example")
    page.goto(case_url)
    page.check("input[name=decision][value=approve]")
    _submit(page, "/decision/")
    # and the case is in follow-up, with the approval on its timeline
    assert page.locator("text=Follow-up").count() >= 1
    from reclaim.cases.models import Case

    case = Case.objects.get()
    assert case.status == "follow_up"
    assert case.needs.get(need="safety").status == "met"
    assert case.notes.get().body == "Settled into the shelter; safety plan agreed."
    # and the follow-up tab shows the scheduled contacts
    page.get_by_role("link", name="Follow-up", exact=True).click()
    assert case.follow_ups.count() == 6
    assert page.locator("table tbody tr").count() >= 6


def test_case_manager_completes_a_phq9_and_the_alert_reaches_the_clinicians_dashboard(
    flushable_db, live_server, browser_page, personas, survivor_a
):
    from reclaim.assessments.loader import install_shipped
    from reclaim.assessments.models import Instrument, InstrumentVersion
    from reclaim.cases.actions import do_open_case
    from reclaim.cases.models import CaseAssignment

    # given the shipped instruments (a live-server test's flush empties what the data migration loaded)
    install_shipped(Instrument, InstrumentVersion)
    # and a case the case manager and the clinician both work on
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    CaseAssignment.objects.get_or_create(agency_id=case.agency_id, case=case, user=personas["clinician"])
    page = browser_page
    _sign_in_with_totp(page, live_server.url, "case_manager@a.example")
    # when the case manager takes a PHQ-9 from the case's Assessments tab, with the keyboard-friendly radios
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("link", name="Assessments", exact=True).click()
    start = page.locator("form:has(#start-phq9)")
    start.get_by_label("Language of administration").select_option("en")
    start.get_by_role("button", name="Start").click()
    for number, value in enumerate([1, 1, 0, 2, 0, 1, 0, 0, 1], start=1):
        page.locator(f"fieldset:has(input[name=item_{number}]) input[value='{value}']").check()
    _submit(page, "/assessments/take/phq9/")
    # then the result says what it means, that it is a screen, and raises the safety alert
    assert "This is a screen, not a diagnosis." in page.content()
    assert "Mild" in page.content()
    assert "Follow the safety procedure today" in page.content()
    # and the clinician finds the alert on their home dashboard and acknowledges it with a note
    page.context.clear_cookies()
    _sign_in_with_totp(page, live_server.url, "clinician@a.example")
    page.goto(f"{live_server.url}/")
    panel = page.locator("section[aria-labelledby=assessment-alerts-heading]")
    assert case.number in panel.inner_text()
    panel.get_by_role("link", name=case.number).click()
    page.fill("textarea[name=note]", "Called her; safety plan agreed with the crisis team.")
    _submit(page, "/acknowledge/")
    page.goto(f"{live_server.url}/")
    assert case.number not in page.locator("section[aria-labelledby=assessment-alerts-heading]").inner_text()


def _sign_in_without_mfa(page, base_url: str, email: str) -> None:
    """Roles that need no second factor (volunteer, analyst) go straight in."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", "a-long-test-passphrase-42")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_a_plan_with_two_goals_services_against_them_and_a_group_session_with_attendance(
    flushable_db, live_server, browser_page, personas, survivor_a
):
    from datetime import timedelta

    from django.apps import apps as django_apps
    from django.urls import reverse
    from django.utils import timezone

    from reclaim.cases.actions import do_open_case
    from reclaim.plans.models import Goal
    from reclaim.services.group_actions import GroupProgramData, do_add_session, do_create_program, do_enrol
    from reclaim.services.models import ServiceRecord
    from reclaim.services.taxonomy import install

    # given the shipped service taxonomy (a live-server test's flush empties what the data migration loaded)
    install(django_apps)
    page, base = browser_page, live_server.url
    manager, volunteer = personas["case_manager"], personas["volunteer"]
    case = do_open_case(actor=manager, survivor=survivor_a, team=survivor_a.team)
    # when the case manager starts a plan and adds two goals, each in staff wording and the survivor's words
    _sign_in_with_totp(page, base, "case_manager@a.example")
    page.goto(base + reverse("plans:plan", args=[case.pk]))
    _submit(page, "/plan/start/")
    for staff, own in (("Find safe long-term housing", "A room of my own"), ("Learn English", "Talk to my neighbours")):
        page.goto(base + reverse("plans:goal_add", args=[case.pk]))
        page.fill("[name=staff_wording]", staff)
        page.fill("[name=survivor_words]", own)
        _submit(page, "/plan/goals/add/")
    housing, english = Goal.objects.filter(case=case).order_by("position", "created_at")
    assert "A room of my own" in page.content() and "Talk to my neighbours" in page.content()
    # and logs a service against each goal from the Services tab
    for goal, kind in ((housing, "housing_shelter.transitional"), (english, "education.esl")):
        page.goto(base + reverse("services:case_services", args=[case.pk]))
        form = page.locator(f"form[action*='{reverse('services:case_service_add', args=[case.pk])}']")
        form.locator("select[name=service_type]").select_option(kind)
        form.locator("input[name=duration_minutes]").fill("45")
        form.locator("select[name=goal]").select_option(str(goal.pk))
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
    assert ServiceRecord.objects.filter(case=case, goal__isnull=False).count() == 2
    # and a support group ran two hours ago, facilitated by a volunteer, with this survivor enrolled
    program = do_create_program(
        actor=manager,
        agency=case.agency,
        data=GroupProgramData(
            name="Tuesday circle",
            starts_on=timezone.localdate() - timedelta(days=7),
            status="running",
            facilitator_ids=[volunteer.pk],
        ),
    )
    session = do_add_session(
        actor=manager, program=program, starts_at=timezone.now() - timedelta(hours=2), duration_minutes=90
    )
    enrolment = do_enrol(actor=manager, program=program, case=case)
    # when the volunteer signs in (in their own browser) and takes attendance: a name in use, no case file
    volunteer_page = page.context.browser.new_page()
    _sign_in_without_mfa(volunteer_page, base, "volunteer@a.example")
    volunteer_page.goto(base + reverse("services:group_attendance", args=[program.pk, session.pk]))
    assert case.number not in volunteer_page.content()
    volunteer_page.check(f"input[name=mark_{enrolment.pk}][value=present]")
    _submit(volunteer_page, "/attendance/")
    assert volunteer_page.goto(base + reverse("cases:detail", args=[case.pk])).status == 404
    volunteer_page.close()
    # then the attendance is one service record, counted once
    attended = ServiceRecord.objects.get(case=case, source_kind="group_session")
    assert attended.source_id == session.pk and attended.duration_minutes == 90
    # and the case manager sees the progress on the plan: each goal has its delivered service
    page.goto(base + reverse("plans:plan", args=[case.pk]))
    plan_html = page.content()
    assert plan_html.count("1 service, 45 minutes") == 2
    page.goto(base + reverse("services:case_services", args=[case.pk]))
    assert "Peer support group" in page.content()


def _record_referral_consent(page, url: str, recipient_agency) -> None:
    page.goto(url)
    page.select_option("select[name=purpose]", "service_referral")
    page.select_option("select[name=recipient_kind]", "agency")
    page.select_option("select[name=recipient_agency]", str(recipient_agency.pk))
    for data_class in ("identity", "contact"):
        page.check(f"input[name=data_classes][value={data_class}]")
    for point in ("purpose", "data_use", "research_use", "own_data", "retention", "withdrawal"):
        page.check(f"input[name=informed_of][value={point}]")
    page.fill("input[name=signer_name]", "Marisol")
    page.check("input[name=method][value=signature]")
    page.fill("input[name=typed_signature]", "Marisol Q.")
    page.locator("form.consent-form button[type=submit]").click()
    page.wait_for_load_state()


def _move_incoming(page, url: str, to: str, **fields: str) -> None:
    """The receiving agency changes a referral's status on its page; `open_case` ticks "open a case"."""
    page.goto(url)
    page.check(f"input[name=to][value={to}]")
    if fields.pop("open_case", ""):
        page.check("input[name=open_case]")
        if page.locator("input[name=confirm_new]").count():
            page.check("input[name=confirm_new]")
    if "outcome" in fields:
        page.select_option("select[name=outcome]", fields.pop("outcome"))
    if "note" in fields:
        page.fill("textarea[name=note]", fields.pop("note"))
    _submit(page, "/status/")


def test_agency_a_refers_with_consent_b_accepts_and_a_revocation_hides_the_packet(
    flushable_db, live_server, browser_page, personas, survivor_a, other_agency
):
    from django.apps import apps as django_apps
    from django.urls import reverse

    from reclaim.cases.actions import do_open_case
    from reclaim.cases.models import Case
    from reclaim.consent.models import ConsentRecord
    from reclaim.referrals.models import Referral
    from reclaim.services.taxonomy import install

    install(django_apps)  # the taxonomy the flush removed
    page, base = browser_page, live_server.url
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    # given agency A's case manager records the survivor's consent to refer, with identity and contact only
    _sign_in_with_totp(page, base, "case_manager@a.example")
    _record_referral_consent(page, base + reverse("consent:add", args=[case.pk]), other_agency)
    consent = ConsentRecord.objects.get()
    # when A refers the survivor to agency B, sending identity and contact
    page.goto(base + reverse("referrals:create", args=[case.pk]))
    page.select_option("select[name=recipient]", f"agency:{other_agency.pk}")
    page.select_option("select[name=service_category]", "housing_shelter")
    page.fill("textarea[name=reason]", "Needs a transitional place near work.")
    for data_class in ("identity", "contact"):
        page.check(f"input[name=data_classes][value={data_class}]")
    page.locator("button[name=action][value=send]").click()
    page.wait_for_load_state()
    referral = Referral.objects.get()
    assert referral.status == "sent"
    # then B's case manager (in their own browser) sees exactly the packet, and accepts, opening a case
    b_page = page.context.browser.new_page()
    _sign_in_with_totp(b_page, base, "cm@b.example")
    b_page.goto(base + reverse("referrals:incoming"))
    b_page.locator(f"a[href*='{referral.pk}']").first.click()
    b_page.wait_for_load_state()
    packet = b_page.content()
    assert "Marisol" in packet and "Quintanilla" not in packet and "1996" not in packet
    assert "Housing and shelter" in packet
    assert b_page.goto(base + reverse("cases:detail", args=[case.pk])).status == 404
    detail_url = base + reverse("referrals:incoming_detail", args=[referral.pk])
    _move_incoming(b_page, detail_url, "accepted", open_case="yes")
    _move_incoming(b_page, detail_url, "in_progress")
    referral.refresh_from_db()
    assert referral.receiving_case is not None and referral.receiving_case.agency == other_agency
    _move_incoming(b_page, detail_url, "completed", outcome="got_help", note="Moved in on Monday.")
    # and A sees the outcome on the case's referral
    page.goto(base + reverse("referrals:case_referral", args=[case.pk, referral.pk]))
    assert "Moved in on Monday." in page.content()
    # when the survivor takes the consent back, through A's case manager
    page.goto(base + reverse("consent:detail", args=[case.pk, consent.pk]))
    page.select_option("select[name=by_whom]", "survivor")
    page.select_option("select[name=how]", "in_person")
    _submit(page, "/revoke/")
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    # then B loses the packet at once; the status history stays
    b_page.goto(detail_url)
    html = b_page.content()
    assert "The packet is no longer available." in html and "Marisol" not in html
    assert Case.objects.filter(agency=other_agency).count() == 1
    b_page.close()


def test_legal_advocate_opens_a_t_visa_matter_uploads_a_declaration_and_files_the_application(
    flushable_db, live_server, browser_page, personas, survivor_a
):
    from django.apps import apps as django_apps
    from django.urls import reverse

    from reclaim.cases.actions import do_open_case
    from reclaim.cases.models import CaseAssignment
    from reclaim.legal.loader import install_shipped
    from reclaim.legal.models import LegalDeadline, LegalMatter, MatterDocument

    install_shipped(django_apps)  # the US federal set the flush removed
    page, base = browser_page, live_server.url
    # given a case the legal advocate works on
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    CaseAssignment.objects.get_or_create(agency_id=case.agency_id, case=case, user=personas["legal_advocate"])
    _sign_in_with_totp(page, base, "legal_advocate@a.example")
    # when the advocate opens a T-visa matter from the case's Legal tab
    page.goto(base + reverse("cases:detail", args=[case.pk]))
    page.get_by_role("link", name="Legal", exact=True).click()
    page.get_by_role("link", name="Open a legal matter").click()
    page.select_option("select[name=matter_type]", label="T visa")
    _submit(page, "/legal/open/")
    page.wait_for_url(re.compile(r".*/legal/matters/[0-9a-f-]{36}/$"))
    matter_url = page.url
    matter = LegalMatter.objects.get(case=case)
    assert matter.current_step.code == "screening"
    # and uploads the survivor's declaration (privileged by default)
    page.get_by_text("Add a document", exact=True).click()
    page.set_input_files(
        "input[name='document-file']",
        files=[
            {"name": "declaration.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% declaration\n%%EOF\n"}
        ],
    )
    page.fill("input[name='document-title']", "Survivor declaration")
    _submit(page, "/documents/add/")
    assert "Survivor declaration" in page.content()
    assert MatterDocument.objects.get(matter=matter).document.confidentiality == "legal"
    # and records that the application was filed
    page.check("input[name='step-to_step'][value='application_filed']")
    page.fill("textarea[name='step-note']", "Sent by courier with the declaration.")
    _submit(page, "/step/")
    # then the matter stands on "Application filed", and its page shows the receipt deadline 30 days ahead
    assert page.url == matter_url
    matter.refresh_from_db()
    assert matter.current_step.code == "application_filed"
    deadlines = page.locator("section[aria-labelledby=deadlines-heading]").inner_text()
    assert "Receipt notice expected" in deadlines
    assert "30 days left" in deadlines
    assert LegalDeadline.objects.get(matter=matter).title == "Receipt notice expected"
    # and the reminder waits on the advocate's task list (30 days ahead is inside the 90-day reminder)
    page.goto(base + reverse("tasks"))
    tasks = page.locator("main").inner_text()
    assert "Legal deadline" in tasks
    assert "T visa: Receipt notice expected. Due in 30 days" in tasks


def test_director_opens_the_dashboard_runs_a_quarterly_report_and_downloads_it_and_the_analyst_sees_hidden_cells(
    flushable_db, live_server, browser_page, personas, survivor_a, settings
):
    from django.apps import apps as django_apps
    from django.urls import reverse
    from django.utils import timezone

    from reclaim.cases.actions import do_open_case, do_transition_case
    from reclaim.reporting.models import ReportJob
    from reclaim.reporting.periods import quarter
    from reclaim.services.actions import ServiceEntry, do_record_service
    from reclaim.services.taxonomy import install

    install(django_apps)  # the shipped service taxonomy the flush removed
    # the worker runs each job as soon as it is queued, as `make run`'s worker would a moment later
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    page, base = browser_page, live_server.url
    # given one survivor served this quarter: in intake, with one service today
    today = timezone.localdate()
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    case = do_transition_case(
        actor=personas["case_manager"],
        case=case,
        to="intake",
        expected_version=case.version,
        services_consent_on=today,
    )
    do_record_service(actor=personas["case_manager"], case=case, entry=ServiceEntry("education.esl", today))
    this_quarter = quarter(today.year, (today.month - 1) // 3 + 1).label
    # when the program director signs in and opens the dashboard from the menu
    _sign_in_with_totp(page, base, "program_director@a.example")
    page.goto(base + "/")
    page.get_by_role("link", name="Dashboard", exact=True).first.click()
    page.wait_for_url(re.compile(r".*/dashboards/program/.*"))
    # then the people served are shown exactly to them, as a chart with its table
    assert page.get_by_role("heading", name="People served").count() == 1
    assert page.locator("svg[role=img]").count() >= 1
    assert "fewer than" not in page.locator("#people-table").inner_text()
    # when they run the OVC TIMS report for this quarter
    page.goto(base + reverse("reporting:reports"))
    page.select_option("#id_template", value="ovc_tims")
    page.select_option("#id_period", value=this_quarter)
    page.locator("form[action$='/reports/run/'] button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/reporting/jobs/[0-9a-f-]{36}/$"))
    page.get_by_role("link", name="Download as CSV").wait_for(timeout=20_000)
    job = ReportJob.objects.get(kind="report")
    assert job.status == "done" and job.spec["period"] == this_quarter
    # then the report hides its small cells, whoever runs it, and says why
    assert "fewer than 11" in page.content()
    # and the CSV downloads with the same hidden cells and no names
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "fewer than 11" in text and "Marisol" not in text
    # when the analyst signs in and opens the same dashboard
    page.goto(base + "/accounts/logout/")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    _sign_in_without_mfa(page, base, "analyst@a.example")
    page.goto(base + reverse("reporting:dashboard_program"))
    # then the same small count is hidden from them
    assert "fewer than 11" in page.locator("#people-table").inner_text()
    # and the director's report is not theirs to see
    assert page.goto(base + reverse("reporting:job", args=[job.pk])).status == 404
