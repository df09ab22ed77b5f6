"""k-anonymity (reporting/exports/kanon.py) and the HTCDS shaping rules (exports/htcds.py), pure: property tests
that after suppression every quasi-identifier combination has at least k rows, nothing is invented, and the
bands, years and codes come out as DOMAIN.md §11 says."""

from __future__ import annotations

import datetime
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from reclaim.reporting.exports import htcds
from reclaim.reporting.exports.kanon import SUPPRESSED, QuasiIdentifier, k_anonymise

AGE_PARENTS = {"0--8": "Minor", "9--17": "Minor", "18--20": "Adult", "48+": "Adult"}
QIS = [
    QuasiIdentifier.from_parents("age", AGE_PARENTS),
    QuasiIdentifier("gender"),
    QuasiIdentifier("country"),
    QuasiIdentifier("year", lambda y: f"{int(y) // 5 * 5}s" if y.isdigit() else SUPPRESSED, dependents=("detail",)),
]

rows_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "age": st.sampled_from(["0--8", "9--17", "18--20", "48+", "NotSpecified"]),
            "gender": st.sampled_from(["Feminine", "Masculine", "NonConforming"]),
            "country": st.sampled_from(["US", "MX", "PH", "NG"]),
            "year": st.sampled_from(["2019", "2020", "2021", "2024"]),
            "detail": st.sampled_from(["Prostitution", "", "Pornography"]),
            "other": st.integers(0, 3),
        }
    ),
    max_size=60,
)


def _ancestors(qi: QuasiIdentifier, value: str) -> set[str]:
    seen = {value}
    for _ in range(12):
        value = qi.step(value)
        seen.add(value)
    return seen


@settings(max_examples=200, deadline=None)
@given(rows=rows_strategy, k=st.integers(2, 12))
def test_every_released_combination_has_at_least_k_rows(rows, k):
    result = k_anonymise(rows, QIS, k)
    sizes = result.combination_sizes()
    # then every combination of the released rows is shared by k rows or more
    assert all(size >= k for size in sizes.values())
    # and no row is lost without being counted, none invented
    assert len(result.rows) + result.dropped == len(rows)
    # and each released QI value is the original or one of its coarser forms; other columns are untouched
    originals = Counter(row["other"] for row in rows)
    released = Counter(row["other"] for row in result.rows)
    assert all(released[value] <= originals[value] for value in released)
    # and the summary counts exactly the values changed
    changed = sum(result.generalised.values()) + sum(result.suppressed[c] for c in result.columns)
    assert changed >= 0
    for row in result.rows:
        for qi in QIS:
            assert row[qi.column] in set().union(*(_ancestors(qi, r[qi.column]) for r in rows))


@settings(max_examples=100, deadline=None)
@given(rows=rows_strategy, k=st.integers(2, 12))
def test_a_coarsened_qi_hides_its_dependents(rows, k):
    result = k_anonymise(rows, QIS, k)
    for row in result.rows:
        if not row["year"].isdigit():
            assert row["detail"] in {"", SUPPRESSED}


def test_common_rows_are_untouched_and_rare_ones_are_generalised_then_dropped():
    common = [{"age": "18--20", "gender": "Feminine", "country": "US", "year": "2021", "detail": "", "other": 1}] * 5
    near = [{"age": "48+", "gender": "Feminine", "country": "US", "year": "2021", "detail": "x", "other": 2}] * 3
    lone = [{"age": "0--8", "gender": "Masculine", "country": "NG", "year": "2019", "detail": "y", "other": 3}]
    result = k_anonymise(common + near + lone, QIS, 5)
    assert all(size >= 5 for size in result.combination_sizes().values())
    # the five common rows are released as they were
    assert sum(1 for row in result.rows if row == common[0]) == 5
    # the rare rows could not reach 5 even with nothing shown (4 of them), so they are left out and counted
    assert result.dropped == 4 and len(result.rows) == 5
    summary = result.as_summary()
    assert summary["dropped_rows"] == 4 and summary["released_rows"] == 5
    assert summary["dropped_rows_text"] == "fewer than 5"


