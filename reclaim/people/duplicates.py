"""Duplicate check at intake: block on blind indexes, score decrypted candidates in memory.

Blocking never decrypts a table: it finds the agency's survivors who share a birth-date index, a phone
index, or at least one blind-indexed name token (exact part or phonetic code). Only those candidates
(at most MAX_CANDIDATES) are decrypted and scored with rapidfuzz. Other agencies are never searched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from rapidfuzz import fuzz

from reclaim.core import blind
from reclaim.people.models import Survivor, SurvivorNameToken

if TYPE_CHECKING:
    import datetime
    from uuid import UUID

MAX_CANDIDATES = 200
THRESHOLD = 0.76  # a name alone (0.6) is not enough when both birth dates are known and differ


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


def _blocked_ids(agency_id: UUID, probe: Probe) -> list[UUID]:
    conditions = Q()
    if probe.date_of_birth is not None:
        conditions |= Q(dob_index=blind.date_index(probe.date_of_birth, scope_id=agency_id, purpose="survivor.dob"))
    if probe.phone and (phone := blind.phone_index(probe.phone, scope_id=agency_id, purpose="survivor.phone")):
        conditions |= Q(phone_index=phone)
    ids: set[UUID] = set()
    if conditions:
        ids.update(
            Survivor.objects.filter(conditions, agency_id=agency_id).values_list("id", flat=True)[:MAX_CANDIDATES]
        )
    tokens = blind.name_token_indexes(probe.full_name, scope_id=agency_id, purpose="survivor.name_token")
    if tokens:
        by_tokens = (
            SurvivorNameToken.objects.filter(agency_id=agency_id, token__in=tokens)
            .values("survivor_id")
            .annotate(shared=Count("id"))
            .order_by("-shared")
            .values_list("survivor_id", flat=True)[:MAX_CANDIDATES]
        )
        ids.update(by_tokens)
    return list(ids)[:MAX_CANDIDATES]


def _part_similarity(ours: str, theirs: str) -> float:
    """One name part against another: edit similarity, raised when they sound the same
    (transliterations), and for compound names the best matching component, slightly discounted."""
    if not ours or not theirs:
        return 0.0
    best = fuzz.ratio(ours, theirs) / 100
    if best >= 0.6 and blind.phonetic_codes(ours) & blind.phonetic_codes(theirs):  # noqa: PLR2004
        best = max(best, 0.88)
    ours_parts, theirs_parts = ours.split(), theirs.split()
    if len(ours_parts) > 1 or len(theirs_parts) > 1:
        best = max(best, 0.85 * max(fuzz.ratio(a, b) / 100 for a in ours_parts for b in theirs_parts))
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
        scores.append(mean * 0.8 if min(known) < 0.75 else mean)  # noqa: PLR2004 — one part clearly differs
    if survivor.chosen_name and given:
        scores.append(0.9 * _part_similarity(given, blind.normalise_text(survivor.chosen_name)))
    return max(scores, default=0.0)


def _dob_similarity(probe: Probe, survivor: Survivor) -> tuple[float, str]:
    ours, theirs = probe.date_of_birth, survivor.date_of_birth
    if ours is None or theirs is None:
        return 0.55, ""  # unknown: neither for nor against
    if ours == theirs:
        return 1.0, "same date of birth"
    if ours.year == theirs.year and ours.month == theirs.day and ours.day == theirs.month:
        return 0.9, "date of birth with day and month swapped"
    if (ours.month, ours.day) == (theirs.month, theirs.day) and abs(ours.year - theirs.year) == 1:
        return 0.6, "birth date one year apart"
    if ours.year == theirs.year:
        return 0.4, "same year of birth"
    return 0.0, ""


def score(probe: Probe, survivor: Survivor) -> Candidate:
    reasons: list[str] = []
    name = _name_similarity(probe, survivor)
    if name >= 0.97:  # noqa: PLR2004 — bands of a similarity score
        reasons.append("same name")
    elif name >= 0.75:  # noqa: PLR2004
        reasons.append("similar name")
    dob, dob_reason = _dob_similarity(probe, survivor)
    if dob_reason:
        reasons.append(dob_reason)
    phone_match = bool(
        probe.phone and survivor.phone and blind.normalise_phone(probe.phone) == blind.normalise_phone(survivor.phone)
    )
    if phone_match:
        reasons.append("same phone number")
    total = 0.6 * name + 0.4 * dob
    if phone_match:
        total = max(total, 0.9)
    if not probe.full_name:
        total = 0.9 * dob if not phone_match else total
    return Candidate(survivor=survivor, score=round(total, 3), reasons=reasons)


def find_duplicates(agency_id: UUID, probe: Probe, *, limit: int = 5) -> list[Candidate]:
    """Likely existing survivors of this agency for the probe, best first, with why each matched."""
    if not (probe.full_name or probe.date_of_birth or probe.phone):
        return []
    ids = _blocked_ids(agency_id, probe)
    if not ids:
        return []
    candidates = [score(probe, s) for s in Survivor.objects.filter(agency_id=agency_id, pk__in=ids)]
    matches = [c for c in candidates if c.score >= THRESHOLD and c.reasons]
    return sorted(matches, key=lambda c: c.score, reverse=True)[:limit]
