"""Staff training pages (issue 10 item 3): courses and their sessions, participants and attendance, certificates
(printable), external certificates, every staff member's own training record, the managers' overview of the whole
staff, and the agency's required training per role with the block-until-trained setting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.accounts.roles import Role
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.outreach import training_access as access
from reclaim.outreach import training_actions as actions
from reclaim.outreach import training_selectors as selectors
from reclaim.outreach.access import can_manage_training, require
from reclaim.outreach.models import ParticipantKind, ParticipantStatus
from reclaim.outreach.training_forms import (
    AttendanceForm,
    BlockForm,
    CourseForm,
    ExternalCertificateForm,
    ParticipantForm,
    RequirementsForm,
    SessionForm,
)
from reclaim.outreach.training_gate import case_data_blocked

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.outreach.models import Course, TrainingSession


def _staff_choices(agency_id: Any) -> list[tuple[str, str]]:
    return [(str(m.user_id), m.user.display_name) for m in selectors.staff_of_agency(agency_id)]


def _course_choices(agency_id: Any) -> list[tuple[str, str]]:
    return [(str(c.pk), c.title) for c in selectors.courses_for_agency(agency_id).order_by("title")]


# Courses ---------------------------------------------------------------------------------------------------------


def course_list(request: HttpRequest) -> HttpResponse:
    agency = access.require_training_manager(request_user(request))
    return render(
        request,
        "outreach/training_course_list.html",
        {"courses": selectors.courses_for_agency(agency.pk).order_by("-is_active", "title")},
    )


@require_http_methods(["GET", "POST"])
def course_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_training_manager(user)
    form = CourseForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            course = actions.do_create_course(actor=user, agency=agency, values=form.values())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Course added."))
            return redirect("outreach:training_course_detail", course_id=course.pk)
    return render(request, "outreach/training_course_form.html", {"form": form, "course": None})


def course_detail(request: HttpRequest, course_id: UUID) -> HttpResponse:
    course = access.access_course_by_id(request_user(request), course_id)
    return render(
        request,
        "outreach/training_course_detail.html",
        {"course": course, "sessions": selectors.sessions_of_course(course)},
    )


def _course_initial(course: Course) -> dict[str, Any]:
    return {name: getattr(course, name) for name in actions.COURSE_FIELDS} | {"version": course.version}


@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, course_id: UUID) -> HttpResponse:
    user = request_user(request)
    course = access.access_course_by_id(user, course_id, for_write=True)
    form = CourseForm(request.POST or None, initial=_course_initial(course))
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_course(
                actor=user, course=course, expected_version=form.cleaned_data["version"] or 0, values=form.values()
            )
        except EditConflict:
            course = access.access_course_by_id(user, course_id)
            data = request.POST.copy()
            data["version"] = str(course.version)
            form, conflict = CourseForm(data), True
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Course saved."))
            return redirect("outreach:training_course_detail", course_id=course.pk)
    return render(request, "outreach/training_course_form.html", {"form": form, "course": course, "conflict": conflict})


# Sessions --------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def session_add(request: HttpRequest, course_id: UUID) -> HttpResponse:
    user = request_user(request)
    course = access.access_course_by_id(user, course_id, for_write=True)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = actions.do_create_session(actor=user, course=course, values=form.values())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Session added."))
            return redirect("outreach:training_session_detail", session_id=session.pk)
    return render(request, "outreach/training_session_form.html", {"form": form, "course": course, "session": None})


def _session_page(request: HttpRequest, session: TrainingSession, **context: Any) -> HttpResponse:
    participants = list(selectors.participants_of_session(session))
    agency_id = session.agency_id
    participant_form = context.pop("participant_form", None) or ParticipantForm(
        staff_choices=_staff_choices(agency_id),
        organisation_choices=[(str(o.pk), o.name) for o in selectors.directory_organisations()],
    )
    return render(
        request,
        "outreach/training_session_detail.html",
        {
            "session": session,
            "course": session.course,
            "participants": [
                (p, AttendanceForm(initial={"status": p.status, "version": p.version}, prefix=str(p.pk)))
                for p in participants
            ],
            "participant_form": participant_form,
            "is_full": session.capacity is not None and len(participants) >= session.capacity,
            "completed": ParticipantStatus.COMPLETED,
            "staff_kind": ParticipantKind.STAFF,
            "community_kind": ParticipantKind.COMMUNITY,
            **context,
        },
    )


def session_detail(request: HttpRequest, session_id: UUID) -> HttpResponse:
    session = access.access_session_by_id(request_user(request), session_id)
    return _session_page(request, session)


@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, session_id: UUID) -> HttpResponse:
    user = request_user(request)
    session = access.access_session_by_id(user, session_id, for_write=True)
    initial = {name: getattr(session, name) for name in actions.SESSION_FIELDS} | {"version": session.version}
    form = SessionForm(request.POST or None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_session(
                actor=user, session=session, expected_version=form.cleaned_data["version"] or 0, values=form.values()
            )
        except EditConflict:
            session = access.access_session_by_id(user, session_id)
            data = request.POST.copy()
            data["version"] = str(session.version)
            form, conflict = SessionForm(data), True
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Session saved."))
            return redirect("outreach:training_session_detail", session_id=session.pk)
    return render(
        request,
        "outreach/training_session_form.html",
        {"form": form, "course": session.course, "session": session, "conflict": conflict},
    )


@require_POST
def participant_add(request: HttpRequest, session_id: UUID) -> HttpResponse:
    user = request_user(request)
    session = access.access_session_by_id(user, session_id, for_write=True)
    form = ParticipantForm(
        request.POST,
        staff_choices=_staff_choices(session.agency_id),
        organisation_choices=[(str(o.pk), o.name) for o in selectors.directory_organisations()],
    )
    if form.is_valid():
        try:
            actions.do_add_participant(actor=user, session=session, values=form.values())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Participant added."))
            return redirect("outreach:training_session_detail", session_id=session.pk)
    return _session_page(request, session, participant_form=form)


@require_POST
def attendance(request: HttpRequest, session_id: UUID, participant_id: UUID) -> HttpResponse:
    user = request_user(request)
    session = access.access_session_by_id(user, session_id, for_write=True)
    participant = access.access_participant(session, participant_id)
    form = AttendanceForm(request.POST, prefix=str(participant.pk))
    if not form.is_valid():
        messages.error(request, _("Choose the attendance, then save again."))
        return redirect("outreach:training_session_detail", session_id=session.pk)
    try:
        actions.do_mark_participant(
            actor=user,
            participant=participant,
            status=form.cleaned_data["status"],
            expected_version=form.cleaned_data["version"],
            completed_on=form.cleaned_data.get("completed_on"),
        )
    except EditConflict:
        messages.error(request, _("Someone else changed this attendance meanwhile. Look at it again, then save."))
    except DomainError as exc:
        messages.error(request, " ".join(m for ms in exc.fields.values() for m in ms) or exc.message)
    else:
        messages.success(request, _("Attendance saved."))
    return redirect("outreach:training_session_detail", session_id=session.pk)


# Certificates ----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def external_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_training_manager(user)
    form = ExternalCertificateForm(
        request.POST or None, staff_choices=_staff_choices(agency.pk), course_choices=_course_choices(agency.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            certificate = actions.do_record_external_certificate(actor=user, agency=agency, values=form.values())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Certificate recorded."))
            return redirect("outreach:training_certificate", certificate_id=certificate.pk)
    return render(request, "outreach/training_external_form.html", {"form": form})


def certificate(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    """The printable certificate: for its holder and for training managers."""
    user = request_user(request)
    record = access.access_certificate_by_id(user, certificate_id)
    holder = record.user.display_name if record.user else (record.participant.name if record.participant else "")
    session = record.participant.session if record.participant else None
    return render(
        request,
        "outreach/training_certificate.html",
        {"certificate": record, "holder": holder or "", "session": session, "manager": can_manage_training(user)},
    )


# Records ---------------------------------------------------------------------------------------------------------


def my_training(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    membership = access.require_member(user)
    record = selectors.training_record(membership, timezone.localdate())
    return render(
        request,
        "outreach/training_mine.html",
        {"record": record, "blocked": case_data_blocked(user), "horizon": selectors.OVERVIEW_HORIZON_DAYS},
    )


def staff_overview(request: HttpRequest) -> HttpResponse:
    agency = access.require_training_manager(request_user(request))
    today = timezone.localdate()
    records = selectors.staff_training_overview(agency.pk, today)
    return render(
        request,
        "outreach/training_staff.html",
        {
            "records": records,
            "attention": [(r, row) for r in records for row in r.attention],
            "horizon": selectors.OVERVIEW_HORIZON_DAYS,
            "today": today,
        },
    )


# Required training and the block setting -------------------------------------------------------------------------


def _requirements_page(request: HttpRequest, agency_id: Any, **context: Any) -> HttpResponse:
    user = request_user(request)
    policy = selectors.policy_for_agency(agency_id)
    courses = _course_choices(agency_id)
    if "form" not in context:
        initial: dict[str, list[str]] = {}
        for row in selectors.requirements_for_agency(agency_id):
            initial.setdefault(f"role_{row.role}", []).append(str(row.course_id))
        context["form"] = RequirementsForm(initial=initial, course_choices=courses)
    return render(
        request,
        "outreach/training_requirements.html",
        {
            "policy": policy,
            "has_courses": bool(courses),
            "can_block": access.can_set_training_block(user),
            "block_form": context.pop("block_form", None)
            or BlockForm(initial={"block_case_data": policy.block_case_data, "version": policy.version}),
            "roles": Role.choices,
            **context,
        },
    )


@require_http_methods(["GET", "POST"])
def requirements(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_training_manager(user)
    if request.method != "POST":
        return _requirements_page(request, agency.pk)
    form = RequirementsForm(request.POST, course_choices=_course_choices(agency.pk))
    if form.is_valid():
        try:
            actions.do_set_required_courses(actor=user, agency=agency, required=form.required())
        except DomainError as exc:
            add_domain_errors(form, exc, aliases={role: f"role_{role}" for role in Role.values})
        else:
            messages.success(request, _("Required training saved."))
            return redirect("outreach:training_requirements")
    return _requirements_page(request, agency.pk, form=form)


@require_POST
def block_setting(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_training_manager(user)
    require(access.can_set_training_block(user))
    form = BlockForm(request.POST)
    if not form.is_valid():
        return _requirements_page(request, agency.pk, block_form=form)
    try:
        policy = actions.do_set_training_block(
            actor=user,
            agency=agency,
            block_case_data=form.cleaned_data["block_case_data"],
            expected_version=form.cleaned_data["version"],
        )
    except EditConflict:
        messages.error(request, _("Someone else changed this setting meanwhile. Look at it again, then decide."))
        return redirect("outreach:training_requirements")
    if policy.block_case_data:
        messages.success(
            request, _("Staff with a case role now need a current trauma-informed care certificate to see case data.")
        )
    else:
        messages.success(request, _("Case data no longer waits for trauma-informed care training."))
    return redirect("outreach:training_requirements")
