"""Staff administration, invitations, API tokens, emergency access, the audit log and one's own settings."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts import access, actions, selectors
from reclaim.accounts.agency_profile import profile_sections
from reclaim.accounts.decorators import require_recent_auth
from reclaim.accounts.forms import (
    AcceptInvitationForm,
    AgencyProfileForm,
    AgencyTermForm,
    ApiTokenForm,
    AuditFilterForm,
    BreakGlassForm,
    InviteForm,
    LanguageForm,
    MembershipForm,
)
from reclaim.accounts.http import request_user
from reclaim.accounts.setup_guide import markable_codes, setup_guide_for
from reclaim.core import vocabulary as vocab
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.core.paging import counted_page

if TYPE_CHECKING:
    from uuid import UUID

    from reclaim.accounts.models import User

BREAK_GLASS_PAGE_SIZE = 50  # the operator's own emergency access grants on one page of the emergency access page
GRANTS_REVIEW_PAGE_SIZE = 50  # the agency's emergency access grants on one page of the review


def home_context(user: User) -> dict[str, Any]:
    """What the signed-in home page shows from accounts (the set-up guide, alerts, emergency access). The page
    itself is served by the cases dashboard (reclaim.cases.views.dashboard), which adds its panels to this."""
    guide = setup_guide_for(user)
    return {
        "setup_guide": guide if guide is not None and guide.on_home_page else None,
        "caps": selectors.capabilities(user),
        "alerts": list(selectors.open_alerts_for(user)[:20]),
        "live_grants": list(selectors.live_grants_for(user).select_related("agency"))
        if user.is_platform_operator
        else [],
    }


@require_http_methods(["GET", "POST"])
def team(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_staff_manager(user)
    membership = selectors.active_membership(user)
    assert membership is not None  # noqa: S101 — require_staff_manager implies a membership
    form = InviteForm(request.POST or None, user=user)
    new_link = None
    if request.method == "POST" and form.is_valid():
        try:
            _invitation, secret = actions.do_invite_staff(actor=user, agency=membership.agency, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Invitation sent."))
            new_link = request.build_absolute_uri(f"/invitations/{secret}/")
            form = InviteForm(user=user)
    context = {
        "form": form,
        "members": selectors.members_for_admin(user),
        # every open invitation (they expire after RECLAIM_INVITATION_DAYS), newest first
        "invitations": list(selectors.pending_invitations_for_admin(user)),
        "new_link": new_link,
    }
    return render(request, "accounts/team.html", context)


def setup_guide(request: HttpRequest) -> HttpResponse:
    """The set-up guide of a new agency: each step, ticked from the agency's state, with the page that does it."""
    user = request_user(request)
    access.require_staff_manager(user)
    return render(request, "accounts/setup_guide.html", {"guide": setup_guide_for(user)})


@require_POST
def setup_guide_hide(request: HttpRequest) -> HttpResponse:
    return _set_setup_guide_hidden(request, hidden=True)


@require_POST
def setup_guide_show(request: HttpRequest) -> HttpResponse:
    return _set_setup_guide_hidden(request, hidden=False)


def _set_setup_guide_hidden(request: HttpRequest, *, hidden: bool) -> HttpResponse:
    user = request_user(request)
    access.require_staff_manager(user)
    membership = selectors.active_membership(user)
    assert membership is not None  # noqa: S101 — require_staff_manager implies a membership
    actions.do_set_setup_guide_hidden(actor=user, membership=membership, hidden=hidden)
    if hidden:
        messages.success(request, _("The set-up guide is hidden from your home page. Open it again from the menu."))
        return redirect("home")
    messages.success(request, _("The set-up guide is back on your home page."))
    return redirect("accounts:setup_guide")


@require_POST
def setup_step_mark(request: HttpRequest, code: str) -> HttpResponse:
    """Tick by hand a step whose state cannot be read, or that this agency does not need; or take it back."""
    user = request_user(request)
    access.require_staff_manager(user)
    membership = selectors.active_membership(user)
    assert membership is not None  # noqa: S101 — require_staff_manager implies a membership
    if code not in markable_codes(membership.agency):
        raise Http404
    actions.do_mark_setup_step(actor=user, agency=membership.agency, code=code, done=request.POST.get("done") == "1")
    return redirect(f"{reverse('accounts:setup_guide')}#step-{code}")


