"""The network page (/reporting/network/): agency admins join or leave coalition networks for their agency
(explicitly, audited), start the network-wide unduplicated count for a period and see the last released
count (suppressed under k); platform operators and agency admins create networks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership
from reclaim.core.errors import DomainError
from reclaim.core.forms import add_domain_errors
from reclaim.reporting import network as networks
from reclaim.reporting.export_forms import NetworkCountForm, NetworkCreateForm
from reclaim.reporting.periods import periods_for_choice
from reclaim.reporting.selectors import policy_for

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


@require_http_methods(["GET", "POST"])
def network(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    networks.require_network_page(user)
    membership = active_membership(user)
    manages = networks.can_manage_networks(user)
    fiscal_start = policy_for(membership.agency_id).fiscal_year_start_month if membership else 10
    periods = periods_for_choice(fiscal_start, timezone.localdate())
    all_networks = list(networks.all_networks())
    mine = networks.memberships_of(membership.agency_id) if membership and manages else set()
    member_choices = [(str(item.pk), item.name) for item in all_networks if item.pk in mine]
    create_form = NetworkCreateForm(prefix="new")
    count_form = NetworkCountForm(networks=member_choices, periods=periods, prefix="count")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "create":
                create_form = NetworkCreateForm(request.POST, prefix="new")
                if create_form.is_valid():
                    networks.do_create_network(actor=user, name=create_form.cleaned_data["name"])
                    messages.success(request, _("The network was created. Agencies join it on this page."))
                    return redirect("reporting:network")
            elif action in {"join", "leave"}:
                chosen = networks.network_by_id(request.POST.get("network", ""))
                networks.do_set_network_membership(actor=user, network=chosen, member=action == "join")
                messages.success(
                    request,
                    _("Your agency is now a member of this network.")
                    if action == "join"
                    else _("Your agency left this network; its part of the count was deleted."),
                )
                return redirect("reporting:network")
            elif action == "count":
                count_form = NetworkCountForm(request.POST, networks=member_choices, periods=periods, prefix="count")
                if count_form.is_valid():
                    chosen = networks.network_by_id(count_form.cleaned_data["network"])
                    job = networks.start_network_count(
                        actor=user, network=chosen, period=count_form.cleaned_data["period"]
                    )
                    return redirect("reporting:job", job_id=job.pk)
        except DomainError as exc:
            add_domain_errors(create_form if action == "create" else count_form, exc)
        status = 400
    latest = networks.last_counts(mine)
    rows = [
        {
            "network": item,
            "member": item.pk in mine,
            "count": latest.get(item.pk),
            "count_text": networks.count_text(latest[item.pk]) if item.pk in latest else "",
        }
        for item in all_networks
    ]
    return render(
        request,
        "reporting/network.html",
        {"rows": rows, "manages": manages, "create_form": create_form, "count_form": count_form},
        status=status,
    )
