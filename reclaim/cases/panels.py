"""Extra panels on the signed-in home page, contributed by domains that build on cases.

The home page lives in cases (accounts may not import cases), and cases must not import the domains built
on it (assessments, plans, ...): so those register a provider here from their AppConfig.ready(), and the
home view asks every provider for its panel. A provider takes the user and returns a Panel, or None to
show nothing; it must cost a constant number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from reclaim.accounts.models import User


@dataclass(frozen=True)
class Panel:
    template: str  # rendered with `panel` (this object), `caps` and `now` in its context
    data: dict[str, Any] = field(default_factory=dict)


_providers: list[Callable[[User], Panel | None]] = []


def register_home_panel(provider: Callable[[User], Panel | None]) -> None:
    """Add a provider once (ready() may run more than once in tests)."""
    if provider not in _providers:
        _providers.append(provider)


def home_panels(user: User) -> list[Panel]:
    return [panel for provider in _providers if (panel := provider(user)) is not None]
