"""Extra panels on the signed-in home page, contributed by domains that build on cases.

The home page lives in cases (accounts may not import cases), and cases must not import the domains built
on it (assessments, plans, ...): so those register a provider here from their AppConfig.ready(), and the
home view asks every provider for its panel. A provider takes the user and returns a Panel, or None to
show nothing; it must cost a constant number of queries.

A number a panel shows can be given as a `Deferred` SQL expression (a count): `home_panels` reads every
panel's deferred numbers in one statement and hands the templates plain values. A panel that shows nothing
when its number is zero says so with `hide_when_zero`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from reclaim.accounts.models import User
from reclaim.core.queries import read_together

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import Expression


@dataclass(frozen=True)
class Deferred:
    """A number to read with the other panels' numbers: an SQL expression of one value (e.g. core's count_of)."""

    expression: Expression


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
    deferred = {
        f"p{index}_{key}": value.expression
        for index, panel in enumerate(panels)
        for key, value in panel.data.items()
        if isinstance(value, Deferred)
    }
    found = read_together(User.objects.filter(pk=user.pk), **deferred)
    shown = []
    for index, panel in enumerate(panels):
        data = {key: found.get(f"p{index}_{key}", value) for key, value in panel.data.items()}
        if not (panel.hide_when_zero and not data[panel.hide_when_zero]):
            shown.append(replace(panel, data=data))
    return shown
