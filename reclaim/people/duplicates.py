"""Duplicate check at intake: block on blind indexes, score decrypted candidates in memory.

Blocking never decrypts a table: it finds the agency's survivors who share a birth-date index, a phone
index, or at least one blind-indexed name token (exact part or phonetic code). Only those candidates
(at most MAX_CANDIDATES) are decrypted and scored with rapidfuzz. Other agencies are never searched.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from reclaim.core import blind
from reclaim.people.models import NAME_PARTS_INDEX_PURPOSE, Survivor, SurvivorNameToken

if TYPE_CHECKING:
    import datetime
    from collections.abc import Collection, Iterable, Iterator
    from uuid import UUID

MAX_CANDIDATES = 200
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
STRONG = 0.9  # kept beside an exact match: e.g. the same birth date and a close name


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


def _blocked_ids(agency_id: UUID, probe: Probe) -> list[UUID]:
    """Survivors sharing the birth-date or phone index first, then those sharing the most name tokens."""
    conditions = Q()
    if probe.date_of_birth is not None:
        conditions |= Q(dob_index=blind.date_index(probe.date_of_birth, scope_id=agency_id, purpose="survivor.dob"))
    if probe.phone and (phone := blind.phone_index(probe.phone, scope_id=agency_id, purpose="survivor.phone")):
        conditions |= Q(phone_index=phone)
    ids: dict[UUID, None] = {}  # ordered: an exact birth date or phone is never crowded out by name tokens
    if conditions:
        ids.update(
            dict.fromkeys(
                Survivor.objects.filter(conditions, agency_id=agency_id).values_list("id", flat=True)[:MAX_CANDIDATES]
            )
        )
    tokens = blind.name_token_indexes(probe.full_name, scope_id=agency_id, purpose=NAME_PARTS_INDEX_PURPOSE)
    if tokens:
        by_tokens = (
            SurvivorNameToken.objects.filter(agency_id=agency_id, token__in=tokens)
            .values("survivor_id")
            .annotate(shared=Count("id"))
            .order_by("-shared")
            .values_list("survivor_id", flat=True)[:MAX_CANDIDATES]
        )
        ids.update(dict.fromkeys(by_tokens))
    return list(ids)[:MAX_CANDIDATES]


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
    """Weighted name and birth-date similarity. A birth date alone (strangers share one) or a phone alone
    (survivors often share a controller's, a shelter's or a relative's phone) never makes a match."""
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
    return Candidate(survivor=survivor, score=round(total, 3), reasons=reasons, complete=complete)


def find_duplicates(agency_id: UUID, probe: Probe, *, limit: int = 5) -> list[Candidate]:
    """Likely existing survivors of this agency for the probe, best first, with why each matched.

    When a record agrees with everything the probe gives (same name, and the same birth date where both
    are known), weaker look-alikes are dropped unless they are strong matches themselves: the exact record
    explains the probe, and a near name without a birth date to tell them apart is then most likely a
    namesake."""
    if not (probe.full_name or probe.phone):
        return []  # a birth date alone is shared by strangers
    ids = _blocked_ids(agency_id, probe)
    if not ids:
        return []
    return _rank(probe, Survivor.objects.filter(agency_id=agency_id, pk__in=ids), limit)


def _rank(probe: Probe, survivors: Iterable[Survivor], limit: int) -> list[Candidate]:
    candidates = [score(probe, s) for s in survivors]
    matches = sorted((c for c in candidates if c.score >= THRESHOLD and c.reasons), key=lambda c: c.score, reverse=True)
    if any(c.complete for c in matches):
        matches = [c for c in matches if c.complete or c.score >= STRONG]
    return matches[:limit]


_CHUNK = 500


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def find_duplicates_many(
    agency_id: UUID,
    probes: list[Probe],
    *,
    limit: int = 5,
    exclude: Collection[UUID] = (),
    name_tokens: blind.NameTokenIndexer | None = None,
) -> list[list[Candidate]]:
    """`find_duplicates` for many probes at once (legacy imports): the same blocking keys and the same scoring,
    with a few queries per batch instead of a few per probe. Survivors in `exclude` are never suggested.
    `name_tokens` is the job's indexer of `survivor.name_token` when it has one (it remembers name parts)."""
    tokens_of = name_tokens or blind.NameTokenIndexer(scope_id=agency_id, purpose=NAME_PARTS_INDEX_PURPOSE)
    keys = []
    for probe in probes:
        dob = blind.date_index(probe.date_of_birth, scope_id=agency_id, purpose="survivor.dob")
        phone = blind.phone_index(probe.phone, scope_id=agency_id, purpose="survivor.phone") if probe.phone else ""
        tokens = tokens_of(probe.full_name)
        keys.append((dob, phone, tokens))
    by_dob: dict[str, list[UUID]] = {}
    by_phone: dict[str, list[UUID]] = {}
    by_token: dict[str, list[UUID]] = {}
    for chunk in _chunks(sorted({k[0] for k in keys if k[0]})):
        for key, pk in Survivor.objects.filter(agency_id=agency_id, dob_index__in=chunk).values_list("dob_index", "id"):
            by_dob.setdefault(key, []).append(pk)
    for chunk in _chunks(sorted({k[1] for k in keys if k[1]})):
        rows = Survivor.objects.filter(agency_id=agency_id, phone_index__in=chunk).values_list("phone_index", "id")
        for key, pk in rows:
            by_phone.setdefault(key, []).append(pk)
    for chunk in _chunks(sorted({t for k in keys for t in k[2]})):
        token_rows = SurvivorNameToken.objects.filter(agency_id=agency_id, token__in=chunk).values_list(
            "token", "survivor_id"
        )
        for key, pk in token_rows:
            by_token.setdefault(key, []).append(pk)
    blocked: list[list[UUID]] = []
    for probe, (dob, phone, tokens) in zip(probes, keys, strict=True):
        if not (probe.full_name or probe.phone):
            blocked.append([])
            continue
        ids: dict[UUID, None] = dict.fromkeys([*by_dob.get(dob, []), *by_phone.get(phone, [])][:MAX_CANDIDATES])
        shared: Counter[UUID] = Counter(pk for token in tokens for pk in by_token.get(token, []))
        ids.update(dict.fromkeys(pk for pk, _n in shared.most_common(MAX_CANDIDATES)))
        blocked.append([pk for pk in list(ids)[:MAX_CANDIDATES] if pk not in exclude])
    wanted = sorted({str(pk) for ids in blocked for pk in ids})
    survivors: dict[UUID, Survivor] = {}
    for chunk in _chunks(wanted):
        survivors.update((s.pk, s) for s in Survivor.objects.filter(agency_id=agency_id, pk__in=chunk))
    return [
        _rank(probe, [survivors[pk] for pk in ids if pk in survivors], limit) if ids else []
        for probe, ids in zip(probes, blocked, strict=True)
    ]
