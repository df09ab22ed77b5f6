"""Sections of the signed-in portal home, contributed by the portal's feature modules (like cases/panels.py).

A provider takes the survivor's PortalAccount and returns a Section or None; it costs a constant number of
queries and shows only this survivor's own things, in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from reclaim.connect.models import PortalAccount


@dataclass(frozen=True)
class Section:
    template: str  # rendered with `section` (this object) and the portal page context
    order: int = 50  # lower first
    data: dict[str, Any] = field(default_factory=dict)


_providers: list[Callable[[PortalAccount], Section | None]] = []


def register_home_section(provider: Callable[[PortalAccount], Section | None]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def home_sections(account: PortalAccount) -> list[Section]:
    sections = [section for provider in _providers if (section := provider(account)) is not None]
    return sorted(sections, key=lambda section: section.order)
