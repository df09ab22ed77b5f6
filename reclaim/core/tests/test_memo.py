"""Reads shared within one page (core.memo): once per key inside the block, afresh outside it."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from reclaim.core.memo import shared_read, shared_reads


def _counting(reads: list[int]) -> Callable[[], int]:
    """A read that notes each call and answers how many calls there have been."""

    def read() -> int:
        reads.append(1)
        return len(reads)

    return read


def test_a_read_runs_once_inside_the_block_and_afresh_outside_it():
    holder, reads = SimpleNamespace(), list[int]()
    read = _counting(reads)

    with shared_reads(holder):
        assert shared_read(holder, "key", read) == 1
        assert shared_read(holder, "key", read) == 1
    assert shared_read(holder, "key", read) == 2
    assert not hasattr(holder, "_reclaim_shared_reads")


def test_an_inner_block_joins_the_outer_one_and_leaves_its_reads_shared():
    """A view that shares its reads can call code that opens its own block: the inner block's end must not end
    the view's sharing (nor start a second, empty memo)."""
    holder, reads = SimpleNamespace(), list[int]()
    read = _counting(reads)

    with shared_reads(holder):
        assert shared_read(holder, "key", read) == 1
        with shared_reads(holder):
            assert shared_read(holder, "key", read) == 1
        assert shared_read(holder, "key", read) == 1
    assert reads == [1]
    assert not hasattr(holder, "_reclaim_shared_reads")
