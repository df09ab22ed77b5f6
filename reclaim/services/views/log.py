"""The service delivery log: a case's Services tab with quick entry, correcting and voiding a record, a day's
work entered in bulk, the agency-wide log with its CSV download, and the taxonomy reference page."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.decorators import require_recent_auth
from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership
from reclaim.cases.access import access_case_by_id, can_edit_case
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.csvsafe import csv_cell
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.core.paging import page_of_known_count
from reclaim.services import access, actions, selectors
from reclaim.services.forms import (
    CaseServiceFilterForm,
    CorrectServiceForm,
    DayForm,
    DayRowFormSet,
    ServiceForm,
    ServiceLogFilterForm,
    VoidServiceForm,
    day_row_options,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import QuerySet
    from django.http import HttpRequest

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.services.models import ServiceRecord

PAGE_SIZE = 50
LOG_PAGE_SIZE = 100
EXPORT_MAX_ROWS = 50_000
DAY_GOALS_MAX = 300
NOTE_FIELDS = ("notes", "location", "reason", "provider_organisation")


def _case_filters(form: CaseServiceFilterForm | ServiceLogFilterForm) -> selectors.ServiceFilters:
    if not (form.is_bound and form.is_valid()):
        return selectors.ServiceFilters()
    data = form.cleaned_data
    return selectors.ServiceFilters(
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        category=data.get("category") or "",
        service_type=data.get("service_type") or "",
    )


def _services_context(request: HttpRequest, user: User, case: Case, form: ServiceForm | None) -> dict[str, Any]:
    filter_form = CaseServiceFilterForm(request.GET or None)
    filters = _case_filters(filter_form)
    records = selectors.case_services(case, filters)
    totals, count = selectors.totals_by_category(records)
    page = page_of_known_count(count, request.GET.get("page"), PAGE_SIZE, _reader(records))
    can_edit = can_edit_case(user, case)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "case": case,
        "tab": "services",
        "page": page,
        "filter_form": filter_form,
        "totals": totals,
        "query": query.urlencode(),
        "can_edit": can_edit,
        "form": form if form is not None else (ServiceForm(user=user, case=case) if can_edit else None),
        "readable": access.readable_notes(user, page.object_list),
    }


def case_services(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    return render(request, "services/case_services.html", _services_context(request, user, case, None))


@sensitive_post_parameters(*NOTE_FIELDS)
@require_POST
def case_service_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Quick entry from the Services tab, or the compact one on the overview (`form=quick`)."""
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    compact = request.POST.get("form") == "quick"
    data = request.POST.copy()
    if compact:  # the overview's form leaves the rest to its defaults: me, in person, given by us
        for name, value in (
            ("provision", "direct"),
            ("provider", str(user.pk)),
            ("mode", "in_person"),
            ("notes_confidentiality", "general"),
        ):
            data.setdefault(name, value)
    form = ServiceForm(data, user=user, case=case)
    if form.is_valid():
        try:
            actions.do_record_service(actor=user, case=case, entry=form.entry())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Service recorded."))
            if compact:
                return redirect(reverse("cases:detail", args=[case.pk]) + "#quick-service-heading")
            return redirect("services:case_services", case_id=case.pk)
    return render(request, "services/case_services.html", _services_context(request, user, case, form))


def _correct_initial(record: ServiceRecord) -> dict[str, Any]:
    return {
        "service_type": record.service_type.code,
        "delivered_on": record.delivered_on,
        "duration_minutes": record.duration_minutes,
        "provision": record.provision,
        "provider": str(record.provider_id or ""),
        "provider_organisation": record.provider_organisation,
        "mode": record.mode,
        "location": record.location,
        "goal": str(record.goal_id or ""),
        "grant": str(record.grant_id or ""),
        "cost": record.cost,
        "outcome": record.outcome,
        "notes": record.notes,
        "notes_confidentiality": record.notes_confidentiality,
        "version": record.version,
    }


