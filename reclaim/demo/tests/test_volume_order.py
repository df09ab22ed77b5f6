"""The order in which seed_demo's processes take the volume's tasks (volume._Order)."""

from __future__ import annotations

from reclaim.demo.volume import SHOWCASE, _Order


def _drain(order: _Order, jobs: int) -> list[tuple[str, str]]:
    """Run the tasks as `jobs` processes would, finishing the oldest running task first."""
    taken: list[tuple[str, str]] = []
    running: list[tuple[str, str]] = []
    while True:
        while len(running) < jobs and (task := order.take()) is not None:
            taken.append(task)
            running.append(task)
        if not running:
            return taken
        order.finished(*running.pop(0))


COUNTS = {"harbor": 5, "northside": 5, "safepassage": 5, "lighthouse": 5, "cedar": 5}
SHOWCASE_SLUGS = ["harbor", "northside", "safepassage"]


def test_every_task_is_taken_once_and_each_agency_after_its_people():
    taken = _drain(_Order(COUNTS, showcase_slugs=SHOWCASE_SLUGS, overlap=True), jobs=2)
    assert sorted(taken) == sorted(
        [(SHOWCASE, SHOWCASE)] + [(slug, group) for slug in COUNTS for group in ("people", "files", "care")]
    )
    for slug in COUNTS:
        assert taken.index((slug, "people")) < taken.index((slug, "files")) < taken.index((slug, "care"))


def test_with_overlap_the_showcase_runs_beside_the_other_agencies_volume():
    taken = _drain(_Order(COUNTS, showcase_slugs=SHOWCASE_SLUGS, overlap=True), jobs=2)
    showcase_at = taken.index((SHOWCASE, SHOWCASE))
    for slug in SHOWCASE_SLUGS:
        assert taken.index((slug, "care")) < showcase_at
    assert ("cedar", "care") in taken[showcase_at:]  # the last agency's volume is still to come


def test_without_overlap_the_showcase_waits_for_all_the_volume():
    order = _Order(COUNTS, showcase_slugs=SHOWCASE_SLUGS, overlap=False)
    taken = _drain(order, jobs=2)
    assert taken[-1] == (SHOWCASE, SHOWCASE)
    assert order.take() is None


def test_the_showcase_is_not_taken_while_its_agencies_are_still_running():
    order = _Order({"harbor": 1, "lighthouse": 1}, showcase_slugs=["harbor"], overlap=True)
    assert order.take() == ("harbor", "people")
    assert order.take() == ("lighthouse", "people")
    order.finished("harbor", "people")
    assert order.take() == ("harbor", "files")
    assert order.take() == ("harbor", "care")
    order.finished("harbor", "files")
    assert order.take() is None  # harbor's care and lighthouse's people are still running
    order.finished("harbor", "care")
    assert order.take() == (SHOWCASE, SHOWCASE)
