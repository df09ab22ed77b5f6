"""Closed-loop referral pages. Sender side: the case file's Referrals tab, the new-referral form, a referral's
page (status, packet, history, the sender's moves, the consent override), the printable packet, and the
outgoing list. Receiving side: the inbox and the referral's page, which shows exactly the packet and nothing
else of the sender's case, and only while consent still covers it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership
from reclaim.cases.access import access_case_by_id, can_edit_case, can_open, require_case_worker
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.people.access import access_survivor_by_id
from reclaim.people.selectors import duplicate_candidates
from reclaim.referrals import actions, selectors
from reclaim.referrals.access import (
    access_case_referral,
    access_incoming_referral,
    can_override_consent,
    require_can_receive,
    require_override_right,
    require_policy_manager,
    sides_for,
)
from reclaim.referrals.models import ReferralStatus
from reclaim.referrals.referral_forms import OverrideForm, PolicyForm, ReferralForm, TransitionForm
from reclaim.referrals.referral_packet import PACKET_CLASSES
from reclaim.referrals.referral_states import DeclineReason, Outcome, Side, State, targets
from reclaim.services.selectors import categories

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.referrals.models import Referral

STATUS_FILTERS = [("open", gettext_lazy("Open")), *ReferralStatus.choices]  # lazy: built once, shown in every language


def _target_choices(referral: Referral, sides: frozenset[Side]) -> list[tuple[str, str]]:
    return [(state.value, str(ReferralStatus(state.value).label)) for state in targets(referral.status, sides)]


def _sla(referral: Referral, now: Any) -> dict[str, Any]:
    overdue = referral.status == State.SENT and referral.acknowledge_by is not None and referral.acknowledge_by < now
    return {"overdue": overdue, "waiting": referral.status == State.SENT}


# Sender side ------------------------------------------------------------------------------------------------


def case_referrals(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    now = timezone.now()
    policy = selectors.policy_for(case.agency_id)
    rows = [
        (referral, _sla(referral, now), selectors.is_stale(referral, policy.stale_days, now))
        for referral in selectors.referrals_for_case(case)
    ]
    return render(
        request,
        "referrals/case_referrals.html",
        {"case": case, "tab": "referrals", "rows": rows, "can_refer": can_edit_case(user, case), "now": now},
    )


def _referral_form(case: Case, data: Any = None) -> ReferralForm:
    return ReferralForm(
        data,
        agencies=[(str(a.pk), a.name) for a in selectors.recipient_agencies(case.agency_id)],
        organizations=[(str(o.pk), o.name) for o in selectors.external_organizations()],
        categories=[(c.code, c.label) for c in categories()],
        goals=[
            (str(goal.pk), goal.survivor_words or goal.staff_wording or _("Goal"))
            for goal in selectors.goals_for_case(case)
        ],
        initial={"urgency": "routine"},
    )


@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    form = _referral_form(case, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        to_agency_id, to_organization_id = form.recipient_ids()
        data = actions.ReferralInput(
            service_category=form.cleaned_data["service_category"],
            to_agency_id=to_agency_id,
            to_organization_id=to_organization_id,
            reason=form.cleaned_data["reason"],
            urgency=form.cleaned_data["urgency"],
            data_classes=form.cleaned_data["data_classes"],
            goal_id=form.cleaned_data["goal"] or None,
        )
        send = request.POST.get("action") != "draft"
        try:
            referral = actions.do_create_referral(actor=user, case=case, data=data, send=send)
        except DomainError as error:
            add_domain_errors(form, error)
            consent_missing = isinstance(error, actions.ConsentMissing)
        else:
            messages.success(request, _("Referral sent.") if send else _("Referral saved as a draft."))
            return redirect("referrals:case_referral", case.pk, referral.pk)
    else:
        consent_missing = False
    return render(
        request,
        "referrals/referral_form.html",
        {"case": case, "tab": "referrals", "form": form, "consent_missing": consent_missing},
        status=400 if request.method == "POST" else 200,
    )


def _sender_context(user: User, case: Case, referral: Referral, **extra: Any) -> dict[str, Any]:
    sides = sides_for(user, referral)
    return {
        "case": case,
        "tab": "referrals",
        "referral": referral,
        "packet": referral.packet or {},
        "packet_available": selectors.packet_available(referral),
        "history": list(selectors.transitions_for(referral)),
        "targets": _target_choices(referral, sides),
        "external": referral.to_agency_id is None,
        "can_override": referral.status == State.DRAFT and can_override_consent(user, referral),
        "transition_form": extra.pop("transition_form", None) or TransitionForm(initial={"version": referral.version}),
        "override_form": extra.pop("override_form", None) or OverrideForm(initial={"version": referral.version}),
        "decline_reasons": DeclineReason.choices,
        "outcomes": Outcome.choices,
        "sla": _sla(referral, timezone.now()),
        **extra,
    }


def case_referral(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    user = request_user(request)
    case, referral = access_case_referral(user, case_id, referral_id)
    return render(request, "referrals/case_referral.html", _sender_context(user, case, referral))


def _transition_kwargs(form: TransitionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "to": data["to"],
        "expected_version": data["version"],
        "reason_code": data["reason"],
        "outcome": data["outcome"],
        "note": data["note"],
    }


@require_POST
def sender_transition(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    user = request_user(request)
    case, referral = access_case_referral(user, case_id, referral_id, for_write=True)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            actions.do_transition_referral(actor=user, referral=referral, **_transition_kwargs(form))
        except EditConflict:
            messages.error(request, _("Someone changed this referral while you were looking at it. Check it again."))
            return redirect("referrals:case_referral", case.pk, referral.pk)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Referral updated."))
            return redirect("referrals:case_referral", case.pk, referral.pk)
    context = _sender_context(user, case, referral, transition_form=form)
    return render(request, "referrals/case_referral.html", context, status=400)


@require_POST
def override_consent(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    user = request_user(request)
    case, referral = access_case_referral(user, case_id, referral_id)
    require_override_right(user, referral)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            actions.do_override_consent(
                actor=user,
                referral=referral,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict:
            messages.error(request, _("Someone changed this referral while you were looking at it. Check it again."))
            return redirect("referrals:case_referral", case.pk, referral.pk)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Override recorded. The referral can now be sent."))
            return redirect("referrals:case_referral", case.pk, referral.pk)
    context = _sender_context(user, case, referral, override_form=form)
    return render(request, "referrals/case_referral.html", context, status=400)


@require_POST
def outcome_seen(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    user = request_user(request)
    case, referral = access_case_referral(user, case_id, referral_id, for_write=True)
    actions.do_mark_outcome_seen(actor=user, referral=referral)
    return redirect("referrals:case_referral", case.pk, referral.pk)


def referral_print(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    """The packet as a page to print and hand over (external organisations): only the classes it holds."""
    user = request_user(request)
    _case, referral = access_case_referral(user, case_id, referral_id)
    available = referral.status != State.DRAFT and selectors.packet_available(referral)
    return render(
        request,
        "referrals/packet_print.html",
        {"referral": referral, "packet": referral.packet or {}, "packet_available": available},
    )


def outgoing(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_case_worker(user)
    status = request.GET.get("status", "open")
    referrals = selectors.filter_status(selectors.outgoing_for_user(user), status).order_by("-created_at")
    page = Paginator(referrals, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    return render(
        request,
        "referrals/outgoing.html",
        {
            "page": page,
            "rows": [(referral, _sla(referral, now)) for referral in page],
            "status": status,
            "statuses": STATUS_FILTERS,
        },
    )


# Receiving side ---------------------------------------------------------------------------------------------


def incoming(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_can_receive(user)
    status = request.GET.get("status", "open")
    referrals = selectors.filter_status(selectors.incoming_for_user(user), status).order_by(
        "acknowledge_by", "-sent_at"
    )
    page = Paginator(referrals, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    return render(
        request,
        "referrals/incoming.html",
        {
            "page": page,
            "rows": [(referral, _sla(referral, now)) for referral in page],
            "status": status,
            "statuses": STATUS_FILTERS,
            "now": now,
        },
    )


def _incoming_context(user: User, referral: Referral, **extra: Any) -> dict[str, Any]:
    available = selectors.packet_available(referral)
    return {
        "referral": referral,
        # exactly the packet, and only while consent covers it: nothing else of the sender's case
        "packet": (referral.packet or {}) if available else {},
        "packet_available": available,
        "history": list(selectors.transitions_for(referral)),
        "targets": _target_choices(referral, sides_for(user, referral)),
        "transition_form": extra.pop("transition_form", None) or TransitionForm(initial={"version": referral.version}),
        "decline_reasons": DeclineReason.choices,
        "outcomes": Outcome.choices,
        "can_open_case": can_open(user) and available and referral.receiving_case_id is None,
        "sla": _sla(referral, timezone.now()),
        "packet_classes": PACKET_CLASSES,
        **extra,
    }


def incoming_detail(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    user = request_user(request)
    referral = access_incoming_referral(user, referral_id)
    return render(request, "referrals/incoming_detail.html", _incoming_context(user, referral))


@require_POST
def incoming_transition(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    user = request_user(request)
    referral = access_incoming_referral(user, referral_id)
    form = TransitionForm(request.POST)
    candidates: list[Any] = []
    if form.is_valid():
        kwargs = _transition_kwargs(form)
        new_case = None
        if form.cleaned_data["open_case"] and kwargs["to"] == State.ACCEPTED:
            existing_id = form.cleaned_data["existing_survivor"]
            existing = (
                access_survivor_by_id(user, existing_id, for_write=True, purpose="referral: same person")
                if existing_id
                else None
            )
            new_case = actions.NewCase(existing_survivor=existing, confirm_new=form.cleaned_data["confirm_new"])
        try:
            actions.do_transition_referral(actor=user, referral=referral, new_case=new_case, **kwargs)
        except EditConflict:
            messages.error(request, _("Someone changed this referral while you were looking at it. Check it again."))
            return redirect("referrals:incoming_detail", referral.pk)
        except DomainError as error:
            add_domain_errors(form, error)
            if error.code == "referrals.possible_duplicate":
                candidates = duplicate_candidates(user, actions.duplicate_probe(referral.packet or {}))
        else:
            messages.success(request, _("Referral updated."))
            return redirect("referrals:incoming_detail", referral.pk)
    context = _incoming_context(user, referral, transition_form=form, candidates=candidates)
    return render(request, "referrals/incoming_detail.html", context, status=400)


# Settings ---------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest) -> HttpResponse:
    """The agency's acknowledgement deadline and stale period (agency admins and program directors)."""
    user = request_user(request)
    require_policy_manager(user)
    membership = active_membership(user)
    assert membership is not None  # noqa: S101 — require_policy_manager needs a membership
    row = selectors.policy_row(membership.agency_id)
    values = selectors.policy_for(membership.agency_id)
    initial = {
        "version": row.version if row else 1,
        "ack_business_days": values.ack_business_days,
        "stale_days": values.stale_days,
    }
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_set_referral_policy(
                actor=user,
                agency=membership.agency,
                ack_business_days=form.cleaned_data["ack_business_days"],
                stale_days=form.cleaned_data["stale_days"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict:
            messages.error(request, _("Someone changed these settings first. Here are their values."))
            return redirect("referrals:policy")
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Referral settings saved."))
            return redirect("referrals:policy")
    return render(request, "referrals/policy.html", {"form": form})
