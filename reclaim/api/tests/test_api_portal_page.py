"""The survivor's portal page, staff side, through the API (issue 11 B): share and withdraw documents, send a
questionnaire, acknowledge a consent taken back; with the same refusals as the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import active_portal_account, login_client
from reclaim.assessments.models import Assessment
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment
from reclaim.connect.models import PortalConsentNotice, PortalShare
from reclaim.consent.actions import ConsentInput, do_record_consent
from reclaim.consent.models import InformedOf
from reclaim.consent.self_revocation import do_revoke_consent_in_portal
from reclaim.documents.actions import do_upload_document

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% shared letter\n"


@pytest.fixture
def case(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    for worker in ("clinician", "legal_advocate"):
        CaseAssignment.objects.create(agency=case.agency, case=case, user=personas[worker])
    return case


@pytest.fixture
def account(case, personas):
    return active_portal_account(case, personas["case_manager"], "api-page-survivor")


def _document(case, personas, confidentiality="general"):
    return do_upload_document(
        actor=personas["case_manager"] if confidentiality == "general" else personas["clinician"],
        survivor=case.survivor,
        case=case,
        kind="correspondence",
        confidentiality=confidentiality,
        upload=SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
    )


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_share_a_document_then_withdraw_it(case, account, personas):
    document = _document(case, personas)
    client = login_client(personas["case_manager"])
    url = f"/api/v1/cases/{case.pk}/portal/shares"
    # when it is shared
    shared = _post(client, url, {"document_id": str(document.pk)})
    # then the share is live and listed
    assert shared.status_code == 201
    body = shared.json()
    assert (body["document_id"], body["live"], body["shared_by_id"]) == (
        str(document.pk),
        True,
        str(personas["case_manager"].pk),
    )
    assert [row["id"] for row in client.get(url).json()["items"]] == [body["id"]]
    # and sharing it again is refused with the field
    again = _post(client, url, {"document_id": str(document.pk)})
    assert (again.status_code, again.json()["code"]) == (400, "connect.share_exists")
    assert "document" in again.json()["fields"]
    # when it is withdrawn, it stays listed as withdrawn
    withdrawn = _post(client, f"{url}/{body['id']}/withdraw")
    assert withdrawn.status_code == 200
    assert (withdrawn.json()["live"], withdrawn.json()["withdrawn_by_id"]) == (False, str(personas["case_manager"].pk))
    assert _post(client, f"{url}/{body['id']}/withdraw").json()["code"] == "connect.share_withdrawn"


def test_a_document_the_caller_may_not_read_is_404_and_not_listed(case, account, personas):
    # given a clinical document shared by the clinician (who may read it)
    clinical = _document(case, personas, confidentiality="clinical")
    url = f"/api/v1/cases/{case.pk}/portal/shares"
    assert _post(login_client(personas["clinician"]), url, {"document_id": str(clinical.pk)}).status_code == 201
    # then the legal advocate, who may not read clinical material, neither sees nor shares nor withdraws it
    advocate = login_client(personas["legal_advocate"])
    assert advocate.get(url).json()["items"] == []
    share = PortalShare.objects.get()
    assert _post(advocate, f"{url}/{share.pk}/withdraw").status_code == 404
    assert _post(advocate, url, {"document_id": str(clinical.pk)}).status_code == 404
    share.refresh_from_db()
    assert share.withdrawn_at is None


def test_no_open_access_is_404_and_bad_ids_are_422(case, personas):
    document = _document(case, personas)
    client = login_client(personas["case_manager"])
    url = f"/api/v1/cases/{case.pk}/portal/shares"
    assert _post(client, url, {"document_id": str(document.pk)}).status_code == 404
    assert _post(client, url, {"document_id": "not-a-uuid"}).status_code == 422
    assert _post(client, url, {}).status_code == 422
    assert not PortalShare.objects.exists()


def test_readers_may_not_share(case, account, personas):
    document = _document(case, personas)
    url = f"/api/v1/cases/{case.pk}/portal/shares"
    assert _post(login_client(personas["program_director"]), url, {"document_id": str(document.pk)}).status_code == 403
    assert _post(login_client(personas["other_agency_user"]), url, {"document_id": str(document.pk)}).status_code == 404
    assert not PortalShare.objects.exists()


def test_send_a_questionnaire(case, account, personas):
    client = login_client(personas["case_manager"])
    url = f"/api/v1/cases/{case.pk}/portal/questionnaires"
    # when a PHQ-9 is sent
    sent = _post(client, url, {"instrument": "phq9"})
    # then it waits for their answers, and is listed
    assert sent.status_code == 201
    assert (sent.json()["instrument_code"], sent.json()["status"]) == ("phq9", "assigned")
    assert [row["id"] for row in client.get(url).json()["items"]] == [sent.json()["id"]]
    # an unknown instrument is refused with the field, and nothing more is saved
    unknown = _post(client, url, {"instrument": "<script>"})
    assert (unknown.status_code, unknown.json()["code"]) == (400, "assessments.unknown_instrument")
    assert "instrument" in unknown.json()["fields"]
    assert Assessment.objects.count() == 1


def test_questionnaires_need_the_right_to_see_results(case, account, personas):
    url = f"/api/v1/cases/{case.pk}/portal/questionnaires"
    # the legal advocate reads the case but not screen results
    assert login_client(personas["legal_advocate"]).get(url).status_code == 403
    assert _post(login_client(personas["program_director"]), url, {"instrument": "phq9"}).status_code == 403
    assert _post(login_client(personas["case_manager"]), url, {"instrument": ""}).status_code == 422
    assert not Assessment.objects.exists()


def test_acknowledge_a_consent_taken_back(case, account, personas):
    # given the survivor took a sharing consent back in the portal
    consent = do_record_consent(
        actor=personas["case_manager"],
        survivor=case.survivor,
        case=case,
        data=ConsentInput(
            purpose="information_sharing",
            method="verbal",
            signer_name="Marisol",
            witness_name="A colleague",
            recipient_kind="agency",
            recipient_agency_id=personas["other_agency_user"].memberships.get().agency_id,
            data_classes=["identity"],
            informed_of=list(InformedOf.values),
            expires_on=timezone.localdate() + timedelta(days=300),
        ),
    )
    do_revoke_consent_in_portal(account=account, consent=consent)
    url = f"/api/v1/cases/{case.pk}/portal/consent-notices"
    client = login_client(personas["case_manager"])
    [notice] = client.get(url).json()["items"]
    assert (notice["consent_id"], notice["acknowledged_at"]) == (str(consent.pk), None)
    # a reader may not acknowledge it
    assert _post(login_client(personas["program_director"]), f"{url}/{notice['id']}/acknowledgement").status_code == 403
    # when the case manager acknowledges it
    done = _post(client, f"{url}/{notice['id']}/acknowledgement")
    assert done.status_code == 200
    assert done.json()["acknowledged_by_id"] == str(personas["case_manager"].pk)
    # and once is enough
    again = _post(client, f"{url}/{notice['id']}/acknowledgement")
    assert (again.status_code, again.json()["code"]) == (400, "connect.notice_acknowledged")
    assert PortalConsentNotice.objects.get().acknowledged_by == personas["case_manager"]
