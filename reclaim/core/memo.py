"""Reads shared within one page: a page built from independent parts (the home page's panels and task sources)
asks for the same list more than once; inside `shared_reads(user)` each such read runs once.

Only reads made through `shared_read` are shared, and only inside the block: outside it (an action, another
page) every call reads afresh, so nothing stale outlives the page that asked.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterator

T = TypeVar("T")

_ATTR = "_reclaim_shared_reads"


@contextmanager
def shared_reads(holder: Any) -> Iterator[None]:
    """Share reads on `holder` (the signed-in user object of this request) until the block ends. Inside a block
    that already shares on `holder`, the inner block joins it (and the outer one ends the sharing)."""
    if getattr(holder, _ATTR, None) is not None:
        yield
        return
    setattr(holder, _ATTR, {})
    try:
        yield
    finally:
        delattr(holder, _ATTR)


def shared_read(holder: Any, key: Hashable, read: Callable[[], T]) -> T:
    """`read()`, once per key inside shared_reads(holder); a fresh call outside it."""
    memo: dict[Hashable, Any] | None = getattr(holder, _ATTR, None)
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    value: T = memo[key]
    return value
