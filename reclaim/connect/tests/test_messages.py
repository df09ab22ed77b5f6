"""Portal secure messages (issue 9 item 6): round trip with read receipts for staff, attachments within
limits, deletion by the survivor, retention purge, the neutral e-mail note, nothing in clear at rest."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from conftest import active_portal_account, login_client, portal_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseEvent, EventType
from reclaim.connect import message_actions
from reclaim.connect.actions import SettingsInput, do_save_portal_settings, ensure_portal_settings
from reclaim.connect.models import MessageAttachment, MessageThread, PortalMessage
from reclaim.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
BODY = "Can we meet near the laundromat on Fifth"
REPLY = "Yes, Tuesday at ten works for me"


@pytest.fixture
def setup(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    account = active_portal_account(case, personas["case_manager"], "message-survivor")
    return case, account


def _storage_files() -> list[Path]:
    root = Path(settings.STORAGES["documents"]["OPTIONS"]["location"])  # type: ignore[index]
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_message_round_trip_with_read_receipt_for_staff(setup, personas):
    case, account = setup
    survivor = portal_client(account)
    # the survivor writes, with a photo
    response = survivor.post(
        reverse("portal:new_thread"),
        {"subject": "Meeting", "body": BODY, "attachment": SimpleUploadedFile("me.png", PNG, "image/png")},
    )
    assert response.status_code == 302
    thread = MessageThread.objects.get(case=case)
    # the case manager sees an unread message on the home page and the case's thread list
    staff = login_client(personas["case_manager"])
    assert "1 new message from the portal." in staff.get(reverse("home")).content.decode()
    # reading the thread marks it read for the team
    page = staff.get(reverse("connect:case_thread", args=[case.pk, thread.pk])).content.decode()
    assert BODY in page
    assert "Portal messages" not in staff.get(reverse("home")).content.decode()
    attachment = MessageAttachment.objects.get()
    download = staff.get(reverse("connect:thread_attachment", args=[case.pk, thread.pk, attachment.pk]))
    assert download.status_code == 200 and download.content == PNG
    assert "me.png" not in download["Content-Disposition"]
    # the case manager replies: not read yet
    response = staff.post(reverse("connect:thread_reply", args=[case.pk, thread.pk]), {"body": REPLY})
    assert response.status_code == 302
    page = staff.get(reverse("connect:case_thread", args=[case.pk, thread.pk])).content.decode()
    assert "Not read yet" in page
    # the survivor sees the new message and reads the reply, with no receipt about staff
    assert "You have 1 new message." in survivor.get(reverse("portal:home")).content.decode()
    page = survivor.get(reverse("portal:thread", args=[thread.pk])).content.decode()
    assert REPLY in page and "Read by" not in page and "Not read yet" not in page
    # then staff see that it was read
    page = staff.get(reverse("connect:case_thread", args=[case.pk, thread.pk])).content.decode()
    assert "Read by them" in page
    # the timeline carries ids only
    events = CaseEvent.objects.filter(case=case, type=EventType.PORTAL_MESSAGE)
    assert events.count() == 2
    assert all(BODY not in str(e.parameters) and REPLY not in str(e.parameters) for e in events)
    assert {e.parameters["thread_id"] for e in events} == {str(thread.pk)}


def test_api_thread_list_read_and_reply(setup, personas):
    case, account = setup
    thread = message_actions.do_start_thread(case=case, account=account, body=BODY)
    client = login_client(personas["case_manager"])
    threads = client.get(f"/api/v1/cases/{case.pk}/portal/threads").json()["items"]
    assert threads[0]["unread"] == 1
    detail = client.get(f"/api/v1/cases/{case.pk}/portal/threads/{thread.pk}").json()
    assert detail["messages"][0]["body"] == BODY
    assert client.get(f"/api/v1/cases/{case.pk}/portal/threads").json()["items"][0]["unread"] == 0
    url = f"/api/v1/cases/{case.pk}/portal/threads/{thread.pk}/messages"
    assert client.post(url, {"body": ""}, content_type="application/json").status_code == 422
    response = client.post(url, {"body": REPLY}, content_type="application/json")
    assert response.status_code == 201 and response.json()["read_by_survivor_at"] is None
    other = login_client(personas["other_agency_user"])
    assert other.get(f"/api/v1/cases/{case.pk}/portal/threads/{thread.pk}").status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "too big"),
        ("fake.pdf", b"just some text pretending", "cannot be sent"),
        ("letter.docx", b"PK\x03\x04" + b"\x00" * 40, "cannot be sent"),
    ],
)
def test_attachment_limits_and_bad_types_are_refused_and_nothing_saved(setup, name, data, expected):
    _case, account = setup
    response = portal_client(account).post(
        reverse("portal:new_thread"), {"body": BODY, "attachment": SimpleUploadedFile(name, data, "application/pdf")}
    )
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert (MessageThread.objects.count(), PortalMessage.objects.count(), MessageAttachment.objects.count()) == (
        0,
        0,
        0,
    )
    assert _storage_files() == []


def test_survivor_deletes_their_own_message_and_its_file(setup, personas):
    case, account = setup
    thread = message_actions.do_start_thread(
        case=case, account=account, body=BODY, attachment=SimpleUploadedFile("a.png", PNG, "image/png")
    )
    message_actions.do_send_message(thread=thread, body=REPLY, actor=personas["case_manager"])
    own = PortalMessage.objects.get(from_survivor=True)
    staff_message = PortalMessage.objects.get(from_survivor=False)
    survivor = portal_client(account)
    confirm = survivor.get(reverse("portal:delete_message", args=[thread.pk, own.pk])).content.decode()
    assert "may have read it already" in confirm
    # the team's message cannot be deleted by the survivor
    response = survivor.post(reverse("portal:delete_message", args=[thread.pk, staff_message.pk]))
    assert response.status_code == 400
    assert len(_storage_files()) == 1
    response = survivor.post(reverse("portal:delete_message", args=[thread.pk, own.pk]))
    assert response.status_code == 302
    assert list(PortalMessage.objects.values_list("pk", flat=True)) == [staff_message.pk]
    assert MessageAttachment.objects.count() == 0
    assert CaseEvent.objects.filter(case=case, parameters__change="deleted").count() == 1


def test_survivor_delete_removes_the_file_on_commit(setup, django_capture_on_commit_callbacks):
    case, account = setup
    thread = message_actions.do_start_thread(
        case=case, account=account, body=BODY, attachment=SimpleUploadedFile("a.png", PNG, "image/png")
    )
    own = PortalMessage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        message_actions.do_delete_own_message(account=account, message=own)
    assert _storage_files() == []
    assert not MessageThread.objects.filter(pk=thread.pk).exists()


def test_retention_purge_deletes_old_messages_and_files_with_an_audit_row(
    setup, personas, django_capture_on_commit_callbacks
):
    case, account = setup
    row = ensure_portal_settings(case.agency)
    do_save_portal_settings(
        actor=personas["agency_admin"],
        agency=case.agency,
        data=SettingsInput(message_retention_days=30, idle_minutes=10),
        expected_version=row.version,
    )
    now = datetime.datetime.now(tz=datetime.UTC)
    with time_machine.travel(now - datetime.timedelta(days=40), tick=False):
        old = message_actions.do_start_thread(
            case=case, account=account, body=BODY, attachment=SimpleUploadedFile("a.png", PNG, "image/png")
        )
    recent = message_actions.do_start_thread(case=case, account=account, body=REPLY)
    with django_capture_on_commit_callbacks(execute=True):
        assert message_actions.purge_expired_messages() == 1
    assert list(PortalMessage.objects.values_list("thread_id", flat=True)) == [recent.pk]
    assert not MessageThread.objects.filter(pk=old.pk).exists()
    assert _storage_files() == []
    audit = AuditEvent.objects.get(action="portal.messages_purged")
    assert audit.detail == {"messages": 1, "attachments": 1, "threads": 1}
    assert message_actions.purge_expired_messages() == 0


def test_new_message_note_is_neutral_and_only_when_asked(setup, personas, django_capture_on_commit_callbacks):
    case, account = setup
    thread = message_actions.do_start_thread(case=case, account=account, body=BODY)
    with django_capture_on_commit_callbacks(execute=True):
        message_actions.do_send_message(thread=thread, body=REPLY, actor=personas["case_manager"])
    assert mail.outbox == []  # not asked for
    account.notify_email = "me@example.org"
    account.save()
    thread.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        message_actions.do_send_message(thread=thread, body=REPLY, actor=personas["case_manager"])
    assert len(mail.outbox) == 1
    note = mail.outbox[0]
    text = f"{note.subject}\n{note.body}\n{note.from_email}"
    assert note.to == ["me@example.org"]
    assert note.subject == "You have a new message"
    for secret in (REPLY, case.agency.name, personas["case_manager"].display_name, case.number, str(thread.pk)):
        assert secret not in text
    assert reverse("portal:sign_in") in note.body


def test_nothing_in_clear_at_rest(setup, personas):
    from reclaim.connect import checkin_actions

    case, account = setup
    row = checkin_actions.do_check_in(
        account=account, data=checkin_actions.CheckInInput(safety="not_safe", note="Zanzibar-cellar-note")
    )
    checkin_actions.do_acknowledge_check_in(
        actor=personas["case_manager"], check_in=row, action_taken="Quokka-action-taken", expected_version=1
    )
    message_actions.do_start_thread(
        case=case,
        account=account,
        subject="Xylophone-subject",
        body="Marmalade-body",
        attachment=SimpleUploadedFile("Pelican-name.png", PNG + b"Gazebo-bytes", "image/png"),
    )
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.extend(repr(r) for r in cursor.fetchall())
    dump = "\n".join(chunks)
    needles = ["Zanzibar", "Quokka", "Xylophone", "Marmalade", "Pelican"]
    assert [n for n in needles if n in dump] == []
    assert all(b"Gazebo" not in path.read_bytes() for path in _storage_files())
