"""Assessments and outcomes (DOMAIN.md §6): instruments as versioned data, responses, alerts, outcome domains."""

from __future__ import annotations
