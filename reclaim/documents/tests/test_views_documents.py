"""The Documents tab of a case and the survivor's documents page: upload, list, download, visibility."""

from __future__ import annotations

from django.urls import reverse

from conftest import login_client
from reclaim.cases.models import CaseEvent
from reclaim.core.models import AuditEvent
from reclaim.documents.actions import do_upload_document
from reclaim.documents.models import Document
from reclaim.documents.tests.conftest import PDF_BYTES, docx_bytes, stored_files, upload


def _upload_form(**overrides):
    return {
        "file": upload(),
        "kind": "identity_document",
        "confidentiality": "general",
        "title": "Passport copy",
    } | overrides


def test_upload_list_and_download_round_trip(personas, case_a):
    client = login_client(personas["case_manager"])
    # when a document is uploaded on the case's Documents tab
    response = client.post(reverse("documents:case_upload", args=[case_a.pk]), _upload_form())
    # then the browser returns to the tab, which lists it with its type, level and size
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:case_documents", args=[case_a.pk])
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Passport copy" in html
    assert "Identity document" in html
    assert 'aria-current="page">Documents<' in html
    # and the download gives the same bytes, as an attachment with a neutral name, never cached or sniffed
    document = Document.objects.get()
    download = client.get(reverse("documents:download", args=[document.pk, 1]))
    assert download.status_code == 200
    assert download.content == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="document-{document.pk.hex[:8]}-v1.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]
    assert AuditEvent.objects.filter(action="document.downloaded", actor_id=personas["case_manager"].pk).count() == 1


def test_wrong_type_is_a_field_error_and_nothing_is_saved(personas, case_a):
    client = login_client(personas["case_manager"])
    fake = upload(b"MZ\x90\x00 not really a pdf", name="scan.pdf")
    response = client.post(reverse("documents:case_upload", args=[case_a.pk]), _upload_form(file=fake))
    assert response.status_code == 200
    assert "file" in response.context["upload_form"].errors
    assert "This type of file is not accepted" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files() == []


def test_empty_and_missing_files_are_field_errors(personas, case_a):
    client = login_client(personas["case_manager"])
    for body in (_upload_form(file=upload(b"", name="empty.pdf")), {"kind": "other", "confidentiality": "general"}):
        response = client.post(reverse("documents:case_upload", args=[case_a.pk]), body)
        assert response.status_code == 200
        assert "file" in response.context["upload_form"].errors
    assert not Document.objects.exists()
    assert stored_files() == []


def test_clinical_documents_are_for_clinicians_only(personas, case_a):
    # given a clinical document filed by the clinician on a case the case manager also works on
    clinician = personas["clinician"]
    document = do_upload_document(
        actor=clinician,
        survivor=case_a.survivor,
        case=case_a,
        kind="medical_record",
        confidentiality="clinical",
        title="Trauma assessment letter",
        upload=upload(docx_bytes(), "assessment.docx"),
    )
    manager = login_client(personas["case_manager"])
    # then the case manager neither sees it listed nor opens it nor downloads it (404, as if it did not exist)
    listing = manager.get(reverse("documents:case_documents", args=[case_a.pk])).content.decode()
    assert "Trauma assessment" not in listing
    assert manager.get(reverse("documents:detail", args=[document.pk])).status_code == 404
    assert manager.get(reverse("documents:download", args=[document.pk, 1])).status_code == 404
    # and the case timeline does not mention it to them
    overview = manager.get(reverse("cases:detail", args=[case_a.pk]))
    assert all(e.type != "document_added" for e in overview.context["timeline"])
    # while the assigned clinician sees, opens and downloads it
    clinic = login_client(clinician)
    assert "Trauma assessment" in clinic.get(reverse("documents:case_documents", args=[case_a.pk])).content.decode()
    assert clinic.get(reverse("documents:detail", args=[document.pk])).status_code == 200
    assert clinic.get(reverse("documents:download", args=[document.pk, 1])).content == docx_bytes()
    assert any(
        e.type == "document_added" for e in clinic.get(reverse("cases:detail", args=[case_a.pk])).context["timeline"]
    )
    # and a legal advocate, also on the case, cannot see it either
    legal = login_client(personas["legal_advocate"])
    assert legal.get(reverse("documents:detail", args=[document.pk])).status_code == 404
    assert CaseEvent.objects.filter(type="document_added").count() == 1


def test_the_upload_form_offers_only_levels_the_user_can_see(personas, case_a):
    manager = login_client(personas["case_manager"])
    choices = dict(
        manager.get(reverse("documents:case_documents", args=[case_a.pk]))
        .context["upload_form"]
        .fields["confidentiality"]
        .choices
    )
    assert set(choices) == {"general"}
    forged = manager.post(reverse("documents:case_upload", args=[case_a.pk]), _upload_form(confidentiality="clinical"))
    assert "confidentiality" in forged.context["upload_form"].errors
    assert not Document.objects.exists()


