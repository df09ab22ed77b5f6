"""The "Reference lists" pages: agency admins extend and retire their own terms; the standard's are read-only."""

from __future__ import annotations

from django.urls import reverse

from conftest import login_client
from reclaim.accounts.actions import do_add_agency_term
from reclaim.core import htcds
from reclaim.core.models import AuditEvent, Term
from reclaim.core.vocabulary import vocabulary_by_code


def _url(code=htcds.TYPE_OF_EXPLOITATION):
    return reverse("accounts:vocabulary", args=[vocabulary_by_code(code).pk])


def test_an_admin_adds_an_agency_term_and_it_is_audited(personas, agency):
    client = login_client(personas["agency_admin"])
    # when the admin adds a term
    response = client.post(_url(), {"code": "x_FishingVessel", "label": "Fishing vessels"})
    # then it is stored for the agency, audited with codes only, and listed
    assert response.status_code == 302
    term = Term.objects.get(code="x_FishingVessel")
    assert term.agency_id == agency.pk
    audit = AuditEvent.objects.get(action="vocabulary.term_added")
    assert audit.detail == {"vocabulary": htcds.TYPE_OF_EXPLOITATION, "code": "x_FishingVessel"}
    page = client.get(_url()).content.decode()
    assert "Fishing vessels" in page
    assert "Forced labour" in page


def test_a_bad_code_is_a_field_error_and_nothing_is_saved(personas):
    client = login_client(personas["agency_admin"])
    before = Term.objects.count()
    for code in ("ForcedLabour", "x_", "x_has space", "x_ünicode"):
        response = client.post(_url(), {"code": code, "label": "Something"})
        assert response.status_code == 200
        assert "code" in response.context["form"].errors
    empty_label = client.post(_url(), {"code": "x_Fine", "label": "   "})
    assert "label" in empty_label.context["form"].errors
    assert Term.objects.count() == before


def test_a_duplicate_agency_code_is_refused(personas, agency):
    do_add_agency_term(
        actor=personas["agency_admin"],
        agency=agency,
        vocabulary=vocabulary_by_code(htcds.TYPE_OF_EXPLOITATION),
        code="x_Dup",
        label="First",
    )
    response = login_client(personas["agency_admin"]).post(_url(), {"code": "x_Dup", "label": "Second"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert Term.objects.filter(code="x_Dup").count() == 1


def test_retiring_keeps_the_term_and_standard_terms_cannot_be_retired(personas, agency):
    term = do_add_agency_term(
        actor=personas["agency_admin"],
        agency=agency,
        vocabulary=vocabulary_by_code(htcds.TYPE_OF_EXPLOITATION),
        code="x_Gone",
        label="Gone",
    )
    client = login_client(personas["agency_admin"])
    # when the admin retires their term
    assert client.post(reverse("accounts:vocabulary_term_retire", args=[term.pk])).status_code == 302
    # then it is kept, retired, audited
    term.refresh_from_db()
    assert term.retired
    assert AuditEvent.objects.filter(action="vocabulary.term_retired", object_id=str(term.pk)).exists()
    # and a term of the standard is out of reach (404, unchanged)
    standard = Term.objects.get(vocabulary__code=htcds.TYPE_OF_EXPLOITATION, code="ForcedLabour", agency=None)
    assert client.post(reverse("accounts:vocabulary_term_retire", args=[standard.pk])).status_code == 404
    standard.refresh_from_db()
    assert not standard.retired


def test_another_agency_admin_does_not_see_or_touch_our_terms(personas, agency):
    term = do_add_agency_term(
        actor=personas["agency_admin"],
        agency=agency,
        vocabulary=vocabulary_by_code(htcds.TYPE_OF_EXPLOITATION),
        code="x_Ours",
        label="Only ours",
    )
    other = login_client(personas["other_agency_admin"])
    assert "Only ours" not in other.get(_url()).content.decode()
    assert other.post(reverse("accounts:vocabulary_term_retire", args=[term.pk])).status_code == 404
    # and case workers cannot reach the page at all
    assert login_client(personas["case_manager"]).get(reverse("accounts:vocabularies")).status_code == 403


def test_the_list_page_counts_terms(personas, agency, assert_max_queries):
    client = login_client(personas["agency_admin"])
    client.get(reverse("accounts:vocabularies"))  # warm the session
    with assert_max_queries(10):
        response = client.get(reverse("accounts:vocabularies"))
    assert response.status_code == 200
    assert htcds.METHODS_OF_CONTROL in response.content.decode()
