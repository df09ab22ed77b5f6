"""Sending one webhook: the signed request, the target address check and the POST itself (stdlib urllib).

The signature is `sha256=` + the hex HMAC-SHA256, keyed with the subscription's secret, of
`"<X-Reclaim-Timestamp>.<raw body>"` (docs/interop.md#webhooks shows how a receiver checks it).
No redirect is followed; a request takes at most TIMEOUT_SECONDS; the receiver's response body is never
read or stored."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from email.message import Message

TIMEOUT_SECONDS = 5
USER_AGENT = "Reclaim-Webhooks/1"
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
ERROR_MAX = 200


def body_bytes(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def loopback_allowed() -> bool:
    return bool(settings.DEBUG or getattr(settings, "RECLAIM_WEBHOOKS_ALLOW_LOOPBACK", False))


def _is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _address_refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """Why Reclaim will not send to this address ("" when it may)."""
    if address.is_loopback:
        return "" if loopback_allowed() else _("Addresses on this server (loopback) are not allowed.")
    if address.is_global:
        return ""
    if address.is_link_local or address.is_multicast or address.is_unspecified or address.is_reserved:
        return _("Only public internet addresses are allowed.")  # cloud metadata services among them
    if address.is_private and getattr(settings, "RECLAIM_WEBHOOKS_ALLOW_PRIVATE", False):
        return ""
    return _("Only public internet addresses are allowed.")


def check_target_url(url: str) -> tuple[str, list[str]]:  # noqa: PLR0911 — one rule a line
    """The cleaned address and what is wrong with it (an empty list when it may be used)."""
    url = (url or "").strip()
    if not url:
        return url, [_("Enter the address of the receiving system.")]
    if len(url) > 500:  # noqa: PLR2004 — the column's length
        return url, [_("The address is too long (at most 500 characters).")]
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        _port = parts.port
    except ValueError:
        return url, [_("This is not a valid address.")]
    scheme = parts.scheme.lower()
    if scheme not in {"https", "http"} or not host:
        return url, [_("Enter a full address starting with https://")]
    if parts.username or parts.password:
        return url, [_("Do not put a user name or password in the address; the signature proves the sender.")]
    if parts.fragment:
        return url, [_("The address cannot have a #fragment.")]
    loopback = _is_loopback(host)
    if scheme == "http" and not (loopback and loopback_allowed()):
        return url, [_("The address must start with https:// so that nothing is sent unencrypted.")]
    if loopback and not loopback_allowed():
        return url, [_("Addresses on this server (loopback) are not allowed.")]
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None and (refusal := _address_refusal(literal)):
        return url, [refusal]
    return url, []


def _resolved_refusal(url: str) -> str:
    """At send time: every address the host name resolves to must be allowed (no internal services)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return _("The receiving system's name could not be found.")
    for info in infos:
        refusal = _address_refusal(ipaddress.ip_address(info[4][0]))
        if refusal:
            return refusal
    return ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A 3xx answer is the receiver's answer: it is recorded as a failure, never followed."""

    def redirect_request(  # noqa: PLR0917 — urllib's signature
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Message, newurl: str
    ) -> None:
        return None


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None
    error: str


def post(
    *, url: str, secret: str, payload: dict[str, Any], event_type: str, delivery_id: str, timestamp: int
) -> Outcome:
    """POST the payload; a 2xx answer is a success, anything else (or no answer) a failure with a short reason."""
    check_url, problems = check_target_url(url)
    if problems:
        return Outcome(ok=False, status_code=None, error=problems[0][:ERROR_MAX])
    refusal = _resolved_refusal(check_url)
    if refusal:
        return Outcome(ok=False, status_code=None, error=refusal[:ERROR_MAX])
    body = body_bytes(payload)
    stamp = str(timestamp)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Reclaim-Event": event_type,
        "X-Reclaim-Delivery": delivery_id,
        "X-Reclaim-Timestamp": stamp,
        "X-Reclaim-Signature": signature(secret, stamp, body),
    }
    request = urllib.request.Request(check_url, data=body, headers=headers, method="POST")  # noqa: S310 — https checked above
    handlers: list[Any] = [_NoRedirects()]
    if _is_loopback(urlsplit(check_url).hostname or ""):
        handlers.append(urllib.request.ProxyHandler({}))  # a receiver on this host: never through a proxy
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            code = int(response.status)
    except urllib.error.HTTPError as exc:
        code = int(exc.code)
        exc.close()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Outcome(ok=False, status_code=None, error=f"{type(exc).__name__}: {reason}"[:ERROR_MAX])
    if 200 <= code < 300:  # noqa: PLR2004
        return Outcome(ok=True, status_code=code, error="")
    return Outcome(ok=False, status_code=code, error=f"HTTP {code}"[:ERROR_MAX])
