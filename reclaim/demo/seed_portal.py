"""Demo survivor portal (issue 9): portal settings for every demo agency (a fixed entry code each, the national
hotline first) and one activated portal account at Harbor House, on the first open case of its case manager, so
the portal can be tried with published demo credentials (an adult's case when there is one).

The account's "My page" is then filled through the real actions, so it has something to show: a meeting next
week with the case manager, a goal in the survivor's own words, a shared letter, a PHQ-9 to answer, a message
thread with a new message from the team, an earlier "Okay / Safe" check-in with a weekly schedule, and a
sharing consent they could take back. Nothing urgent is seeded (no "not safe" check-in, no answers that alert).

Idempotent: settings and the account are made once, and each piece of the page is guarded on its own (a second
run adds nothing). Dates are relative to today.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from reclaim.accounts.models import Membership
from reclaim.accounts.roles import Role
from reclaim.assessments.portal_actions import do_assign_portal_assessment
from reclaim.cases.models import Case
from reclaim.connect import home_selectors
from reclaim.connect.actions import do_activate, do_create_portal_access
from reclaim.connect.checkin_actions import CheckInInput, do_check_in, do_set_check_in_schedule
from reclaim.connect.message_actions import do_send_message, do_start_thread, mark_read_by_staff, mark_read_by_survivor
from reclaim.connect.models import (
    CheckIn,
    CheckInSchedule,
    Feeling,
    MessageThread,
    PortalAccount,
    PortalSettings,
    Safety,
)
from reclaim.connect.share_actions import do_share_document
from reclaim.consent.actions import ConsentInput, default_expiry, do_record_consent
from reclaim.consent.models import DataClass, InformedOf, Method, Purpose, RecipientKind
from reclaim.consent.self_revocation import can_take_back_in_portal
from reclaim.demo import data
from reclaim.documents.actions import do_upload_document
from reclaim.documents.models import Confidentiality, DocumentKind
from reclaim.documents.selectors import documents_for_user
from reclaim.plans.actions import GoalData, do_add_goal, do_add_progress_note, do_create_plan
from reclaim.plans.models import GoalStatus, Plan, PlanStatus
from reclaim.scheduling.actions import AppointmentValues, SchedulingConflict, do_book_appointment
from reclaim.scheduling.models import Appointment, AppointmentMode, AppointmentStatus

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User

PORTAL_AGENCY = "harbor"
PORTAL_USERNAME = "demo survivor"
# Entry codes are random in real use; the demo's are fixed so the README can print the links.
ENTRY_CODES = {"harbor": "hh7demo", "northside": "ns7demo", "safepassage": "sp7demo"}
DEMO_HOTLINES = [
    {"label": "Emergency", "number": "911", "text": "", "country": "US", "note": ""},
    {
        "label": "National Human Trafficking Hotline",
        "number": "1-888-373-7888",
        "text": "233733",
        "country": "US",
        "note": "24 hours, every day. Confidential. Many languages.",
    },
]

# What the demo survivor's page shows (synthetic, never urgent).
GOAL_WORDS = "Find a job where I am treated fairly"
GOAL_STAFF_WORDING = "Employment: safe, fairly paid work with a written contract"
LETTER_TITLE = "Welcome letter: what to expect"
THREAD_SUBJECT = "Our meeting next week"
PORTAL_INSTRUMENT = "phq9"
MEETING_HOURS = (10, 14, 11, 15)  # tried in turn, on two days next week, until one is free


@transaction.atomic
def _settings_and_account(agencies: dict[str, Agency]) -> tuple[PortalAccount | None, User | None, int]:
    """Portal settings for every agency, and the demo account (made once): (account, its case manager, made)."""
    for slug, agency in agencies.items():
        if not PortalSettings.objects.filter(agency=agency).exists():
            PortalSettings.objects.create(
                agency=agency,
                entry_code=ENTRY_CODES.get(slug, f"{slug[:6]}7demo"),
                disguise_name="Daily tips" if slug == PORTAL_AGENCY else "",
                hotlines=DEMO_HOTLINES,
            )
    portal_agency = agencies.get(PORTAL_AGENCY)
    if portal_agency is None:
        return None, None, 0
    worker = (
        Membership.objects.filter(
            agency=portal_agency, role=Role.CASE_MANAGER, user__email=data.staff_email("casemanager", PORTAL_AGENCY)
        )
        .select_related("user")
        .first()
    )
    existing = PortalAccount.objects.filter(agency=portal_agency).select_related("case", "survivor").first()
    if existing is not None or worker is None:
        return existing, worker.user if worker else None, 0
    # An adult's case when there is one: a minor's consents are given by a parent or guardian, so the portal
    # could not show taking a consent back.
    open_cases = (
        Case.objects.filter(agency=portal_agency, lead_worker=worker.user)
        .exclude(status="closed")
        .select_related("agency", "survivor")
        .order_by("number")
    )
    case = open_cases.exclude(is_minor=True).first() or open_cases.first()
    if case is None:
        return None, worker.user, 0
    _account, code = do_create_portal_access(actor=worker.user, case=case)
    account = do_activate(code=code, username=PORTAL_USERNAME, passphrase=data.DEMO_PASSWORD)
    return account, worker.user, 1


def seed_portal(agencies: dict[str, Agency]) -> int:
    """Returns the number of portal accounts made (0 or 1). Not one transaction: each action is its own, and
    the letter's upload must not run inside another transaction (it stores a file first)."""
    account, worker, made = _settings_and_account(agencies)
    if account is None or worker is None or account.case.status == "closed" or not account.is_active:
        return made
    fill_page(account, worker)
    return made


