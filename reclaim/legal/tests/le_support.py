"""Helpers for the law-enforcement contact and outcomes tests: consents to share with law enforcement."""

from __future__ import annotations

import datetime

from django.utils import timezone

from reclaim.consent.actions import ConsentInput, do_record_consent
from reclaim.consent.models import ConsentRecord, InformedOf
from reclaim.legal.actions import do_advance_step, do_open_matter
from reclaim.legal.tests.conftest import shipped

TODAY = timezone.localdate()


def le_consent(
    actor, case, *, starts_on: datetime.date | None = None, expires_on: datetime.date | None = None, purpose: str = ""
) -> ConsentRecord:
    """A consent of the case's survivor to share identity with "Metro Police" (a named recipient)."""
    starts = starts_on or TODAY - datetime.timedelta(days=30)
    return do_record_consent(
        actor=actor,
        survivor=case.survivor,
        case=case,
        data=ConsentInput(
            purpose=purpose or "law_enforcement_disclosure",
            method="verbal",
            signer_name="Marisol",
            witness_name="A colleague",
            recipient_kind="organisation",
            recipient_name="Metro Police",
            data_classes=["identity", "trafficking_history"],
            informed_of=list(InformedOf.values),
            starts_on=starts,
            expires_on=expires_on or starts + datetime.timedelta(days=300),
        ),
    )


def granted_t_visa(advocate, case, on):
    matter = do_open_matter(
        actor=advocate, case=case, matter_type=shipped("t_visa"), opened_on=on - datetime.timedelta(days=5)
    )
    for version, code in enumerate(["application_filed", "receipt", "bona_fide", "approved"], start=1):
        matter = do_advance_step(actor=advocate, matter=matter, to_step=code, on=on, expected_version=version)
    return matter
