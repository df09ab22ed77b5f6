"""Consent templates, for an agency admin: the list, adding one, changing one (a new version once a record used
it) and retiring one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership
from reclaim.consent import selectors
from reclaim.consent import template_actions as actions
from reclaim.consent.access import access_template_for_admin, require_template_admin
from reclaim.consent.forms import ConsentTemplateForm, RetireTemplateForm
from reclaim.consent.models import TEMPLATE_LANGUAGES
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.consent.models import ConsentTemplate


def consent_templates(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_template_admin(user)
    return render(request, "consent/templates.html", {"templates": list(selectors.templates_for_admin(user))})


def _input(data: dict[str, Any]) -> actions.TemplateInput:
    return actions.TemplateInput(
        name=data["name"],
        purpose=data["purpose"],
        length_days=data["length_days"],
        data_classes=data["data_classes"],
        channels=data["channels"],
        informed_of=data["informed_of"],
        requires_second_signer=data["requires_second_signer"],
        **{f"text_{code}": data[f"text_{code}"] for code in TEMPLATE_LANGUAGES},
    )


def _initial(template: ConsentTemplate) -> dict[str, Any]:
    return {
        "version": template.version,
        "name": template.name,
        "purpose": template.purpose,
        "data_classes": template.data_classes,
        "channels": template.channels,
        "length_days": template.length_days,
        "informed_of": template.informed_of,
        "requires_second_signer": template.requires_second_signer,
        **{f"text_{code}": getattr(template, f"text_{code}") for code in TEMPLATE_LANGUAGES},
    }


def _form_page(request: HttpRequest, form: ConsentTemplateForm, **context: Any) -> HttpResponse:
    return render(request, "consent/template_form.html", {"form": form, **context})


@require_http_methods(["GET", "POST"])
def template_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_template_admin(user)
    membership = active_membership(user)
    assert membership is not None  # noqa: S101 — an agency admin has a membership
    form = ConsentTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_create_consent_template(actor=user, agency=membership.agency, data=_input(form.cleaned_data))
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Consent template added."))
            return redirect("consent:templates")
    return _form_page(request, form, template=None)


@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, template_id: UUID) -> HttpResponse:
    user = request_user(request)
    template = access_template_for_admin(user, template_id, for_write=request.method == "POST")
    form = ConsentTemplateForm(request.POST or None, initial=_initial(template))
    conflict: EditConflict | None = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.do_update_consent_template(
                actor=user,
                template=template,
                data=_input(form.cleaned_data),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except EditConflict as exc:
            conflict = exc
            data = request.POST.copy()
            data["version"] = str(exc.current_version)  # the entries stay; saving again overrides
            form = ConsentTemplateForm(data)
            form.full_clean()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            if saved.pk != template.pk:
                messages.success(
                    request,
                    _("Saved as version %(n)s. Consents already recorded keep the version they used.")
                    % {"n": saved.number},
                )
            else:
                messages.success(request, _("Consent template saved."))
            return redirect("consent:templates")
    retire_form = RetireTemplateForm(initial={"version": template.version})
    return _form_page(request, form, template=template, conflict=conflict, retire_form=retire_form)


@require_POST
def template_retire(request: HttpRequest, template_id: UUID) -> HttpResponse:
    user = request_user(request)
    template = access_template_for_admin(user, template_id, for_write=True)
    form = RetireTemplateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The template was not retired. Try again."))
        return redirect("consent:template_edit", template.pk)
    try:
        actions.do_retire_consent_template(actor=user, template=template, expected_version=form.cleaned_data["version"])
    except EditConflict:
        messages.error(request, _("Someone changed this template while you were looking at it. Check it again."))
        return redirect("consent:template_edit", template.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("consent:templates")
    messages.success(request, _("Template retired. It is no longer offered; consents made from it keep it."))
    return redirect("consent:templates")
