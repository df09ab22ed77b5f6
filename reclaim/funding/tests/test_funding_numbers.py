"""Burn-down, cost per service and the funding gap against the hand-computed fixture (fixtures.py)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.accounts.models import Agency
from reclaim.core.models import AuditEvent
from reclaim.core.queries import read_together
from reclaim.funding.selectors import (
    burn_down,
    cost_per_service,
    cost_total_expressions,
    cost_totals_from,
    funding_gaps,
)
from reclaim.funding.tests.fixtures import funding_fixture
from reclaim.plans.actions import GoalData, do_add_planned_service, do_create_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(personas, survivor_a):
    return funding_fixture(personas, survivor_a)


def test_burn_down_numbers(data):
    # given the fixture; when the burn-down is read on 31 March 2026
    result = burn_down(data["g1"], date(2026, 3, 31))
    # then 250 + 180 staff + 300 + 120 direct = 850 of 10,000 spent; 90 of 181 days passed
    assert (result.staff, result.direct, result.spent) == (Decimal("430.00"), Decimal("420.00"), Decimal("850.00"))
    assert result.remaining == Decimal("9150.00")
    assert result.percent_spent == Decimal("8.5")
    assert result.percent_elapsed == Decimal("49.7")
    assert result.in_kind == Decimal("250.00") and result.full_cost == Decimal("1100.00")
    assert result.budgeted == Decimal(11000) and result.lines_exceed_award
    by_line = {line.label: (line.budget, line.spent) for line in result.lines}
    assert by_line == {
        "Advocates": (Decimal(6000), Decimal("250.00")),
        "Direct assistance to survivors": (Decimal(5000), Decimal("300.00")),
        "": (None, Decimal("300.00")),
    }
    months = [(m.month, m.spent, m.cumulative) for m in result.months]
    assert months == [
        (date(2026, 1, 1), Decimal("250.00"), Decimal("250.00")),
        (date(2026, 2, 1), Decimal("480.00"), Decimal("730.00")),
        (date(2026, 3, 1), Decimal("120.00"), Decimal("850.00")),
    ]
    # a cost dated after "today" is not spent yet
    assert burn_down(data["g1"], date(2026, 2, 28)).spent == Decimal("730.00")


def test_cost_per_service_counts_survivors_once(data):
    g1 = data["g1"]
    result = cost_per_service(g1.agency_id, date(2026, 1, 1), date(2026, 6, 30), g1)
    # six services (the voided one and G2's are out), three distinct survivors (S1 had three CBT sessions)
    assert (result.services, result.survivors, result.cash) == (6, 3, Decimal("850.00"))
    assert (result.per_service, result.per_survivor) == (Decimal("141.67"), Decimal("283.33"))
    types = {t.code: (t.services, t.survivors, t.cost) for t in result.types}
    # shared 730 split 4:2; the 120 tagged psychological support goes to CBT alone
    assert types == {
        "education.esl": (2, 2, Decimal("243.33")),
        "psychological_support.cbt": (4, 2, Decimal("606.67")),
    }
    assert result.unallocated == Decimal("0.00") and result.in_kind == Decimal("250.00")
    # the first quarter leaves out the 30 June service (period edge), keeps the 1 January one
    first_quarter = cost_per_service(g1.agency_id, date(2026, 1, 1), date(2026, 3, 31), g1)
    assert (first_quarter.services, first_quarter.survivors) == (5, 3)
    # every grant: G2's July service is in, its survivor still counted once
    everything = cost_per_service(g1.agency_id, date(2026, 1, 1), date(2026, 12, 31))
    assert (everything.services, everything.survivors, everything.cash) == (7, 3, Decimal("850.00"))


@pytest.mark.parametrize(
    ("start", "end"), [(date(2026, 1, 1), date(2026, 3, 31)), (date(2026, 1, 1), date(2026, 12, 31))]
)
def test_cost_totals_read_in_one_statement_are_cost_per_services(data, start, end):
    # given the fixture; when the totals the program dashboard reads beside its own numbers are read
    agency_id = data["g1"].agency_id
    totals = cost_totals_from(
        read_together(Agency.objects.filter(pk=agency_id), **cost_total_expressions(agency_id, start, end))
    )
    # then they are cost_per_service's over every grant (cash = staff time and every direct cost)
    full = cost_per_service(agency_id, start, end)
    assert (totals.cash, totals.in_kind, totals.survivors) == (full.cash, full.in_kind, full.survivors)
    assert (totals.per_survivor, totals.full_cost) == (full.per_survivor, full.full_cost)
    assert totals.cash > 0 and totals.survivors == 3


def test_funding_gap_counts_distinct_survivors(data, personas):
    worker = personas["case_manager"]
    c1, c2, c3 = data["cases"]
    goals = {}
    for case in (c1, c2, c3):
        goals[case.pk] = do_create_plan(
            actor=worker, case=case, goals=[GoalData(staff_wording="Safe home")]
        ).goals.get()
    do_add_planned_service(actor=worker, goal=goals[c1.pk], service_category="housing_shelter")
    do_add_planned_service(actor=worker, goal=goals[c1.pk], service_type="housing_shelter.emergency")
    do_add_planned_service(actor=worker, goal=goals[c2.pk], service_category="housing_shelter")
    do_add_planned_service(actor=worker, goal=goals[c3.pk], service_category="education")  # G2 covers it
    do_add_planned_service(actor=worker, goal=goals[c3.pk], service_type="psychological_support.cbt")
    gaps = {row.code: (row.planned, row.survivors) for row in funding_gaps(c1.agency_id, date(2026, 11, 28))}
    assert gaps == {"housing_shelter": (3, 2), "psychological_support": (1, 1)}
    # the page: exact counts for the director, suppressed for the analyst
    director_page = login_client(personas["program_director"]).get(reverse("funding:gaps")).content.decode()
    analyst_page = login_client(personas["analyst"]).get(reverse("funding:gaps")).content.decode()
    assert "fewer than" not in director_page and "fewer than 11" in analyst_page
    api = login_client(personas["analyst"]).get("/api/v1/funding/gaps").json()
    assert api["suppressed_below"] == 11 and all(g["distinct_survivors"] is None for g in api["gaps"])


def test_burn_down_page_chart_csv_and_audit(data, personas):
    g1 = data["g1"]
    analyst = login_client(personas["analyst"])
    page = analyst.get(reverse("funding:burn_down", args=[g1.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "850.00" in html and "9150.00" in html
    assert AuditEvent.objects.filter(action="funding.aggregate_read", object_id=str(g1.pk)).exists()
    rows = list(csv.reader(io.StringIO(analyst.get(reverse("funding:burn_down_csv", args=[g1.pk])).content.decode())))
    months = [row for row in rows if row[0] == "month"]
    assert months[0][1] == "2026-01" and months[2][6] == "850.00"
    api = analyst.get(f"/api/v1/grants/{g1.pk}/burn-down").json()
    assert api["spent"] == "850.00" and api["budget_lines_exceed_award"] is True
    # staff pay rows stay with managers
    assert analyst.get(reverse("funding:staff_time", args=[g1.pk])).status_code == 403
    assert analyst.get(f"/api/v1/grants/{g1.pk}/staff-time").status_code == 403


def test_cost_per_service_page_and_csv(data, personas):
    g1 = data["g1"]
    director = login_client(personas["program_director"])
    query = {"grant": str(g1.pk), "start": "2026-01-01", "end": "2026-06-30"}
    page = director.get(reverse("funding:cost_per_service"), query)
    assert page.status_code == 200 and "606.67" in page.content.decode()
    rows = list(csv.reader(io.StringIO(director.get(reverse("funding:cost_per_service_csv"), query).content.decode())))
    assert rows[0][:4] == ["service_type", "label", "services", "distinct_survivors"]
    assert ["psychological_support.cbt", rows[2][1], "4", "2", "606.67", "151.67", "303.34"] == rows[2]
    api = director.get("/api/v1/funding/cost-per-service", query).json()
    assert api["distinct_survivors"] == 3 and api["cash_cost"] == "850.00"
    bad = director.get(reverse("funding:cost_per_service"), {"start": "2026-05-01", "end": "2026-01-01"})
    assert "end" in bad.context["form"].errors
