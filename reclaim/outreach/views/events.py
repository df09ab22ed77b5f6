"""Events pages: the list (upcoming / past, by campaign), plan and edit, and an event's page where those who run
it record attendance, enter paper feedback forms, open and close the public feedback link, see the results and
keep follow-ups. And the public feedback page itself: no sign-in, anonymous, one per event."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.outreach import events_access as access
from reclaim.outreach import events_actions as actions
from reclaim.outreach import events_survey
from reclaim.outreach.events_forms import (
    FIELD_ALIASES,
    AttendanceForm,
    EventEditForm,
    EventForm,
    FollowUpForm,
    SurveyForm,
    SurveyLinkForm,
    VersionForm,
)
from reclaim.outreach.events_selectors import (
    ALL,
    PAST,
    UPCOMING,
    active_staff,
    campaigns_for_agency,
    event_for_token,
    event_list,
    follow_ups_for_event,
    survey_results,
)
from reclaim.outreach.models import Audience

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.outreach.models import OutreachEvent

PAGE_SIZE = 50
# The public link: an audience often shares one address (the venue's Wi-Fi), so the limit is light.
PUBLIC_LIMIT = 120
PUBLIC_WINDOW = 600


def _campaign_choices(agency_id: Any) -> list[tuple[str, str]]:
    return [(str(campaign.pk), campaign.name) for campaign in campaigns_for_agency(agency_id)]


def _staff_choices(agency_id: Any) -> list[tuple[str, str]]:
    return [(str(person.pk), person.display_name or person.email) for person in active_staff(agency_id)]


def event_list_page(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_event_reader(user)
    when = request.GET.get("when") or UPCOMING
    if when not in (UPCOMING, PAST, ALL):
        when = UPCOMING
    campaigns = _campaign_choices(agency.pk)
    campaign_id = request.GET.get("campaign") or ""
    if campaign_id not in {pk for pk, _name in campaigns}:
        campaign_id = ""
    events = event_list(agency.pk, when=when, campaign_id=campaign_id or None)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/events_list.html",
        {
            "page": page,
            "when": when,
            "campaigns": campaigns,
            "campaign_id": campaign_id,
            "can_plan": access.may_plan(user),
        },
    )


def _event_form(request: HttpRequest, agency_id: Any, form_class: type[EventForm], **kwargs: Any) -> EventForm:
    return form_class(
        request.POST or None,
        campaign_choices=_campaign_choices(agency_id),
        staff_choices=_staff_choices(agency_id),
        **kwargs,
    )


@require_http_methods(["GET", "POST"])
def event_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_event_planner(user)
    initial = {}
    if request.GET.get("campaign"):
        initial["campaign"] = request.GET["campaign"]
    form = _event_form(request, agency.pk, EventForm, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                event = actions.do_create_event(actor=user, agency=agency, values=form.values())
            except DomainError as exc:
                add_domain_errors(form, exc, FIELD_ALIASES)
            else:
                messages.success(request, _("Event added."))
                return redirect("outreach:event_detail", event_id=event.pk)
        return render(request, "outreach/events_form.html", {"form": form, "event": None}, status=400)
    return render(request, "outreach/events_form.html", {"form": form, "event": None})


@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, event_id: UUID) -> HttpResponse:
    user = request_user(request)
    event = access.access_event_by_id(user, event_id, right=access.EDIT)
    form = _event_form(request, event.agency_id, EventEditForm, initial=EventEditForm.initial_for(event))
    if request.method == "GET":
        return render(request, "outreach/events_form.html", {"form": form, "event": event})
    conflict = False
    if form.is_valid():
        try:
            event = actions.do_update_event(
                actor=user, event=event, expected_version=form.cleaned_data["version"], values=form.values()
            )
        except EditConflict:
            event = access.access_event_by_id(user, event_id, right=access.EDIT)
            data = request.POST.copy()
            data["version"] = str(event.version)
            form = EventEditForm(
                data,
                campaign_choices=_campaign_choices(event.agency_id),
                staff_choices=_staff_choices(event.agency_id),
            )
            form.is_valid()
            conflict = True
        except DomainError as exc:
            add_domain_errors(form, exc, FIELD_ALIASES)
        else:
            messages.success(request, _("Event saved."))
            return redirect("outreach:event_detail", event_id=event.pk)
    context = {"form": form, "event": event, "conflict": conflict, "sees_place": access.sees_place(user, event)}
    return render(request, "outreach/events_form.html", context, status=409 if conflict else 400)


def _detail(request: HttpRequest, user: User, event: OutreachEvent, *, status: int = 200, **forms: Any) -> HttpResponse:
    can_record = access.may(user, event, access.RECORD)
    staff = _staff_choices(event.agency_id) if can_record else []
    link = ""
    if event.survey_token:
        link = request.build_absolute_uri(reverse("outreach:event_survey_public", args=[event.survey_token]))
    follow_ups = list(follow_ups_for_event(event))
    return render(
        request,
        "outreach/events_detail.html",
        {
            "event": event,
            "facilitators": list(event.facilitators.all()),
            "attendance_groups": [
                (label, event.attendance_by_group[code])
                for code, label in Audience.choices
                if code in (event.attendance_by_group or {})
            ],
            "sees_place": access.sees_place(user, event),
            "can_edit": access.may(user, event, access.EDIT),
            "can_record": can_record,
            "results": survey_results(event),
            "follow_ups": [
                (f, can_record or f.owner_id == user.pk, VersionForm(initial={"version": f.version}))
                for f in follow_ups
            ],
            "survey_link": link,
            "attendance_form": forms.get("attendance_form")
            or AttendanceForm(initial=AttendanceForm.initial_for(event)),
            "follow_up_form": forms.get("follow_up_form") or FollowUpForm(staff_choices=staff),
            "attendance_conflict": forms.get("attendance_conflict", False),
        },
        status=status,
    )


def event_detail(request: HttpRequest, event_id: UUID) -> HttpResponse:
    user = request_user(request)
    event = access.access_event_by_id(user, event_id)
    return _detail(request, user, event)


@require_POST
def event_attendance(request: HttpRequest, event_id: UUID) -> HttpResponse:
    user = request_user(request)
    event = access.access_event_by_id(user, event_id, right=access.RECORD)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            actions.do_record_attendance(
                actor=user,
                event=event,
                expected_version=form.cleaned_data["version"],
                audience_size=form.cleaned_data.get("audience_size"),
                by_group=form.by_group(),
            )
        except EditConflict:
            event = access.access_event_by_id(user, event_id, right=access.RECORD)
            data = request.POST.copy()
            data["version"] = str(event.version)
            form = AttendanceForm(data)
            form.is_valid()
            return _detail(request, user, event, status=409, attendance_form=form, attendance_conflict=True)
        except DomainError as exc:
            add_domain_errors(form, exc, {"by_group": "__all__"})
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("outreach:event_detail", event_id=event.pk)
    return _detail(request, user, event, status=400, attendance_form=form)


@require_POST
def event_survey_link(request: HttpRequest, event_id: UUID) -> HttpResponse:
    user = request_user(request)
    event = access.access_event_by_id(user, event_id, right=access.RECORD)
    form = SurveyLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The survey link could not be changed. Try again."))
        return redirect("outreach:event_detail", event_id=event.pk)
    event = actions.do_set_survey_open(actor=user, event=event, open_=form.cleaned_data["open"])
    if event.survey_open:
        messages.success(request, _("The feedback link is open. Share it with the audience."))
    else:
        messages.success(request, _("The feedback link is closed. Anyone who opens it now is told so."))
    return redirect("outreach:event_detail", event_id=event.pk)


@require_http_methods(["GET", "POST"])
def event_survey_entry(request: HttpRequest, event_id: UUID) -> HttpResponse:
    """Type in paper feedback forms, one after another."""
    user = request_user(request)
    event = access.access_event_by_id(user, event_id, right=access.RECORD)
    form = SurveyForm(request.POST or None, initial={"phase": request.GET.get("phase") or ""})
    context = {"event": event, "form": form, "title": events_survey.title()}
    if request.method == "GET":
        return render(request, "outreach/events_survey_entry.html", context)
    if form.is_valid():
        try:
            actions.do_enter_paper_survey(
                actor=user, event=event, phase=form.cleaned_data["phase"], answers=form.answers()
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Form saved. Enter the next one, or go back to the event."))
            url = reverse("outreach:event_survey_entry", args=[event.pk])
            return redirect(f"{url}?phase={form.cleaned_data['phase']}")
    return render(request, "outreach/events_survey_entry.html", context, status=400)


@require_POST
def event_follow_up_add(request: HttpRequest, event_id: UUID) -> HttpResponse:
    user = request_user(request)
    event = access.access_event_by_id(user, event_id, right=access.RECORD)
    form = FollowUpForm(request.POST, staff_choices=_staff_choices(event.agency_id))
    if form.is_valid():
        try:
            actions.do_add_follow_up(
                actor=user,
                event=event,
                what=form.cleaned_data["what"],
                owner_id=form.cleaned_data["owner"],
                due_on=form.cleaned_data.get("due_on"),
            )
        except DomainError as exc:
            add_domain_errors(form, exc, FIELD_ALIASES)
        else:
            messages.success(request, _("Follow-up added. It is on its owner's task list."))
            return redirect("outreach:event_detail", event_id=event.pk)
    return _detail(request, user, event, status=400, follow_up_form=form)


@require_POST
def event_follow_up_done(request: HttpRequest, event_id: UUID, follow_up_id: UUID) -> HttpResponse:
    user = request_user(request)
    event = access.access_event_by_id(user, event_id)
    follow_up = access.access_follow_up_by_id(user, event, follow_up_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The follow-up could not be changed. Try again."))
        return redirect("outreach:event_detail", event_id=event.pk)
    try:
        follow_up = actions.do_set_follow_up_done(
            actor=user,
            follow_up=follow_up,
            expected_version=form.cleaned_data["version"],
            done=follow_up.done_at is None,
        )
    except EditConflict:
        messages.error(request, _("Someone else changed this follow-up meanwhile. Look at it again, then decide."))
    else:
        if follow_up.done_at is not None:
            messages.success(request, _("Follow-up done."))
        else:
            messages.success(request, _("Follow-up open again."))
    return redirect("outreach:event_detail", event_id=event.pk)


# The public feedback link -----------------------------------------------------------------------------------


def _throttled(request: HttpRequest, token: str) -> bool:
    """Light rate limit per link and address; the address is only hashed into a short-lived cache key."""
    address = hashlib.sha256(request.META.get("REMOTE_ADDR", "").encode()).hexdigest()[:16]
    key = f"outreach-survey:{hashlib.sha256(token.encode()).hexdigest()[:16]}:{address}"
    cache.add(key, 0, PUBLIC_WINDOW)
    try:
        attempts = cache.incr(key)
    except ValueError:
        cache.set(key, 1, PUBLIC_WINDOW)
        attempts = 1
    return attempts > PUBLIC_LIMIT


@login_not_required
@require_http_methods(["GET", "POST"])
def event_survey_public(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the link, no sign-in: before or after, then the statements. Nothing about the person is kept."""
    event = event_for_token(token)
    if event is None:
        raise Http404
    context: dict[str, Any] = {"title": events_survey.title(), "instructions": events_survey.instructions()}
    if not event.survey_open:
        return render(request, "outreach/events_survey_public.html", {**context, "closed": True})
    if request.method == "GET" and request.GET.get("sent"):
        return render(request, "outreach/events_survey_public.html", {**context, "sent": True})
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        throttled = _throttled(request, token)
        if throttled:
            form.add_error(
                None, _("Many answers came from this connection just now. Wait a few minutes, then send again.")
            )
        elif form.is_valid():
            try:
                actions.do_answer_public_survey(event=event, phase=form.cleaned_data["phase"], answers=form.answers())
            except DomainError as exc:
                if exc.code == "outreach.survey_closed":
                    return render(request, "outreach/events_survey_public.html", {**context, "closed": True})
                add_domain_errors(form, exc)
            else:
                return redirect(f"{reverse('outreach:event_survey_public', args=[token])}?sent=1")
        context["form"] = form
        return render(request, "outreach/events_survey_public.html", context, status=429 if throttled else 400)
    return render(request, "outreach/events_survey_public.html", {**context, "form": form})
