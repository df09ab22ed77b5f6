"""Blocking keys of the duplicate check: which of an agency's survivors are worth scoring for a probe.

A key is a blind index (keyed HMAC under the agency's own sub-key, kept as a 64-bit integer) of a string made
from the normalised names. The same strings are made for every survivor (stored as `SurvivorMatchKey` rows) and
for a probe, so finding candidates is an indexed equality lookup on (agency, key), one per probe key, each capped.

- `p:a|b`: the given and the family name as a pair, in either order (names typed the wrong way round give the same
  key). Each name also pairs with the other one with a letter deleted ("symmetric deletion"): two names one slip of
  the keyboard apart (a letter dropped, added or replaced, or two neighbours swapped) always share one of these
  keys. The given name pairs with each part of a compound family name too (and the reverse), and the name in use
  with the family name.
- `m:` and `n:`: the pair of Metaphone or NYSIIS codes of the two names, for transliterations.
- `x:part`: a single name part, looked up only for a probe that gives one name.

A pair of names is selective where a single name is not: "Maria" alone can be 3 % of a caseload, "Maria" with a
family name a handful of people. Keys carry no clear text and are never exported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import jellyfish

from reclaim.core import blind

if TYPE_CHECKING:
    from uuid import UUID

MATCH_KEY_PURPOSE = "survivor.match_key"  # the blind-index purpose of SurvivorMatchKey.key
MIN_DELETION_LENGTH = 4  # a shorter name would give keys of one or two letters, and typos of it are rare

# How much sharing one key says about a candidate; a candidate's evidence is the sum over the probe's keys it shares.
SAME_NAMES = 4
NAMES_ONE_SLIP_APART = 2
SAME_BIRTH_DATE = 3
SAME_PHONE = 2
NAMES_SOUND_ALIKE = 1
ONE_NAME = 1


def _pair(a: str, b: str) -> str:
    return "p:" + "|".join(sorted((a, b)))


def _deletions(value: str) -> set[str]:
    if len(value) < MIN_DELETION_LENGTH:
        return set()
    return {value[:i] + value[i + 1 :] for i in range(len(value))}


def _codes(value: str) -> tuple[str, str]:
    """Metaphone and NYSIIS of a whole name (parts joined); a name without Latin letters has none."""
    ascii_value = value.encode("ascii", "ignore").decode("ascii").replace(" ", "")
    if not ascii_value:
        return "", ""
    return jellyfish.metaphone(ascii_value), jellyfish.nysiis(ascii_value)


def _name_pairs(given: str, family: str) -> dict[str, int]:
    """The strings of a given and a family name, each with the evidence it stands for."""
    strings: dict[str, int] = {}
    for part in _deletions(given):
        strings[_pair(part, family)] = NAMES_ONE_SLIP_APART
    for part in _deletions(family):
        strings[_pair(given, part)] = NAMES_ONE_SLIP_APART
    given_parts, family_parts = given.split(), family.split()
    if len(family_parts) > 1:
        strings.update(dict.fromkeys((_pair(given, part) for part in family_parts), NAMES_ONE_SLIP_APART))
    if len(given_parts) > 1:
        strings.update(dict.fromkeys((_pair(part, family) for part in given_parts), NAMES_ONE_SLIP_APART))
    for prefix, ours, theirs in zip("mn", _codes(given), _codes(family), strict=True):
        if ours and theirs:
            strings[f"{prefix}:" + "|".join(sorted((ours, theirs)))] = NAMES_SOUND_ALIKE
    strings[_pair(given, family)] = SAME_NAMES
    return strings


def stored_strings(given_name: str | None, family_name: str | None, chosen_name: str | None) -> set[str]:
    """The strings whose keys a survivor with these names is stored under."""
    given, family, chosen = (blind.normalise_text(v or "") for v in (given_name, family_name, chosen_name))
    strings = {f"x:{part}" for name in (given, family, chosen) for part in name.split()}
    if given and family:
        strings.update(_name_pairs(given, family))
    if chosen and family:
        strings.add(_pair(chosen, family))
    return strings


def probe_strings(given_name: str, family_name: str) -> dict[str, int]:
    """The strings to look up for a probe, each with the evidence it stands for. Single names only when the probe
    gives one name: beside a pair they would add thousands of rows and nothing selective."""
    given, family = blind.normalise_text(given_name), blind.normalise_text(family_name)
    if given and family:
        return _name_pairs(given, family)
    return {f"x:{part}": ONE_NAME for part in (given or family).split()}


class MatchKeyer:
    """Turns strings into an agency's keys. A bulk job (an import, the demo) keeps one for its whole run, so each
    single name and phonetic pair, shared by many people, is HMACed once (pairs of names are mostly one person's
    and are not kept). It holds name strings in memory, so it lives no longer than the job."""

    def __init__(self, *, scope_id: UUID) -> None:
        self.scope_id = scope_id
        self._keys: dict[str, int] = {}
        self._key = blind.blind_keyer(scope_id=scope_id, purpose=MATCH_KEY_PURPOSE)

    def __call__(self, string: str) -> int:
        key = self._keys.get(string)
        if key is None:
            key = self._key(string)
            if not string.startswith("p:"):
                self._keys[string] = key
        return key

    def stored(self, given_name: str | None, family_name: str | None, chosen_name: str | None) -> set[int]:
        return {self(s) for s in stored_strings(given_name, family_name, chosen_name)}

    def probe(self, given_name: str, family_name: str) -> dict[int, int]:
        keys: dict[int, int] = {}
        for string, weight in probe_strings(given_name, family_name).items():
            key = self(string)
            keys[key] = max(weight, keys.get(key, 0))
        return keys