@sensitive_post_parameters(*NOTE_FIELDS)
@require_http_methods(["GET", "POST"])
def service_correct(request: HttpRequest, case_id: UUID, service_id: UUID) -> HttpResponse:
    """Correct a record; a stale save shows the record as saved now and keeps what was typed."""
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    record = access.access_service_on_case(user, case, service_id, for_write=True)
    if record.is_void:
        messages.info(request, _("This record was voided and can no longer be corrected."))
        return redirect("services:case_services", case_id=case.pk)
    readable = access.can_write_notes(user, record)  # notes read through a legal-access grant are not edited here
    kwargs: dict[str, Any] = {"user": user, "case": case, "notes_readable": readable}
    form = CorrectServiceForm(request.POST or None, initial=_correct_initial(record), **kwargs)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_correct_service(
                actor=user, record=record, expected_version=form.cleaned_data["version"], entry=form.entry()
            )
        except EditConflict:
            record = access.access_service_on_case(user, case, service_id)
            data = request.POST.copy()
            data["version"] = str(record.version)
            form, conflict = CorrectServiceForm(data, initial=_correct_initial(record), **kwargs), True
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Service record corrected."))
            return redirect("services:case_services", case_id=case.pk)
    return render(
        request,
        "services/service_correct.html",
        {"case": case, "tab": "services", "record": record, "form": form, "conflict": conflict, "readable": readable},
    )


