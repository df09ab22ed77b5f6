"""Pure scoring of outcome-domain ratings (DOMAIN.md §6.2). No database, no Django: property-tested.

- A subdomain is rated 1 (most vulnerable) to 4 (least) or skipped (None).
- A domain's score is the mean of its rated subdomains; a domain with none rated has no score.
- The profile is the domain scores in scale order.
- "Ready for closure" is advisory guidance: with `every_domain`, every domain has a score of at least
  `min_score` (a domain with no score is not ready); otherwise the mean of the domain scores that exist
  reaches `min_score`. Comparisons are exact (fractions), never floating point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

SCORE_MIN = 1
SCORE_MAX = 4
VALID_SCORES = frozenset(range(SCORE_MIN, SCORE_MAX + 1))


class ScoreOutOfRange(ValueError):
    pass


@dataclass(frozen=True)
class ClosureRule:
    min_score: Decimal = Decimal("3.00")
    every_domain: bool = True


@dataclass(frozen=True)
class Readiness:
    ready: bool
    below: tuple[str, ...] = ()  # domain codes with a score under the minimum
    unrated: tuple[str, ...] = ()  # domain codes with no rated subdomain
    overall: Fraction | None = None  # mean of the domain scores that exist


@dataclass(frozen=True)
class Profile:
    domains: dict[str, Fraction | None] = field(default_factory=dict)  # domain code -> score, scale order

    def display(self, code: str) -> Decimal | None:
        return to_display(self.domains.get(code))


def to_display(value: Fraction | None) -> Decimal | None:
    """A score rounded to two places for people and JSON (half up, so 2.995 shows as 3.00 only if it is)."""
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def domain_score(scores: Iterable[int | None]) -> Fraction | None:
    rated = [s for s in scores if s is not None]
    for s in rated:
        if s not in VALID_SCORES:
            raise ScoreOutOfRange(s)
    if not rated:
        return None
    return Fraction(sum(rated), len(rated))


def profile(scores_by_domain: Mapping[str, Sequence[int | None]]) -> Profile:
    """Domain scores in the mapping's order (pass the scale's order)."""
    return Profile({code: domain_score(scores) for code, scores in scores_by_domain.items()})


def overall_score(result: Profile) -> Fraction | None:
    present = [v for v in result.domains.values() if v is not None]
    return sum(present, Fraction(0)) / len(present) if present else None


def readiness(result: Profile, rule: ClosureRule) -> Readiness:
    minimum = Fraction(rule.min_score)
    below = tuple(code for code, v in result.domains.items() if v is not None and v < minimum)
    unrated = tuple(code for code, v in result.domains.items() if v is None)
    overall = overall_score(result)
    if not result.domains:
        return Readiness(ready=False)
    ready = not below and not unrated if rule.every_domain else overall is not None and overall >= minimum
    return Readiness(ready=ready, below=below, unrated=unrated, overall=overall)


def improved(first: Fraction | None, latest: Fraction | None) -> bool | None:
    """Whether a domain improved between two ratings; None when either has no score."""
    if first is None or latest is None:
        return None
    return latest > first
