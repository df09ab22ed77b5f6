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
    namesakes: int = 0  # suggestions counted neither way: same name, and no birth date tells them apart


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
