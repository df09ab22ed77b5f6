"""Group programs: the list, a group's page with its roster, sessions, the attendance sheet, enrolment,
leaving, completion and the printable certificate. Facilitators (volunteers included) reach the group, its
sessions and the attendance sheet, and see each person's name in use only: no case number, no case link."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership
from reclaim.cases.access import access_case_by_id
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.services import group_access, group_actions, group_selectors
from reclaim.services.group_forms import (
    AddSessionForm,
    AttendanceForm,
    EnrolForm,
    GenerateSessionsForm,
    GroupProgramForm,
    LeaveForm,
)
from reclaim.services.models import EnrolmentStatus

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.services.models import GroupEnrolment, GroupProgram


def group_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    group_access.require_group_reader(user)
    membership = active_membership(user)
    programs = list(group_selectors.group_list(user))
    return render(
        request,
        "services/groups/list.html",
        {
            "programs": programs,
            "can_manage": membership is not None and group_access.can_manage_groups(user, membership.agency_id),
        },
    )


@sensitive_post_parameters("location", "description")
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    group_access.require_group_manager(user)
    membership = active_membership(user)
    assert membership is not None  # require_group_manager checked it  # noqa: S101
    form = GroupProgramForm(request.POST or None, agency_id=membership.agency_id)
    if request.method == "POST" and form.is_valid():
        try:
            program = group_actions.do_create_program(actor=user, agency=membership.agency, data=form.data_object())
        except DomainError as exc:
            add_domain_errors(form, exc, {"grant_id": "grant"})
        else:
            messages.success(request, _("Group saved. Plan its sessions next."))
            return redirect("services:group_sessions", program_id=program.pk)
    return render(request, "services/groups/form.html", {"form": form, "program": None})


def _roster_rows(user: User, program: GroupProgram, roster: list[GroupEnrolment]) -> list[dict[str, Any]]:
    """What each row may show: the name in use to facilitators and to staff who can open the case; the case
    number and link only to the latter; nothing identifying to anyone else."""
    visible = group_selectors.visible_case_ids(user, [e.case_id for e in roster])
    facilitates = group_access.is_facilitator(user, program)
    rows = []
    for enrolment in roster:
        survivor = enrolment.case.survivor
        sees_case = enrolment.case_id in visible
        name = (survivor.chosen_name or survivor.given_name or "") if (sees_case or facilitates) else ""
        rows.append({"enrolment": enrolment, "name": name, "sees_case": sees_case, "case": enrolment.case})
    return rows


def _detail_context(user: User, program: GroupProgram, **forms: Any) -> dict[str, Any]:
    roster = list(group_selectors.roster_for_program(program))
    sessions = group_selectors.counted_sessions(program)
    return {
        "program": program,
        "rows": _roster_rows(user, program, roster),
        "enrolled": sum(1 for e in roster if e.status != EnrolmentStatus.LEFT),
        "counted_sessions": sessions,
        "required": group_actions.required_attendance(program, sessions) if sessions else 0,
        "can_manage": group_access.can_manage_groups(user, program.agency_id),
        "can_take_attendance": group_access.can_take_attendance(user, program),
        "enrol_form": forms.get("enrol_form") or EnrolForm(),
    }


def group_detail(request: HttpRequest, program_id: UUID) -> HttpResponse:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id)
    return render(request, "services/groups/detail.html", _detail_context(user, program))


@sensitive_post_parameters("location", "description")
@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, program_id: UUID) -> HttpResponse:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    initial = {
        "name": program.name,
        "kind": program.kind,
        "service_type": program.service_type.code,
        "description": program.description or "",
        "facilitators": list(group_selectors.facilitator_ids(program)),
        "capacity": program.capacity,
        "starts_on": program.starts_on,
        "ends_on": program.ends_on,
        "location": program.location or "",
        "grant": program.grant_id,
        "status": program.status,
        "completion_percent": program.completion_percent,
        "version": program.version,
    }
    form = GroupProgramForm(request.POST or None, initial=initial, agency_id=program.agency_id)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            group_actions.do_update_program(
                actor=user,
                program=program,
                data=form.data_object(),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except EditConflict as exc:
            conflict = exc
            program.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(program.version)
            form = GroupProgramForm(data, initial=initial, agency_id=program.agency_id)
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Group saved."))
            return redirect("services:group_detail", program_id=program.pk)
    return render(request, "services/groups/form.html", {"form": form, "program": program, "conflict": conflict})


def _sessions_page(request: HttpRequest, user: User, program: GroupProgram, **forms: Any) -> HttpResponse:
    return render(
        request,
        "services/groups/sessions.html",
        {
            "program": program,
            "sessions": list(group_selectors.sessions_for_program(program)),
            "can_manage": group_access.can_manage_groups(user, program.agency_id),
            "can_take_attendance": group_access.can_take_attendance(user, program),
            "generate_form": forms.get("generate_form") or GenerateSessionsForm(),
            "add_form": forms.get("add_form") or AddSessionForm(),
        },
    )


def group_sessions(request: HttpRequest, program_id: UUID) -> HttpResponse:
    user = request_user(request)
    program = group_access.access_program_for_attendance(user, program_id)
    return _sessions_page(request, user, program)


@require_POST
def group_generate_sessions(request: HttpRequest, program_id: UUID) -> HttpResponse:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    form = GenerateSessionsForm(request.POST)
    if form.is_valid():
        try:
            made = group_actions.do_generate_sessions(actor=user, program=program, rule=form.rule())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(n)s sessions planned.") % {"n": len(made)})
            return redirect("services:group_sessions", program_id=program.pk)
    return _sessions_page(request, user, program, generate_form=form)


@sensitive_post_parameters("location", "topic")
@require_POST
def group_add_session(request: HttpRequest, program_id: UUID) -> HttpResponse:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    form = AddSessionForm(request.POST)
    if form.is_valid():
        try:
            group_actions.do_add_session(
                actor=user,
                program=program,
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                topic=form.cleaned_data["topic"],
                location=form.cleaned_data["location"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc, {"starts_at": "date"})
        else:
            messages.success(request, _("Session added."))
            return redirect("services:group_sessions", program_id=program.pk)
    return _sessions_page(request, user, program, add_form=form)


@require_POST
def group_session_cancel(request: HttpRequest, program_id: UUID, session_id: UUID) -> HttpResponse:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    session = group_access.access_session(program, session_id)
    try:
        group_actions.do_cancel_session(actor=user, session=session)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Session cancelled."))
    return redirect("services:group_sessions", program_id=program.pk)


@require_http_methods(["GET", "POST"])
def group_attendance(request: HttpRequest, program_id: UUID, session_id: UUID) -> HttpResponse:
    """The attendance sheet: present / absent / excused for everyone taking part, in one form."""
    user = request_user(request)
    program = group_access.access_program_for_attendance(user, program_id, for_write=request.method == "POST")
    session = group_access.access_session(program, session_id)
    roster = list(group_selectors.roster_for_program(program, include_left=False))
    marks = group_selectors.attendance_for_session(session)
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        roster=roster,
        marks=marks,
        initial={"version": session.version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            result = group_actions.do_take_attendance(
                actor=user, session=session, marks=form.marks(), expected_version=form.cleaned_data["version"]
            )
        except EditConflict as exc:
            conflict = exc
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(
                request,
                _("Attendance saved: %(recorded)s services recorded, %(voided)s withdrawn.")
                % {"recorded": result.recorded, "voided": result.voided},
            )
            return redirect("services:group_attendance", program_id=program.pk, session_id=session.pk)
    rows = _roster_rows(user, program, roster)
    fields = dict(form.rows)
    sheet = [row | {"field": fields[row["enrolment"]]} for row in rows]
    return render(
        request,
        "services/groups/attendance.html",
        {"program": program, "session": session, "form": form, "sheet": sheet, "conflict": conflict},
    )


@require_POST
def group_enrol(request: HttpRequest, program_id: UUID) -> HttpResponse:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    form = EnrolForm(request.POST)
    if form.is_valid():
        case = group_selectors.case_by_number(user, form.cleaned_data["case_number"])
        if case is None:
            form.add_error("case_number", _("No case with this number that you can open."))
        else:
            try:
                group_actions.do_enrol(actor=user, program=program, case=case)
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("Enrolled in the group."))
                return redirect("services:group_detail", program_id=program.pk)
    return render(request, "services/groups/detail.html", _detail_context(user, program, enrol_form=form))


@sensitive_post_parameters("note")
@require_http_methods(["GET", "POST"])
def group_leave(request: HttpRequest, program_id: UUID, enrolment_id: UUID) -> HttpResponse:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    enrolment = group_access.access_enrolment(program, enrolment_id)
    case = access_case_by_id(user, enrolment.case_id, for_write=True)
    form = LeaveForm(request.POST or None, initial={"version": enrolment.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            group_actions.do_leave(
                actor=user,
                enrolment=enrolment,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            conflict = exc
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Recorded that they left the group."))
            return redirect("services:group_detail", program_id=program.pk)
    return render(
        request,
        "services/groups/leave.html",
        {"program": program, "enrolment": enrolment, "case": case, "form": form, "conflict": conflict},
    )


@require_POST
def group_complete(request: HttpRequest, program_id: UUID, enrolment_id: UUID) -> HttpResponse:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    enrolment = group_access.access_enrolment(program, enrolment_id)
    access_case_by_id(user, enrolment.case_id, for_write=True)
    try:
        group_actions.do_complete_enrolment(actor=user, enrolment=enrolment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Marked as completed."))
    return redirect("services:group_detail", program_id=program.pk)


@require_POST
def group_certificate_issue(request: HttpRequest, program_id: UUID, enrolment_id: UUID) -> HttpResponse:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    enrolment = group_access.access_enrolment(program, enrolment_id)
    access_case_by_id(user, enrolment.case_id, for_write=True)
    try:
        group_actions.do_issue_certificate(actor=user, enrolment=enrolment)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("services:group_detail", program_id=program.pk)
    return redirect("services:group_certificate", program_id=program.pk, enrolment_id=enrolment.pk)


def group_certificate(request: HttpRequest, program_id: UUID, enrolment_id: UUID) -> HttpResponse:
    """The printable certificate, with the survivor's name in use: only for staff who can open the case."""
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id)
    enrolment = group_access.access_enrolment(program, enrolment_id)
    case = access_case_by_id(user, enrolment.case_id)
    certificate = group_access.access_certificate(enrolment)
    survivor = case.survivor
    return render(
        request,
        "services/groups/certificate.html",
        {
            "program": program,
            "enrolment": enrolment,
            "certificate": certificate,
            "name": survivor.chosen_name or survivor.given_name or "",
            "facilitators": [link.user for link in program.facilitator_links.all()],
        },
    )
