"""Duplicate check at intake: block on blind indexes, score decrypted candidates in memory.

Blocking never decrypts a table. It looks up the probe's blocking keys (people/blocking.py: pairs of names, names
one slip of the keyboard apart, phonetic pairs), its birth-date index and its phone index, each an indexed equality
on (agency, value) capped at KEY_CAP rows, all in one statement. Candidates are ranked by the evidence they share
with the probe, and only the best MAX_CANDIDATES are decrypted and scored with rapidfuzz. Other agencies are never
searched.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connections
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from reclaim.core import blind
from reclaim.people import blocking
from reclaim.people.models import Survivor, SurvivorMatchKey

if TYPE_CHECKING:
    import datetime
    from collections.abc import Collection, Iterable, Iterator
    from uuid import UUID

MAX_CANDIDATES = 100  # decrypted and scored per probe, best blocking evidence first
KEY_CAP = 100  # rows read per key: a key shared by more people says little about any one of them
THRESHOLD = 0.76  # a name alone (0.6) is not enough when both birth dates are known and differ
DOB_UNKNOWN = 0.5  # with a birth date missing, only a (nearly) exact name reaches the threshold
TYPO = 0.9
TYPO_MIN_LENGTH = 4
PHONETIC = 0.88
PHONETIC_MIN_RATIO = 0.75  # short names share Metaphone/NYSIIS codes by chance; transliterations stay close
COMPOUND = 0.85
PART_DIFFERS = 0.8  # below one slip of the keyboard or a transliteration: that part names someone else
SAME_NAME = 0.97
SIMILAR_NAME = 0.75
GIVEN_HALF_ALIKE = 50  # rapidfuzz ratio, in percent
STRONG = 0.9  # kept beside an exact match: e.g. the same birth date and a close name
TIED = 0.005  # scores this close to the best are a tie: nothing in a name alone ranks one above the other


@dataclass(frozen=True)
class Probe:
    given_name: str = ""
    family_name: str = ""
    date_of_birth: datetime.date | None = None
    phone: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)


@dataclass
class Candidate:
    survivor: Survivor
    score: float
    reasons: list[str] = field(default_factory=list)
    complete: bool = False  # agrees with everything the probe gives
    suggested: bool = False  # enough to show: over the threshold, and no rule of `score` against it


@dataclass
class Suggestions:
    """What the check shows, best first, and the records it held back (`tied`): with only a name to go on (no birth
    date, no phone), several records whose different names are equally near it and nothing tells apart. Intake
    and the API ask for the birth date then; a legacy import, which cannot ask a file for one, has a person review
    them instead (`to_review`)."""

    candidates: list[Candidate]
    tied: list[Candidate] = field(default_factory=list)

    @property
    def held_back(self) -> int:
        return len(self.tied)

    @property
    def to_review(self) -> list[Candidate]:
        """What a person must look at before a new record is made: the suggestions, or else the tied records."""
        return self.candidates or self.tied


@dataclass(frozen=True)
class Lookup:
    """Survivors whose `column` (in the match keys or the survivors themselves) equals `value` in the agency."""

    model: type[Survivor] | type[SurvivorMatchKey]
    column: str
    value: int | str
    weight: int  # the evidence a shared value stands for (people/blocking.py)

    @property
    def index(self) -> str:
        """The index led by (agency, column) that answers the lookup."""
        return _INDEXES[self.column]


_INDEXES = {"key": "people_matchkey_lookup", "dob_index": "people_survivor_dob", "phone_index": "people_survivor_phone"}


def _lookups(agency_id: UUID, probe: Probe, keyer: blocking.MatchKeyer) -> list[Lookup]:
    """What to look up for a probe: each of its blocking keys, its birth-date index and its phone index."""
    lookups = [
        Lookup(SurvivorMatchKey, "key", key, weight)
        for key, weight in keyer.probe(probe.given_name, probe.family_name).items()
    ]
    if probe.date_of_birth is not None:
        dob = blind.date_index(probe.date_of_birth, scope_id=agency_id, purpose="survivor.dob")
        lookups.append(Lookup(Survivor, "dob_index", dob, blocking.SAME_BIRTH_DATE))
    if probe.phone and (phone := blind.phone_index(probe.phone, scope_id=agency_id, purpose="survivor.phone")):
        lookups.append(Lookup(Survivor, "phone_index", phone, blocking.SAME_PHONE))
    return lookups


def blocking_statement(agency_id: UUID, lookups: list[Lookup]) -> tuple[str, list[Any]]:
    """The one statement that finds a probe's candidates: a UNION ALL of the lookups, each an equality on an index
    led by the agency (`people_matchkey_lookup`, `people_survivor_dob`, `people_survivor_phone`) with its own LIMIT,
    so a key shared by thousands of people costs KEY_CAP rows, not a scan, a count and a sort. Each row is (the
    lookup's number, a survivor id). Written out here because Django cannot put a LIMIT inside a UNION on SQLite,
    and compiling a queryset per key took longer than running the statement.

    SQLite is told the index (`INDEXED BY`): after ANALYZE it knows only the average number of rows per value, and
    a column that is mostly empty (phones) then looks unselective, so it scanned the agency's people for every
    probe with a phone. PostgreSQL's statistics know the common values and pick the index by themselves."""
    connection = connections[Survivor.objects.db]
    quote = connection.ops.quote_name
    agency = Survivor._meta.get_field("agency").get_db_prep_value(agency_id, connection)
    parts, params = [], []
    for number, lookup in enumerate(lookups):
        person = "survivor_id" if lookup.model is SurvivorMatchKey else "id"
        table = quote(lookup.model._meta.db_table)
        if connection.vendor == "sqlite":
            table += f" INDEXED BY {quote(lookup.index)}"
        parts.append(
            f"SELECT * FROM (SELECT {number} AS lookup, {quote(person)} AS survivor FROM {table} "  # noqa: S608 — model names and numbers; values are parameters  # nosec B608
            f"WHERE {quote('agency_id')} = %s AND {quote(lookup.column)} = %s LIMIT {KEY_CAP}) AS lookup_{number}"
        )
        params.extend([agency, lookup.value])
    return " UNION ALL ".join(parts), params


def _blocked_ids(agency_id: UUID, probe: Probe) -> list[UUID]:
    """The survivors sharing the most evidence with the probe (keys, birth date, phone), at most MAX_CANDIDATES."""
    lookups = _lookups(agency_id, probe, blocking.MatchKeyer(scope_id=agency_id))
    if not lookups:
        return []
    sql, params = blocking_statement(agency_id, lookups)
    with connections[Survivor.objects.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    to_uuid = Survivor._meta.get_field("id").to_python  # text on SQLite, a UUID on PostgreSQL
    evidence: dict[UUID, int] = defaultdict(int)
    for number, raw_id in rows:
        evidence[to_uuid(raw_id)] += lookups[number].weight
    return _best(evidence)


def _best(evidence: dict[UUID, int]) -> list[UUID]:
    """Candidates by the evidence they share with the probe, most first (ties keep the order they were found in)."""
    return sorted(evidence, key=evidence.__getitem__, reverse=True)[:MAX_CANDIDATES]


def _part_similarity(ours: str, theirs: str) -> float:
    """One name part against another: edit similarity; raised for one slip of the keyboard (a letter
    dropped, doubled, replaced, or two neighbours swapped) and for names that sound the same and are
    spelled alike (transliterations); for compound names the best matching component, discounted."""
    if not ours or not theirs:
        return 0.0
    if ours == theirs:
        return 1.0
    best = fuzz.ratio(ours, theirs) / 100
    if max(len(ours), len(theirs)) >= TYPO_MIN_LENGTH and OSA.distance(ours, theirs) == 1:
        best = max(best, TYPO)
    if best >= PHONETIC_MIN_RATIO and blind.phonetic_codes(ours) & blind.phonetic_codes(theirs):
        best = max(best, PHONETIC)
    ours_parts, theirs_parts = ours.split(), theirs.split()
    if len(ours_parts) > 1 or len(theirs_parts) > 1:
        best = max(best, COMPOUND * max(fuzz.ratio(a, b) / 100 for a in ours_parts for b in theirs_parts))
    return best


def _name_similarity(probe: Probe, survivor: Survivor) -> float:
    """Given and family names compared part by part, in either order (swapped names)."""
    given, family = blind.normalise_text(probe.given_name), blind.normalise_text(probe.family_name)
    their_given, their_family = (
        blind.normalise_text(survivor.given_name or ""),
        blind.normalise_text(survivor.family_name or ""),
    )
    if not (given or family) or not (their_given or their_family):
        return 0.0
    straight = (_part_similarity(given, their_given), _part_similarity(family, their_family))
    swapped = (_part_similarity(given, their_family), _part_similarity(family, their_given))
    scores = []
    for pair in (straight, swapped):
        known = [value for value, present in zip(pair, (given, family), strict=True) if present]
        if not known:
            continue
        mean = sum(known) / len(known)
        scores.append(mean * 0.8 if min(known) < PART_DIFFERS else mean)  # one part clearly differs
    if survivor.chosen_name and given:
        scores.append(0.9 * _part_similarity(given, blind.normalise_text(survivor.chosen_name)))
    return max(scores, default=0.0)


def _same_family_alike_given(probe: Probe, survivor: Survivor) -> bool:
    """The same family name and given names at least half alike, in either order (a transliterated given name,
    where twins, who share the family name and the birth date, mostly have unlike ones)."""
    given, family = blind.normalise_text(probe.given_name), blind.normalise_text(probe.family_name)
    their_given = blind.normalise_text(survivor.given_name or "")
    their_family = blind.normalise_text(survivor.family_name or "")
    return any(
        ours_family and ours_family == their_family and fuzz.ratio(ours_given, their_given) >= GIVEN_HALF_ALIKE
        for ours_given, ours_family in ((given, family), (family, given))
    )


def _dob_similarity(probe: Probe, survivor: Survivor) -> tuple[float, str]:  # noqa: PLR0911 — one rule a line
    ours, theirs = probe.date_of_birth, survivor.date_of_birth
    if ours is None or theirs is None:
        return DOB_UNKNOWN, ""  # neither for nor against: the name has to carry the match alone
    if ours == theirs:
        return 1.0, "same date of birth"
    if ours.year == theirs.year and ours.month == theirs.day and ours.day == theirs.month:
        return 0.9, "date of birth with day and month swapped"
    if OSA.distance(ours.strftime("%Y%m%d"), theirs.strftime("%Y%m%d")) == 1:
        return 0.75, "date of birth one digit apart"
    if (ours.month, ours.day) == (theirs.month, theirs.day) and abs(ours.year - theirs.year) == 1:
        return 0.6, "birth date one year apart"
    if ours.year == theirs.year and (1, 1) in {(ours.month, ours.day), (theirs.month, theirs.day)}:
        return DOB_UNKNOWN, "same year of birth (1 January often stands for an unknown date)"
    if ours.year == theirs.year:
        return 0.3, "same year of birth"  # a conflicting day and month count against the match
    return 0.0, ""


def score(probe: Probe, survivor: Survivor) -> Candidate:
    """Weighted name and birth-date similarity, and whether that is enough to suggest the record.

    A birth date alone (strangers share one) or a phone alone (survivors often share a controller's, a shelter's
    or a relative's phone) never makes a match. Nor does any pair of signals that are both only close: in an
    agency of 100,000 people nearly every name has a namesake one letter apart, so that a near name must come
    with the same birth date (or a phone), and a birth date that differs (a mistyped digit, day and month swapped,
    1 January for an unknown date) with the same name. A record without a birth date is suggested for a probe
    that gives one only by the same name: it cannot confirm a near name, and at scale such pairs are mostly
    namesakes (measured on the labelled set, BENCHMARKS.md). Names less alike than a near name need the same
    birth date and family name (a transliterated given name)."""
    reasons: list[str] = []
    name = _name_similarity(probe, survivor)
    if name >= SAME_NAME:
        reasons.append("same name")
    elif name >= SIMILAR_NAME:
        reasons.append("similar name")
    dob, dob_reason = _dob_similarity(probe, survivor)
    if dob_reason:
        reasons.append(dob_reason)
    phone_match = bool(
        probe.phone and survivor.phone and blind.normalise_phone(probe.phone) == blind.normalise_phone(survivor.phone)
    )
    if phone_match:
        reasons.append("same phone number")
    total = 0.6 * name + 0.4 * dob if probe.full_name else 0.4 * dob
    if phone_match and (name >= SIMILAR_NAME or dob >= 0.75):  # noqa: PLR2004 — a close birth date
        total = max(total, 0.9)
    either_unknown = probe.date_of_birth is None or survivor.date_of_birth is None
    complete = name >= SAME_NAME and (dob == 1.0 or either_unknown)
    suggested = total >= THRESHOLD and bool(reasons)
    if suggested and not phone_match and name < SAME_NAME:
        if name >= SIMILAR_NAME:
            # a near name needs the same birth date, or a probe without one (intake often has no date yet)
            suggested = dob == 1.0 or probe.date_of_birth is None
        else:
            # less alike still: the same birth date and family name, and given names at least half alike
            suggested = dob == 1.0 and _same_family_alike_given(probe, survivor)
    return Candidate(survivor=survivor, score=round(total, 3), reasons=reasons, complete=complete, suggested=suggested)


def find_duplicates(agency_id: UUID, probe: Probe, *, limit: int = 5) -> list[Candidate]:
    """Likely existing survivors of this agency for the probe, best first, with why each matched (`check`'s
    candidates; the tied records it holds back are not among them)."""
    return check(agency_id, probe, limit=limit).candidates


def check(agency_id: UUID, probe: Probe, *, limit: int = 5) -> Suggestions:
    """Likely existing survivors of this agency for the probe, best first, and how many were held back.

    When a record agrees with everything the probe gives (same name, and the same birth date where both
    are known), weaker look-alikes are dropped unless they are strong matches themselves: the exact record
    explains the probe, and a near name without a birth date to tell them apart is then most likely a
    namesake. When the probe gives only a name, no record has it and several records with different names are
    equally near it, none is suggested (see `_rank`)."""
    if not (probe.full_name or probe.phone):
        return Suggestions([])  # a birth date alone is shared by strangers
    ids = _blocked_ids(agency_id, probe)
    if not ids:
        return Suggestions([])
    return _rank(probe, Survivor.objects.filter(agency_id=agency_id, pk__in=ids), limit)


def _rank(probe: Probe, survivors: Iterable[Survivor], limit: int) -> Suggestions:
    """The suggested candidates, best first. A probe that gives only a name (no birth date, no phone) and matches
    no record's name exactly is explained by the nearest names only (within TIED of the best): lower ones are
    dropped, as look-alikes are beside an exact match. When those nearest are different names, it suggests none
    and holds them back: one slip of the keyboard from "Tanro" is "Danro" as well as "Tanra", and listing them
    shows the intake worker other survivors' names on evidence that fits each of them equally (at a million people
    in one agency such ties were most of the wrong suggestions: BENCHMARKS.md). A birth date tells them apart, so
    the intake form asks for one."""
    candidates = [score(probe, s) for s in survivors]
    matches = sorted((c for c in candidates if c.suggested), key=lambda c: c.score, reverse=True)
    if any(c.complete for c in matches):
        matches = [c for c in matches if c.complete or c.score >= STRONG]
    elif matches and probe.date_of_birth is None and not probe.phone:
        matches = [c for c in matches if c.score >= matches[0].score - TIED]
        if len({_name_of(c.survivor) for c in matches}) > 1:
            return Suggestions([], tied=matches[:limit])
    return Suggestions(matches[:limit])


def _name_of(survivor: Survivor) -> tuple[str, str]:
    return blind.normalise_text(survivor.given_name or ""), blind.normalise_text(survivor.family_name or "")


_CHUNK = 500


def _rows_with(
    agency_id: UUID, model: type[Survivor] | type[SurvivorMatchKey], column: str, person: str, values: list[Any]
) -> Iterator[tuple[Any, UUID]]:
    """(value, survivor id) of the agency's rows whose `column` is one of `values`, _CHUNK values a statement.
    Written out (the statement `filter(column__in=...)` compiles to) because an import runs thousands of these,
    each with 500 values, and building them through the ORM took longer than running them."""
    if not values:
        return
    connection = connections[model.objects.db]
    quote = connection.ops.quote_name
    agency = Survivor._meta.get_field("agency").get_db_prep_value(agency_id, connection)
    to_uuid = Survivor._meta.get_field("id").to_python  # text on SQLite, a UUID on PostgreSQL
    with connection.cursor() as cursor:
        for chunk in _chunks(values):
            cursor.execute(
                f"SELECT {quote(column)}, {quote(person)} FROM {quote(model._meta.db_table)} "  # noqa: S608 — model names; values are parameters  # nosec B608
                f"WHERE {quote('agency_id')} = %s AND {quote(column)} IN ({', '.join(['%s'] * len(chunk))})",
                [agency, *chunk],
            )
            for value, pk in cursor.fetchall():
                yield value, to_uuid(pk)


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def find_duplicates_many(
    agency_id: UUID,
    probes: list[Probe],
    *,
    limit: int = 5,
    exclude: Collection[UUID] = (),
    keyer: blocking.MatchKeyer | None = None,
) -> list[Suggestions]:
    """`check` for many probes at once (legacy imports): the same lookups, caps, ranking and scoring, with a few
    queries per batch instead of one or two per probe. Survivors in `exclude` are never suggested. `keyer` is the
    job's own when it has one (it remembers the keys of single names)."""
    keyer = keyer or blocking.MatchKeyer(scope_id=agency_id)
    wanted = [_lookups(agency_id, probe, keyer) if probe.full_name or probe.phone else [] for probe in probes]
    found: dict[tuple[str, int | str], list[UUID]] = {}
    sources = ((SurvivorMatchKey, "key", "survivor_id"), (Survivor, "dob_index", "id"), (Survivor, "phone_index", "id"))
    for model, column, person in sources:
        values = sorted({lookup.value for lookups in wanted for lookup in lookups if lookup.column == column})
        for value, pk in _rows_with(agency_id, model, column, person, values):
            hits = found.setdefault((column, value), [])
            if len(hits) < KEY_CAP:  # the cap of one probe's statement
                hits.append(pk)
    blocked: list[list[UUID]] = []
    for lookups in wanted:
        evidence: dict[UUID, int] = defaultdict(int)
        for lookup in lookups:
            for pk in found.get((lookup.column, lookup.value), ()):
                evidence[pk] += lookup.weight
        blocked.append(_best({pk: n for pk, n in evidence.items() if pk not in exclude}))
    survivors: dict[UUID, Survivor] = {}
    for chunk in _chunks(sorted({str(pk) for ids in blocked for pk in ids})):
        survivors.update((s.pk, s) for s in Survivor.objects.filter(agency_id=agency_id, pk__in=chunk))
    return [
        _rank(probe, [survivors[pk] for pk in ids if pk in survivors], limit) if ids else Suggestions([])
        for probe, ids in zip(probes, blocked, strict=True)
    ]
