"""Who sees a case's privileged material (its legal notes and documents): the legal team, and colleagues they
grant access to, reading only. Every case reader may see this page; only the legal team changes it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.cases.access import access_case_by_id
from reclaim.core.errors import DomainError
from reclaim.core.forms import add_domain_errors
from reclaim.legal import access, actions, selectors
from reclaim.legal.grant_forms import GrantForm

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case


def _context(user: User, case: Case, form: GrantForm | None) -> dict[str, Any]:
    can_grant = access.can_grant_privileged_access(user, case)
    return {
        "case": case,
        "tab": "legal",
        "legal_team": list(selectors.legal_team_for_case(case)),
        "grants": list(selectors.live_grants_for_case(case).order_by("created_at", "pk")),
        "past_grants": list(selectors.past_grants_for_case(case)[:20]),
        "can_grant": can_grant,
        "form": (form or GrantForm(case=case)) if can_grant else None,
        "has_access": selectors.has_privileged_access(user, case),
    }


@sensitive_post_parameters("reason")
@require_http_methods(["GET", "POST"])
def case_access(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    if request.method != "POST":
        case = access_case_by_id(user, case_id)
        return render(request, "legal/access.html", _context(user, case, None))
    case = access_case_by_id(user, case_id, for_write=True)
    access.require_can_grant_privileged_access(user, case)
    form = GrantForm(request.POST, case=case)
    if form.is_valid():
        try:
            actions.do_grant_privileged_access(
                actor=user, case=case, user=form.grantee, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Access given. They can now read this case's legal notes and documents."))
            return redirect("legal:access", case_id=case.pk)
    return render(request, "legal/access.html", _context(user, case, form), status=400)


@require_POST
def access_revoke(request: HttpRequest, case_id: UUID, grant_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    grant = access.access_grant_by_id(user, grant_id, for_write=True)
    if grant.case_id != case.pk:
        raise Http404
    try:
        actions.do_revoke_privileged_access(actor=user, grant=grant)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Access ended. They no longer see this case's legal notes and documents."))
    return redirect("legal:access", case_id=case.pk)
