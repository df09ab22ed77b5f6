"""The one NinjaAPI: authenticated by default, one error shape, domain errors mapped to HTTP."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

from reclaim.api import (
    assessment_schedules,
    assessments,
    audit,
    break_glass,
    cases,
    consents,
    contacts,
    dashboards,
    directory,
    documents,
    exports,
    fhir,
    follow_ups,
    funding,
    groups,
    history,
    imports,
    legal,
    legal_access,
    legal_contacts,
    legal_deadlines,
    legal_rights,
    me,
    outcomes,
    outreach_campaigns,
    outreach_events,
    outreach_follow_ups,
    outreach_stories,
    outreach_training,
    outreach_volunteer_screening,
    outreach_volunteers,
    plans,
    portal,
    portal_access,
    portal_page,
    progress,
    referrals,
    reporting,
    reports,
    retention,
    scheduling,
    services,
    staff,
    survivors,
    tokens,
    vocabularies,
    webhooks,
)
from reclaim.api.auth import StepUpRequired, session_auth, token_auth
from reclaim.api.idempotency import IdempotencyRefused, IdempotentReplay
from reclaim.api.openapi import ReclaimAPI
from reclaim.api.ratelimit import RateLimited
from reclaim.core.errors import DomainError, EditConflict, InvalidTransition
from reclaim.referrals.actions import ConsentMissing

api = ReclaimAPI(
    title="Reclaim API",
    version="1",
    urls_namespace="api",
    auth=[token_auth, session_auth],
    description=(
        "Everything staff can do in Reclaim, with the same permissions. Errors are `{code, message, fields}` "
        "(409 adds `current_version`). Lists take `cursor` (opaque) and `limit` (1-100) and answer "
        "`{items, next_cursor}`; `sort` takes a field name, `-field` for descending. /api/v1 only grows: "
        "a breaking change gets /api/v2. See docs/api/README.md."
    ),
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "fields": fields or {}}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "permission_denied", _("You may read this but not change it."))


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "not_authenticated", _("Sign in or send a valid API token."))


def _field_name(loc: Any) -> str:
    """`("body", "payload", "given_name")` -> "given_name": the location, then the schema parameter's name,
    are dropped from the front only, so a field that happens to be called `body` keeps its name."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"body", "query", "path"}:
        parts.pop(0)
    if parts and parts[0] in {"payload", "query"}:
        parts.pop(0)
    return ".".join(parts) or "__all__"


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        fields.setdefault(_field_name(error.get("loc", ())), []).append(str(error.get("msg", "invalid")))
    return _error(request, 422, "invalid", _("Some values are missing or invalid."), fields)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals, above all a body that is not JSON (400): its `{"detail": ...}` would break the one
    error shape. (Its message is not echoed: with DEBUG on it quotes the parser's error.)"""
    if exc.status_code == 400:  # noqa: PLR2004 — Bad Request
        return _error(request, 400, "malformed_request", _("The request body could not be read. Send JSON."))
    return _error(request, exc.status_code, f"http_{exc.status_code}", _("The request was refused."))


@api.exception_handler(StepUpRequired)
def step_up_required(request: HttpRequest, exc: StepUpRequired) -> HttpResponse:
    """A step-up action: an API token never may; a browser session must have re-entered its password just now."""
    if exc.by_token:
        message = _("An API token cannot do this: it needs the password entered again. Do it in the browser.")
    else:
        message = _("Enter your password again (in the browser), then retry within a few minutes.")
    return _error(request, 403, "reauthentication_required", message)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    """Over the token's (or user's) rate limit; `Retry-After` is set by ApiGuardMiddleware."""
    return _error(request, 429, "rate_limited", _("Too many requests. Wait a moment, then try again."))


@api.exception_handler(IdempotencyRefused)
def idempotency_refused(request: HttpRequest, exc: IdempotencyRefused) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.fields)


@api.exception_handler(IdempotentReplay)
def idempotent_replay(request: HttpRequest, exc: IdempotentReplay) -> HttpResponse:
    """The first answer to this Idempotency-Key, sent again: the request did not run twice."""
    return exc.response()


@api.exception_handler(EditConflict)
def conflict(request: HttpRequest, exc: EditConflict) -> HttpResponse:
    body = {
        "code": exc.code,
        "message": exc.message,
        "fields": {},
        "current_version": exc.current_version,
        # names only: stored values (often personal data) never travel in an error body; GET the record
        "fields_to_compare": sorted(exc.current),
    }
    return api.create_response(request, body, status=409)


@api.exception_handler(InvalidTransition)
def refused_transition(request: HttpRequest, exc: InvalidTransition) -> HttpResponse:
    return _error(request, 422, exc.code, exc.message, exc.fields)


