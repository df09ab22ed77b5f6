"""The staff page about a survivor's portal page: share and withdraw documents, send a questionnaire,
acknowledge a consent taken back. Case rules apply: outsiders 404, read-only roles 403 on writes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import active_portal_account, login_client
from reclaim.assessments.models import Assessment, AssessmentMode, AssessmentStatus
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment
from reclaim.connect.models import PortalShare
from reclaim.core.models import AuditEvent
from reclaim.documents.actions import do_upload_document

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% staff share test\n"


@pytest.fixture
def case(personas, survivor_a):
    opened = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    for worker in ("clinician", "legal_advocate"):
        CaseAssignment.objects.create(agency=opened.agency, case=opened, user=personas[worker])
    return opened


@pytest.fixture
def account(case, personas):
    return active_portal_account(case, personas["case_manager"], "marisol-staff-page")


def _upload(actor, case, confidentiality="general", title="Housing letter"):
    return do_upload_document(
        actor=actor,
        survivor=case.survivor,
        case=case,
        kind="correspondence",
        confidentiality=confidentiality,
        title=title,
        upload=SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf"),
    )


def test_case_manager_shares_and_withdraws_a_document_on_the_page(personas, case, account):
    cm = personas["case_manager"]
    document = _upload(cm, case)
    _upload(personas["legal_advocate"], case, confidentiality="legal", title="Privileged memo")
    client = login_client(cm)
    url = reverse("connect:my_page", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Housing letter" in page
    assert "Privileged memo" not in page  # the case manager has no privileged access here
    assert AuditEvent.objects.filter(action="case.read", object_id=str(case.pk), actor_id=cm.pk).exists()
    change = reverse("connect:my_page_change", args=[case.pk])
    assert client.post(change, {"change": "share", "document": str(document.pk)}).status_code == 302
    share = PortalShare.objects.get()
    assert share.is_live and share.shared_by == cm
    assert "Stop sharing" in client.get(url).content.decode()
    client.post(change, {"change": "withdraw", "share": str(share.pk)})
    share.refresh_from_db()
    assert not share.is_live


def test_bad_input_saves_nothing(personas, case, account):
    client = login_client(personas["case_manager"])
    change = reverse("connect:my_page_change", args=[case.pk])
    assert client.post(change, {"change": "share", "document": "not-a-uuid"}).status_code == 404
    response = client.post(change, {"change": "assign", "instrument": "nope"}, follow=True)
    assert "Choose a questionnaire from the list." in response.content.decode()
    assert not PortalShare.objects.exists() and not Assessment.objects.exists()


def test_case_manager_sends_a_questionnaire_to_the_portal(personas, case, account):
    client = login_client(personas["case_manager"])
    client.post(reverse("connect:my_page_change", args=[case.pk]), {"change": "assign", "instrument": "phq9"})
    assigned = Assessment.objects.get()
    assert (assigned.mode, assigned.status, assigned.assigned_by) == (
        AssessmentMode.PORTAL,
        AssessmentStatus.ASSIGNED,
        personas["case_manager"],
    )
    assert "waiting for their answers" in client.get(reverse("connect:my_page", args=[case.pk])).content.decode()


def test_roles_and_outsiders(personas, case, account):
    url = reverse("connect:my_page", args=[case.pk])
    change = reverse("connect:my_page_change", args=[case.pk])
    # the legal advocate reads the page but sees no questionnaires (no screen results) and cannot send one
    advocate = login_client(personas["legal_advocate"])
    assert "Questionnaires for the portal" not in advocate.get(url).content.decode()
    assert advocate.post(change, {"change": "assign", "instrument": "phq9"}).status_code == 403
    assert login_client(personas["program_director"]).post(change, {"change": "share"}).status_code == 403
    assert login_client(personas["volunteer"]).get(url).status_code == 404
    assert login_client(personas["other_agency_user"]).get(url).status_code == 404
    assert not Assessment.objects.exists()


def test_the_portal_tab_links_to_the_page(personas, case, account):
    page = login_client(personas["case_manager"]).get(reverse("connect:case_portal", args=[case.pk]))
    assert reverse("connect:my_page", args=[case.pk]) in page.content.decode()
