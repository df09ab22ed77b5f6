"""Shared set-up of the referral tests: an open case of agency A, consents to agency B, and helpers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from reclaim.accounts.actions import do_add_member
from reclaim.accounts.roles import Role
from reclaim.cases.actions import do_open_case
from reclaim.consent.actions import ConsentInput, do_record_consent
from reclaim.consent.models import InformedOf
from reclaim.referrals.actions import ReferralInput, do_create_referral

SERVICE = "psychological_support"


@pytest.fixture
def case_a(personas, survivor_a, team):
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=team)


@pytest.fixture
def b_partner(other_agency, personas):
    """A partner-agency user of agency B: receives referrals, works no cases."""
    return do_add_member(
        actor=None,
        agency=other_agency,
        email="partner@b.example",
        display_name="B partner",
        role=Role.PARTNER_USER,
        password="a-long-test-passphrase-42",
    ).user


@pytest.fixture
def give_consent(personas, other_agency):
    def give(case: Any, classes: list[str], *, recipient_kind: str = "agency", days: int = 300, agency: Any = None):
        return do_record_consent(
            actor=personas["case_manager"],
            survivor=case.survivor,
            case=case,
            data=ConsentInput(
                purpose="service_referral",
                method="verbal",
                signer_name="Marisol",
                witness_name="A colleague",
                recipient_kind=recipient_kind,
                recipient_agency_id=(agency or other_agency).pk if recipient_kind == "agency" else None,
                data_classes=classes,
                informed_of=list(InformedOf.values),
                expires_on=timezone.localdate() + timedelta(days=days),
            ),
        )

    return give


@pytest.fixture
def refer(personas, other_agency):
    def make(case: Any, classes: list[str], *, send: bool = True, reason: str = "Needs counselling soon", **kw: Any):
        data = ReferralInput(
            service_category=SERVICE,
            to_agency_id=kw.pop("to_agency_id", None) or (None if "to_organization_id" in kw else other_agency.pk),
            reason=reason,
            data_classes=classes,
            **kw,
        )
        return do_create_referral(actor=personas["case_manager"], case=case, data=data, send=send)

    return make
