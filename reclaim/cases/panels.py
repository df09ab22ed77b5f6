"""Extra panels on the signed-in home page, contributed by domains that build on cases.

The home page lives in cases (accounts may not import cases), and cases must not import the domains built
on it (assessments, plans, ...): so those register a provider here from their AppConfig.ready(), and the
home view asks every provider for its panel. A provider takes the user and returns a Panel, or None to
show nothing; it must cost a constant number of queries.

A number a panel shows can be given as a `Deferred` count (rows of querysets, core's `Counted`): `home_panels`
counts every panel's deferred rows in one statement (core's `count_together`, each queryset's rows read once
even when two numbers come from them) and hands the templates plain values. A panel that shows nothing when its
number is zero says so with `hide_when_zero`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from reclaim.core.queries import count_together

if TYPE_CHECKING:
    from collections.abc import Callable

    from reclaim.accounts.models import User
    from reclaim.core.queries import Counted


@dataclass(frozen=True)
class Deferred:
    """A number to read with the other panels' numbers: `plus` (counted in Python) and the rows of `parts`,
    or, with `subset`, the rows of each part that match its `subset` (e.g. a total and an overdue number from
    the same parts: their rows are read once)."""

    parts: tuple[Counted, ...]
    plus: int = 0
    subset: bool = False


@dataclass(frozen=True)
class Panel:
    template: str  # rendered with `panel` (this object), `caps` and `now` in its context
    data: dict[str, Any] = field(default_factory=dict)
    hide_when_zero: str = ""  # a key of `data`: no panel when that number turns out to be 0


_providers: list[Callable[[User], Panel | None]] = []


def register_home_panel(provider: Callable[[User], Panel | None]) -> None:
    """Add a provider once (ready() may run more than once in tests)."""
    if provider not in _providers:
        _providers.append(provider)


def home_panels(user: User) -> list[Panel]:
    panels = [panel for provider in _providers if (panel := provider(user)) is not None]
    parts: dict[int, Counted] = {}  # by identity: a part two numbers share is counted once
    for panel in panels:
        for value in panel.data.values():
            if isinstance(value, Deferred):
                parts.update((id(part), part) for part in value.parts)
    counts = dict(zip(parts, count_together(list(parts.values())), strict=True))

    def number(value: Deferred) -> int:
        return value.plus + sum(counts[id(part)][1 if value.subset else 0] for part in value.parts)

    shown = []
    for panel in panels:
        data = {key: number(value) if isinstance(value, Deferred) else value for key, value in panel.data.items()}
        if not (panel.hide_when_zero and not data[panel.hide_when_zero]):
            shown.append(replace(panel, data=data))
    return shown
