"""Gates for plans: every plan object is reached through its case, which already passed
`reclaim.cases.access.access_case_by_id` (404 for "not yours", 403 for read-only writes, audited)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from reclaim.accounts.access import audited_gate, require_case_worker
from reclaim.accounts.selectors import active_membership
from reclaim.cases.access import access_case_by_id, can_approve, can_edit_case, can_manage_follow_up_policy
from reclaim.plans.models import Goal, Plan, PlanVersion, Task

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case

__all__ = [
    "access_case_for_plan",
    "access_goal_by_id",
    "access_plan",
    "access_plan_version",
    "access_task_by_id",
    "can_manage_plan_policy",
    "can_sign_off",
    "require_can_sign_off",
    "require_plan_policy_manager",
]


def access_case_for_plan(user: User, case_id: Any, *, for_write: bool = False) -> Case:
    """The case gate for plan pages: roles that see no case data (volunteers, outreach, analysts, admins)
    get 403 up front; casework roles get the case gate (404 for other agencies' and unassigned cases)."""
    require_case_worker(user)
    return access_case_by_id(user, case_id, for_write=for_write)


def access_plan(user: User, case: Case, *, for_write: bool = False) -> Plan:
    """The case's plan, or Http404 when it has none yet (the read is audited)."""
    return audited_gate(
        user,
        Plan.objects.filter(case=case, agency_id=case.agency_id),
        _plan_pk(case),
        object_type="plan",
        read_action="plan.read",
        for_write=for_write,
        can_write=lambda _p: can_edit_case(user, case),
    )


def _plan_pk(case: Case) -> Any:
    pk = Plan.objects.filter(case=case).values_list("pk", flat=True).first()
    if pk is None:
        raise Http404
    return pk


def access_goal_by_id(user: User, case: Case, goal_id: Any, *, for_write: bool = False) -> Goal:
    """A goal of this case's plan, or Http404."""
    goal = audited_gate(
        user,
        Goal.objects.filter(case=case, agency_id=case.agency_id).select_related("plan"),
        goal_id,
        object_type="goal",
        read_action="goal.read",
        for_write=for_write,
        can_write=lambda _g: can_edit_case(user, case),
    )
    goal.case = case
    return goal


def access_task_by_id(user: User, case: Case, task_id: Any, *, for_write: bool = False) -> Task:
    """A task of this case (a goal step or a stand-alone task), or Http404."""
    task = audited_gate(
        user,
        Task.objects.filter(case=case, agency_id=case.agency_id).select_related("goal", "owner"),
        task_id,
        object_type="task",
        read_action="task.read",
        for_write=for_write,
        can_write=lambda _t: can_edit_case(user, case),
    )
    task.case = case
    return task


def access_plan_version(user: User, case: Case, version_id: Any) -> PlanVersion:
    """A past version (review) of this case's plan, read-only; the read is audited."""
    version = audited_gate(
        user,
        PlanVersion.objects.filter(case=case, agency_id=case.agency_id).select_related(
            "plan", "reviewed_by", "signed_off_by"
        ),
        version_id,
        object_type="plan_version",
        read_action="plan_version.read",
        can_write=lambda _v: False,
    )
    version.case = case
    return version


def can_sign_off(user: User, case: Case) -> bool:
    """Supervisors and directors of the case's agency (approves_closure) sign off reviews."""
    return can_approve(user, case)


def require_can_sign_off(user: User, case: Case) -> None:
    if not can_sign_off(user, case):
        raise PermissionDenied


def can_manage_plan_policy(user: User) -> bool:
    """The same people as the follow-up schedule: agency admins and program directors."""
    return can_manage_follow_up_policy(user)


def require_plan_policy_manager(user: User) -> None:
    if not can_manage_plan_policy(user) or active_membership(user) is None:
        raise PermissionDenied
