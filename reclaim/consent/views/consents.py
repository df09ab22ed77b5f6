"""The case file's Consent tab: the survivor's consents, recording one, its plain-language summary, and
taking it back."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.cases.access import access_case_by_id
from reclaim.consent import actions, selectors
from reclaim.consent.access import access_consent, can_record_consent
from reclaim.consent.forms import ChooseTemplateForm, ConsentForm, RevokeForm
from reclaim.consent.models import CONTACT_PURPOSES, Method
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.documents.selectors import documents_for_survivor

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.consent.models import ConsentRecord, ConsentTemplate


def case_consents(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    today = timezone.localdate()
    rows = [(consent, consent.status_on(today)) for consent in selectors.consents_for_survivor(case.survivor)]
    return render(
        request,
        "consent/case_consents.html",
        {"case": case, "tab": "consent", "rows": rows, "can_record": can_record_consent(user, case)},
    )


def _form(user: User, case: Case, data: Any = None, initial: dict[str, Any] | None = None) -> ConsentForm:
    agencies = [(str(agency.pk), agency.name) for agency in selectors.partner_agencies(case.agency_id)]
    organizations = [(str(pk), name) for pk, name in selectors.directory_organizations().values_list("pk", "name")]
    documents = [
        (str(document.pk), document.title or _("Untitled document"))
        for document in documents_for_survivor(user, case.survivor).filter(archived_at__isnull=True)
    ]
    return ConsentForm(data, initial=initial, agencies=agencies, organizations=organizations, documents=documents)


def _initial(case: Case, renew: ConsentRecord | None, template: ConsentTemplate | None = None) -> dict[str, Any]:
    today = timezone.localdate()
    initial: dict[str, Any] = {
        "starts_on": today,
        "expires_on": actions.default_expiry(today),
        "summary_language": case.survivor.preferred_language,
        "given_by": "guardian" if case.is_minor else "survivor",
    }
    if renew is not None:
        initial.update(
            purpose=renew.purpose,
            recipient_kind=renew.recipient_kind,
            recipient_agency=str(renew.recipient_agency_id or ""),
            recipient_organization=str(renew.recipient_organization_id or ""),
            recipient_name=renew.recipient_name,
            data_classes=renew.data_classes,
            channels=renew.channels,
        )
        if renew.expires_on >= today:
            initial["starts_on"] = renew.expires_on
            initial["expires_on"] = actions.default_expiry(renew.expires_on)
    if template is not None:  # the template's defaults; the recipient stays the person's choice
        initial.update(
            template=template.pk,
            purpose=template.purpose,
            data_classes=template.data_classes,
            channels=template.channels,
            informed_of=template.informed_of,
            expires_on=initial["starts_on"] + datetime.timedelta(days=template.length_days),
        )
        if template.requires_second_signer:
            initial["given_by"] = "guardian"
    return initial


def _input(form: ConsentForm) -> actions.ConsentInput:
    data = form.cleaned_data
    signature = data["signature"] or data["typed_signature"]
    return actions.ConsentInput(
        purpose=data["purpose"],
        method=data["method"],
        signer_name=data["signer_name"],
        recipient_kind=data["recipient_kind"],
        recipient_agency_id=data["recipient_agency"] or None,
        recipient_organization_id=data["recipient_organization"] or None,
        recipient_name=data["recipient_name"],
        data_classes=data["data_classes"],
        channels=data["channels"],
        signature=signature if data["method"] == Method.SIGNATURE else "",
        witness_name=data["witness_name"],
        document_id=data["document"] or None,
        given_by=data["given_by"],
        second_signer_name=data["second_signer_name"],
        informed_of=data["informed_of"],
        summary_language=data["summary_language"],
        starts_on=data["starts_on"],
        expires_on=data["expires_on"],
        template_id=data["template"],
    )


def _chosen_template(case: Case, template_id: Any) -> ConsentTemplate | None:
    return selectors.template_of_agency(case.agency_id, template_id) if template_id else None


@sensitive_post_parameters("signature", "typed_signature", "signer_name", "witness_name", "second_signer_name")
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    offered = list(selectors.active_templates(case.agency_id).only("pk", "name", "number"))
    if request.method == "POST":
        form = _form(user, case, request.POST)
        template = _chosen_template(case, request.POST.get("template"))
        if form.is_valid():
            try:
                consent = actions.do_record_consent(actor=user, survivor=case.survivor, case=case, data=_input(form))
            except DomainError as error:
                add_domain_errors(form, error, aliases={"signature": "typed_signature", "template": "__all__"})
            else:
                messages.success(request, _("Consent recorded."))
                return redirect("consent:detail", case.pk, consent.pk)
    else:
        renew = (
            selectors.consent_for_survivor(case.survivor, request.GET.get("renew"))
            if request.GET.get("renew")
            else None
        )
        template = _chosen_template(case, request.GET.get("template"))
        form = _form(user, case, initial=_initial(case, renew, template))
    choose = ChooseTemplateForm(
        initial={"template": str(template.pk) if template else ""},
        templates=[(str(t.pk), t.name) for t in offered],
    )
    language = case.survivor.preferred_language or translation.get_language()
    context = {
        "case": case,
        "tab": "consent",
        "form": form,
        "choose_form": choose if offered else None,
        "template": template,
        "template_text": template.text_in(language) if template else "",
        "template_language": template.text_language(language) if template else "",
        "renew": request.GET.get("renew", ""),
    }
    return render(request, "consent/consent_form.html", context)


def _detail_context(user: User, case: Case, consent: ConsentRecord, **extra: Any) -> dict[str, Any]:
    can_revoke = can_record_consent(user, case) and consent.revoked_at is None
    return {
        "case": case,
        "tab": "consent",
        "consent": consent,
        "status": consent.status_on(timezone.localdate()),
        "is_contact": consent.purpose in CONTACT_PURPOSES,
        "drawn_signature": (consent.signature or "").startswith("data:image/png;base64,"),
        "can_revoke": can_revoke,
        "revoke_form": extra.pop("revoke_form", None) or RevokeForm(initial={"version": consent.version}),
        **extra,
    }


def consent_detail(request: HttpRequest, case_id: UUID, consent_id: UUID) -> HttpResponse:
    user = request_user(request)
    case, consent = access_consent(user, case_id, consent_id)
    return render(request, "consent/consent_detail.html", _detail_context(user, case, consent))


def consent_summary(request: HttpRequest, case_id: UUID, consent_id: UUID) -> HttpResponse:
    """The plain-language summary to give the survivor, in the language recorded for it (printable)."""
    user = request_user(request)
    case, consent = access_consent(user, case_id, consent_id)
    language = request.GET.get("lang") or consent.summary_language or translation.get_language()
    with translation.override(language):
        context = {
            "case": case,
            "consent": consent,
            "is_contact": consent.purpose in CONTACT_PURPOSES,
            # the agency's own words from the template version it was recorded with, in the summary's language
            "template_text": consent.template.text_in(language) if consent.template else "",
            "template_language": consent.template.text_language(language) if consent.template else "",
        }
        return render(request, "consent/consent_summary.html", context)


@require_POST
def consent_revoke(request: HttpRequest, case_id: UUID, consent_id: UUID) -> HttpResponse:
    user = request_user(request)
    case, consent = access_consent(user, case_id, consent_id, for_write=True)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            actions.do_revoke_consent(
                actor=user,
                consent=consent,
                by_whom=form.cleaned_data["by_whom"],
                how=form.cleaned_data["how"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict:
            messages.error(request, _("Someone changed this consent while you were looking at it. Check it again."))
            return redirect("consent:detail", case.pk, consent.pk)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Consent taken back. It no longer allows anything, from now on."))
            return redirect("consent:detail", case.pk, consent.pk)
    context = _detail_context(user, case, consent, revoke_form=form)
    return render(request, "consent/consent_detail.html", context, status=400)
