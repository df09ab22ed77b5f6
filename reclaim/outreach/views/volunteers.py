"""Volunteer pages (issue 10 item 5).

Coordinators (`can_manage_volunteers`): the list, a volunteer's page (screening, agreements, assignments, hours,
recognition), the forms that change them, and the hours waiting for approval. Volunteers themselves: "My
assignments" (accept or decline, log hours) and "My hours", their own and nothing else."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.core.paging import counted_page
from reclaim.outreach import volunteers_access as access
from reclaim.outreach import volunteers_actions as actions
from reclaim.outreach import volunteers_selectors as selectors
from reclaim.outreach.models import AssignmentStatus, VolunteerRole, VolunteerStatus
from reclaim.outreach.volunteers_forms import (
    AgreementForm,
    ApproveHoursForm,
    AssignmentForm,
    FilterForm,
    HoursForm,
    RespondForm,
    ScreeningForm,
    StatusForm,
    ThanksForm,
    VolunteerForm,
)

if TYPE_CHECKING:
    from uuid import UUID

    from django.forms import Form
    from django.http import HttpRequest, HttpResponse

    from reclaim.outreach.models import Volunteer, VolunteerAssignment

FORM_TEMPLATE = "outreach/volunteers_form.html"
HOURS_PAGE_SIZE = 50  # rows on one page of hours (waiting for approval, a volunteer's, "My hours")


def _form_page(
    request: HttpRequest,
    form: Form,
    *,
    title: str,
    back: str,
    back_label: str,
    submit: str,
    intro: str = "",
    conflict: list[tuple[str, Any]] | None = None,
) -> HttpResponse:
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "title": title,
            "back": back,
            "back_label": back_label,
            "submit": submit,
            "intro": intro,
            "conflict": conflict,
        },
    )


def _back_to(volunteer: Volunteer) -> str:
    return reverse("outreach:volunteer_detail", args=[volunteer.pk])


# The coordinator's pages ---------------------------------------------------------------------------------------


def volunteer_list(request: HttpRequest) -> HttpResponse:
    agency = access.require_volunteer_manager(request_user(request))
    filters = FilterForm(request.GET or None)
    status = role = ""
    if filters.is_valid():
        status, role = filters.cleaned_data["status"], filters.cleaned_data["role"]
    volunteers = list(selectors.volunteer_list(agency.pk, status=status, role=role))
    labels = dict(VolunteerRole.choices)
    for volunteer in volunteers:
        volunteer.role_labels = [labels[code] for code in volunteer.roles if code in labels]  # type: ignore[attr-defined]
    return render(
        request,
        "outreach/volunteers_list.html",
        {
            "volunteers": volunteers,
            "filters": filters,
            "filtered": bool(status or role),
            "waiting": selectors.hours_waiting(agency.pk).count(),
        },
    )


@require_http_methods(["GET", "POST"])
def volunteer_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_volunteer_manager(user)
    form = VolunteerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = actions.do_record_application(actor=user, agency=agency, values=form.values())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Application recorded."))
            return redirect("outreach:volunteer_detail", volunteer_id=volunteer.pk)
    return _form_page(
        request,
        form,
        title=_("Record a volunteer's application"),
        back=reverse("outreach:volunteer_list"),
        back_label=_("Back to volunteers"),
        submit=_("Save the application"),
        intro=_("Only the name is needed now; the rest can be added later."),
    )


def _detail(request: HttpRequest, volunteer: Volunteer, **extra: Any) -> HttpResponse:
    today = timezone.localdate()
    assignments = list(selectors.assignments_for_volunteer(volunteer))
    upcoming, past = selectors.split_upcoming(assignments, timezone.now())
    role_labels = dict(VolunteerRole.choices)
    allowed = actions.TRANSITIONS[volunteer.status]
    # every row of their hours, a page at a time, counted in the page's own statement
    page = counted_page(selectors.hours_for_volunteer(volunteer), request.GET.get("page"), HOURS_PAGE_SIZE)
    return render(
        request,
        "outreach/volunteers_detail.html",
        {
            "volunteer": volunteer,
            "role_labels": [role_labels[code] for code in volunteer.roles if code in role_labels],
            "screenings": list(selectors.screenings(volunteer)),
            "agreements": list(selectors.agreements(volunteer)),
            "current_agreements": selectors.current_agreements(volunteer, today),
            "blockers": actions.take_on_blockers(volunteer) if VolunteerStatus.ACTIVE in allowed else [],
            "status_form": StatusForm(
                initial={"version": volunteer.version},
            ),
            "status_choices": [(code, label) for code, label in VolunteerStatus.choices if code in allowed],
            "upcoming": upcoming,
            "past": past,
            "hours": page.object_list,
            # the pager's links are relative to the URL asked: none on the answer to "Invite to sign in" (a POST)
            "page": page if request.method == "GET" else None,
            "summary": selectors.hours_summary(volunteer),
            "thanks": list(selectors.thanks_for_volunteer(volunteer)),
            "can_assign": volunteer.status == VolunteerStatus.ACTIVE,
            "invitation_pending": volunteer.invitation is not None and volunteer.invitation.is_pending,
            **extra,
        },
    )


def volunteer_detail(request: HttpRequest, volunteer_id: UUID) -> HttpResponse:
    volunteer = access.access_volunteer_by_id(request_user(request), volunteer_id)
    return _detail(request, volunteer)


def _volunteer_initial(volunteer: Volunteer) -> dict[str, Any]:
    return {name: getattr(volunteer, name) for name in actions.EDITABLE} | {"version": volunteer.version}


@require_http_methods(["GET", "POST"])
def volunteer_edit(request: HttpRequest, volunteer_id: UUID) -> HttpResponse:
    user = request_user(request)
    volunteer = access.access_volunteer_by_id(user, volunteer_id, for_write=True)
    form = VolunteerForm(request.POST or None, initial=_volunteer_initial(volunteer))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_volunteer(
                actor=user,
                volunteer=volunteer,
                expected_version=form.cleaned_data["version"] or 0,
                values=form.values(),
            )
        except EditConflict:
            volunteer = access.access_volunteer_by_id(user, volunteer_id)
            data = request.POST.copy()
            data["version"] = str(volunteer.version)
            form = VolunteerForm(data, initial=_volunteer_initial(volunteer))
            form.is_valid()
            role_labels = dict(VolunteerRole.choices)
            conflict = [
                (_("Name"), volunteer.display_name),
                (_("Email"), volunteer.email),
                (_("Phone"), volunteer.phone),
                (_("Languages spoken"), volunteer.languages),
                (_("Skills and experience"), volunteer.skills),
                (_("Roles they may take"), ", ".join(str(role_labels.get(c, c)) for c in volunteer.roles)),
                (_("Availability"), volunteer.availability),
                (_("Why they want to volunteer"), volunteer.motivation),
            ]
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Volunteer saved."))
            return redirect("outreach:volunteer_detail", volunteer_id=volunteer.pk)
    return _form_page(
        request,
        form,
        title=_("Edit the volunteer's details"),
        back=_back_to(volunteer),
        back_label=_("Back to the volunteer"),
        submit=_("Save"),
        conflict=conflict,
    )


@require_POST
def volunteer_status(request: HttpRequest, volunteer_id: UUID) -> HttpResponse:
    user = request_user(request)
    volunteer = access.access_volunteer_by_id(user, volunteer_id, for_write=True)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the new status."))
        return redirect("outreach:volunteer_detail", volunteer_id=volunteer.pk)
    try:
        volunteer = actions.do_change_volunteer_status(
            actor=user,
            volunteer=volunteer,
            expected_version=form.cleaned_data["version"],
            to=form.cleaned_data["to"],
            reason=form.cleaned_data.get("reason") or "",
        )
    except EditConflict:
        messages.error(
            request, _("Someone else changed this volunteer meanwhile. Look at the page again, then decide.")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Status changed to “%(status)s”.") % {"status": volunteer.get_status_display()})
    return redirect("outreach:volunteer_detail", volunteer_id=volunteer.pk)


@require_http_methods(["GET", "POST"])
def volunteer_screening(request: HttpRequest, volunteer_id: UUID, screening_id: UUID) -> HttpResponse:
    user = request_user(request)
    volunteer = access.access_volunteer_by_id(user, volunteer_id, for_write=True)
    screening = access.access_screening_by_id(user, volunteer, screening_id)
    initial = {
        "status": screening.status,
        "done_on": screening.done_on,
        "note": screening.note,
        "version": screening.version,
    }
    form = ScreeningForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_screening(
                actor=user, screening=screening, expected_version=form.cleaned_data["version"], values=form.values()
            )
        except EditConflict:
            screening = access.access_screening_by_id(user, volunteer, screening_id)
            data = request.POST.copy()
            data["version"] = str(screening.version)
            form = ScreeningForm(data)
            form.is_valid()
            conflict = [
                (_("Status"), screening.get_status_display()),
                (_("Date"), screening.done_on),
                (_("Note"), screening.note),
            ]
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Screening step saved."))
            return redirect("outreach:volunteer_detail", volunteer_id=volunteer.pk)
    return _form_page(
        request,
        form,
        title=_("Screening: %(step)s") % {"step": screening.get_kind_display()},
        back=_back_to(volunteer),
        back_label=_("Back to the volunteer"),
        submit=_("Save the step"),
        conflict=conflict,
    )


@require_http_methods(["GET", "POST"])
def volunteer_agreement_add(request: HttpRequest, volunteer_id: UUID) -> HttpResponse:
    user = request_user(request)
    volunteer = access.access_volunteer_by_id(user, volunteer_id, for_write=True)
    form = AgreementForm(request.POST or None, initial={"signed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_agreement(actor=user, volunteer=volunteer, values=form.values())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Signed agreement recorded."))
            return redirect("outreach:volunteer_detail", volunteer_id=volunteer.pk)
    return _form_page(
        request,
        form,
        title=_("Record a signed agreement"),
        back=_back_to(volunteer),
        back_label=_("Back to the volunteer"),
        submit=_("Record the agreement"),
    )


@require_POST
def volunteer_sign_in(request: HttpRequest, volunteer_id: UUID) -> HttpResponse:
    """Invite an active volunteer with the volunteer role (or link their existing volunteer sign-in)."""
    user = request_user(request)
    volunteer = access.access_volunteer_by_id(user, volunteer_id, for_write=True)
    try:
        volunteer, secret = actions.do_give_sign_in(actor=user, volunteer=volunteer)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("outreach:volunteer_detail", volunteer_id=volunteer.pk)
    if secret is None:
        messages.success(request, _("The volunteer's existing sign-in is now linked: they see their assignments."))
        return redirect("outreach:volunteer_detail", volunteer_id=volunteer.pk)
    messages.success(request, _("Invitation sent. When they accept it, they see their assignments."))
    return _detail(request, volunteer, new_link=request.build_absolute_uri(f"/invitations/{secret}/"))


EVENT_CHOICES = 200  # the most recent events an assignment may be pointed at


def _event_choices(agency_id: Any, *, keeping: Any = None) -> list[tuple[str, str]]:
    """The agency's most recent events as choices, and the event `keeping` names (an assignment's own, however
    old) so that editing the assignment does not refuse the event it already has."""
    events = list(selectors.events_for_agency(agency_id)[:EVENT_CHOICES])
    if keeping is not None and all(event.pk != keeping for event in events):
        events.extend(selectors.events_for_agency(agency_id).filter(pk=keeping))
    return [
        (
            str(event.pk),
            f"{event.title} ({formats.date_format(timezone.localtime(event.starts_at), 'SHORT_DATE_FORMAT')})",
        )
        for event in events
    ]


@require_http_methods(["GET", "POST"])
def volunteer_assignment_add(request: HttpRequest, volunteer_id: UUID) -> HttpResponse:
    user = request_user(request)
    volunteer = access.access_volunteer_by_id(user, volunteer_id, for_write=True)
    initial = {"kind": volunteer.roles[0]} if volunteer.roles else {}
    form = AssignmentForm(request.POST or None, initial=initial, event_choices=_event_choices(volunteer.agency_id))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_create_assignment(actor=user, volunteer=volunteer, values=form.values())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Task offered. The volunteer accepts or declines it on their page."))
            return redirect("outreach:volunteer_detail", volunteer_id=volunteer.pk)
    return _form_page(
        request,
        form,
        title=_("Offer a task to %(name)s") % {"name": volunteer.display_name},
        back=_back_to(volunteer),
        back_label=_("Back to the volunteer"),
        submit=_("Offer the task"),
        intro=_("The volunteer sees the title, the time, the place and the alias — nothing of any case."),
    )


def _assignment_initial(assignment: VolunteerAssignment) -> dict[str, Any]:
    initial = {name: getattr(assignment, name) for name in actions.ASSIGNMENT_EDITABLE}
    for name in ("starts_at", "ends_at"):
        if initial[name] is not None:
            initial[name] = timezone.localtime(initial[name])
    return initial | {"status": assignment.status, "version": assignment.version}


@require_http_methods(["GET", "POST"])
def volunteer_assignment_edit(request: HttpRequest, assignment_id: UUID) -> HttpResponse:
    user = request_user(request)
    assignment = access.access_assignment_by_id(user, assignment_id)
    choices = _event_choices(assignment.agency_id, keeping=assignment.event_id)
    form = AssignmentForm(
        request.POST or None, initial=_assignment_initial(assignment), event_choices=choices, with_status=True
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_assignment(
                actor=user,
                assignment=assignment,
                expected_version=form.cleaned_data["version"] or 0,
                values=form.values(),
                status=form.cleaned_data["status"],
            )
        except EditConflict:
            assignment = access.access_assignment_by_id(user, assignment_id)
            data = request.POST.copy()
            data["version"] = str(assignment.version)
            form = AssignmentForm(data, event_choices=choices, with_status=True)
            form.is_valid()
            conflict = [
                (_("Title"), assignment.title),
                (_("Status"), assignment.get_status_display()),
                (_("Starts"), timezone.localtime(assignment.starts_at)),
                (_("Place"), assignment.place),
                (_("Alias of the person helped"), assignment.person_alias),
            ]
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Task saved."))
            return redirect("outreach:volunteer_detail", volunteer_id=assignment.volunteer_id)
    return _form_page(
        request,
        form,
        title=_("Edit the task"),
        back=reverse("outreach:volunteer_detail", args=[assignment.volunteer_id]),
        back_label=_("Back to the volunteer"),
        submit=_("Save the task"),
        conflict=conflict,
    )


def volunteer_hours_waiting(request: HttpRequest) -> HttpResponse:
    agency = access.require_volunteer_manager(request_user(request))
    # a page at a time, oldest first, counted in the page's own statement
    page = counted_page(selectors.hours_waiting(agency.pk), request.GET.get("page"), HOURS_PAGE_SIZE)
    return render(request, "outreach/volunteers_hours_waiting.html", {"entries": page.object_list, "page": page})


@require_http_methods(["GET", "POST"])
def volunteer_hours_approve(request: HttpRequest, hours_id: UUID) -> HttpResponse:
    user = request_user(request)
    entry = access.access_hours_by_id(user, hours_id)
    form = ApproveHoursForm(request.POST or None, initial={"hours": entry.hours, "version": entry.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_approve_hours(
                actor=user, entry=entry, expected_version=form.cleaned_data["version"], hours=form.cleaned_data["hours"]
            )
        except EditConflict:
            entry = access.access_hours_by_id(user, hours_id)
            data = request.POST.copy()
            data["version"] = str(entry.version)
            form = ApproveHoursForm(data)
            form.is_valid()
            conflict = [(_("Hours"), entry.hours), (_("Status"), entry.get_status_display())]
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Hours approved."))
            return redirect("outreach:volunteer_hours_waiting")
    return _form_page(
        request,
        form,
        title=_("Approve %(name)s's hours on %(day)s: “%(task)s”")
        % {"name": entry.volunteer.display_name, "day": entry.worked_on, "task": entry.assignment.title},
        back=reverse("outreach:volunteer_hours_waiting"),
        back_label=_("Back to hours waiting for approval"),
        submit=_("Approve"),
        intro=(_("Their note: %(note)s") % {"note": entry.note}) if entry.note else "",
        conflict=conflict,
    )


@require_http_methods(["GET", "POST"])
def volunteer_thanks_add(request: HttpRequest, volunteer_id: UUID) -> HttpResponse:
    user = request_user(request)
    volunteer = access.access_volunteer_by_id(user, volunteer_id, for_write=True)
    form = ThanksForm(request.POST or None, initial={"written_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_thank_volunteer(
                actor=user,
                volunteer=volunteer,
                note=form.cleaned_data["note"],
                written_on=form.cleaned_data.get("written_on"),
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Thank-you note recorded."))
            return redirect("outreach:volunteer_detail", volunteer_id=volunteer.pk)
    return _form_page(
        request,
        form,
        title=_("Thank %(name)s") % {"name": volunteer.display_name},
        back=_back_to(volunteer),
        back_label=_("Back to the volunteer"),
        submit=_("Record the note"),
    )


# The volunteer's own pages -------------------------------------------------------------------------------------


def volunteer_my_assignments(request: HttpRequest) -> HttpResponse:
    volunteer = access.my_volunteer(request_user(request))
    upcoming: list[VolunteerAssignment] = []
    past: list[VolunteerAssignment] = []
    if volunteer is not None:
        upcoming, past = selectors.split_upcoming(list(selectors.assignments_for_volunteer(volunteer)), timezone.now())
    return render(
        request,
        "outreach/volunteers_my_assignments.html",
        {
            "volunteer": volunteer,
            "upcoming": upcoming,
            "past": past,
            "offered": AssignmentStatus.OFFERED,
            "loggable": actions.LOGGABLE,
        },
    )


@require_POST
def volunteer_my_respond(request: HttpRequest, assignment_id: UUID) -> HttpResponse:
    user = request_user(request)
    assignment = access.access_my_assignment(user, assignment_id)
    form = RespondForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether you accept the task."))
        return redirect("outreach:volunteer_my_assignments")
    accept = form.cleaned_data["answer"] == "accept"
    try:
        actions.do_respond_to_assignment(
            actor=user, assignment=assignment, expected_version=form.cleaned_data["version"], accept=accept
        )
    except EditConflict:
        messages.error(request, _("This task changed meanwhile. Look at it again, then answer."))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Thank you: you accepted the task.") if accept else _("Thank you for letting us know.")
        )
    return redirect("outreach:volunteer_my_assignments")


@require_http_methods(["GET", "POST"])
def volunteer_my_log_hours(request: HttpRequest, assignment_id: UUID) -> HttpResponse:
    user = request_user(request)
    assignment = access.access_my_assignment(user, assignment_id)
    form = HoursForm(request.POST or None, initial={"worked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_log_hours(actor=user, assignment=assignment, values=form.values())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Hours logged. Your coordinator approves them."))
            return redirect("outreach:volunteer_my_hours")
    return _form_page(
        request,
        form,
        title=_("Log hours: %(task)s") % {"task": assignment.title},
        back=reverse("outreach:volunteer_my_assignments"),
        back_label=_("Back to my assignments"),
        submit=_("Log the hours"),
    )


def volunteer_my_hours(request: HttpRequest) -> HttpResponse:
    volunteer = access.my_volunteer(request_user(request))
    context: dict[str, Any] = {"volunteer": volunteer}
    if volunteer is not None:
        page = counted_page(selectors.hours_for_volunteer(volunteer), request.GET.get("page"), HOURS_PAGE_SIZE)
        context |= {
            "hours": page.object_list,
            "page": page,
            "summary": selectors.hours_summary(volunteer),
            "thanks": list(selectors.thanks_for_volunteer(volunteer)),
        }
    return render(request, "outreach/volunteers_my_hours.html", context)