def fill_page(account: PortalAccount, worker: User) -> None:
    """Give the account's page something to show, through the real actions, each piece only if missing."""
    _meeting(account, worker)
    _goal(account, worker)
    _letter(account, worker)
    _questionnaire(account, worker)
    _messages(account, worker)
    _check_ins(account)
    _consent(account, worker)


def _meeting(account: PortalAccount, worker: User) -> None:
    """A meeting next week with the case manager, at the first free hour (unless one is coming already)."""
    if Appointment.objects.filter(
        case_id=account.case_id,
        status=AppointmentStatus.BOOKED,
        starts_at__gte=timezone.now(),
        attendees=worker,
    ).exists():
        return
    day = timezone.localdate() + datetime.timedelta(days=7)
    while day.weekday() >= 5:  # weekends are outside office hours
        day += datetime.timedelta(days=1)
    second = day + datetime.timedelta(days=1 if day.weekday() < 4 else 3)
    slots = [(d, hour) for d in (day, second) for hour in MEETING_HOURS]
    for index, (on, hour) in enumerate(slots):
        starts_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(hour)))
        values = AppointmentValues(
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=1),
            attendee_ids=[worker.pk],
            purpose="Check-in and plan review",
            mode=AppointmentMode.IN_PERSON,
            place="Harbor House, meeting room 2",
        )
        try:
            do_book_appointment(actor=worker, case=account.case, values=values, allow_conflict=index == len(slots) - 1)
        except SchedulingConflict:
            continue
        return


def _goal(account: PortalAccount, worker: User) -> None:
    """A goal in the survivor's own words that the portal shows ("Working on it"), unless it shows one."""
    if home_selectors.goals_for_account(account).goals:
        return
    goal_data = GoalData(
        staff_wording=GOAL_STAFF_WORDING,
        survivor_words=GOAL_WORDS,
        survivor_language="en",
        target_on=timezone.localdate() + datetime.timedelta(days=90),
        status=GoalStatus.NOT_STARTED,
    )
    plan = Plan.objects.filter(case_id=account.case_id).first()
    if plan is None:
        plan = do_create_plan(actor=worker, case=account.case, goals=[goal_data])
        goal = plan.goals.order_by("position").first()
    elif plan.status in (PlanStatus.ACTIVE, PlanStatus.COMPLETED):
        goal = do_add_goal(actor=worker, plan=plan, data=goal_data)
    else:
        return  # a draft plan: the portal shows none of its goals
    if goal is not None:
        do_add_progress_note(
            actor=worker, goal=goal, text="Looked at job training courses together.", new_status=GoalStatus.IN_PROGRESS
        )


