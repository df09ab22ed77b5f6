"""Portal messages API, staff side (issue 11 B): start a thread with an attachment, download the attachment;
refusals for a person without active access, for bad files and for readers who may not write."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import active_portal_account, login_client
from reclaim.cases.actions import do_open_case
from reclaim.connect.actions import do_suspend_portal_access
from reclaim.connect.models import MessageAttachment, MessageThread, PortalMessage

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a letter for the hearing\n"


@pytest.fixture
def case(personas, survivor_a):
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)


@pytest.fixture
def account(case, personas):
    return active_portal_account(case, personas["case_manager"], "api-thread-survivor")


def _url(case):
    return f"/api/v1/cases/{case.pk}/portal/threads"


def test_start_a_thread_with_an_attachment_and_download_it(case, account, personas):
    client = login_client(personas["case_manager"])
    # when the case manager starts a thread with a PDF
    response = client.post(
        _url(case),
        {"subject": "Next week", "body": "Here is the letter.", "attachment": SimpleUploadedFile("l.pdf", PDF)},
    )
    # then the thread comes back with its one message and the attachment's real type
    assert response.status_code == 201
    body = response.json()
    assert body["subject"] == "Next week"
    [message] = body["messages"]
    assert (message["body"], message["from_survivor"], message["author_id"]) == (
        "Here is the letter.",
        False,
        str(personas["case_manager"].pk),
    )
    [attachment] = message["attachments"]
    assert (attachment["content_type"], attachment["size"]) == ("application/pdf", len(PDF))
    # and it is listed for the case
    listed = client.get(_url(case)).json()["items"]
    assert [t["id"] for t in listed] == [body["id"]]
    # when a reader of the case downloads the attachment
    download = login_client(personas["program_director"]).get(
        f"{_url(case)}/{body['id']}/attachments/{attachment['id']}"
    )
    # then it is the decrypted file under a neutral name, never cached
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "l.pdf" not in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]


def test_a_text_only_thread_as_form_fields(case, account, personas):
    response = login_client(personas["supervisor"]).post(_url(case), {"body": "Checking in."})
    assert response.status_code == 201
    assert response.json()["messages"][0]["attachments"] == []


def test_no_active_portal_access_is_400_and_nothing_is_saved(case, account, personas):
    # given the access was suspended
    do_suspend_portal_access(actor=personas["case_manager"], account=account)
    # when a thread is started
    response = login_client(personas["case_manager"]).post(_url(case), {"body": "Hello"})
    # then it is refused with a code, and nothing is stored
    assert response.status_code == 400
    assert response.json()["code"] == "portal_not_active"
    assert not MessageThread.objects.exists()


@pytest.mark.parametrize(
    ("upload", "status", "code"),
    [
        (SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"), 415, "attachment_type_not_allowed"),
        (SimpleUploadedFile("x.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024)), 413, "attachment_too_large"),
        (SimpleUploadedFile("x.pdf", b""), 400, "attachment_empty"),
    ],
)
def test_a_refused_attachment_saves_nothing(case, account, personas, upload, status, code):
    response = login_client(personas["case_manager"]).post(_url(case), {"body": "Hello", "attachment": upload})
    assert response.status_code == status
    assert response.json()["code"] == code
    assert "attachment" in response.json()["fields"]
    assert not MessageThread.objects.exists()
    assert not PortalMessage.objects.exists()
    assert not MessageAttachment.objects.exists()


@pytest.mark.parametrize(
    "form",
    [{}, {"body": ""}, {"body": "x" * 5001}, {"body": "Hello", "subject": "s" * 121}],
)
def test_missing_or_oversized_fields_are_422(case, account, personas, form):
    response = login_client(personas["case_manager"]).post(_url(case), form)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert not MessageThread.objects.exists()


def test_readers_may_not_start_a_thread_and_outsiders_see_nothing(case, account, personas):
    assert login_client(personas["program_director"]).post(_url(case), {"body": "Hi"}).status_code == 403
    assert login_client(personas["other_agency_user"]).post(_url(case), {"body": "Hi"}).status_code == 404
    assert not MessageThread.objects.exists()


def test_an_attachment_of_another_thread_is_404(case, account, personas):
    client = login_client(personas["case_manager"])
    first = client.post(_url(case), {"body": "One", "attachment": SimpleUploadedFile("a.pdf", PDF)}).json()
    second = client.post(_url(case), {"body": "Two"}).json()
    attachment_id = first["messages"][0]["attachments"][0]["id"]
    assert client.get(f"{_url(case)}/{second['id']}/attachments/{attachment_id}").status_code == 404
