"""The FHIR export page of a case: choose a live sharing consent, download the Bundle (POST, so it is
CSRF-protected, audited and on the timeline)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from reclaim.accounts.http import request_user
from reclaim.consent.access import can_record_consent
from reclaim.core.forms import add_domain_errors
from reclaim.interop.fhir_access import access_case_for_fhir
from reclaim.interop.fhir_actions import CONTENT_TYPE, FhirConsentMissing, do_export_fhir
from reclaim.interop.fhir_forms import FhirExportForm
from reclaim.interop.fhir_selectors import sharing_consents

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest


@require_http_methods(["GET", "POST"])
def case_fhir(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_for_fhir(user, case_id)
    consents = sharing_consents(case)
    status = 200
    if request.method == "POST":
        form = FhirExportForm(request.POST, consents=consents)
        form.is_valid()
        try:
            export = do_export_fhir(actor=user, case=case, consent_id=form.cleaned_data.get("consent_id", ""))
        except FhirConsentMissing as exc:
            form.add_error(None, exc.message)
            add_domain_errors(form, exc)
            status = 422
        else:
            response = HttpResponse(json.dumps(export.bundle, ensure_ascii=False, indent=2), content_type=CONTENT_TYPE)
            response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
            response["Cache-Control"] = "no-store"
            return response
    else:
        form = FhirExportForm(consents=consents)
    context = {
        "case": case,
        "tab": "consent",
        "form": form,
        "consents": consents,
        "can_record": can_record_consent(user, case),
    }
    return render(request, "interop/case_fhir.html", context, status=status)
