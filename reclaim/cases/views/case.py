"""Case list, opening a case, the case file with its timeline, stage moves, approvals and assignment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership
from reclaim.cases import access, actions, selectors, state
from reclaim.cases.forms import (
    ApprovalDecisionForm,
    ApprovalRequestForm,
    AssignForm,
    CaseDetailsForm,
    CaseFilterForm,
    DeterminationForm,
    OpenCaseForm,
    PersonSearchForm,
    TransitionForm,
)
from reclaim.cases.models import ApprovalStatus, NeedKind, NeedStatus, NoteConfidentiality
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.core.memo import shared_reads
from reclaim.core.paging import BoundedPaginator
from reclaim.outreach.campaigns_selectors import campaign_choices
from reclaim.outreach.training_gate import case_data_blocked
from reclaim.people import duplicates
from reclaim.people.access import access_survivor_by_id
from reclaim.people.selectors import duplicate_check, search_survivors

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.core.http import AuthedHttpRequest


LIST_PAGE_SIZE = 50
# The case list counts at most this many cases + 1 and says "more than 1,000" beyond (core/paging.py): counting all
# 33,000 cases of a case manager at 100k took about 50 ms of a page that should take 50 ms in all (issue 12).
LIST_COUNT_BOUND = 1000


@sensitive_post_parameters("name", "date_of_birth")
@require_http_methods(["GET", "POST"])
def case_list(request: HttpRequest) -> HttpResponse:
    """Filters in the query string; a name / birth-date search only in a POST body."""
    user = request_user(request)
    access.require_case_worker(user)
    form = CaseFilterForm(request.GET or None, user=user)
    person_form = PersonSearchForm(request.POST if request.method == "POST" else None)
    extra: dict[str, Any] = {}
    if request.method == "POST":
        if person_form.is_valid():
            found = search_survivors(user, **person_form.cleaned_data).values_list("pk", flat=True)
            extra["survivor_ids"] = tuple(found[:500])
        else:
            extra["survivor_ids"] = ()
    filters = form.filters(**extra) if form.is_valid() else selectors.CaseFilters(**extra)
    listed, page_rows = selectors.case_list_paging(user, filters)
    paginator = BoundedPaginator(listed, LIST_PAGE_SIZE, bound=LIST_COUNT_BOUND, rows=page_rows)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "person_form": person_form,
            "searching": request.method == "POST",
            "page": page,
            "count_bound": number_format(paginator.bound, force_grouping=True),
            "query": query.urlencode(),
            "can_open": access.can_open(user),
            "training_blocked": not page.object_list and case_data_blocked(user),
        },
    )


@sensitive_post_parameters(
    "given_name", "family_name", "chosen_name", "date_of_birth", "identification_place", "indicators"
)
@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_can_open_cases(user)
    membership = active_membership(user)
    assert membership is not None  # noqa: S101 — editing roles have a membership
    form = OpenCaseForm(request.POST or None, user=user, campaigns=campaign_choices(membership.agency_id))
    checking = request.POST.get("action") == "check_duplicates"
    if request.method == "POST" and form.is_valid() and checking:
        data = form.cleaned_data
        probe = duplicates.Probe(data["given_name"], data["family_name"], data["date_of_birth"])
        candidates, held_back = duplicate_check(user, probe)
        context = {"form": form, "checked": True, "candidates": candidates, "held_back": held_back}
        return render(request, "cases/case_open.html", context)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        existing_id = data.pop("existing_survivor")
        try:
            if existing_id:
                case = _open_for_existing(user, existing_id, data)
            else:
                case = actions.do_open_case_for_new_person(actor=user, agency=membership.agency, **data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/case_open.html", {"form": form})


PERSON_FIELDS = (
    "given_name",
    "family_name",
    "chosen_name",
    "date_of_birth",
    "pronouns",
    "preferred_language",
    "gender",
    "nationality_class",
)


def _open_for_existing(user: User, survivor_id: Any, data: dict[str, Any]) -> Case:
    """ "Same person": a new case on the existing record; what was typed about the person is not saved over it."""
    survivor = access_survivor_by_id(user, survivor_id, for_write=True, purpose="intake: same person")
    case_fields = {k: v for k, v in data.items() if k not in PERSON_FIELDS}
    return actions.do_open_case(actor=user, survivor=survivor, **case_fields)


def _detail_context(user: User, case: Case, **forms: Any) -> dict[str, Any]:
    approvals = list(selectors.approvals_for_case(case)[:20])
    pending = next((a for a in approvals if a.status == ApprovalStatus.PENDING), None)
    can_edit = access.can_edit_case(user, case)
    can_decide = pending is not None and access.can_approve(user, case) and pending.requested_by_id != user.pk
    # A form is built only when the page shows it (the same conditions as in the template).
    asks_approval = can_edit and pending is None and case.status != state.CaseStatus.CLOSED
    return {
        "case": case,
        "tab": "overview",
        "active_flags": selectors.active_flags_for_case(case),
        "survivor": case.survivor,
        "timeline": list(selectors.timeline_for_case(user, case)[:10]),
        "stage_choices": state.CaseStatus.choices,
        "confidentiality_choices": NoteConfidentiality.choices,
        "determinations": list(selectors.determinations_for_case(case)),
        "approvals": approvals,
        "pending": pending,
        "can_edit": can_edit,
        "can_decide": can_decide,
        "targets": [
            (t, state.CaseStatus(t).label) for t in state.targets(case.status) if t not in state.NEEDS_APPROVAL
        ],
        "transition_form": forms.get("transition_form") or TransitionForm(initial={"version": case.version}),
        "approval_form": forms.get("approval_form") or (ApprovalRequestForm() if asks_approval else None),
        "decision_form": forms.get("decision_form") or (ApprovalDecisionForm() if can_decide else None),
        # the staff and team lists (two queries) are read when the form is opened: see case_detail
        "assign_form": forms.get("assign_form"),
        "conflict": forms.get("conflict"),
        "determination_form": forms.get("determination_form")
        or (DeterminationForm(initial={"decided_on": timezone.localdate()}) if can_edit else None),
        "stage_help": state.MISSING_TEXT,
        "need_kinds": NeedKind.choices,
        "need_statuses": NeedStatus.choices,
    }


def case_detail(request: AuthedHttpRequest, case_id: UUID) -> HttpResponse:
    """The case's overview. `?assign=1` opens the team and lead worker form (only its fragment for htmx): its
    staff and team lists cost two queries that the page does not spend until someone means to reassign."""
    user = request_user(request)
    with shared_reads(user):  # the gate and the timeline's re-check of it start from one cases_for_user
        case = access.access_case_by_id(user, case_id)
        forms: dict[str, Any] = {}
        if request.GET.get("assign") and access.can_edit_case(user, case):
            forms["assign_form"] = AssignForm(
                user=user, initial={"version": case.version, "lead_worker": case.lead_worker_id, "team": case.team_id}
            )
            if request.htmx:
                return render(request, "cases/case_detail.html#assign-form", {"case": case, **forms})
        return render(request, "cases/case_detail.html", _detail_context(user, case, **forms))


@require_POST
def case_transition(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    form = TransitionForm(request.POST)
    conflict = None
    if form.is_valid():
        try:
            case = actions.do_transition_case(
                actor=user,
                case=case,
                to=form.cleaned_data["to"],
                expected_version=form.cleaned_data["version"],
                services_consent_on=form.cleaned_data["services_consent_on"],
            )
        except EditConflict as exc:
            conflict = exc
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Stage changed."))
            return redirect("cases:detail", case_id=case.pk)
    case.refresh_from_db()
    return render(
        request, "cases/case_detail.html", _detail_context(user, case, transition_form=form, conflict=conflict)
    )


@require_POST
def case_request_approval(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    form = ApprovalRequestForm(request.POST)
    if form.is_valid():
        try:
            actions.do_request_approval(actor=user, case=case, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Approval requested. A supervisor will decide."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/case_detail.html", _detail_context(user, case, approval_form=form))


@require_POST
def case_decide_approval(request: HttpRequest, case_id: UUID, approval_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id)
    approval = access.access_approval_for_decision(user, case, approval_id)
    form = ApprovalDecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.do_decide_approval(
                actor=user,
                approval=approval,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/case_detail.html", _detail_context(user, case, decision_form=form))


@require_POST
def case_assign(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    form = AssignForm(request.POST, user=user)
    conflict = None
    if form.is_valid():
        try:
            actions.do_assign_case(
                actor=user,
                case=case,
                lead_worker=form.cleaned_data["lead_worker"],
                team=form.cleaned_data["team"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            conflict = exc
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Assignment saved."))
            return redirect("cases:detail", case_id=case.pk)
    case.refresh_from_db()
    return render(request, "cases/case_detail.html", _detail_context(user, case, assign_form=form, conflict=conflict))


@sensitive_post_parameters("identification_place")
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Edit the case's own details; a stale save shows the other person's values and keeps the form."""
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    initial = {name: getattr(case, name) for name in actions.EDITABLE_DETAILS} | {"version": case.version}
    campaigns = campaign_choices(case.agency_id)
    form = CaseDetailsForm(request.POST or None, initial=initial, campaigns=campaigns)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_case(
                actor=user, case=case, expected_version=form.cleaned_data["version"], changes=form.changes()
            )
        except EditConflict as exc:
            conflict = exc
            case.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(case.version)
            form = CaseDetailsForm(data, initial=initial, campaigns=campaigns)
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Case details saved."))
            return redirect("cases:detail", case_id=case.pk)
    labels = {name: form.fields[name].label for name in actions.EDITABLE_DETAILS}
    return render(
        request,
        "cases/case_edit.html",
        {"case": case, "tab": "overview", "form": form, "conflict": conflict, "labels": labels},
    )


def caseload(request: HttpRequest) -> HttpResponse:
    """Supervisors and directors: open cases per worker, to balance assignments."""
    user = request_user(request)
    access.require_can_approve_somewhere(user)
    loads = selectors.caseloads(user)
    stages = [(s, state.CaseStatus(s).label) for s in state.ORDER if s != state.CaseStatus.CLOSED]
    return render(request, "cases/caseload.html", {"loads": loads, "stages": stages})


@sensitive_post_parameters("basis")
@require_POST
def case_record_determination(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    form = DeterminationForm(request.POST)
    if form.is_valid():
        try:
            actions.do_record_determination(actor=user, case=case, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Trafficking status recorded."))
            return redirect(reverse("cases:detail", args=[case.pk]) + "#determinations-heading")
    return render(request, "cases/case_detail.html", _detail_context(user, case, determination_form=form))
