"""A labelled synthetic set for measuring the duplicate check: people, and probes that are either the
same person written differently (typos, swapped names, missing birth date, transliterations, day/month
swapped) or someone else. Deterministic for a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from reclaim.demo import data

TRANSLITERATIONS = {
    "Mohammed": "Muhammad", "Ahmed": "Ahmad", "Yesenia": "Yessenia", "Kateryna": "Katerina", "Olena": "Elena",
    "Nikolai": "Nicolai", "Farida": "Fareeda", "Mariam": "Maryam", "Josefina": "Josephina", "Omar": "Umar",
    "Haddad": "Hadad", "Kovalenko": "Kowalenko", "Nguyen": "Nguyenn", "Ibrahim": "Ebrahim", "Rahman": "Rehman",
}  # fmt: skip


@dataclass(frozen=True)
class Person:
    key: int
    given_name: str
    family_name: str
    date_of_birth: date | None
    phone: str


@dataclass(frozen=True)
class Probe:
    given_name: str
    family_name: str
    date_of_birth: date | None
    phone: str
    same_as: int | None  # the Person.key this probe is, or None for someone new
    variant: str


SYLLABLES = [
    "ba", "ko", "ri", "san", "del", "mar", "to", "ven", "lu", "ga", "ne", "shi", "ro", "tan", "vi", "mo", "ka", "lo",
    "ze", "pra", "dan", "fe", "hu", "jo", "kel", "nor", "ol", "pe", "qui", "sar", "ul", "wen", "ya", "zu", "bor", "cha",
]  # fmt: skip


def surname(rng: random.Random) -> str:
    """Invented surnames from syllables, so that two synthetic people rarely share a name by chance."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["swap", "drop", "double", "replace"])
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiou") + word[i + 1 :]


def people(count: int, seed: int) -> list[Person]:
    rng = random.Random(f"people:{seed}")
    given = [*data.GIVEN_NAMES, *TRANSLITERATIONS]
    result = []
    for key in range(count):
        dob = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50)) if rng.random() > 0.1 else None
        result.append(
            Person(
                key,
                rng.choice(given),
                surname(rng) + ("-" + surname(rng) if rng.random() < 0.3 else ""),
                dob,
                "",
            )
        )
    return result


def probes(population: list[Person], count: int, seed: int) -> list[Probe]:
    rng = random.Random(f"probes:{seed}")
    result = []
    for _ in range(count):
        if rng.random() < 0.5:
            p = rng.choice(population)
            variant = rng.choice(["exact", "typo", "swapped", "no_dob", "transliteration", "day_month", "typo_no_dob"])
            given, family, dob = p.given_name, p.family_name, p.date_of_birth
            if variant in {"typo", "typo_no_dob"}:
                if rng.random() < 0.5:
                    given = _typo(rng, given)
                else:
                    family = _typo(rng, family)
            if variant == "swapped":
                given, family = family, given
            if variant in {"no_dob", "typo_no_dob"}:
                dob = None
            if variant == "transliteration":
                given = TRANSLITERATIONS.get(given, _typo(rng, given))
            if variant == "day_month" and dob is not None and dob.day <= 12:
                dob = dob.replace(month=dob.day, day=dob.month)
            result.append(Probe(given, family, dob, "", p.key, variant))
        else:
            dob = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
            result.append(Probe(rng.choice(data.GIVEN_NAMES), surname(rng), dob, "", None, "different"))
    return result
