"""Legal outcomes: relief counts distinct survivors on the day of the granting step, open matters and
deadlines for a period, small cells suppressed for viewers who may not read every case, a CSV safe from
spreadsheet formulas, and relief obtained on the case overview."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from conftest import login_client, page_and_queries
from reclaim.cases.actions import do_decide_approval, do_open_case, do_request_approval
from reclaim.cases.models import Case, CaseAssignment
from reclaim.legal.actions import (
    do_add_deadline,
    do_advance_step,
    do_close_matter,
    do_complete_deadline,
    do_open_matter,
)
from reclaim.legal.models import MatterType, StepDefinition
from reclaim.legal.outcomes import relief_counts, relief_for_case, shown
from reclaim.legal.tests.conftest import shipped
from reclaim.legal.tests.le_support import TODAY
from reclaim.legal.tests.le_support import granted_t_visa as _granted_t_visa
from reclaim.people.actions import do_create_survivor

pytestmark = pytest.mark.django_db

START = TODAY - datetime.timedelta(days=60)
END = TODAY


def _second_case(personas, agency, team):
    survivor = do_create_survivor(actor=None, agency=agency, reference="A-000002", given_name="Ines", team=team)
    case = do_open_case(actor=personas["case_manager"], survivor=survivor, team=team)
    CaseAssignment.objects.create(agency=agency, case=case, user=personas["legal_advocate"])
    return case


def _count(rows, code):
    return next(row.count for row in rows if row.code == code)


def test_relief_counts_distinct_survivors_on_the_day_of_the_granting_step(personas, case, agency, team):
    advocate = personas["legal_advocate"]
    # two T-visa grants for one survivor count once; a second survivor makes two
    first = _granted_t_visa(advocate, case, TODAY - datetime.timedelta(days=10))
    _granted_t_visa(advocate, case, TODAY - datetime.timedelta(days=3))
    other = _second_case(personas, agency, team)
    _granted_t_visa(advocate, other, TODAY - datetime.timedelta(days=1))
    assert first.is_open  # approved, open for the adjustment of status, still relief obtained
    # Continued Presence granted, and a withdrawn U visa (no relief)
    cp = do_open_matter(actor=advocate, case=case, matter_type=shipped("continued_presence"), opened_on=TODAY)
    do_advance_step(actor=advocate, matter=cp, to_step="granted", on=TODAY, expected_version=1)
    u_visa = do_open_matter(actor=advocate, case=other, matter_type=shipped("u_visa"), opened_on=TODAY)
    do_close_matter(actor=advocate, matter=u_visa, outcome="withdrawn", on=TODAY, expected_version=1)

    counts = relief_counts(case.agency_id, START, END)
    assert (
        _count(counts.relief, "t_visa"),
        _count(counts.relief, "continued_presence"),
        _count(counts.relief, "u_visa"),
    ) == (2, 1, 0)
    # a period that ends before the granting steps counts none of them
    earlier = relief_counts(case.agency_id, START, TODAY - datetime.timedelta(days=11))
    assert _count(earlier.relief, "t_visa") == 0
    # another agency's outcomes are its own
    assert (
        _count(relief_counts(personas["other_agency_user"].memberships.get().agency_id, START, END).relief, "t_visa")
        == 0
    )


def test_open_matters_and_deadlines_met_or_missed(personas, case):
    advocate = personas["legal_advocate"]
    matter = do_open_matter(actor=advocate, case=case, matter_type=shipped("protective_order"), opened_on=START)
    met = do_add_deadline(
        actor=advocate, matter=matter, kind="hearing", title="Hearing", due_on=TODAY - datetime.timedelta(days=5)
    )
    do_complete_deadline(actor=advocate, deadline=met, on=TODAY - datetime.timedelta(days=6), expected_version=1)
    do_add_deadline(
        actor=advocate, matter=matter, kind="filing", title="File", due_on=TODAY - datetime.timedelta(days=2)
    )
    do_add_deadline(
        actor=advocate, matter=matter, kind="filing", title="Later", due_on=TODAY + datetime.timedelta(days=5)
    )
    counts = relief_counts(case.agency_id, START, TODAY + datetime.timedelta(days=30))
    assert (counts.deadlines_met, counts.deadlines_missed, counts.deadlines_pending) == (1, 1, 1)
    assert _count(counts.open_matters, "protective_order") == 1


def test_relief_for_case_and_the_case_overview(personas, case):
    advocate = personas["legal_advocate"]
    _granted_t_visa(advocate, case, TODAY)
    hhs = do_open_matter(actor=advocate, case=case, matter_type=shipped("hhs_certification"), opened_on=TODAY)
    hhs = do_advance_step(actor=advocate, matter=hhs, to_step="requested", on=TODAY, expected_version=1)
    do_advance_step(actor=advocate, matter=hhs, to_step="issued", on=TODAY, expected_version=2)
    assert relief_for_case(case) == ["t_visa", "certification"]
    overview = reverse("cases:detail", args=[case.pk])
    assert (
        "Relief obtained (legal matters)" not in login_client(personas["case_manager"]).get(overview).content.decode()
    )
    # shown with the closure outcome, once the case is closed (or exited to follow-up)
    approval = do_request_approval(actor=personas["case_manager"], case=case, kind="close", close_reason="goals_met")
    do_decide_approval(actor=personas["supervisor"], approval=approval, approve=True)
    page = login_client(personas["case_manager"]).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Relief obtained (legal matters)" in page and "T visa, HHS certification" in page


def test_the_overview_of_a_closed_case_without_relief_reads_no_legal_matter(personas, case):
    # given a closed case whose only matter is still open (no relief obtained)
    do_open_matter(actor=personas["legal_advocate"], case=case, matter_type=shipped("t_visa"), opened_on=TODAY)
    approval = do_request_approval(actor=personas["case_manager"], case=case, kind="close", close_reason="goals_met")
    do_decide_approval(actor=personas["supervisor"], approval=approval, approve=True)
    # then its overview shows no relief and reads no legal matter (the case gate's read said none obtained any)
    page, sql = page_and_queries(login_client(personas["case_manager"]), reverse("cases:detail", args=[case.pk]))
    assert "Relief obtained (legal matters)" not in page
    assert not [q for q in sql if q.startswith('SELECT "legal_mattertype"."relief"')]
    # while the selector, given a case from anywhere but the gate, still reads it
    assert relief_for_case(Case.objects.get(pk=case.pk)) == []


def test_suppression_hides_small_cells_for_analysts_but_not_for_the_director(personas, case):
    _granted_t_visa(personas["legal_advocate"], case, TODAY)
    assert (
        shown(3, 11).suppressed and shown(0, 11).suppressed and shown(11, 11).value == 11 and shown(3, None).value == 3
    )
    analyst = login_client(personas["analyst"]).get(reverse("legal:outcomes")).content.decode()
    assert "fewer than 11" in analyst
    director = login_client(personas["program_director"]).get(reverse("legal:outcomes"))
    assert director.status_code == 200 and "fewer than 11" not in director.content.decode()
    rows = list(
        csv.reader(io.StringIO(login_client(personas["analyst"]).get(reverse("legal:outcomes_csv")).content.decode()))
    )
    t_visa = next(row for row in rows if row[3] == "t_visa")
    assert t_visa[5] == "fewer than 11"
    rows = list(
        csv.reader(
            io.StringIO(login_client(personas["program_director"]).get(reverse("legal:outcomes_csv")).content.decode())
        )
    )
    assert next(row for row in rows if row[3] == "t_visa")[5] == "1"


def test_the_csv_neutralises_spreadsheet_formulas_and_holds_no_personal_data(personas, case, agency):
    advocate = personas["legal_advocate"]
    evil = MatterType.objects.create(
        agency=agency,
        jurisdiction="US",
        code="evil",
        kind="other",
        label='=HYPERLINK("x")',
        relief="=cmd|calc",
        set_name="agency",
        set_version="1",
    )
    StepDefinition.objects.create(
        matter_type=evil, position=1, code="won", label="Won", outcome="granted", next_steps=[]
    )
    do_open_matter(actor=advocate, case=case, matter_type=evil, opened_on=TODAY)
    body = login_client(personas["program_director"]).get(reverse("legal:outcomes_csv")).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["period_start", "period_end", "section", "code", "label", "count"]
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    assert "'=cmd|calc" in cells
    assert "Marisol" not in body and case.number not in body


def test_the_period_filter_defaults_to_this_year_and_refuses_an_inverted_one(personas):
    client = login_client(personas["program_director"])
    page = client.get(reverse("legal:outcomes")).content.decode()
    assert f'datetime="{TODAY.year}-01-01"' in page and f'datetime="{TODAY.year}-12-31"' in page
    bad = client.get(reverse("legal:outcomes"), {"start": "2026-05-01", "end": "2026-01-01"}).content.decode()
    assert "The end is before the start." in bad


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("program_director", 200),
        ("supervisor", 200),
        ("analyst", 200),
        ("agency_admin", 200),
        ("case_manager", 403),
        ("legal_advocate", 403),
        ("volunteer", 403),
    ],
)
def test_who_sees_the_outcomes_page(personas, persona, status):
    assert login_client(personas[persona]).get(reverse("legal:outcomes")).status_code == status


def test_reading_outcomes_is_audited(personas):
    from reclaim.core.models import AuditEvent

    login_client(personas["analyst"]).get(reverse("legal:outcomes"))
    row = AuditEvent.objects.get(action="legal.outcomes_read")
    assert row.detail == {"exact": False}
