"""The plan tab of a case file: start a plan from suggestions, goals with their history and planned services,
steps and tasks, reviews with their read-only versions and sign-off; and the agency's review policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership
from reclaim.cases.access import can_edit_case
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.plans import access, actions, selectors
from reclaim.plans.forms import (
    SURVIVOR,
    GoalForm,
    PlannedServiceForm,
    PlanPolicyForm,
    ProgressNoteForm,
    ReviewForm,
    StartPlanForm,
    TaskForm,
    VersionForm,
)
from reclaim.plans.models import TaskStatus

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.plans.models import Goal, Plan, Task

TEXT_FIELDS = ("staff_wording", "survivor_words", "text", "title", "note")


def _plan_url(case: Case, anchor: str = "") -> str:
    return reverse("plans:plan", args=[case.pk]) + (f"#{anchor}" if anchor else "")


def _base(user: User, case: Case, **extra: Any) -> dict[str, Any]:
    return {"case": case, "tab": "plan", "can_edit": can_edit_case(user, case), **extra}


def plan_tab(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id)
    plan = selectors.plan_for_case(case)
    if plan is None:
        return _render_start(request, user, case)
    plan = access.access_plan(user, case)
    return render(request, "plans/plan_tab.html", _plan_context(user, case, plan))


def _plan_context(user: User, case: Case, plan: Plan) -> dict[str, Any]:
    page = selectors.plan_page(case, plan)
    return _base(
        user,
        case,
        plan=plan,
        page=page,
        can_sign_off=access.can_sign_off(user, case),
        open_status=TaskStatus.OPEN,
    )


def _render_start(request: HttpRequest, user: User, case: Case, form: StartPlanForm | None = None) -> HttpResponse:
    can_edit = can_edit_case(user, case)
    if form is None and can_edit:
        form = StartPlanForm(suggestions=selectors.goal_suggestions(case))
    return render(request, "plans/plan_start.html", _base(user, case, form=form))


@require_POST
def plan_start(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    form = StartPlanForm(request.POST, suggestions=selectors.goal_suggestions(case))
    if form.is_valid():
        try:
            actions.do_create_plan(actor=user, case=case, goals=form.goals())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Plan started. Add goals in the person's own words."))
            return redirect(_plan_url(case))
    return _render_start(request, user, case, form)


def _goals(plan: Plan) -> list[Goal]:
    return list(selectors.goals_for_plan(plan))


@sensitive_post_parameters(*TEXT_FIELDS)
@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    plan = access.access_plan(user, case, for_write=True)
    # tell once: the language of their words starts as the person's preferred language, kept on their record
    initial = {"survivor_language": case.survivor.preferred_language}
    form = GoalForm(request.POST or None, initial=initial, agency_id=case.agency_id)
    if request.method == "POST" and form.is_valid():
        try:
            goal = actions.do_add_goal(actor=user, plan=plan, data=form.data_for_action())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Goal added."))
            return redirect(_plan_url(case, f"goal-{goal.pk}"))
    return render(request, "plans/goal_form.html", _base(user, case, form=form, goal=None))


def _goal_context(user: User, case: Case, goal: Goal, **forms: Any) -> dict[str, Any]:
    return _base(
        user,
        case,
        goal=goal,
        form=forms.get("form")
        or GoalForm(initial={**actions.goal_data_of(goal).__dict__, "version": goal.version}, agency_id=case.agency_id),
        note_form=forms.get("note_form") or ProgressNoteForm(),
        service_form=forms.get("service_form") or PlannedServiceForm(),
        notes=list(selectors.progress_notes_for_goal(goal)),
        planned=selectors.planned_rows(list(selectors.planned_services_for_goal(goal))),
        conflict=forms.get("conflict"),
        conflict_rows=_conflict_rows(forms.get("form"), forms.get("conflict")),
    )


def _conflict_rows(form: Any, conflict: EditConflict | None) -> list[tuple[str, str]]:
    """The other person's saved values as (label, shown value), with choice codes turned into their labels."""
    if form is None or conflict is None:
        return []
    rows = []
    for name, value in conflict.current.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None else name
        choices = dict(getattr(field, "choices", []) or [])
        if isinstance(value, bool):
            shown = str(_("Yes") if value else _("No"))
        else:
            shown = str(choices.get(value, value)) if value else ""
        rows.append((label, shown))
    return rows