@api.exception_handler(ConsentMissing)
def consent_missing(request: HttpRequest, exc: ConsentMissing) -> HttpResponse:
    """A referral's data classes that no live consent covers: 422, naming them (codes)."""
    return _error(request, 422, exc.code, exc.message, {"data_classes": list(exc.uncovered)})


# Domain errors that have their own HTTP status; every other DomainError is a 400.
DOMAIN_ERROR_STATUS = {
    "documents.too_large": 413,  # an upload over RECLAIM_DOCUMENT_MAX_BYTES
    "documents.type_not_allowed": 415,  # an upload whose real content type is refused
    "attachment_too_large": 413,  # a portal message attachment over 5 MB
    "attachment_type_not_allowed": 415,  # a portal message attachment that is not a PDF, JPEG or PNG
    "outreach.material_too_large": 413,  # a campaign material over RECLAIM_MATERIAL_MAX_BYTES
    "outreach.material_type_not_allowed": 415,  # a campaign material whose real content type is refused
    # Actions that check only the values sent (blank, too long, out of range, not a code of the list) and name the
    # fields: invalid values are a 422, as docs/api/README.md says; a rule about other records stays a 400.
    "vocabulary.invalid_term": 422,  # an agency term's code pattern or blank label (a code taken: 400)
    "cases.note_invalid": 422,  # a note's body, kind or a date still to come
    "cases.follow_up_policy_invalid": 422,  # follow-up offsets and window out of range
    "cases.follow_up_invalid": 422,  # a follow-up contact's outcome, channel, date or indicators
    "cases.invalid_history": 422,  # trafficking history: unknown codes, country, dates, age
    "break_glass.reason_required": 422,  # a reason shorter than 20 characters
    "break_glass.bad_duration": 422,  # hours out of range
    "accounts.unknown_language": 422,  # a language code that is not offered
    "retention.policy_invalid": 422,  # months out of range, documents kept longer than cases
    "retention.reason_required": 422,  # a hold's (or its lifting's) reason left blank
    "retention.reason_too_long": 422,
    "retention.date_in_future": 422,  # an erasure request asked on a day still to come
}


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, DOMAIN_ERROR_STATUS.get(exc.code, 400), exc.code, exc.message, exc.fields)


api.add_router("/", me.router)
api.add_router("/", survivors.router)
api.add_router("/", cases.router)
api.add_router("/", contacts.router)
api.add_router("/", follow_ups.router)
api.add_router("/", documents.router)
api.add_router("/", history.router)
api.add_router("/", vocabularies.router)
api.add_router("/", staff.router)  # issue 11 D: members, invitations, teams
api.add_router("/", tokens.router)  # issue 11 D: your API tokens
api.add_router("/", audit.router)  # issue 11 D: the audit log
api.add_router("/", break_glass.router)  # issue 11 D: emergency access and its review
api.add_router("/", outcomes.router)
api.add_router("/", assessments.router)
api.add_router("/", assessment_schedules.router)
api.add_router("/", progress.router)
api.add_router("/", consents.router)
api.add_router("/", plans.router)
api.add_router("/", scheduling.router)
api.add_router("/", groups.router)
api.add_router("/", services.router)
api.add_router("/", funding.router)
api.add_router("/", directory.router)
api.add_router("/", referrals.router)
api.add_router("/", legal_rights.router)
api.add_router("/", legal_deadlines.router)
api.add_router("/", legal_access.router)
api.add_router("/", legal.router)
api.add_router("/", legal_contacts.router)
api.add_router("/", reporting.router)
api.add_router("/", exports.router)
api.add_router("/", reports.router)
api.add_router("/", dashboards.router)
api.add_router("/", portal.router)
api.add_router("/", portal_access.router)  # issue 11 B: portal access, settings, urgent check-ins
api.add_router("/", portal_page.router)  # issue 11 B: the survivor's page, staff side
api.add_router("/", outreach_campaigns.router)
api.add_router("/outreach/events", outreach_events.router)
api.add_router("/outreach/volunteers", outreach_volunteers.router)
api.add_router("/", outreach_stories.router)
api.add_router("/outreach/training", outreach_training.router)
api.add_router("/", outreach_follow_ups.router)  # issue 11 F: event follow-ups
api.add_router("/", outreach_volunteer_screening.router)  # issue 11 F: volunteer screening and agreements
api.add_router("/", webhooks.router)
api.add_router("/", imports.router)
api.add_router("/", fhir.router)
api.add_router("/", retention.router)  # issue 13: retention policy, purge preview, legal holds, erasure requests
