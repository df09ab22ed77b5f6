from __future__ import annotations

import pytest
from django.core.management import call_command

from reclaim.legal.models import LawEnforcementContact, LegalDeadline, LegalMatter, MatterNote


@pytest.mark.django_db
def test_seed_demo_gives_cases_legal_matters_with_consented_disclosures():
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    counts = (LegalMatter.objects.count(), LawEnforcementContact.objects.count(), MatterNote.objects.count())
    assert counts[0] >= 5 and LegalDeadline.objects.exists()
    assert LegalMatter.objects.filter(outcome="granted").exclude(matter_type__relief="").exists()  # relief obtained
    # every disclosure names a consent to share with law enforcement, live on the day of the contact
    for contact in LawEnforcementContact.objects.filter(information_disclosed=True).select_related("consent"):
        assert contact.consent.purpose == "law_enforcement_disclosure"
        assert contact.consent.is_live_on(contact.occurred_on)
    assert all(link.note.confidentiality == "legal" for link in MatterNote.objects.select_related("note"))
    # and running it again adds nothing
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    assert counts == (LegalMatter.objects.count(), LawEnforcementContact.objects.count(), MatterNote.objects.count())
