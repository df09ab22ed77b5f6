"""Awareness campaign pages: the list, plan and edit, the campaign's dashboard (its page) with partners and
materials, the results log, and the comparison across campaigns (with its CSV). Outreach coordinators and agency
admins write; program directors and data analysts read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.core.paging import counted_page
from reclaim.outreach import campaigns_actions as actions
from reclaim.outreach import campaigns_selectors as selectors
from reclaim.outreach.access import can_run_outreach
from reclaim.outreach.campaigns_access import (
    access_campaign_by_id,
    access_campaign_results,
    access_comparison,
    access_material,
    access_partner,
    require_campaign_reader,
    require_campaign_runner,
)
from reclaim.outreach.campaigns_files import download_name
from reclaim.outreach.campaigns_forms import (
    CampaignEditForm,
    CampaignFilterForm,
    CampaignForm,
    ComparisonForm,
    MaterialForm,
    PartnerForm,
    TallyForm,
)
from reclaim.outreach.models import Audience, Channel
from reclaim.reporting.csv import write_csv

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest

    from reclaim.outreach.models import Campaign, CampaignMaterial

TALLY_PAGE_SIZE = 50  # entries on one page of the results log


@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = require_campaign_reader(user)
    form = CampaignFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else selectors.CampaignFilters()
    return render(
        request,
        "outreach/campaigns_list.html",
        {
            "form": form,
            "campaigns": selectors.campaign_list(agency.pk, filters),
            "can_run": can_run_outreach(user),
        },
    )


@require_http_methods(["GET", "POST"])
def campaign_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = require_campaign_runner(user)
    form = CampaignForm(request.POST or None, grants=selectors.grant_choices(agency.pk))
    if request.method == "POST" and form.is_valid():
        try:
            campaign = actions.do_create_campaign(actor=user, agency=agency, values=form.values())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Campaign planned."))
            return redirect("outreach:campaign_detail", campaign_id=campaign.pk)
    return render(request, "outreach/campaigns_form.html", {"form": form, "campaign": None})


def _initial(campaign: Campaign) -> dict[str, Any]:
    return {name: getattr(campaign, name) for name in actions.EDITABLE} | {"version": campaign.version}


@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, campaign_id: UUID) -> HttpResponse:
    user = request_user(request)
    campaign = access_campaign_by_id(user, campaign_id, for_write=True)
    grants = selectors.grant_choices(campaign.agency_id, campaign.grant_id)
    form = CampaignEditForm(request.POST or None, initial=_initial(campaign), grants=grants)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_campaign(
                actor=user, campaign=campaign, expected_version=form.cleaned_data["version"], values=form.values()
            )
        except EditConflict as exc:
            conflict = exc
            campaign = access_campaign_by_id(user, campaign_id, for_write=True)
            data = request.POST.copy()
            data["version"] = str(campaign.version)
            form = CampaignEditForm(data, initial=_initial(campaign), grants=grants)
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("outreach:campaign_detail", campaign_id=campaign.pk)
    return render(request, "outreach/campaigns_form.html", {"form": form, "campaign": campaign, "conflict": conflict})


def _detail(request: HttpRequest, campaign: Campaign, **context: Any) -> HttpResponse:
    user = request_user(request)
    can_run = can_run_outreach(user)
    if can_run and "partner_form" not in context:
        context["partner_form"] = PartnerForm(organizations=selectors.directory_choices(user))
    audiences, channels = dict(Audience.choices), dict(Channel.choices)
    return render(
        request,
        "outreach/campaigns_detail.html",
        {
            "campaign": campaign,
            "dashboard": selectors.campaign_dashboard(campaign),
            "audiences": [audiences[code] for code in campaign.audiences if code in audiences],
            "channels": [channels[code] for code in campaign.channels if code in channels],
            "partners": selectors.partners_of(campaign),
            "materials": selectors.current_materials(campaign),
            "can_run": can_run,
            **context,
        },
    )


@require_GET
def campaign_detail(request: HttpRequest, campaign_id: UUID) -> HttpResponse:
    """The campaign's page is its dashboard: totals, reach by channel and month, budget against cost."""
    campaign = access_campaign_results(request_user(request), campaign_id)
    return _detail(request, campaign)


@require_POST
def campaign_partner_add(request: HttpRequest, campaign_id: UUID) -> HttpResponse:
    user = request_user(request)
    campaign = access_campaign_by_id(user, campaign_id, for_write=True)
    form = PartnerForm(request.POST, organizations=selectors.directory_choices(user))
    if form.is_valid():
        try:
            actions.do_add_partner(actor=user, campaign=campaign, values=form.values())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Partner added."))
            return redirect("outreach:campaign_detail", campaign_id=campaign.pk)
    return _detail(request, campaign, partner_form=form)


@require_POST
def campaign_partner_remove(request: HttpRequest, campaign_id: UUID, partner_id: UUID) -> HttpResponse:
    user = request_user(request)
    campaign, partner = access_partner(user, campaign_id, partner_id)
    actions.do_remove_partner(actor=user, partner=partner)
    messages.success(request, _("Partner removed."))
    return redirect("outreach:campaign_detail", campaign_id=campaign.pk)