@sensitive_post_parameters("reason")
@require_http_methods(["GET", "POST"])
def service_void(request: HttpRequest, case_id: UUID, service_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    record = access.access_service_on_case(user, case, service_id, for_write=True)
    if record.is_void:
        messages.info(request, _("This record is already voided."))
        return redirect("services:case_services", case_id=case.pk)
    form = VoidServiceForm(request.POST or None, initial={"version": record.version})
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_void_service(
                actor=user,
                record=record,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except EditConflict:
            record = access.access_service_on_case(user, case, service_id)
            data = request.POST.copy()
            data["version"] = str(record.version)
            form, conflict = VoidServiceForm(data), True
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(
                request, _("Service record voided. It stays on the case, struck through, with your reason.")
            )
            return redirect("services:case_services", case_id=case.pk)
    return render(
        request,
        "services/service_void.html",
        {
            "case": case,
            "tab": "services",
            "record": record,
            "form": form,
            "conflict": conflict,
            "readable": access.can_read_notes(user, record),
        },
    )


# --- A day's work, entered in bulk ---


def _day_goals(user: User) -> list[Any]:
    return list(selectors.goals_for_open_cases(user)[:DAY_GOALS_MAX])


@sensitive_post_parameters("form-*")
@require_http_methods(["GET", "POST"])
def day_entry(request: HttpRequest) -> HttpResponse:
    """Several services on one date, all saved or none. Errors are shown on their row and field; the rows
    stay as typed. "Add more rows" re-shows the form with five more empty rows (no script needed)."""
    user = request_user(request)
    access.require_service_recorder(user)
    options = day_row_options(user, _day_goals(user))
    posted = request.method == "POST"
    day_form = DayForm(request.POST if posted else None, initial={"delivered_on": timezone.localdate()})
    formset = DayRowFormSet(request.POST if posted else None, form_kwargs=options)
    problem = ""
    if posted and "more" in request.POST:
        data = request.POST.copy()
        total = min(int(data.get("form-TOTAL_FORMS") or 0) + 5, 100)
        data["form-TOTAL_FORMS"] = str(total)
        formset = DayRowFormSet(data, form_kwargs=options)
        day_form = DayForm(data)
        return render(request, "services/day_entry.html", {"day_form": day_form, "formset": formset, "adding": True})
    if posted and day_form.is_valid() and formset.is_valid():
        filled = formset.filled_forms()  # type: ignore[attr-defined]  # formset_factory's type loses the subclass
        if not filled:
            problem = _("Fill in at least one row.")
        else:
            saved = _save_day(user, day_form, filled)
            if saved is not None:
                messages.success(
                    request,
                    _("%(n)s services recorded for %(day)s.")
                    % {"n": saved, "day": day_form.cleaned_data["delivered_on"]},
                )
                return redirect("services:day")
            problem = _("Some rows have a problem; nothing was saved. Your rows are kept below.")
    elif posted:
        problem = _("Some rows have a problem; nothing was saved. Your rows are kept below.")
    return render(request, "services/day_entry.html", {"day_form": day_form, "formset": formset, "problem": problem})


def _save_day(user: User, day_form: DayForm, filled: list[tuple[int, Any]]) -> int | None:
    """Resolve case numbers (one query), then write all rows through the bulk action; None when refused
    (the errors are on the forms)."""
    day = day_form.cleaned_data["delivered_on"]
    numbers = {form.cleaned_data["case_number"].strip() for _index, form in filled}
    cases = selectors.editable_cases_by_number(user, numbers)
    entries: list[tuple[Case, actions.ServiceEntry]] = []
    rows: list[Any] = []
    bad = False
    for _index, form in filled:
        data = form.cleaned_data
        case = cases.get(data["case_number"].strip())
        if case is None or not can_edit_case(user, case):
            form.add_error("case_number", _("No case with this number that you may record services on."))
            bad = True
            continue
        entries.append(
            (
                case,
                actions.ServiceEntry(
                    service_type=data["service_type"],
                    delivered_on=day,
                    duration_minutes=data.get("duration_minutes"),
                    provider_id=user.pk,
                    goal_id=_as_uuid(data.get("goal")),
                    notes=data.get("notes") or "",
                    notes_confidentiality=data.get("notes_confidentiality") or "general",
                ),
            )
        )
        rows.append(form)
    if bad:
        return None
    try:
        actions.do_record_services(actor=user, entries=entries)
    except DomainError as exc:
        for key, errors in exc.fields.items():
            index, _dot, name = key.partition(".") if len(entries) > 1 else ("0", ".", key)
            form = rows[int(index)]
            for error in errors:
                if name == "delivered_on":
                    day_form.add_error("delivered_on", error)
                else:
                    form.add_error(name if name in form.fields else None, error)
        return None
    return len(entries)


def _reader(records: QuerySet[ServiceRecord]) -> Callable[[int, int], list[ServiceRecord]]:
    """Reads `limit` records from `offset`, for core.paging.page_of_known_count."""
    return lambda offset, limit: list(records[offset : offset + limit])


def _as_uuid(value: Any) -> UUID | None:
    return UUID(value) if value else None


# --- The agency-wide log ---


def service_log(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_service_log_reader(user)
    form = ServiceLogFilterForm(request.GET or None)
    records = selectors.services_for_user(user, _case_filters(form))
    # the totals count the records already: the pages are numbered from them, not from a count of their own
    totals, count = selectors.totals_by_category(records)
    page = page_of_known_count(count, request.GET.get("page"), LOG_PAGE_SIZE, _reader(records))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "services/service_log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "totals": totals,
            "can_record": access.can_record_services(user),
        },
    )


EXPORT_HEADER = (
    "date",
    "case_number",
    "category",
    "service_type",
    "duration_minutes",
    "given_by",
    "partner_agency",
    "how",
    "grant",
    "outcome",
    "goal_id",
    "for_family_member",
    "source",
    "voided",
)


@require_recent_auth
@require_POST
def service_log_export(request: HttpRequest) -> HttpResponse:
    """The filtered log as CSV: case numbers, codes and counts only, never names, notes or places."""
    user = request_user(request)
    access.require_service_log_reader(user)
    form = ServiceLogFilterForm(request.POST or None)
    filters = _case_filters(form)
    records = selectors.services_for_user(user, filters)[:EXPORT_MAX_ROWS]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="services-{timezone.localdate().isoformat()}.csv"'
    writer = csv.writer(response)
    writer.writerow(EXPORT_HEADER)
    count = 0
    for record in records:
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    record.delivered_on.isoformat(),
                    record.case.number,
                    record.category_code,
                    record.service_type.code,
                    record.duration_minutes if record.duration_minutes is not None else "",
                    record.provision,
                    record.provider_organisation,
                    record.mode,
                    record.grant.name if record.grant else "",
                    record.outcome,
                    record.goal_id or "",
                    "yes" if record.recipient_id else "",
                    record.source_kind,
                    "yes" if record.is_void else "",
                )
            ]
        )
        count += 1
    membership = active_membership(user)
    write_audit(
        AuditEntry(
            "services.exported",
            actor_id=user.pk,
            agency_id=membership.agency_id if membership else None,
            object_type="service_log",
            detail={
                "rows": count,
                "from": str(filters.date_from or ""),
                "to": str(filters.date_to or ""),
                "category": filters.category,
                "type": filters.service_type,
            },
        )
    )
    return response


def taxonomy(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_agency_member(user)
    return render(
        request,
        "services/taxonomy.html",
        {"categories": selectors.categories(), "schemes": selectors.funder_schemes()},
    )
