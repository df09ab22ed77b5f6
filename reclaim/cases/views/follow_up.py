"""The case file's follow-up tab (DOMAIN.md §10): the schedule, recording a contact, stopping at the
person's request; and the agency's follow-up policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership
from reclaim.cases import access, actions, selectors
from reclaim.cases.forms import FollowUpPolicyForm, FollowUpRecordForm, StopFollowUpForm
from reclaim.cases.models import FollowUpOutcome, FollowUpStatus
from reclaim.cases.state import CaseStatus
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, FollowUp


def _tab_context(user: User, case: Case, **extra: Any) -> dict[str, Any]:
    rows = list(selectors.follow_ups_for_case(case))
    current = [r for r in rows if r.is_current]
    can_edit = access.can_edit_case(user, case)
    return {
        "case": case,
        "tab": "follow_up",
        "current": current,
        "past": [r for r in rows if not r.is_current],
        "can_edit": can_edit,
        "can_stop": can_edit and any(r.status == FollowUpStatus.SCHEDULED for r in current),
        "in_follow_up": case.status == CaseStatus.FOLLOW_UP,
        "can_manage_policy": access.can_manage_follow_up_policy(user),
        "stop_form": extra.pop("stop_form", None) or StopFollowUpForm(),
        **extra,
    }


def case_follow_up(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id)
    return render(request, "cases/follow_up.html", _tab_context(user, case))


def _record_form_initial(case: Case, follow_up: FollowUp) -> dict[str, Any]:
    return {
        "version": follow_up.version,
        "outcome": follow_up.outcome or None,
        "contacted_on": follow_up.contacted_on,
        # tell once: a contact not yet recorded starts from the person's safe channel, kept on their record
        "channel": follow_up.channel
        or (selectors.follow_up_channel_for(case.survivor) if not follow_up.outcome else ""),
        "indicators_checked": follow_up.indicators_checked,
        "indicators": [check.code for check in follow_up.indicator_checks.all()],
        "notes": follow_up.notes or "",
    }


def _record_context(
    user: User, case: Case, follow_up: FollowUp, form: FollowUpRecordForm, **extra: Any
) -> dict[str, Any]:
    can_record = (
        access.can_edit_case(user, case)
        and case.status == CaseStatus.FOLLOW_UP
        and follow_up.is_current
        and follow_up.is_open
    )
    return {
        "case": case,
        "tab": "follow_up",
        "follow_up": follow_up,
        "survivor": case.survivor,
        "indicators": [check.get_code_display() for check in follow_up.indicator_checks.all()],
        "form": form,
        "can_record": can_record,
        **extra,
    }


@sensitive_post_parameters("notes")
@require_http_methods(["GET", "POST"])
def follow_up_record(request: HttpRequest, case_id: UUID, follow_up_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=request.method == "POST")
    follow_up = access.access_follow_up_by_id(case, follow_up_id)
    if request.method != "POST":
        form = FollowUpRecordForm(initial=_record_form_initial(case, follow_up))
        return render(request, "cases/follow_up_record.html", _record_context(user, case, follow_up, form))
    form = FollowUpRecordForm(request.POST)
    conflict = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            follow_up = actions.do_record_follow_up(
                actor=user,
                follow_up=follow_up,
                expected_version=data["version"],
                outcome=data["outcome"],
                contacted_on=data["contacted_on"],
                channel=data["channel"],
                indicators=data["indicators"],
                indicators_checked=data["indicators_checked"],
                notes=data["notes"],
            )
        except EditConflict as exc:
            conflict = exc
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            if follow_up.outcome == FollowUpOutcome.REACHED_IN_CRISIS:
                messages.warning(
                    request,
                    _(
                        "Contact recorded. The person is in crisis: check on their safety now, and consider reopening the case."
                    ),
                )
            else:
                messages.success(request, _("Contact recorded."))
            return redirect("cases:follow_up", case_id=case.pk)
    follow_up = access.access_follow_up_by_id(case, follow_up.pk)
    if conflict is not None:
        # The form keeps what this person typed, on the current version, so they can save again if still needed.
        data = request.POST.copy()
        data["version"] = str(follow_up.version)
        form = FollowUpRecordForm(data)
    return render(
        request, "cases/follow_up_record.html", _record_context(user, case, follow_up, form, conflict=conflict)
    )


@require_POST
def follow_up_stop(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    form = StopFollowUpForm(request.POST)
    if form.is_valid():
        try:
            stopped = actions.do_stop_follow_up(actor=user, case=case)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(
                request,
                _("Follow-up stopped at the person's request: %(count)d scheduled contacts cancelled.")
                % {"count": stopped},
            )
            return redirect("cases:follow_up", case_id=case.pk)
    return render(request, "cases/follow_up.html", _tab_context(user, case, stop_form=form))


@require_http_methods(["GET", "POST"])
def follow_up_policy(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_follow_up_policy_manager(user)
    membership = active_membership(user)
    assert membership is not None  # noqa: S101 — the policy managers have a membership
    policy = selectors.follow_up_policy_for(membership.agency_id)
    initial = {
        "version": policy.version,
        "offsets_months": ", ".join(str(m) for m in policy.offsets_months),
        "window_days": policy.window_days,
    }
    form = FollowUpPolicyForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_set_follow_up_policy(
                actor=user,
                agency=membership.agency,
                offsets_months=form.cleaned_data["offsets_months"],
                window_days=form.cleaned_data["window_days"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            conflict = exc
            policy = selectors.follow_up_policy_for(membership.agency_id)
            data = request.POST.copy()
            data["version"] = str(policy.version)
            form = FollowUpPolicyForm(data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Follow-up schedule saved. It applies to cases that exit from now on."))
            return redirect("cases:follow_up_policy")
    return render(request, "cases/follow_up_policy.html", {"form": form, "policy": policy, "conflict": conflict})