def _material_choices(campaign: Campaign) -> list[tuple[str, str]]:
    return [(str(m.pk), f"{m.title} ({m.language}, v{m.number})") for m in selectors.current_materials(campaign)]


@require_http_methods(["GET", "POST"])
def campaign_materials(request: HttpRequest, campaign_id: UUID) -> HttpResponse:
    """Every version of every material; runners upload new ones here."""
    user = request_user(request)
    campaign = access_campaign_by_id(user, campaign_id, for_write=request.method == "POST")
    can_run = can_run_outreach(user)
    form = None
    if can_run:
        form = MaterialForm(request.POST or None, request.FILES or None, current=_material_choices(campaign))
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            actions.do_upload_material(
                actor=user, campaign=campaign, values=form.values(), upload=form.cleaned_data["file"]
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Material uploaded."))
            return redirect("outreach:campaign_materials", campaign_id=campaign.pk)
    return render(
        request,
        "outreach/campaigns_materials.html",
        {"campaign": campaign, "materials": selectors.materials_of(campaign), "form": form, "can_run": can_run},
    )


@require_GET
def campaign_material_download(request: HttpRequest, campaign_id: UUID, material_id: UUID) -> HttpResponse:
    user = request_user(request)
    _campaign, material = access_material(user, campaign_id, material_id)
    try:
        data = actions.material_bytes(material)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("outreach:campaign_materials", campaign_id=material.campaign_id)
    return material_file_response(material, data)


def material_file_response(material: CampaignMaterial, data: bytes) -> HttpResponse:
    """The material's bytes as an attachment with a neutral name, never sniffed or cached (the API serves the
    same answer)."""
    response = HttpResponse(data, content_type=material.content_type)
    name = download_name(material.pk, material.number, material.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name) or "attachment"
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private, max-age=0"
    return response


@require_http_methods(["GET", "POST"])
def campaign_tallies(request: HttpRequest, campaign_id: UUID) -> HttpResponse:
    """The results log: anonymous counts per day and channel; runners add entries."""
    user = request_user(request)
    campaign = access_campaign_by_id(user, campaign_id, for_write=request.method == "POST")
    can_run = can_run_outreach(user)
    form = TallyForm(request.POST or None) if can_run else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            actions.do_record_tally(actor=user, campaign=campaign, values=form.values())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Results recorded."))
            return redirect("outreach:campaign_tallies", campaign_id=campaign.pk)
    # every entry, a page at a time, latest first, counted in the page's own statement
    page = counted_page(selectors.tallies_of(campaign), request.GET.get("page"), TALLY_PAGE_SIZE)
    return render(
        request,
        "outreach/campaigns_tallies.html",
        {
            "campaign": campaign,
            "tallies": page.object_list,
            "page": page,
            "form": form,
            "can_run": can_run,
        },
    )


def _comparison(request: HttpRequest) -> tuple[ComparisonForm, selectors.Comparison]:
    agency = access_comparison(request_user(request))
    form = ComparisonForm(request.GET or None)
    filters = form.filters() if form.is_valid() else selectors.CampaignFilters()
    return form, selectors.campaign_comparison(agency.pk, filters)


@require_GET
def campaign_compare(request: HttpRequest) -> HttpResponse:
    form, comparison = _comparison(request)
    return render(
        request,
        "outreach/campaigns_compare.html",
        {"form": form, "comparison": comparison, "query": request.GET.urlencode()},
    )


@require_GET
def campaign_compare_csv(request: HttpRequest) -> HttpResponse:
    """The comparison table as CSV, identifications as shown on the page ("fewer than k" stays words)."""
    _form, comparison = _comparison(request)
    rows: list[list[Any]] = [
        [
            _("Campaign"),
            _("Status"),
            _("Starts on"),
            _("Ends on"),
            _("Events"),
            _("People reached in person"),
            _("Estimated online reach"),
            _("Materials distributed"),
            _("Hotline contacts"),
            _("Identifications attributed"),
            _("Budget"),
            _("Cost"),
            _("Cost per person reached"),
        ]
    ]
    for row in comparison.rows:
        c, m = row.campaign, row.measures
        rows.append(
            [
                c.name,
                c.get_status_display(),
                c.starts_on or "",
                c.ends_on or "",
                m.events,
                m.reached_in_person,
                m.reached_online,
                m.materials_distributed,
                m.hotline_contacts,
                m.identifications.text,
                "" if c.budget is None else c.budget,
                m.cost,
                "" if m.cost_per_person is None else m.cost_per_person,
            ]
        )
    rows += [[_("All campaigns"), *[""] * 8, comparison.identifications_total.text], [], [comparison.explanation]]
    response = HttpResponse(write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="campaign-comparison.csv"'
    response["Cache-Control"] = "no-store, private, max-age=0"
    return response