@sensitive_post_parameters(*TEXT_FIELDS)
@require_http_methods(["GET", "POST"])
def goal_detail(request: HttpRequest, case_id: UUID, goal_id: UUID) -> HttpResponse:
    """The goal's page: edit it (with a conflict screen on a stale save), its progress history and services."""
    user = request_user(request)
    writing = request.method == "POST"
    case = access.access_case_for_plan(user, case_id, for_write=writing)
    goal = access.access_goal_by_id(user, case, goal_id, for_write=writing)
    if not writing:
        return render(request, "plans/goal_detail.html", _goal_context(user, case, goal))
    form = GoalForm(request.POST, agency_id=case.agency_id)
    conflict = None
    if form.is_valid():
        try:
            actions.do_update_goal(
                actor=user, goal=goal, expected_version=form.cleaned_data["version"] or 0, data=form.data_for_action()
            )
        except EditConflict as exc:
            conflict = exc
            goal = access.access_goal_by_id(user, case, goal_id)
            data = request.POST.copy()
            data["version"] = str(goal.version)
            form = GoalForm(data, agency_id=case.agency_id)
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Goal saved."))
            return redirect(_plan_url(case, f"goal-{goal.pk}"))
    return render(request, "plans/goal_detail.html", _goal_context(user, case, goal, form=form, conflict=conflict))


