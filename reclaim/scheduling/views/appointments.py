"""The case file's Appointments tab: upcoming and past appointments, booking, changing, cancelling and
recording whether an appointment was kept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.cases.access import access_case_by_id, can_edit_case
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.scheduling import access, actions, selectors
from reclaim.scheduling.actions import AppointmentValues, SchedulingConflict
from reclaim.scheduling.forms import FIELD_ALIASES, AppointmentForm, CancelForm, OutcomeForm
from reclaim.scheduling.models import AppointmentStatus

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.scheduling.models import Appointment

_SENSITIVE = ("purpose", "place", "video_link", "partner_name", "interpreter_language", "note")


def _tab_context(user: User, case: Case, **extra: Any) -> dict[str, Any]:
    now = timezone.now()
    rows = list(selectors.appointments_for_case(case))
    upcoming = [row for row in rows if row.ends_at >= now and row.status == AppointmentStatus.BOOKED]
    past = [row for row in reversed(rows) if row not in upcoming]
    can_edit = can_edit_case(user, case)
    return {
        "case": case,
        "tab": "appointments",
        "upcoming": upcoming,
        "past": past,
        "no_shows": sum(1 for row in rows if row.status == AppointmentStatus.NO_SHOW),
        "awaiting_outcome": sum(1 for row in rows if row.status == AppointmentStatus.BOOKED and row.ends_at < now),
        "can_edit": can_edit,
        "now": now,
        **extra,
    }


@sensitive_post_parameters(*_SENSITIVE)
@require_http_methods(["GET", "POST"])
def case_appointments(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=request.method == "POST")
    if request.method == "POST":
        form = AppointmentForm(request.POST, user=user)
    else:  # tell once: start from what the case records
        form = AppointmentForm(initial=AppointmentForm.initial_for_new(case), user=user)
    clashes = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_book_appointment(
                actor=user, case=case, values=form.values(), allow_conflict=form.cleaned_data["allow_conflict"]
            )
        except SchedulingConflict as exc:
            clashes = exc.clashes
        except DomainError as exc:
            add_domain_errors(form, exc, FIELD_ALIASES)
        else:
            messages.success(request, _("Appointment booked. Reminders will go to the staff attending."))
            return redirect("scheduling:case_appointments", case_id=case.pk)
    return render(request, "scheduling/case_appointments.html", _tab_context(user, case, form=form, clashes=clashes))


def _edit_context(user: User, appointment: Appointment, **extra: Any) -> dict[str, Any]:
    can_edit = can_edit_case(user, appointment.case)
    now = timezone.now()
    context = {
        "case": appointment.case,
        "tab": "appointments",
        "appointment": appointment,
        "can_edit": can_edit,
        "can_change": can_edit and appointment.status == AppointmentStatus.BOOKED,
        "can_record": can_edit and appointment.starts_at <= now and not appointment.is_cancelled,
        "now": now,
    }
    if "form" not in extra:
        values = AppointmentValues.of(appointment)
        extra["form"] = AppointmentForm(initial=AppointmentForm.initial_for(values, appointment.version), user=user)
    extra.setdefault(
        "outcome_form",
        OutcomeForm(
            initial={
                "version": appointment.version,
                "outcome": appointment.status if appointment.status in ("kept", "no_show") else None,
                "note": appointment.outcome_note or "",
            }
        ),
    )
    extra.setdefault("cancel_form", CancelForm(initial={"version": appointment.version}))
    return context | extra


@sensitive_post_parameters(*_SENSITIVE)
@require_http_methods(["GET", "POST"])
def appointment_edit(request: HttpRequest, case_id: UUID, appointment_id: UUID) -> HttpResponse:
    user = request_user(request)
    appointment = access.access_case_appointment(user, case_id, appointment_id, for_write=request.method == "POST")
    if request.method != "POST":
        return render(request, "scheduling/appointment_edit.html", _edit_context(user, appointment))
    form = AppointmentForm(request.POST, user=user)
    clashes = conflict = None
    if form.is_valid():
        try:
            saved = actions.do_change_appointment(
                actor=user,
                appointment=appointment,
                expected_version=form.cleaned_data["version"] or 0,
                values=form.values(),
                allow_conflict=form.cleaned_data["allow_conflict"],
            )
        except SchedulingConflict as exc:
            clashes = exc.clashes
        except EditConflict as exc:
            conflict = exc
        except DomainError as exc:
            add_domain_errors(form, exc, FIELD_ALIASES)
        else:
            if saved.pk != appointment.pk:
                messages.success(request, _("Appointment moved. The staff attending get new reminders."))
            else:
                messages.success(request, _("Appointment saved."))
            return redirect("scheduling:appointment_edit", case_id=saved.case_id, appointment_id=saved.pk)
    appointment = access.access_case_appointment(user, case_id, appointment_id)
    if conflict is not None:
        data = request.POST.copy()
        data["version"] = str(appointment.version)
        form = AppointmentForm(data, user=user)
    return render(
        request,
        "scheduling/appointment_edit.html",
        _edit_context(user, appointment, form=form, clashes=clashes, conflict=conflict),
    )


@sensitive_post_parameters("note")
@require_POST
def appointment_outcome(request: HttpRequest, case_id: UUID, appointment_id: UUID) -> HttpResponse:
    user = request_user(request)
    appointment = access.access_case_appointment(user, case_id, appointment_id, for_write=True)
    form = OutcomeForm(request.POST)
    conflict = None
    if form.is_valid():
        try:
            saved = actions.do_record_appointment_outcome(
                actor=user,
                appointment=appointment,
                expected_version=form.cleaned_data["version"],
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                record_service=form.cleaned_data["record_service"],
            )
        except EditConflict as exc:
            conflict = exc
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            if saved.status == AppointmentStatus.KEPT:
                messages.success(request, _("Recorded as kept."))
            else:
                messages.success(request, _("Recorded as missed. Consider reaching out to see how the person is."))
            return redirect("scheduling:case_appointments", case_id=saved.case_id)
    appointment = access.access_case_appointment(user, case_id, appointment_id)
    return render(
        request,
        "scheduling/appointment_edit.html",
        _edit_context(user, appointment, outcome_form=form, conflict=conflict),
    )


@require_POST
def appointment_cancel(request: HttpRequest, case_id: UUID, appointment_id: UUID) -> HttpResponse:
    user = request_user(request)
    appointment = access.access_case_appointment(user, case_id, appointment_id, for_write=True)
    form = CancelForm(request.POST)
    conflict = None
    if form.is_valid():
        try:
            actions.do_cancel_appointment(
                actor=user,
                appointment=appointment,
                expected_version=form.cleaned_data["version"],
                by=form.cleaned_data["by"],
            )
        except EditConflict as exc:
            conflict = exc
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Appointment cancelled. Its reminders will not be sent."))
            return redirect("scheduling:case_appointments", case_id=appointment.case_id)
    appointment = access.access_case_appointment(user, case_id, appointment_id)
    return render(
        request,
        "scheduling/appointment_edit.html",
        _edit_context(user, appointment, cancel_form=form, conflict=conflict),
    )