def _letter(account: PortalAccount, worker: User) -> None:
    """One general (non-legal, non-clinical) document of the case shared with them; a small synthetic PDF
    letter is uploaded first when the case has none."""
    if home_selectors.live_shares(account).exists():
        return
    document = (
        documents_for_user(worker)
        .filter(
            case_id=account.case_id,
            confidentiality=Confidentiality.GENERAL,
            kind__in=[DocumentKind.CORRESPONDENCE, DocumentKind.OTHER],
            archived_at__isnull=True,
            latest_number__gte=1,
        )
        .order_by("created_at", "pk")
        .first()
    )
    if document is None:
        document = do_upload_document(
            actor=worker,
            survivor=account.survivor,
            case=account.case,
            kind=DocumentKind.CORRESPONDENCE,
            confidentiality=Confidentiality.GENERAL,
            title=LETTER_TITLE,
            upload=SimpleUploadedFile("welcome-letter.pdf", _letter_pdf(), content_type="application/pdf"),
        )
    do_share_document(actor=worker, account=account, document=document)


def _letter_pdf() -> bytes:
    """A one-page PDF with a few lines of text (synthetic, no personal data), with a correct xref table."""
    lines = [
        "Welcome to Harbor House.",
        "Your case manager will meet you every week or two.",
        "You can stop or pause at any time. Services never depend on it.",
        "If you are in danger, call 911.",
    ]
    text = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode("ascii")),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _questionnaire(account: PortalAccount, worker: User) -> None:
    """A PHQ-9 for them to answer in the portal, unless one is waiting."""
    if home_selectors.waiting_assessments(account).exists():
        return
    do_assign_portal_assessment(actor=worker, account=account, instrument_code=PORTAL_INSTRUMENT)


def _messages(account: PortalAccount, worker: User) -> None:
    """One thread: the case manager writes, the survivor reads and replies, the case manager reads that and
    answers (so the survivor's home shows one new message)."""
    if MessageThread.objects.filter(account=account).exists():
        return
    thread = do_start_thread(
        case=account.case,
        account=account,
        actor=worker,
        subject=THREAD_SUBJECT,
        body=(
            "Hello, I booked our next meeting for next week at Harbor House. "
            "If the time does not work for you, tell me here and we will find another one."
        ),
    )
    mark_read_by_survivor(thread)
    do_send_message(thread=thread, body="Thank you. The time is fine. Can we talk about the job course?")
    mark_read_by_staff(thread)
    do_send_message(thread=thread, actor=worker, body="Yes, let's do that. I will bring the course information.")


def _check_ins(account: PortalAccount) -> None:
    """Weekly scheduled check-ins, and one earlier check-in: "Okay" and "Safe" (never an urgent one)."""
    if not CheckInSchedule.objects.filter(account=account).exists():
        do_set_check_in_schedule(account=account, every_days=7)
    if not CheckIn.objects.filter(account=account).exists():
        do_check_in(account=account, data=CheckInInput(feeling=Feeling.OKAY, safety=Safety.SAFE))


def _consent(account: PortalAccount, worker: User) -> None:
    """A live referral consent they gave themselves (so "Take this back" shows), unless they have one. Not for
    a minor: a parent or guardian gives consent then, and that is changed with the case manager."""
    today = timezone.localdate()
    if account.case.is_minor is True or any(
        can_take_back_in_portal(row, today) for row in home_selectors.consents_for_account(account)
    ):
        return
    survivor = account.survivor
    do_record_consent(
        actor=worker,
        survivor=survivor,
        case=account.case,
        data=ConsentInput(
            purpose=Purpose.SERVICE_REFERRAL,
            method=Method.VERBAL,
            signer_name=f"{survivor.given_name} {survivor.family_name}",
            witness_name=worker.display_name,
            recipient_kind=RecipientKind.ANY,
            data_classes=[DataClass.IDENTITY, DataClass.CONTACT, DataClass.NEEDS],
            informed_of=list(InformedOf.values),
            starts_on=today,
            expires_on=default_expiry(today),
        ),
    )
