"""The HTTP answer for a message attachment, shared by the staff pages, the API and the portal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from reclaim.connect.message_actions import download_name, read_attachment

if TYPE_CHECKING:
    from reclaim.connect.models import MessageAttachment


def attachment_response(attachment: MessageAttachment) -> HttpResponse:
    """The decrypted file as a download under a neutral name, never cached, never sniffed."""
    data = read_attachment(attachment)
    response = HttpResponse(data, content_type=attachment.content_type)
    name = download_name(attachment)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name) or "attachment"
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private, max-age=0"
    return response
