"""Webhooks: an agency's subscriptions and their delivery log."""

from __future__ import annotations

__all__: list[str] = []