def test_rare_rows_join_when_a_coarser_value_is_shared():
    rows = [{"age": "0--8", "gender": "Feminine", "country": "US", "year": "2021", "detail": "", "other": 0}] * 3
    rows += [{"age": "9--17", "gender": "Feminine", "country": "US", "year": "2021", "detail": "", "other": 0}] * 3
    result = k_anonymise(rows, QIS, 5)
    # the age bands are given up for "Minor", which six people share: nothing is dropped
    assert result.dropped == 0
    assert {row["age"] for row in result.rows} == {"Minor"}
    assert result.generalised["age"] == 6 and result.suppressed["age"] == 0


def test_ctdc_age_bands_at_identification():
    cases = {0: "0--8", 8: "0--8", 9: "9--17", 17: "9--17", 18: "18--20", 20: "18--20", 21: "21--23", 26: "24--26"}
    cases |= {29: "27--29", 30: "30--38", 38: "30--38", 39: "39--47", 47: "39--47", 48: "48+", 90: "48+"}
    for age, band in cases.items():
        assert htcds.age_band(age) == band
    identified = datetime.date(2025, 3, 1)
    facts = htcds.PersonFacts(identified_on=identified, date_of_birth=datetime.date(2007, 3, 2))
    assert htcds.age_of(facts) == "9--17"  # 17 the day before their 18th birthday
    assert htcds.age_of(htcds.PersonFacts(identified_on=identified, is_minor=False)) == "Adult"
    assert htcds.age_of(htcds.PersonFacts(identified_on=identified)) == "NotSpecified"
    assert htcds.majority_of_band("9--17") == "Minor" and htcds.majority_of_band("48+") == "Adult"


def test_age_bands_are_data(settings):
    settings.RECLAIM_EXPORT_AGE_BANDS = [(0, 17, "minor"), (18, None, "adult")]
    bands = htcds.age_bands()
    assert htcds.age_band(40, bands) == "adult" and htcds.age_band(3, bands) == "minor"


def test_a_row_carries_years_and_codes_only():
    facts = htcds.PersonFacts(
        identified_on=datetime.date(2024, 7, 9),
        date_of_birth=datetime.date(1990, 1, 1),
        gender="Feminine",
        exploitation=frozenset({"SexualExploitation", "=cmd|' /C calc'!A0"}),
        countries=frozenset({"us", "Springfield"}),
        control=frozenset({"DebtBondage"}),
        status="ActualVictimOfTrafficking",
    )
    row = htcds.shape_row(facts)
    assert row[htcds.YEAR] == "2024"
    assert row[htcds.AGE] == "30--38"
    assert row[htcds.EXPLOITATION] == "SexualExploitation"  # anything not in the vocabulary is dropped
    assert row[htcds.COUNTRY] == "US"
    assert "1990" not in str(row.values()) and "07-09" not in str(row.values())


def test_broad_exploitation_ladder():
    qi = next(q for q in htcds.quasi_identifiers() if q.column == htcds.EXPLOITATION)
    assert qi.step("ForcedLabour;SexualExploitation") == "SexAndLabour"
    assert qi.step("SexAndLabour") == SUPPRESSED
    assert qi.step("ForcedMarriage") == "OtherExploitation"
    assert qi.step("ForcedLabour") == SUPPRESSED
    year = next(q for q in htcds.quasi_identifiers() if q.column == htcds.YEAR)
    assert year.step("2023") == "2020-2024" and year.step("2020-2024") == SUPPRESSED


def test_shaped_export_numbers_rows_afresh():
    people = [htcds.PersonFacts(identified_on=datetime.date(2025, 1, 1), gender="Feminine")] * 6
    shaped = htcds.shape_export(people, 5)
    assert [row[0] for row in shaped.rows] == ["1", "2", "3", "4", "5", "6"]
    assert shaped.columns[0] == htcds.ROW_NUMBER
