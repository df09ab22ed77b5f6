"""Legacy import: saved column mappings, import runs and the natural keys of imported records."""

from __future__ import annotations

__all__: list[str] = []
