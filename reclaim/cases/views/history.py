"""The "Trafficking history" tab: recruitment, transit and exploitation events, oldest first, and the
case's flags. Every answer may be skipped; place and description are encrypted and never in a URL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.cases import access, actions, selectors
from reclaim.cases.actions import CODING_FIELDS, SINGLE_CODE_FIELDS
from reclaim.cases.forms import ClearFlagForm, HistoryEventForm, RaiseFlagForm, RemoveHistoryEventForm
from reclaim.core import htcds
from reclaim.core import vocabulary as vocab
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.core.iso3166 import country_name

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, HistoricEvent

ENCRYPTED_POST_FIELDS = ("place", "description")
# Errors the action reports on stored fields, shown on the form's boxes.
FIELD_ALIASES = {"started_on": "started_year", "ended_on": "ended_year"}


def _rows(case: Case) -> list[dict[str, Any]]:
    """Each event with its codes as labels (the agency's own terms and retired ones included)."""
    vocabularies = [*CODING_FIELDS.values(), *SINGLE_CODE_FIELDS.values()]
    labels = vocab.labels(vocabularies, case.agency_id)
    rows = []
    for event in selectors.history_for_case(case):
        codes: dict[str, list[str]] = {}
        for coding in event.codings.all():
            codes.setdefault(coding.vocabulary, []).append(labels.get((coding.vocabulary, coding.code), coding.code))
        rows.append(
            {
                "event": event,
                "type_label": labels.get((htcds.HISTORIC_EVENT_TYPE, event.type), event.type),
                "country_name": country_name(event.country),
                "relationship": labels.get(
                    (htcds.RELATIONSHIP_TO_TRAFFICKER, event.relationship_to_trafficker),
                    event.relationship_to_trafficker,
                ),
                "industry": labels.get(
                    (htcds.FORCED_LABOUR_INDUSTRY, event.forced_labour_industry), event.forced_labour_industry
                ),
                "codes": {field: codes.get(vocabulary, []) for field, vocabulary in CODING_FIELDS.items()},
            }
        )
    return rows


def _tell_about_re_trafficking(request: HttpRequest, case: Case, result: actions.HistoryResult) -> None:
    if not result.re_trafficking_flags:
        return
    text = (
        _(
            "This exploitation started after the person had left an earlier one, so the case is flagged for re-trafficking and reopened at intake."
        )
        if result.reopened
        else _(
            "This exploitation started after the person had left an earlier one, so the case is flagged for re-trafficking."
        )
    )
    link = reverse("cases:detail", args=[case.pk]) + "#determinations-heading"
    messages.warning(
        request,
        format_html(
            '{} <a href="{}">{}</a>', text, link, _("Consider recording a new trafficking status determination.")
        ),
    )


def _page(request: HttpRequest, user: User, case: Case, **extra: Any) -> HttpResponse:
    context = {
        "case": case,
        "tab": "history",
        "rows": _rows(case),
        "can_edit": access.can_edit_case(user, case),
        **extra,
    }
    return render(request, "cases/case_history.html", context)


def case_history(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id)
    return _page(request, user, case)


@sensitive_post_parameters(*ENCRYPTED_POST_FIELDS)
@require_http_methods(["GET", "POST"])
def case_history_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    form = HistoryEventForm(request.POST or None, agency=case.agency_id)
    if request.method == "POST" and form.is_valid():
        try:
            result = actions.do_record_history_event(actor=user, case=case, data=form.history_data())
        except DomainError as exc:
            add_domain_errors(form, exc, FIELD_ALIASES)
        else:
            messages.success(request, _("Event saved."))
            _tell_about_re_trafficking(request, case, result)
            return redirect("cases:history", case_id=case.pk)
    return render(
        request, "cases/history_event_form.html", {"case": case, "tab": "history", "form": form, "event": None}
    )


@sensitive_post_parameters(*ENCRYPTED_POST_FIELDS)
@require_http_methods(["GET", "POST"])
def case_history_edit(request: HttpRequest, case_id: UUID, event_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    event: HistoricEvent = access.access_history_event(user, case, event_id, for_write=True)
    form = HistoryEventForm(request.POST or None, agency=case.agency_id, initial=HistoryEventForm.initial_for(event))
    conflict = None
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        try:
            result = actions.do_update_history_event(
                actor=user, event=event, data=form.history_data(), expected_version=version or 0
            )
        except EditConflict as exc:
            conflict = exc
            event.refresh_from_db()
        except DomainError as exc:
            add_domain_errors(form, exc, FIELD_ALIASES)
        else:
            messages.success(request, _("Event saved."))
            _tell_about_re_trafficking(request, case, result)
            return redirect("cases:history", case_id=case.pk)
    context = {"case": case, "tab": "history", "form": form, "event": event, "conflict": conflict}
    return render(request, "cases/history_event_form.html", context)


@require_POST
def case_history_remove(request: HttpRequest, case_id: UUID, event_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    event = access.access_history_event(user, case, event_id, for_write=True, include_removed=True)
    form = RemoveHistoryEventForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        actions.do_archive_history_event(actor=user, event=event, expected_version=version)
    except EditConflict:
        messages.error(
            request,
            _("Someone changed this event while you were looking at it. Check it, then remove it again if needed."),
        )
    else:
        messages.success(request, _("Event removed from the history."))
    return redirect("cases:history", case_id=case.pk)


@sensitive_post_parameters("reason")
@require_http_methods(["GET", "POST"])
def case_flags(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """All flags of the case, active and cleared; case workers raise one here."""
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=request.method == "POST")
    form = RaiseFlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_raise_flag(actor=user, case=case, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Flag raised. It shows on every page of this case until someone clears it."))
            return redirect("cases:flags", case_id=case.pk)
    return _flags_page(request, user, case, form=form)


def _flags_page(request: HttpRequest, user: User, case: Case, **extra: Any) -> HttpResponse:
    flags = list(selectors.flags_for_case(case))
    context = {
        "case": case,
        "tab": "history",
        "flags": flags,
        "active_flags": [f for f in flags if f.cleared_at is None],
        "can_edit": access.can_edit_case(user, case),
        "form": extra.get("form") or RaiseFlagForm(),
        "clear_form": extra.get("clear_form") or ClearFlagForm(),
        "clear_flag_id": extra.get("clear_flag_id"),
    }
    return render(request, "cases/case_flags.html", context)


@sensitive_post_parameters("reason")
@require_POST
def case_flag_clear(request: HttpRequest, case_id: UUID, flag_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    flag = access.access_flag(user, case, flag_id, for_write=True)
    form = ClearFlagForm(request.POST)
    if form.is_valid():
        try:
            actions.do_clear_flag(actor=user, flag=flag, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            if not exc.fields:  # e.g. someone else cleared it first: there is no form left to show it on
                messages.info(request, exc.message)
                return redirect("cases:flags", case_id=case.pk)
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Flag cleared."))
            return redirect("cases:flags", case_id=case.pk)
    return _flags_page(request, user, case, clear_form=form, clear_flag_id=flag.pk)
