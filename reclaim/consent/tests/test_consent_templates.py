"""Consent templates (issue 14 item 4): an admin's list, add, edit (a new version once a record used one) and
retire; a case manager starts a consent from one, and the record and its summary keep that version's text."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.accounts.setup_guide import setup_guide_for
from reclaim.cases.actions import do_open_case
from reclaim.consent.actions import ConsentInput, do_record_consent
from reclaim.consent.models import ConsentRecord, ConsentTemplate, InformedOf
from reclaim.consent.template_actions import (
    TemplateInput,
    do_create_consent_template,
    do_retire_consent_template,
    do_update_consent_template,
)
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ALL_INFORMED = list(InformedOf.values)


@pytest.fixture
def case(personas, survivor_a):
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)


def shelter(**overrides) -> TemplateInput:
    values = {
        "name": "Shelter referral",
        "purpose": "service_referral",
        "length_days": 90,
        "text_en": "We would like to tell the shelter your first name and what you need.",
        "text_es": "Nos gustaría decirle al refugio su nombre y lo que necesita.",
        "data_classes": ["identity", "needs"],
        "informed_of": ALL_INFORMED,
    }
    values.update(overrides)
    return TemplateInput(**values)


@pytest.fixture
def template(personas, agency):
    return do_create_consent_template(actor=personas["agency_admin"], agency=agency, data=shelter())


def form_body(template=None, **overrides) -> dict[str, object]:
    body = {
        "version": template.version if template else "",
        "name": "Shelter referral",
        "purpose": "service_referral",
        "data_classes": ["identity", "needs"],
        "length_days": "90",
        "informed_of": ALL_INFORMED,
        "text_en": "We would like to tell the shelter your first name.",
    }
    body.update(overrides)
    return body


def record_from(personas, case, other_agency, template, **overrides) -> ConsentRecord:
    values = {
        "purpose": template.purpose,
        "method": "verbal",
        "signer_name": "Signer",
        "witness_name": "A colleague",
        "recipient_kind": "agency",
        "recipient_agency_id": other_agency.pk,
        "data_classes": template.data_classes,
        "informed_of": ALL_INFORMED,
        "expires_on": timezone.localdate() + datetime.timedelta(days=template.length_days),
        "template_id": template.pk,
    }
    values.update(overrides)
    return do_record_consent(
        actor=personas["case_manager"], survivor=case.survivor, case=case, data=ConsentInput(**values)
    )


def test_the_admin_adds_a_template_and_sees_it_listed(personas, agency):
    client = login_client(personas["agency_admin"])
    # when the admin adds a template through the page
    response = client.post(reverse("consent:template_add"), form_body())
    # then it is saved as version 1, audited, and listed
    assert response.status_code == 302
    template = ConsentTemplate.objects.get(agency=agency)
    assert (template.number, template.length_days, template.data_classes) == (1, 90, ["identity", "needs"])
    assert AuditEvent.objects.filter(action="consent.template_created", object_id=str(template.pk)).exists()
    assert "Shelter referral" in client.get(reverse("consent:templates")).content.decode()


def test_a_bad_template_is_refused_with_field_errors_and_the_entries_kept(personas):
    client = login_client(personas["agency_admin"])
    # when the English text is missing, the length is beyond 36 months and nothing is covered
    body = form_body(text_en="", length_days="2000", data_classes=[], text_es="<script>alert(1)</script>")
    response = client.post(reverse("consent:template_add"), body)
    # then nothing is saved, each field says what is wrong, and what was typed stays in the form
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"text_en", "length_days"} <= set(errors)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()
    assert not ConsentTemplate.objects.exists()
    # and the action refuses a sharing template that covers nothing (the form leaves that to it)
    with pytest.raises(DomainError) as refused:
        do_create_consent_template(
            actor=personas["agency_admin"],
            agency=personas["agency_admin"].memberships.get().agency,
            data=shelter(data_classes=[]),
        )
    assert "data_classes" in refused.value.fields


def test_editing_an_unused_template_changes_it_in_place(personas, template):
    client = login_client(personas["agency_admin"])
    response = client.post(
        reverse("consent:template_edit", args=[template.pk]), form_body(template, name="Shelter (short stay)")
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.name, template.number, template.version) == ("Shelter (short stay)", 1, 2)
    assert ConsentTemplate.objects.count() == 1


def test_editing_a_used_template_makes_a_new_version_and_the_record_keeps_its_own(
    personas, case, other_agency, template
):
    # given a consent recorded from version 1
    consent = record_from(personas, case, other_agency, template)
    assert consent.template_id == template.pk
    # when the admin changes the text
    client = login_client(personas["agency_admin"])
    response = client.post(
        reverse("consent:template_edit", args=[template.pk]), form_body(template, text_en="New wording.")
    )
    # then version 2 is current, version 1 is kept unchanged for the record, and the list shows version 2 only
    assert response.status_code == 302
    old, new = ConsentTemplate.objects.order_by("number")
    assert (old.pk, old.superseded_at is not None, old.text_en) == (template.pk, True, template.text_en)
    assert (new.number, new.family, new.text_en, new.superseded_at) == (2, old.family, "New wording.", None)
    consent.refresh_from_db()
    assert consent.template_id == old.pk
    listed = client.get(reverse("consent:templates")).context["templates"]
    assert [t.pk for t in listed] == [new.pk]
    # and the old version can no longer be opened for editing, and a form still holding it gets a conflict
    assert client.get(reverse("consent:template_edit", args=[old.pk])).status_code == 404
    with pytest.raises(EditConflict):
        do_update_consent_template(
            actor=personas["agency_admin"], template=old, data=shelter(), expected_version=template.version
        )


def test_a_stale_edit_shows_the_conflict_and_keeps_the_entries(personas, template):
    client = login_client(personas["agency_admin"])
    client.post(reverse("consent:template_edit", args=[template.pk]), form_body(template, name="First change"))
    response = client.post(
        reverse("consent:template_edit", args=[template.pk]), form_body(template, name="Second change")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else changed this template" in body
    assert "First change" in body
    assert 'value="Second change"' in body
    template.refresh_from_db()
    assert template.name == "First change"


def test_a_retired_template_is_no_longer_offered_but_records_keep_it(personas, case, other_agency, template):
    consent = record_from(personas, case, other_agency, template)
    client = login_client(personas["agency_admin"])
    response = client.post(reverse("consent:template_retire", args=[template.pk]), {"version": template.version})
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.retired_at is not None
    form_page = login_client(personas["case_manager"]).get(reverse("consent:add", args=[case.pk]))
    assert form_page.context["choose_form"] is None
    consent.refresh_from_db()
    assert consent.template_id == template.pk
    with pytest.raises(DomainError):
        do_retire_consent_template(actor=personas["agency_admin"], template=template, expected_version=template.version)


def test_another_agencys_admin_cannot_see_or_change_the_templates(personas, template):
    client = login_client(personas["other_agency_admin"])
    # agency B's admin does not see A's template in their list, and gets 404 on its pages
    assert list(client.get(reverse("consent:templates")).context["templates"]) == []
    assert client.get(reverse("consent:template_edit", args=[template.pk])).status_code == 404
    edit = client.post(reverse("consent:template_edit", args=[template.pk]), form_body(template, name="Hijacked"))
    retire = client.post(reverse("consent:template_retire", args=[template.pk]), {"version": template.version})
    assert (edit.status_code, retire.status_code) == (404, 404)
    template.refresh_from_db()
    assert (template.name, template.retired_at) == ("Shelter referral", None)


def test_a_case_manager_starts_a_consent_from_a_template(personas, case, other_agency, template):
    client = login_client(personas["case_manager"])
    # when they choose the template on the consent form
    response = client.get(reverse("consent:add", args=[case.pk]), {"template": template.pk})
    # then its defaults fill the form, the expiry is counted from the start, and its text is shown to read
    initial = response.context["form"].initial
    assert initial["purpose"] == "service_referral"
    assert initial["data_classes"] == ["identity", "needs"]
    assert initial["expires_on"] == initial["starts_on"] + datetime.timedelta(days=90)
    assert initial["template"] == template.pk
    assert template.text_en in response.content.decode()
    # when the consent is saved from that form
    body = {
        "template": str(template.pk),
        "purpose": "service_referral",
        "recipient_kind": "agency",
        "recipient_agency": str(other_agency.pk),
        "data_classes": ["identity", "needs"],
        "starts_on": initial["starts_on"].isoformat(),
        "expires_on": initial["expires_on"].isoformat(),
        "informed_of": ALL_INFORMED,
        "given_by": "survivor",
        "signer_name": "Signer",
        "method": "verbal",
        "witness_name": "A colleague",
        "summary_language": "es",
    }
    response = client.post(reverse("consent:add", args=[case.pk]), body)
    # then the record keeps the template version, and its summary shows the Spanish text of that version
    assert response.status_code == 302
    consent = ConsentRecord.objects.get(survivor=case.survivor)
    assert consent.template_id == template.pk
    summary = client.get(reverse("consent:summary", args=[case.pk, consent.pk])).content.decode()
    assert "Nos gustaría decirle al refugio" in summary
    # and in a language the template lacks, the English text
    french = client.get(reverse("consent:summary", args=[case.pk, consent.pk]), {"lang": "fr"}).content.decode()
    assert "tell the shelter your first name" in french


def test_a_template_asking_for_a_second_signer_is_enforced(personas, case, other_agency, agency):
    template = do_create_consent_template(
        actor=personas["agency_admin"], agency=agency, data=shelter(requires_second_signer=True)
    )
    with pytest.raises(DomainError) as refused:
        record_from(personas, case, other_agency, template)
    assert "second_signer_name" in refused.value.fields
    assert record_from(personas, case, other_agency, template, second_signer_name="Young person").pk


def test_another_agencys_template_cannot_be_used(personas, case, other_agency):
    theirs = do_create_consent_template(actor=personas["other_agency_admin"], agency=other_agency, data=shelter())
    with pytest.raises(DomainError) as refused:
        record_from(personas, case, other_agency, theirs)
    assert "template" in refused.value.fields
    assert not ConsentRecord.objects.exists()
    # and the form ignores it as a starting point
    response = login_client(personas["case_manager"]).get(
        reverse("consent:add", args=[case.pk]), {"template": theirs.pk}
    )
    assert response.context["template"] is None


def test_the_set_up_step_is_ticked_by_an_active_template(personas, agency):
    admin = personas["agency_admin"]

    def consent_done() -> bool:
        return next(e for e in setup_guide_for(admin).steps if e.step.code == "consent").done

    assert not consent_done()
    template = do_create_consent_template(actor=admin, agency=agency, data=shelter())
    assert consent_done()
    do_retire_consent_template(actor=admin, template=template, expected_version=template.version)
    assert not consent_done()
