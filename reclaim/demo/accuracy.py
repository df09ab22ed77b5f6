"""Measure the duplicate check against the labelled synthetic set (used by bench/ and the tests)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

from django.db import transaction

from reclaim.accounts.actions import do_create_agency
from reclaim.demo import labelled_people
from reclaim.people import duplicates
from reclaim.people.actions import apply_indexes
from reclaim.people.models import Survivor, SurvivorNameToken


@dataclass
class AccuracyResult:
    precision: float
    recall: float
    median_ms: float
    p95_ms: float
    by_variant: dict[str, tuple[int, int]] = field(default_factory=dict)


class _Rollback(Exception):
    pass


def measure(*, people_count: int, probe_count: int, seed: int) -> AccuracyResult:
    """Load the people into a throwaway agency, run every probe, and roll everything back."""
    holder: list[AccuracyResult] = []
    try:
        with transaction.atomic():
            holder.append(_measure_inside(people_count, probe_count, seed))
            raise _Rollback
    except _Rollback:
        pass
    return holder[0]


def _measure_inside(people_count: int, probe_count: int, seed: int) -> AccuracyResult:
    agency = do_create_agency(actor=None, name="Accuracy", slug=f"accuracy-{seed}-{people_count}", org_type="NGO")
    population = labelled_people.people(people_count, seed)
    survivors, tokens, key_of = [], [], {}
    for person in population:
        survivor = Survivor(
            agency=agency,
            reference=f"A{person.key:07d}",
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
        )
        tokens.extend(apply_indexes(survivor))
        survivors.append(survivor)
        key_of[survivor.pk] = person.key
    Survivor.objects.bulk_create(survivors, batch_size=1000)
    SurvivorNameToken.objects.bulk_create(tokens, batch_size=5000)
    true_pos = false_pos = false_neg = 0
    timings: list[float] = []
    by_variant: dict[str, tuple[int, int]] = {}
    for probe in labelled_people.probes(population, probe_count, seed):
        started = time.perf_counter()
        found = duplicates.find_duplicates(
            agency.pk, duplicates.Probe(probe.given_name, probe.family_name, probe.date_of_birth, probe.phone), limit=3
        )
        timings.append((time.perf_counter() - started) * 1000)
        found_keys = [key_of[c.survivor.pk] for c in found]
        if probe.same_as is not None:
            hit = probe.same_as in found_keys
            true_pos += hit
            false_neg += not hit
            # an unrelated person listed beside the right one is still a wrong suggestion
            false_pos += sum(
                1 for k in found_keys if k != probe.same_as and not _same(population[k], population[probe.same_as])
            )
        else:
            hit = not found_keys
            false_pos += len(found_keys)
        done, total = by_variant.get(probe.variant, (0, 0))
        by_variant[probe.variant] = (done + hit, total + 1)
    timings.sort()
    return AccuracyResult(
        precision=true_pos / max(1, true_pos + false_pos),
        recall=true_pos / max(1, true_pos + false_neg),
        median_ms=statistics.median(timings),
        p95_ms=timings[int(len(timings) * 0.95) - 1],
        by_variant=by_variant,
    )


def _same(a: labelled_people.Person, b: labelled_people.Person) -> bool:
    """Two synthetic people with the same name and birth date are indistinguishable; don't count them."""
    return (a.given_name, a.family_name, a.date_of_birth) == (b.given_name, b.family_name, b.date_of_birth)
