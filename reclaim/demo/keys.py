"""The keys of the demo's volume rows: one growing sequence per process (`KeySequence`), so the millions of rows
`seed_demo` writes go in next to each other in every index instead of at random places."""

from __future__ import annotations

from reclaim.core.bulk import KeySequence

demo_key = KeySequence()
