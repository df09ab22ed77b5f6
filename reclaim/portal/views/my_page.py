"""The survivor's own pages (issue 9 item 4): my meetings, my goals, a questionnaire to answer, documents
shared with me (and their download), my consents and taking one back.

Everything is read through connect.home_selectors with the signed-in account, so another person's id finds
nothing and answers 404, exactly like an id that does not exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from reclaim.assessments import presentation
from reclaim.assessments.definition import matching_language
from reclaim.assessments.forms import TakeAssessmentForm, text_in
from reclaim.assessments.models import AssessmentStatus
from reclaim.assessments.portal_actions import do_complete_portal_assessment, portal_language
from reclaim.assessments.scoring import allowed_missing
from reclaim.connect import home_selectors, share_actions
from reclaim.consent.self_revocation import do_revoke_consent_in_portal
from reclaim.core.errors import DomainError
from reclaim.core.forms import add_domain_errors
from reclaim.documents.files import EXTENSIONS
from reclaim.portal.http import render_portal, signed_in_account, survivor_required
from reclaim.portal.plain_consent import plain

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest


@survivor_required
@require_GET
def appointments(request: HttpRequest) -> HttpResponse:
    account = signed_in_account(request)
    meetings = home_selectors.upcoming_meetings(account, limit=50)
    return render_portal(request, "portal/my/appointments.html", {"meetings": meetings})


@survivor_required
@require_GET
def goals(request: HttpRequest) -> HttpResponse:
    account = signed_in_account(request)
    return render_portal(request, "portal/my/goals.html", {"goals": home_selectors.goals_for_account(account)})


class PortalQuestionnaireForm(TakeAssessmentForm):
    """The staff form's questions (every one skippable, "Skip this question" chosen first), without the date:
    the survivor answers today."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        del self.fields["administered_on"]
        del self.fields["language"]  # the portal decides it (the survivor's language, or English if they chose it)


@survivor_required
@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    account = signed_in_account(request)
    row = home_selectors.portal_assessment(account, assessment_id)
    if row is None:
        raise Http404
    if row.status != AssessmentStatus.ASSIGNED:
        return render_portal(request, "portal/my/questionnaire_done.html")
    definition = row.instrument_version.definition
    wanted = translation.get_language() or "en"
    language = matching_language(definition, wanted)
    if language is None:
        # Not in the survivor's language (no validated translation): say so plainly first, and let them answer
        # in the language it has (`?in=en`) or leave it for now. Never a machine translation (issue 14).
        fallback = portal_language(definition, wanted)
        if request.GET.get("in") != fallback:
            return render_portal(
                request,
                "portal/my/questionnaire_language.html",
                {
                    "questionnaire": row,
                    "fallback": fallback,
                    "fallback_name": presentation.language_name_translated(fallback),
                },
            )
        language = fallback
    form = PortalQuestionnaireForm(request.POST or None, definition=definition, language=language)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                do_complete_portal_assessment(
                    account=account, assessment=row, answers=form.answers(), language=language
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                return redirect("portal:assessment", assessment_id=row.pk)
        status = 400
    return render_portal(
        request,
        "portal/my/questionnaire.html",
        {
            "questionnaire": row,
            "form": form,
            "title": presentation.title(definition, language),
            "language": language,
            "instructions": text_in(definition.get("instructions"), language),
            "allowed_missing": allowed_missing(definition),
            "not_in_your_language": language.split("-")[0] != wanted.split("-")[0],
            "language_is_english": language == "en",
        },
        status=status,
    )


@survivor_required
@require_GET
def documents(request: HttpRequest) -> HttpResponse:
    account = signed_in_account(request)
    return render_portal(request, "portal/my/documents.html", {"shares": list(home_selectors.live_shares(account))})


@survivor_required
@require_GET
def document(request: HttpRequest, share_id: UUID) -> HttpResponse:
    account = signed_in_account(request)
    share = home_selectors.live_share(account, share_id)
    if share is None:
        raise Http404
    try:
        version, data = share_actions.do_download_shared(account=account, share=share)
    except DomainError as exc:
        return render_portal(request, "portal/my/document_unavailable.html", {"message": exc.message}, status=404)
    response = HttpResponse(data, content_type=version.content_type)
    name = f"document-{share.pk.hex[:8]}.{EXTENSIONS.get(version.content_type, 'bin')}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name) or "attachment"
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private, max-age=0"
    response["Referrer-Policy"] = "no-referrer"
    return response


@survivor_required
@require_GET
def consents(request: HttpRequest) -> HttpResponse:
    account = signed_in_account(request)
    today = timezone.localdate()
    rows = [plain(row, today) for row in home_selectors.consents_for_account(account)]
    return render_portal(
        request,
        "portal/my/consents.html",
        {
            "current": [c for c in rows if c.status in ("live", "not_started")],
            "past": [c for c in rows if c.status not in ("live", "not_started")],
            "taken_back": request.GET.get("taken_back") == "1",
        },
    )


@survivor_required
@require_http_methods(["GET", "POST"])
def consent_revoke(request: HttpRequest, consent_id: UUID) -> HttpResponse:
    """GET: the confirmation in plain words; POST: take it back, at once."""
    account = signed_in_account(request)
    row = home_selectors.consent_for_account(account, consent_id)
    if row is None:
        raise Http404
    consent = plain(row, timezone.localdate())
    if not consent.can_take_back:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            do_revoke_consent_in_portal(account=account, consent=row)
        except DomainError as exc:
            error = exc.message
        else:
            return redirect(reverse("portal:consents") + "?taken_back=1")
    return render_portal(
        request, "portal/my/consent_revoke.html", {"consent": consent, "error": error}, status=400 if error else 200
    )