@sensitive_post_parameters("text")
@require_POST
def goal_progress(request: HttpRequest, case_id: UUID, goal_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    goal = access.access_goal_by_id(user, case, goal_id, for_write=True)
    form = ProgressNoteForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_progress_note(actor=user, goal=goal, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Progress noted."))
            return redirect(reverse("plans:goal", args=[case.pk, goal.pk]) + "#history-heading")
    return render(request, "plans/goal_detail.html", _goal_context(user, case, goal, note_form=form))


@sensitive_post_parameters("note")
@require_POST
def goal_service_add(request: HttpRequest, case_id: UUID, goal_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    goal = access.access_goal_by_id(user, case, goal_id, for_write=True)
    form = PlannedServiceForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_planned_service(actor=user, goal=goal, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Service planned."))
            return redirect(reverse("plans:goal", args=[case.pk, goal.pk]) + "#services-heading")
    return render(request, "plans/goal_detail.html", _goal_context(user, case, goal, service_form=form))


@require_POST
def goal_service_remove(request: HttpRequest, case_id: UUID, goal_id: UUID, item_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    goal = access.access_goal_by_id(user, case, goal_id, for_write=True)
    item = selectors.planned_services_for_goal(goal).filter(pk=item_id).first()
    if item is None:
        raise Http404
    actions.do_remove_planned_service(actor=user, item=item)
    messages.success(request, _("Planned service removed."))
    return redirect(reverse("plans:goal", args=[case.pk, goal.pk]) + "#services-heading")


def _task_initial(task: Task) -> dict[str, Any]:
    return {
        "version": task.version,
        "goal": str(task.goal_id or ""),
        "title": task.title or "",
        "owner": SURVIVOR if task.owned_by_survivor else str(task.owner_id or ""),
        "due_on": task.due_on,
        "status": task.status,
    }


@sensitive_post_parameters("title")
@require_http_methods(["GET", "POST"])
def task_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    plan = access.access_plan(user, case, for_write=True)
    initial = {"goal": request.GET.get("goal", "")}
    form = TaskForm(request.POST or None, initial=initial, agency_id=case.agency_id, goals=_goals(plan))
    if request.method == "POST" and form.is_valid():
        try:
            task = actions.do_add_task(actor=user, case=case, goal=form.goal_for_action(), data=form.data_for_action())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Step added."))
            return redirect(_plan_url(case, f"task-{task.pk}"))
    return render(request, "plans/task_form.html", _base(user, case, form=form, task=None))


@sensitive_post_parameters("title")
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, case_id: UUID, task_id: UUID) -> HttpResponse:
    user = request_user(request)
    writing = request.method == "POST"
    case = access.access_case_for_plan(user, case_id, for_write=writing)
    plan = access.access_plan(user, case)
    task = access.access_task_by_id(user, case, task_id, for_write=writing)
    goals = _goals(plan)
    form = TaskForm(request.POST or None, initial=_task_initial(task), agency_id=case.agency_id, goals=goals)
    form.fields["goal"].disabled = True  # a step stays with its goal; add a new one to move it
    conflict = None
    if writing and form.is_valid():
        try:
            task = actions.do_update_task(
                actor=user, task=task, expected_version=form.cleaned_data["version"] or 0, data=form.data_for_action()
            )
        except EditConflict as exc:
            conflict = exc
            task = access.access_task_by_id(user, case, task_id)
            data = request.POST.copy()
            data["version"] = str(task.version)
            form = TaskForm(data, initial=_task_initial(task), agency_id=case.agency_id, goals=goals)
            form.fields["goal"].disabled = True
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Step saved."))
            return redirect(_plan_url(case, f"task-{task.pk}"))
    return render(
        request,
        "plans/task_form.html",
        _base(user, case, form=form, task=task, conflict=conflict, conflict_rows=_conflict_rows(form, conflict)),
    )


@require_POST
def task_done(request: HttpRequest, case_id: UUID, task_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    task = access.access_task_by_id(user, case, task_id, for_write=True)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        actions.do_complete_task(actor=user, task=task, expected_version=version or 0)
    except EditConflict:
        messages.error(request, _("Someone changed this step while you were looking. Check it and try again."))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Step marked done."))
    return redirect(_plan_url(case, f"task-{task.pk}"))


@sensitive_post_parameters("note")
@require_http_methods(["GET", "POST"])
def plan_review(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    writing = request.method == "POST"
    case = access.access_case_for_plan(user, case_id, for_write=writing)
    plan = access.access_plan(user, case, for_write=writing)
    form = ReviewForm(request.POST or None, initial={"version": plan.version})
    conflict = None
    if writing and form.is_valid():
        try:
            version = actions.do_record_review(
                actor=user,
                plan=plan,
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
                reviewed_on=form.cleaned_data["reviewed_on"],
            )
        except EditConflict as exc:
            conflict = exc
            plan = access.access_plan(user, case)
            data = request.POST.copy()
            data["version"] = str(plan.version)
            form = ReviewForm(data)
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            if version.needs_sign_off:
                messages.success(request, _("Review recorded. It now waits for a supervisor's sign-off."))
            else:
                messages.success(request, _("Review recorded."))
            return redirect(_plan_url(case, "reviews-heading"))
    policy = selectors.plan_policy_for(case.agency_id)
    return render(
        request,
        "plans/review_form.html",
        _base(
            user,
            case,
            plan=plan,
            form=form,
            conflict=conflict,
            conflict_rows=_conflict_rows(form, conflict),
            policy=policy,
        ),
    )


def plan_version(request: HttpRequest, case_id: UUID, version_id: UUID) -> HttpResponse:
    """A past version of the plan, read-only, with the sign-off button when it waits for this user."""
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id)
    version = access.access_plan_version(user, case, version_id)
    may_sign = version.awaiting_sign_off and access.can_sign_off(user, case) and version.reviewed_by_id != user.pk
    return render(
        request,
        "plans/version_detail.html",
        _base(
            user,
            case,
            version=version,
            snapshot=selectors.snapshot_for_display(version.snapshot or {}),
            may_sign=may_sign,
        ),
    )


@require_POST
def version_sign_off(request: HttpRequest, case_id: UUID, version_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id)
    version = access.access_plan_version(user, case, version_id)
    access.require_can_sign_off(user, case)
    try:
        actions.do_sign_off_review(actor=user, version=version)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("plans:version", case_id=case.pk, version_id=version.pk)
    messages.success(request, _("Review signed off."))
    return redirect(_plan_url(case, "reviews-heading"))


@require_http_methods(["GET", "POST"])
def plan_policy(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_plan_policy_manager(user)
    membership = active_membership(user)
    assert membership is not None  # noqa: S101 — the policy managers have a membership
    policy = selectors.plan_policy_for(membership.agency_id)
    initial = {
        "version": policy.version,
        "review_every_days": policy.review_every_days,
        "requires_sign_off": policy.requires_sign_off,
    }
    form = PlanPolicyForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_set_plan_policy(
                actor=user,
                agency=membership.agency,
                review_every_days=form.cleaned_data["review_every_days"],
                requires_sign_off=form.cleaned_data["requires_sign_off"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            conflict = exc
            policy = selectors.plan_policy_for(membership.agency_id)
            data = request.POST.copy()
            data["version"] = str(policy.version)
            form = PlanPolicyForm(data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Plan reviews saved. Each plan picks up the interval at its next review."))
            return redirect("plans:policy")
    return render(
        request,
        "plans/policy.html",
        {"form": form, "policy": policy, "conflict": conflict, "conflict_rows": _conflict_rows(form, conflict)},
    )
