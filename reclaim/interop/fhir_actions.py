"""The FHIR export as an action: check the consent on the server, build the Bundle, and record the disclosure on
the case's timeline and in the audit log (ids, codes and counts only)."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.assessments.selectors import sees_answers, sees_results
from reclaim.cases.events import _record  # the one writer of timeline rows (event + audit row)
from reclaim.cases.models import EventType
from reclaim.core.errors import DomainError
from reclaim.interop.fhir import allowed_parts, build_bundle, resource_counts
from reclaim.interop.fhir_selectors import export_source, sharing_consent

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case

CONTENT_TYPE = "application/fhir+json"


class FhirConsentMissing(DomainError):
    """No live sharing consent was chosen: nothing is built, nothing is recorded."""

    code = "fhir.consent_missing"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Choose a consent in force that lets us share this person's information with the recipient. "
                "Without one, nothing leaves."
            ),
            fields={
                "consent_id": [
                    _("Missing: a consent to share information (or to refer) that is in force today, for this person.")
                ]
            },
        )


@dataclass(frozen=True)
class FhirExport:
    bundle: dict[str, Any]
    filename: str
    counts: dict[str, int]


@transaction.atomic
def do_export_fhir(*, actor: User, case: Case, consent_id: Any) -> FhirExport:
    """Export the case for the recipient of a live sharing consent of its survivor, only the data classes that
    consent covers (and the exporter may read). The caller passed `access_case_for_fhir`."""
    consent = sharing_consent(case, consent_id) if consent_id else None
    if consent is None:
        raise FhirConsentMissing
    parts = allowed_parts(set(consent.data_classes), sees_results=sees_results(actor), sees_answers=sees_answers(actor))
    source = export_source(actor, case, consent, parts)
    export_id = uuid.uuid4()
    # A pseudonym made up for this export: the recipient cannot link it to Reclaim's ids or to another export.
    pseudonym = secrets.token_hex(8)
    bundle = build_bundle(source, export_id=export_id, pseudonym=pseudonym, at=timezone.now())
    counts = resource_counts(bundle)
    _record(
        case,
        actor,
        EventType.FHIR_EXPORTED,
        "case.fhir_exported",
        consent_id=str(consent.pk),
        purpose=consent.purpose,
        recipient_kind=consent.recipient_kind,
        data_classes=list(consent.data_classes),
        export_id=str(export_id),
        counts=counts,
    )
    return FhirExport(bundle=bundle, filename=f"case-{secrets.token_hex(4)}.fhir.json", counts=counts)
