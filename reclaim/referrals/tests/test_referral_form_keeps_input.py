"""A referral the server refuses (here: no consent covers what would be sent) comes back with every choice and
the typed reason, marked as unsaved input (data-warn-unsaved="kept"), and nothing is saved."""

from __future__ import annotations

import re

from django.urls import reverse

from conftest import login_client
from reclaim.referrals.models import Referral
from reclaim.referrals.tests.conftest import SERVICE


def test_a_refused_referral_keeps_the_reason_and_every_choice(personas, case_a, other_agency):
    client = login_client(personas["case_manager"])
    # when a referral is sent that no consent in force covers
    response = client.post(
        reverse("referrals:create", args=[case_a.pk]),
        {
            "recipient": f"agency:{other_agency.pk}",
            "service_category": SERVICE,
            "urgency": "soon",
            "reason": "Counselling with a woman counsellor",
            "data_classes": ["identity"],
            "action": "send",
        },
    )
    # then the form comes back with the problem and with what was chosen and typed
    html = response.content.decode()
    assert response.status_code == 400
    assert "No consent in force" in html
    assert "Counselling with a woman counsellor</textarea>" in html
    assert re.search(rf'<option value="agency:{other_agency.pk}"[^>]*selected', html)
    assert re.search(rf'<option value="{SERVICE}"[^>]*selected', html)
    assert re.search(r'<option value="soon"[^>]*selected', html)
    assert re.search(r'<input type="checkbox" name="data_classes" value="identity"[^>]*checked', html)
    assert 'data-warn-unsaved="kept"' in html
    assert not Referral.objects.exists()