@require_http_methods(["GET", "POST"])
def agency_profile(request: HttpRequest) -> HttpResponse:
    """The agency's profile for its admin: the display name here, and what partners see, each part linked to
    the page that keeps it (accounts/agency_profile.py)."""
    user = request_user(request)
    access.require_staff_manager(user)
    membership = selectors.active_membership(user)
    assert membership is not None  # noqa: S101 — require_staff_manager implies a membership
    agency = membership.agency
    form = AgencyProfileForm(request.POST or None, initial={"version": agency.version, "name": agency.name})
    conflict: EditConflict | None = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_agency_profile(
                actor=user, agency=agency, name=form.cleaned_data["name"], expected_version=form.cleaned_data["version"]
            )
        except EditConflict as exc:
            conflict = exc
            data = request.POST.copy()
            data["version"] = str(exc.current_version)  # the user's entries stay; a second save overrides
            form = AgencyProfileForm(data)
            form.full_clean()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Agency profile saved."))
            return redirect("accounts:agency_profile")
    context = {"agency": agency, "form": form, "conflict": conflict, "sections": profile_sections(agency)}
    return render(request, "accounts/agency_profile.html", context)


@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, membership_id: UUID) -> HttpResponse:
    user = request_user(request)
    access.require_staff_manager(user)
    membership = access.access_membership_by_id(user, membership_id, for_write=request.method == "POST")
    initial = {"role": membership.role, "teams": list(membership.teams.all()), "is_active": membership.is_active}
    form = MembershipForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_change_membership(
                actor=user,
                membership=membership,
                role=form.cleaned_data["role"],
                teams=list(form.cleaned_data["teams"]),
                is_active=form.cleaned_data["is_active"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:team")
    return render(request, "accounts/member_edit.html", {"form": form, "membership": membership})


@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: UUID) -> HttpResponse:
    user = request_user(request)
    access.require_staff_manager(user)
    invitation = access.access_invitation_by_id(user, invitation_id, for_write=True)
    actions.do_revoke_invitation(actor=user, invitation=invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("accounts:team")


@login_not_required
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, secret: str) -> HttpResponse:
    invitation = actions.find_pending_invitation(secret)
    if invitation is None:
        raise Http404
    form = AcceptInvitationForm(request.POST or None, email=invitation.email, display_name=invitation.display_name)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = actions.do_accept_invitation(invitation=invitation, password=form.cleaned_data["password1"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, new_user, backend="reclaim.accounts.backends.MemberModelBackend")
            messages.success(request, _("Welcome. Set up two-factor authentication to continue."))
            return redirect("home")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})


@require_recent_auth
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = actions.do_create_api_token(
            actor=user,
            membership=selectors.active_membership(user),
            name=form.cleaned_data["name"],
            expires_in_days=form.cleaned_data["expires_in_days"],
        )
        form = ApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": selectors.tokens_for_user(user), "new_token": new_token, "now": timezone.now()},
    )


@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    """The signed-in staff member's own settings: their language. The header's language picker posts here too
    (with `next`), so one choice serves every device they sign in on."""
    user = request_user(request)
    languages = actions.staff_languages()
    form = LanguageForm(request.POST or None, languages=languages, initial={"language": user.language})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        actions.do_set_language(actor=user, language=language)
        translation.activate(language or translation.get_language_from_request(request))
        messages.success(request, _("Language saved."))
        target = request.POST.get("next", "")
        safe = url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        response = redirect(target if target and safe else "accounts:settings")
        # The cookie keeps the choice on this device's signed-out pages too; "" hands it back to the browser.
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        else:
            response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, path=settings.LANGUAGE_COOKIE_PATH)
        return response
    return render(request, "accounts/settings.html", {"form": form})


