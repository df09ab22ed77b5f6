"""The case file's Outcomes tab (DOMAIN.md §6.2): the latest profile and readiness for closure, the history
of ratings, rating on one screen, correcting a rating with a conflict screen; and the agency's scale."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from reclaim.accounts.http import request_user
from reclaim.assessments import outcome_access, outcome_actions, outcome_selectors
from reclaim.assessments.outcome_forms import (
    ADD_PREFIX,
    SCORE_PREFIX,
    WORDING_PREFIX,
    OutcomeRatingForm,
    OutcomeScaleForm,
    initial_for,
)
from reclaim.cases import access
from reclaim.cases.state import CaseStatus
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.assessments.models import OutcomeScale
    from reclaim.cases.models import Case

TAB = "outcomes"


def _score_aliases(scale: OutcomeScale) -> dict[str, str]:
    return {f"scores.{sub.code}": SCORE_PREFIX + sub.code for d in scale.domains.all() for sub in d.subdomains.all()}


def _can_rate(user: User, case: Case) -> bool:
    return access.can_edit_case(user, case) and case.status != CaseStatus.CLOSED


def case_outcomes(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id)
    results = outcome_selectors.rating_results_for_case(user, case)
    return render(
        request,
        "assessments/outcomes_tab.html",
        {
            "case": case,
            "tab": TAB,
            "latest": results[0] if results else None,
            "results": results,
            "can_rate": _can_rate(user, case),
            "can_edit": access.can_edit_case(user, case),
        },
    )


@sensitive_post_parameters("note")
@require_http_methods(["GET", "POST"])
def case_outcomes_rate(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    scale = outcome_selectors.current_scale_for(case.agency_id)
    form = OutcomeRatingForm(request.POST if request.method == "POST" else None, scale=scale)
    if request.method == "POST" and form.is_valid():
        try:
            outcome_actions.do_rate_outcomes(
                actor=user,
                case=case,
                scores=form.scores(),
                rated_on=form.cleaned_data["rated_on"],
                with_survivor=form.cleaned_data["with_survivor"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc, _score_aliases(scale))
        else:
            messages.success(request, _("Outcome rating saved."))
            return redirect("assessments:case_outcomes", case_id=case.pk)
    return render(
        request,
        "assessments/outcomes_rate.html",
        {"case": case, "tab": TAB, "form": form, "scale": scale, "rating": None, "conflict": None},
    )


@sensitive_post_parameters("note")
@require_http_methods(["GET", "POST"])
def case_outcomes_edit(request: HttpRequest, case_id: UUID, rating_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    rating = outcome_access.access_outcome_rating(user, case, rating_id, for_write=True)
    scale = outcome_selectors.scale_by_id(rating.scale_id)
    conflict: EditConflict | None = None
    if request.method == "POST":
        form = OutcomeRatingForm(request.POST, scale=scale)
        if form.is_valid():
            try:
                outcome_actions.do_edit_outcome_rating(
                    actor=user,
                    rating=rating,
                    expected_version=form.cleaned_data["version"] or 0,
                    scores=form.scores(),
                    rated_on=form.cleaned_data["rated_on"],
                    with_survivor=form.cleaned_data["with_survivor"],
                    note=form.cleaned_data["note"],
                )
            except EditConflict as exc:
                # Keep what they chose, show what is saved now, and let a second save work on the new version.
                conflict = exc
                rating = outcome_access.access_outcome_rating(user, case, rating_id, for_write=True)
                data = request.POST.copy()
                data["version"] = str(rating.version)
                form = OutcomeRatingForm(data, scale=scale)
            except DomainError as exc:
                add_domain_errors(form, exc, _score_aliases(scale))
            else:
                messages.success(request, _("Outcome rating corrected."))
                return redirect("assessments:case_outcomes", case_id=case.pk)
    else:
        result = outcome_selectors.rating_result(rating)
        form = OutcomeRatingForm(
            initial={
                **initial_for(result.scores_by_code()),
                "rated_on": rating.rated_on,
                "with_survivor": rating.with_survivor,
                "note": rating.note or "",
                "version": rating.version,
            },
            scale=scale,
        )
    conflict_rows: list[tuple[str, Any]] = []
    if conflict is not None:
        saved = conflict.current.get("scores", {})
        conflict_rows = [
            (sub.display_wording, saved.get(sub.code)) for d in scale.domains.all() for sub in d.subdomains.all()
        ]
    return render(
        request,
        "assessments/outcomes_rate.html",
        {
            "case": case,
            "tab": TAB,
            "form": form,
            "scale": scale,
            "rating": rating,
            "conflict": conflict,
            "conflict_rows": conflict_rows,
        },
    )


def _scale_aliases(scale: OutcomeScale) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for domain in scale.domains.all():
        aliases[f"add.{domain.code}"] = ADD_PREFIX + domain.code
        for sub in domain.subdomains.all():
            aliases[f"wording.{sub.code}"] = WORDING_PREFIX + sub.code
    return aliases


@require_http_methods(["GET", "POST"])
def outcome_scale_settings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    membership = outcome_access.require_outcome_scale_manager(user)
    scale = outcome_selectors.current_scale_for(membership.agency_id)
    initial = {
        "closure_min_score": scale.closure_min_score,
        "closure_every_domain": scale.closure_every_domain,
        "scale_id": str(scale.pk),
    }
    form = OutcomeScaleForm(request.POST if request.method == "POST" else None, initial=initial, scale=scale)
    conflict: EditConflict | None = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome_actions.do_customise_outcome_scale(
                actor=user,
                agency=membership.agency,
                expected_scale_id=form.cleaned_data["scale_id"],
                changes=outcome_actions.ScaleChanges(**form.changes()),
            )
        except EditConflict as exc:
            conflict = exc
            scale = outcome_selectors.current_scale_for(membership.agency_id)
            form = OutcomeScaleForm(
                initial={
                    "closure_min_score": scale.closure_min_score,
                    "closure_every_domain": scale.closure_every_domain,
                    "scale_id": str(scale.pk),
                },
                scale=scale,
            )
        except DomainError as exc:
            add_domain_errors(form, exc, _scale_aliases(scale))
        else:
            messages.success(request, _("Outcome scale saved as a new version. Earlier ratings keep their version."))
            return redirect("assessments:outcome_scale")
    return render(request, "assessments/outcomes_scale.html", {"form": form, "scale": scale, "conflict": conflict})