def test_other_agency_gets_404_everywhere(personas, case_a):
    document = do_upload_document(
        actor=personas["case_manager"], survivor=case_a.survivor, case=case_a, kind="other", upload=upload()
    )
    outsider = login_client(personas["other_agency_user"])
    for url in (
        reverse("documents:case_documents", args=[case_a.pk]),
        reverse("documents:detail", args=[document.pk]),
        reverse("documents:download", args=[document.pk, 1]),
        reverse("documents:survivor_documents", args=[case_a.survivor.pk]),
    ):
        assert outsider.get(url).status_code == 404
    assert (
        outsider.post(reverse("documents:archive", args=[document.pk]), {"reason": "x", "version": 1}).status_code
        == 404
    )
    assert Document.objects.get().archived_at is None
    assert not AuditEvent.objects.filter(action="document.downloaded").exists()


def test_survivor_level_documents_and_the_link_from_the_record(personas, survivor_a, case_a):
    client = login_client(personas["case_manager"])
    record = client.get(reverse("people:detail", args=[survivor_a.pk])).content.decode()
    assert reverse("documents:survivor_documents", args=[survivor_a.pk]) in record
    # when a document is filed on the person's record rather than a case
    response = client.post(
        reverse("documents:survivor_upload", args=[survivor_a.pk]),
        _upload_form(title="Birth certificate", file=upload(b"Plain text copy\n", "copy.txt")),
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.case is None
    assert not CaseEvent.objects.filter(type="document_added").exists()
    # then it is listed there, with a case document of the same person next to it
    do_upload_document(
        actor=personas["case_manager"],
        survivor=survivor_a,
        case=case_a,
        kind="other",
        title="Case letter",
        upload=upload(),
    )
    page = client.get(reverse("documents:survivor_documents", args=[survivor_a.pk]))
    html = page.content.decode()
    assert "Birth certificate" in html and "Case letter" in html
    assert "<title>Survivor documents" in html
    assert client.get(reverse("documents:download", args=[document.pk, 1])).content == b"Plain text copy\n"


def test_new_version_and_archive_from_the_document_page(personas, case_a):
    client = login_client(personas["case_manager"])
    document = do_upload_document(
        actor=personas["case_manager"],
        survivor=case_a.survivor,
        case=case_a,
        kind="other",
        title="Letter",
        upload=upload(),
    )
    # a new version
    response = client.post(
        reverse("documents:add_version", args=[document.pk]), {"file": upload(docx_bytes(), "v2.docx"), "version": 1}
    )
    assert response.status_code == 302
    detail = client.get(reverse("documents:detail", args=[document.pk]))
    assert [v.number for v in detail.context["versions"]] == [2, 1]
    # a stale form shows the conflict and saves nothing
    stale = client.post(reverse("documents:add_version", args=[document.pk]), {"file": upload(), "version": 1})
    assert stale.status_code == 200
    assert stale.context["conflict"] is not None
    assert len(stored_files()) == 2
    # archiving needs a reason, then moves it under "Archived"
    missing = client.post(reverse("documents:archive", args=[document.pk]), {"reason": "", "version": 2})
    assert "reason" in missing.context["archive_form"].errors
    archived = client.post(reverse("documents:archive", args=[document.pk]), {"reason": "Replaced", "version": 2})
    assert archived.status_code == 302
    listing = client.get(archived["Location"])
    assert [d.pk for d in listing.context["archived"]] == [document.pk]
    assert listing.context["documents"] == []


def test_read_only_roles_see_but_cannot_upload(personas, case_a):
    director = login_client(personas["program_director"])
    page = director.get(reverse("documents:case_documents", args=[case_a.pk]))
    assert page.status_code == 200
    assert "Add a document" not in page.content.decode()
    assert director.post(reverse("documents:case_upload", args=[case_a.pk]), _upload_form()).status_code == 403
    assert stored_files() == []


def test_document_list_query_count_is_flat(personas, case_a, assert_max_queries):
    # given many documents with several versions each
    manager = personas["case_manager"]
    from reclaim.documents.actions import do_add_document_version

    for i in range(12):
        document = do_upload_document(
            actor=manager, survivor=case_a.survivor, case=case_a, kind="other", title=f"Doc {i}", upload=upload()
        )
        do_add_document_version(actor=manager, document=document, upload=upload(), expected_version=1)
    client = login_client(manager)
    # when the tab is shown, the number of queries does not grow with the documents
    with assert_max_queries(12):  # 10 + the flags and assessment-alerts banners every case page shows
        response = client.get(reverse("documents:case_documents", args=[case_a.pk]))
    assert len(response.context["documents"]) == 12
