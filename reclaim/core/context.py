"""Per-request facts (request id, client IP) that audit rows and log lines carry without PII."""

from __future__ import annotations

from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("reclaim_request_id", default="")
client_ip_var: ContextVar[str | None] = ContextVar("reclaim_client_ip", default=None)
