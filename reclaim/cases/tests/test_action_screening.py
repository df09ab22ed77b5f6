"""Screenings: coded indicators at intake and later; the outcome is a person's decision, linked when made."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Count

from reclaim.cases.actions import do_open_case, do_record_screening
from reclaim.cases.models import CaseEvent, Indicator, Screening, ScreeningIndicator, StatusDetermination
from reclaim.core.errors import DomainError


def test_intake_with_indicators_records_a_screening_linked_to_the_status_decided(personas, survivor_a):
    # when a case is opened with indicators ticked and a status decided
    case = do_open_case(
        actor=personas["case_manager"],
        survivor=survivor_a,
        identified_on=date(2026, 3, 2),
        indicators=["debt", "documents_withheld", "debt"],
        screening_tool="tvit_short",
        trafficking_status="PossibleVictimOfTrafficking",
    )
    # then one screening holds each indicator once, by the person who opened the case
    screening = Screening.objects.get(case=case)
    assert sorted(screening.indicators.values_list("code", flat=True)) == ["debt", "documents_withheld"]
    assert (screening.tool, screening.screened_on, screening.screener) == (
        "tvit_short",
        date(2026, 3, 2),
        personas["case_manager"],
    )
    # and its outcome is the determination recorded by a person, not computed from the indicators
    assert screening.determination == StatusDetermination.objects.get(case=case)
    event = CaseEvent.objects.get(case=case, type="screening_recorded")
    assert event.parameters["indicator_count"] == 2
    assert "debt" not in str(event.parameters)


def test_intake_without_indicators_records_no_screening(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    assert not Screening.objects.filter(case=case).exists()


def test_a_screening_without_a_decision_leaves_the_status_history_alone(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    # when a screening with many indicators is recorded and nobody decides anything
    screening = do_record_screening(
        actor=personas["clinician"], case=case, tool="hhs_ahtst", indicators=[i.value for i in Indicator]
    )
    # then no trafficking status appears: indicators suggest, a person decides
    assert screening.determination is None
    assert not StatusDetermination.objects.filter(case=case).exists()
    assert screening.indicators.count() == len(Indicator)


def test_a_screening_with_a_decision_adds_it_to_the_history(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    screening = do_record_screening(
        actor=personas["case_manager"],
        case=case,
        screened_on=date(2026, 4, 1),
        indicators=["threats"],
        trafficking_status="ActualVictimOfTrafficking",
        decided_by="Police",
    )
    determination = StatusDetermination.objects.get(case=case)
    assert screening.determination == determination
    assert (determination.status, determination.decided_by, determination.decided_on) == (
        "ActualVictimOfTrafficking",
        "Police",
        date(2026, 4, 1),
    )


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("indicators", {"indicators": ["debt", "bad-code"]}),
        ("tool", {"tool": "crystal_ball"}),
        ("trafficking_status", {"trafficking_status": "Maybe"}),
        ("decided_by", {"trafficking_status": "PossibleVictimOfTrafficking", "decided_by": "Neighbour"}),
    ],
)
def test_unknown_codes_are_refused_and_nothing_is_saved(personas, survivor_a, field, kwargs):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    with pytest.raises(DomainError) as caught:
        do_record_screening(actor=personas["case_manager"], case=case, **kwargs)
    assert field in caught.value.fields
    assert not Screening.objects.exists()
    assert not ScreeningIndicator.objects.exists()
    assert not StatusDetermination.objects.exists()


def test_indicators_can_be_counted_for_reports(personas, survivor_a):
    # given two screenings across cases
    first = do_open_case(actor=personas["case_manager"], survivor=survivor_a, indicators=["debt", "isolation"])
    do_record_screening(actor=personas["case_manager"], case=first, indicators=["debt"])
    # when the agency's indicators are counted in one query
    counts = dict(
        ScreeningIndicator.objects.filter(agency=first.agency)
        .values("code")
        .annotate(n=Count("id"))
        .values_list("code", "n")
    )
    # then
    assert counts == {"debt": 2, "isolation": 1}