@require_POST
def token_revoke(request: HttpRequest, token_id: UUID) -> HttpResponse:
    user = request_user(request)
    token = access.access_token_by_id(user, token_id, for_write=True)
    actions.do_revoke_api_token(actor=user, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:tokens")


@require_recent_auth
@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_platform_operator(user)
    form = BreakGlassForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_start_break_glass(
                actor=user,
                agency=form.cleaned_data["agency"],
                reason=form.cleaned_data["reason"],
                hours=form.cleaned_data["hours"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.warning(request, _("Emergency access is open. The agency's administrators have been told."))
            return redirect("accounts:break_glass")
    # a page at a time, newest first, counted in the page's own statement
    page = counted_page(selectors.grants_for_operator(user), request.GET.get("page"), BREAK_GLASS_PAGE_SIZE)
    return render(request, "accounts/break_glass.html", {"form": form, "grants": page.object_list, "page": page})


@require_POST
def break_glass_end(request: HttpRequest, grant_id: UUID) -> HttpResponse:
    user = request_user(request)
    access.require_platform_operator(user)
    grant = access.access_operator_grant_by_id(user, grant_id, for_write=True)
    actions.do_end_break_glass(actor=user, grant=grant)
    messages.success(request, _("Emergency access closed."))
    return redirect("accounts:break_glass")


def grants_review(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_staff_manager(user)
    # a page at a time, newest first, counted in the page's own statement
    page = counted_page(selectors.grants_for_agency_admin(user), request.GET.get("page"), GRANTS_REVIEW_PAGE_SIZE)
    return render(request, "accounts/grants_review.html", {"grants": page.object_list, "page": page})


@require_POST
def grant_mark_reviewed(request: HttpRequest, grant_id: UUID) -> HttpResponse:
    user = request_user(request)
    access.require_staff_manager(user)
    grant = access.access_admin_grant_by_id(user, grant_id, for_write=True)
    actions.do_review_break_glass(actor=user, grant=grant)
    messages.success(request, _("Marked as reviewed."))
    return redirect("accounts:grants_review")


def audit_log(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_audit_viewer(user)
    form = AuditFilterForm(request.GET or None)
    events = selectors.audit_events_for_admin(user)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action__startswith=data["action"])
        if data["object_id"]:
            events = events.filter(object_id=data["object_id"])
        if data["since"]:
            events = events.filter(at__gte=timezone.make_aware(datetime.combine(data["since"], time.min)))
        if data["until"]:
            events = events.filter(at__lte=timezone.make_aware(datetime.combine(data["until"], time.max)))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    names = selectors.display_names({e.actor_id for e in page.object_list if e.actor_id})
    rows = [{"event": e, "actor": names.get(e.actor_id, "") if e.actor_id else ""} for e in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "accounts/audit_log.html", {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    )


def vocabularies(request: HttpRequest) -> HttpResponse:
    """The reference lists (HTCDS v2.0 and the agency's own extensions), for an agency admin."""
    user = request_user(request)
    access.require_staff_manager(user)
    return render(request, "accounts/vocabularies.html", {"vocabularies": selectors.vocabularies_for_admin(user)})


@require_http_methods(["GET", "POST"])
def vocabulary_detail(request: HttpRequest, vocabulary_id: UUID) -> HttpResponse:
    """One vocabulary's terms; the admin adds the agency's own terms here (the standard's are read-only)."""
    user = request_user(request)
    vocabulary = access.access_vocabulary_for_admin(user, vocabulary_id)
    membership = selectors.active_membership(user)
    assert membership is not None  # noqa: S101 — require_staff_manager implies a membership
    form = AgencyTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_agency_term(actor=user, agency=membership.agency, vocabulary=vocabulary, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Term added."))
            return redirect("accounts:vocabulary", vocabulary_id=vocabulary.pk)
    rows = list(vocab.terms(vocabulary.code, membership.agency_id, include_retired=True))
    context = {
        "vocabulary": vocabulary,
        "standard_terms": [(t, vocab.display_label(t)) for t in rows if t.agency_id is None],
        "agency_terms": [t for t in rows if t.agency_id is not None],
        "form": form,
    }
    return render(request, "accounts/vocabulary_detail.html", context)


@require_POST
def vocabulary_term_retire(request: HttpRequest, term_id: UUID) -> HttpResponse:
    user = request_user(request)
    term = access.access_agency_term_by_id(user, term_id, for_write=True)
    actions.do_retire_agency_term(actor=user, term=term)
    messages.success(request, _("Term retired. Records that use it keep it."))
    return redirect("accounts:vocabulary", vocabulary_id=term.vocabulary_id)
