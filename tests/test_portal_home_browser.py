"""The survivor's own page on a phone (issue 9 item 4): a case manager shares a document and sends a PHQ-9
from the staff pages; the survivor signs in, sees their meeting, goal and document, answers the questions and
takes back a sharing consent; the case manager then finds it on their task list. axe-core finds no serious or
critical issue on any portal page visited."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.portal_browser_support import phone_page, serious_axe_issues, sign_in  # noqa: F401
from tests.test_browser_journeys import _sign_in_with_totp

pytestmark = pytest.mark.browser


def _setup(personas, survivor_a, other_agency):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from conftest import active_portal_account
    from reclaim.assessments.loader import install_shipped
    from reclaim.assessments.models import Instrument, InstrumentVersion
    from reclaim.cases.actions import do_open_case
    from reclaim.consent.actions import ConsentInput, do_record_consent
    from reclaim.consent.models import InformedOf
    from reclaim.documents.actions import do_upload_document
    from reclaim.plans.actions import GoalData, do_create_plan
    from reclaim.scheduling.actions import AppointmentValues, do_book_appointment

    install_shipped(Instrument, InstrumentVersion)  # the live server's flush emptied the data migration's rows
    cm = personas["case_manager"]
    case = do_open_case(actor=cm, survivor=survivor_a, team=survivor_a.team)
    starts = timezone.now().replace(microsecond=0) + timedelta(days=2)
    do_book_appointment(
        actor=cm,
        case=case,
        values=AppointmentValues(
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            attendee_ids=[cm.pk],
            purpose="Immigration attorney consult",
            place="Shelter annex",
            place_confidential=True,
        ),
    )
    do_create_plan(actor=cm, case=case, goals=[GoalData(staff_wording="Housing", survivor_words="My own room")])
    do_upload_document(
        actor=cm,
        survivor=survivor_a,
        case=case,
        kind="correspondence",
        title="Letter for Marisol",
        upload=SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n% for you\n", content_type="application/pdf"),
    )
    consent = do_record_consent(
        actor=cm,
        survivor=survivor_a,
        case=case,
        data=ConsentInput(
            purpose="service_referral",
            method="verbal",
            signer_name="Marisol",
            witness_name="A colleague",
            recipient_kind="agency",
            recipient_agency_id=other_agency.pk,
            data_classes=["identity"],
            informed_of=list(InformedOf.values),
            expires_on=timezone.localdate() + timedelta(days=200),
        ),
    )
    active_portal_account(case, cm, "marisol-phone")
    return case, consent


def test_survivor_uses_their_page_on_a_phone(
    flushable_db,
    live_server,
    phone_page,  # noqa: F811
    personas,
    survivor_a,
    other_agency,
):
    case, consent = _setup(personas, survivor_a, other_agency)
    base = live_server.url
    staff = phone_page.context.browser.new_context().new_page()
    _case_manager_shares_and_sends(staff, base, case)
    _survivor_sees_meeting_goal_and_document(phone_page, base)
    _survivor_answers_and_takes_back(phone_page, base)
    # then the case manager finds it on their task list, and the PHQ-9 alert on the case
    staff.goto(f"{base}/tasks/")
    assert "Consent taken back in the portal" in staff.content()
    consent.refresh_from_db()
    assert consent.revoked_how == "portal"
    staff.goto(f"{base}/cases/{case.pk}/assessments/")
    assert "Follow the safety procedure today" in staff.content()
    staff.context.close()


def _case_manager_shares_and_sends(staff, base, case):
    # given a case manager, in their own browser, on the case's "Their page" reached from the Portal tab
    _sign_in_with_totp(staff, base, "case_manager@a.example")
    staff.goto(f"{base}/cases/{case.pk}/portal/")
    staff.get_by_role("link", name=re.compile("Their page")).click()
    # when they share the letter and send a PHQ-9 to the portal
    staff.get_by_role("button", name=re.compile("Share with them")).click()
    staff.wait_for_load_state()
    assert "Stop sharing" in staff.content()
    staff.select_option("select[name=instrument]", "phq9")
    staff.get_by_role("button", name="Send to their page").click()
    staff.wait_for_load_state()
    assert "waiting for their answers" in staff.content()


def _survivor_sees_meeting_goal_and_document(page, base):
    # then the survivor signs in on their phone and sees a neutral meeting, their goal and the letter
    sign_in(page, base, "marisol-phone")
    home = page.content()
    assert "Meeting" in home and "Immigration" not in home and "Shelter annex" not in home
    assert "My own room" in home and "Letter for Marisol" in home
    assert serious_axe_issues(page) == []
    for name in ("All my meetings", "My goals and progress", "All documents shared with me"):
        page.goto(f"{base}/portal/me/")
        page.get_by_role("link", name=name).click()
        page.wait_for_load_state()
        assert serious_axe_issues(page) == [], name
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Letter for Marisol")).click()
    assert download.value.suggested_filename.startswith("document-")


def _survivor_answers_and_takes_back(page, base):
    # when they answer the questions (skipping some), they get a kind thank-you and no score
    page.goto(f"{base}/portal/me/")
    page.get_by_role("link", name=re.compile("Questions sent on")).click()
    page.wait_for_url(re.compile(r".*/portal/me/questionnaires/.*"))
    assert serious_axe_issues(page) == []
    for number, value in {1: 1, 2: 2, 3: 1, 4: 0, 5: 1, 6: 0, 7: 0, 9: 1}.items():  # question 8 skipped
        page.locator(f"fieldset:has(input[name=item_{number}]) input[value='{value}']").check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_selector("text=Thank you")
    assert "score" not in page.inner_text("main").lower()
    assert serious_axe_issues(page) == []

    # and they take back the consent to share with another service, after a plain confirmation
    page.goto(f"{base}/portal/me/")
    page.get_by_role("link", name=re.compile("See what I agreed to")).click()
    page.wait_for_url(re.compile(r".*/portal/me/consents/$"))
    assert "Connecting you with another service" in page.content()
    assert serious_axe_issues(page) == []
    page.get_by_role("link", name=re.compile("Take this back")).click()
    page.wait_for_url(re.compile(r".*/revoke/$"))
    assert serious_axe_issues(page) == []
    page.get_by_role("button", name="Yes, take it back").click()
    page.wait_for_url(re.compile(r".*/portal/me/consents/\?taken_back=1$"))
    assert "your case manager has been told" in page.content()
    assert serious_axe_issues(page) == []
