"""Measure the duplicate check against the labelled synthetic set (used by bench/ and the tests)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection, transaction

from reclaim.accounts.actions import do_create_agency
from reclaim.core.bulk import insert_instances, insert_rows
from reclaim.demo import labelled_people
from reclaim.demo.keys import demo_key
from reclaim.people import duplicates
from reclaim.people.actions import index_values
from reclaim.people.blocking import MatchKeyer
from reclaim.people.models import Survivor, SurvivorMatchKey

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from uuid import UUID

    from reclaim.accounts.models import Agency

BUILD_BATCH = 5000


@dataclass
class AccuracyResult:
    precision: float
    recall: float
    median_ms: float
    p95_ms: float
    by_variant: dict[str, tuple[int, int]] = field(default_factory=dict)
    namesakes: int = 0  # suggestions counted neither way: same name, and no birth date tells them apart


class _Rollback(Exception):
    pass


def measure(*, people_count: int, probe_count: int, seed: int) -> AccuracyResult:
    """Load the people into a throwaway agency, run every probe, and roll everything back."""
    return measure_many(people_count=people_count, probe_count=probe_count, seed=seed, probe_seeds=[seed])[0]


def measure_many(
    *,
    people_count: int,
    probe_count: int,
    seed: int,
    probe_seeds: Sequence[int],
    progress: Callable[[str], None] | None = None,
) -> list[AccuracyResult]:
    """`measure` with one set of probes per probe seed against the same people (loaded once: at a million people
    loading takes far longer than checking), then everything rolled back."""
    holder: list[AccuracyResult] = []
    try:
        with transaction.atomic():
            started = time.perf_counter()
            agency, population, key_of = _load(people_count, seed)
            if progress:
                progress(f"loaded {people_count} people in {time.perf_counter() - started:.0f} s")
            holder.extend(_check_probes(agency, population, key_of, probe_count, s) for s in probe_seeds)
            raise _Rollback
    except _Rollback:
        pass
    return holder


def _load(people_count: int, seed: int) -> tuple[Agency, list[labelled_people.Person], dict[UUID, int]]:
    """The people as the legacy import writes them (in bulk, encrypted, with blind indexes and blocking keys), then
    the tables' statistics refreshed as a live database keeps them."""
    agency = do_create_agency(actor=None, name="Accuracy", slug=f"accuracy-{seed}-{people_count}", org_type="NGO")
    population = labelled_people.people(people_count, seed)
    keyer = MatchKeyer(scope_id=agency.pk)
    key_of: dict[UUID, int] = {}
    for start in range(0, len(population), BUILD_BATCH):
        survivors: list[Survivor] = []
        match_keys: list[dict[str, object]] = []
        for person in population[start : start + BUILD_BATCH]:
            survivor = Survivor(
                id=demo_key(),
                agency=agency,
                reference=f"A{person.key:07d}",
                given_name=person.given_name,
                family_name=person.family_name,
                date_of_birth=person.date_of_birth,
            )
            match_keys.extend(
                {"agency_id": agency.pk, "survivor_id": survivor.pk, "key": key}
                for key in index_values(survivor, keyer=keyer)
            )
            survivors.append(survivor)
            key_of[survivor.pk] = person.key
        insert_instances(survivors)
        insert_rows(SurvivorMatchKey, match_keys)
    with connection.cursor() as cursor:
        for model in (Survivor, SurvivorMatchKey):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return agency, population, key_of


def _check_probes(
    agency: Agency, population: list[labelled_people.Person], key_of: dict[UUID, int], probe_count: int, seed: int
) -> AccuracyResult:
    true_pos = false_pos = false_neg = namesakes = 0
    timings: list[float] = []
    by_variant: dict[str, tuple[int, int]] = {}
    for probe in labelled_people.probes(population, probe_count, seed):
        started = time.perf_counter()
        found = duplicates.find_duplicates(
            agency.pk, duplicates.Probe(probe.given_name, probe.family_name, probe.date_of_birth, probe.phone), limit=3
        )
        timings.append((time.perf_counter() - started) * 1000)
        found_keys = [key_of[c.survivor.pk] for c in found]
        source = population[probe.same_as] if probe.same_as is not None else _as_person(probe)
        # an unrelated person listed, alone or beside the right one, is a wrong suggestion; a namesake
        # that nothing in the probe tells apart from the right person is counted neither way
        wrong = [k for k in found_keys if k != probe.same_as and not _indistinguishable(population[k], source, probe)]
        false_pos += len(wrong)
        namesakes += len(found_keys) - len(wrong) - (probe.same_as in found_keys)
        if probe.same_as is not None:
            hit = probe.same_as in found_keys
            true_pos += hit
            false_neg += not hit
        else:
            hit = not wrong
        done, total = by_variant.get(probe.variant, (0, 0))
        by_variant[probe.variant] = (done + hit, total + 1)
    timings.sort()
    return AccuracyResult(
        precision=true_pos / max(1, true_pos + false_pos),
        recall=true_pos / max(1, true_pos + false_neg),
        median_ms=statistics.median(timings),
        p95_ms=timings[int(len(timings) * 0.95) - 1],
        by_variant=by_variant,
        namesakes=namesakes,
    )


def _as_person(probe: labelled_people.Probe) -> labelled_people.Person:
    return labelled_people.Person(-1, probe.given_name, probe.family_name, probe.date_of_birth, probe.phone)


def _indistinguishable(
    other: labelled_people.Person, person: labelled_people.Person, probe: labelled_people.Probe
) -> bool:
    """Whether nothing tells `other` apart from the person the probe stands for: the same name, and no
    birth date to separate them (the same one, or one missing on the probe or on `other`). Listing such
    a namesake is what a reviewer needs; it is neither a hit nor a wrong suggestion."""
    if (other.given_name, other.family_name) != (person.given_name, person.family_name):
        return False
    return probe.date_of_birth is None or other.date_of_birth is None or other.date_of_birth == person.date_of_birth
