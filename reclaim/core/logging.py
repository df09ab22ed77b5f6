"""A log filter that stamps the request id and masks anything shaped like PII. A safety net only:
code logs ids, codes and counts, never names, dates of birth, phone numbers or addresses."""

from __future__ import annotations

import logging
import re

from reclaim.core.context import request_id_var

_PATTERNS = [
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[email]"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "[date]"),  # before numbers, which would take a date for one
    (re.compile(r"\+?\d[\d ()-]{7,}\d"), "[number]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get() or "-"
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
