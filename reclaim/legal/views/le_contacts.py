"""The law-enforcement contact log of a case: the list (every case reader: date, kind, response, whether
something was shared and under which consent), recording a contact and correcting one (case editors). The
officer, the request and the notes are privileged: only `has_privileged_access` reads them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from reclaim.accounts.http import request_user
from reclaim.cases.access import access_case_by_id
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.legal import access, actions, selectors
from reclaim.legal.le_contact_forms import RESPONSE_HELP, LEContactForm

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.cases.models import Case
    from reclaim.consent.models import ConsentRecord

PRIVILEGED_POST = ("officer_name", "request", "notes", "agency_name")


def _consent_label(consent: ConsentRecord) -> str:
    recipient = consent.recipient_name or _("named recipient")
    return _("%(recipient)s, in force %(start)s to %(end)s") % {
        "recipient": recipient,
        "start": consent.starts_on.isoformat(),
        "end": consent.expires_on.isoformat(),
    }


def _form(case: Case, *, privileged: bool, data: Any = None, initial: Any = None, keep: Any = None) -> LEContactForm:
    organizations = [(str(pk), name) for pk, name in selectors.le_organizations().values_list("pk", "name")]
    consents = [(str(c.pk), _consent_label(c)) for c in selectors.le_consent_choices(case, keep=keep)]
    matters = [
        (str(m.pk), f"{m.matter_type.display_label} ({m.get_status_display()})")
        for m in selectors.matters_for_case(case)
    ]
    return LEContactForm(
        data,
        initial=initial,
        organizations=organizations,
        consents=consents,
        matters=matters,
        privileged_fields=privileged,
    )


def le_contacts(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    contacts, privileged = access.access_le_contacts_for_case(user, case)
    return render(
        request,
        "legal/le_contacts.html",
        {
            "case": case,
            "tab": "legal",
            "contacts": list(contacts),
            "privileged": privileged,
            "can_record": access.can_record_le_contact(user, case),
            "response_help": RESPONSE_HELP,
        },
    )


def _form_context(case: Case, form: LEContactForm, **extra: Any) -> dict[str, Any]:
    live = selectors.le_consents_for_case(case).exists()
    return {"case": case, "tab": "legal", "form": form, "has_live_consent": live, **extra}


@sensitive_post_parameters(*PRIVILEGED_POST)
@require_http_methods(["GET", "POST"])
def le_contact_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    # whoever records a contact may type the officer, request and notes; reading them back is privileged
    if request.method == "POST":
        form = _form(case, privileged=True, data=request.POST)
        if form.is_valid():
            try:
                actions.do_record_le_contact(actor=user, case=case, data=form.to_input())
            except DomainError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("Law-enforcement contact recorded."))
                return redirect("legal:le_contacts", case.pk)
    else:
        form = _form(case, privileged=True, initial={"occurred_on": timezone.localdate()})
    return render(request, "legal/le_contact_form.html", _form_context(case, form, editing=None))


def _initial(contact: Any, privileged: bool) -> dict[str, Any]:
    values = actions.le_contact_values(contact, privileged=privileged)
    return {name: ("" if value is None else value) for name, value in values.items()} | {"version": contact.version}


@sensitive_post_parameters(*PRIVILEGED_POST)
@require_http_methods(["GET", "POST"])
def le_contact_edit(request: HttpRequest, case_id: UUID, contact_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    contact = access.access_le_contact(user, case, contact_id, for_write=True)
    privileged = selectors.has_privileged_access(user, case)
    keep = contact.consent_id
    form = _form(
        case, privileged=privileged, data=request.POST or None, initial=_initial(contact, privileged), keep=keep
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_le_contact(
                actor=user,
                contact=contact,
                data=form.to_input(),
                expected_version=form.cleaned_data["version"] or 0,
                privileged=privileged,
            )
        except EditConflict as exc:
            conflict = exc
            contact.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(contact.version)
            form = _form(case, privileged=privileged, data=data, keep=contact.consent_id)
            form.is_valid()
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Law-enforcement contact saved."))
            return redirect("legal:le_contacts", case.pk)
    return render(
        request,
        "legal/le_contact_form.html",
        _form_context(case, form, editing=contact, conflict=conflict, conflict_rows=_conflict_rows(form, conflict)),
    )


def _conflict_rows(form: LEContactForm, conflict: EditConflict | None) -> list[tuple[str, str]]:
    """The values saved now, as the form names them (choices shown by their labels, not their ids)."""
    if conflict is None:
        return []
    rows = []
    for name, value in conflict.current.items():
        field = form.fields.get(name)
        if field is None:
            continue
        shown = "" if value is None else str(value)
        choices = {str(k): str(v) for k, v in getattr(field, "choices", [])}
        if shown in choices and shown:
            shown = choices[shown]
        elif isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        rows.append((str(field.label), shown))
    return rows
