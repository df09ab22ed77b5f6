"""`Idempotency-Key` on API POSTs: a retry of the same request gets the first answer instead of a second record.

Right after authentication (reclaim/api/auth.py), a POST that carries the header claims the key for its
principal (the API token, or the signed-in user): the key is remembered with a hash of method, path and body.
- the same key and the same request, answered before: the stored answer is sent again, with
  `Idempotent-Replayed: true`, and nothing runs;
- the same key with a different request: 422 `idempotency_key_reused`;
- the same key while its first request is still running: 409 `idempotency_in_progress`.
`ApiGuardMiddleware` then keeps the answer when it is a 2xx JSON body (encrypted: it may name the survivor just
created) for `RECLAIM_API_IDEMPOTENCY_TTL` seconds (24 h), and frees the key otherwise, so a refused or failed
request can be retried with the same key. Expired keys are purged by a periodic job.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from uuid import UUID

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _

from reclaim.accounts.idempotency import Outcome, claim_idempotency_key, release, store_response
from reclaim.accounts.models import IdempotencyKey, User

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
MAX_STORED_BYTES = 1_000_000  # a bigger answer is not kept (and so not replayed)
REQUEST_ATTR = "_reclaim_idempotency"
SECRETS_ATTR = "_reclaim_idempotency_secrets"


class IdempotencyRefused(Exception):
    def __init__(self, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(code)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


class IdempotentReplay(Exception):
    def __init__(self, record: IdempotencyKey) -> None:
        super().__init__("replay")
        self.record = record

    def response(self) -> HttpResponse:
        record = self.record
        assert record.status_code is not None  # noqa: S101 — only answered keys are replayed
        response = HttpResponse(record.response_body or "", status=record.status_code, content_type=record.content_type)
        response[REPLAYED_HEADER] = "true"
        return response


def _valid_key(key: str) -> bool:
    return 1 <= len(key) <= MAX_KEY_LENGTH and key.isascii() and key.isprintable()


def request_hash(request: HttpRequest) -> str:
    """SHA-256 of method, path with query and body; for uploads, of the form fields and the files' bytes."""
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    if request.content_type == "multipart/form-data":
        for name, values in sorted(request.POST.lists()):
            digest.update(repr((name, values)).encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(repr((name, upload.name, upload.size)).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def begin(request: HttpRequest, *, principal: str, user: User, agency_id: Callable[[], UUID | None]) -> None:
    """Claim the request's key, or raise IdempotentReplay / IdempotencyRefused. No header: nothing happens."""
    if request.method != "POST":
        return
    key = request.headers.get(HEADER)
    if key is None:
        return
    if not _valid_key(key):
        raise IdempotencyRefused(
            422,
            "idempotency_key_invalid",
            _("The Idempotency-Key must be 1 to 255 printable ASCII characters."),
            {HEADER: ["1 to 255 printable ASCII characters."]},
        )
    agency = agency_id()
    if agency is None:  # no agency to keep the answer under (a platform operator): the key has no effect
        return
    claim = claim_idempotency_key(
        user=user, agency_id=agency, principal=principal, key=key, request_hash=request_hash(request)
    )
    if claim.outcome is Outcome.REPLAY:
        assert claim.record is not None  # noqa: S101 — a replay carries its record
        raise IdempotentReplay(claim.record)
    if claim.outcome is Outcome.REUSED:
        raise IdempotencyRefused(
            422,
            "idempotency_key_reused",
            _("This Idempotency-Key was already used for a different request. Use a new key for a new request."),
        )
    if claim.outcome is Outcome.IN_PROGRESS:
        raise IdempotencyRefused(
            409,
            "idempotency_in_progress",
            _("A request with this Idempotency-Key is still being answered. Retry in a moment."),
        )
    setattr(request, REQUEST_ATTR, claim.record)


def keep_without(request: HttpRequest, *fields: str) -> None:
    """The answer kept for replays has these top-level fields set to null: a secret shown once (a new API token, an
    invitation link) is not stored again, so a replay confirms what was created without repeating the secret."""
    setattr(request, SECRETS_ATTR, fields)


def _without_secrets(request: HttpRequest, body: str) -> str:
    fields: tuple[str, ...] = getattr(request, SECRETS_ATTR, ())
    if not fields:
        return body
    data = json.loads(body)
    if isinstance(data, dict):
        data.update(dict.fromkeys(fields))
    return json.dumps(data)


def finish(request: HttpRequest, response: HttpResponseBase) -> None:
    """Keep a successful JSON answer for replays; free the key after anything else."""
    record: IdempotencyKey | None = getattr(request, REQUEST_ATTR, None)
    if record is None:
        return
    setattr(request, REQUEST_ATTR, None)
    content_type = response.get("Content-Type", "")
    if (
        200 <= response.status_code < 300  # noqa: PLR2004 — the 2xx range
        and isinstance(response, HttpResponse)
        and content_type.startswith("application/json")
        and len(response.content) <= MAX_STORED_BYTES
    ):
        try:
            body = _without_secrets(request, response.content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            release(record=record)
            return
        store_response(record=record, status_code=response.status_code, content_type=content_type, body=body)
        return
    release(record=record)
