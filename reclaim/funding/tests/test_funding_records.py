"""Funders, budget lines, staff time, direct costs and in-kind rows: writes through the pages and the API,
refused input (field errors, nothing saved), conflicts, other agencies, roles, CSV injection, at-rest
encryption and the funder data migration."""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.urls import reverse

from conftest import _TEST_TRANSACTION_NOISE, login_client
from reclaim.core.csvsafe import csv_cell
from reclaim.core.models import AuditEvent
from reclaim.funding import actions
from reclaim.funding.models import BudgetLine, DirectCost, Funder, Grant, InKind, StaffTime

pytestmark = pytest.mark.django_db


@pytest.fixture
def grant(personas):
    agency = personas["agency_admin"].memberships.get().agency
    return actions.do_create_grant(
        actor=personas["agency_admin"],
        agency=agency,
        values=actions.GrantValues(
            name="OVC 2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), amount_awarded=Decimal(1000)
        ),
        known_categories=[],
    )


def test_funder_and_grant_award_through_the_pages(personas, grant):
    admin = login_client(personas["agency_admin"])
    assert admin.post(reverse("funding:funder_add"), {"name": "OVC", "kind": "federal"}).status_code == 302
    funder = Funder.objects.get()
    assert AuditEvent.objects.filter(action="funder.created", object_id=str(funder.pk)).exists()
    # a duplicate name is refused on its field
    again = admin.post(reverse("funding:funder_add"), {"name": "ovc", "kind": "federal"})
    assert "name" in again.context["form"].errors and Funder.objects.count() == 1
    response = admin.post(
        reverse("funding:edit", args=[grant.pk]),
        {
            "name": "OVC 2026",
            "funder_id": str(funder.pk),
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "amount_awarded": "1000.00",
            "currency": "usd",
            "reporting_cadence": "quarterly",
            "version": grant.version,
        },
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert (grant.funder_id, grant.funder_name, grant.currency, grant.reporting_cadence) == (
        funder.pk,
        "OVC",
        "USD",
        "quarterly",
    )
    # renaming the funder follows on its grants
    admin.post(reverse("funding:funder_edit", args=[funder.pk]), {"name": "OVC (DOJ)", "kind": "federal", "version": 1})
    grant.refresh_from_db()
    assert grant.funder_name == "OVC (DOJ)"
    stale = admin.post(reverse("funding:funder_edit", args=[funder.pk]), {"name": "X", "kind": "other", "version": 1})
    assert stale.context["conflict"] is True and Funder.objects.get().name == "OVC (DOJ)"


def test_budget_lines_over_the_award_warn_but_save(personas, grant):
    director = login_client(personas["program_director"])
    director.post(reverse("funding:budget_line_add", args=[grant.pk]), {"category": "personnel", "amount": "800"})
    director.post(reverse("funding:budget_line_add", args=[grant.pk]), {"category": "travel", "amount": "300"})
    assert BudgetLine.objects.filter(grant=grant).count() == 2
    page = director.get(reverse("funding:edit", args=[grant.pk]))
    assert page.context["over_award"] is True and "more than the" in page.content.decode()
    negative = director.post(
        reverse("funding:budget_line_add", args=[grant.pk]), {"category": "travel", "amount": "-1"}
    )
    assert negative.status_code == 200 and "amount" in negative.context["line_form"].errors
    assert BudgetLine.objects.count() == 2
    line = BudgetLine.objects.get(category="travel")
    stale = director.post(
        reverse("funding:budget_line_edit", args=[grant.pk, line.pk]),
        {"category": "travel", "amount": "10", "version": 0},
    )
    assert stale.context["conflict"] is True and BudgetLine.objects.get(pk=line.pk).amount == Decimal(300)


def test_staff_time_and_costs_refuse_bad_input_and_save_nothing(personas, grant):
    director = login_client(personas["program_director"])
    worker = personas["case_manager"]
    base = {"staff_id": str(worker.pk), "worked_on": "2026-03-02", "hours": "3", "hourly_cost": "20"}
    outside = director.post(reverse("funding:staff_time", args=[grant.pk]), base | {"worked_on": "2027-01-01"})
    assert outside.context["form"].errors == {"worked_on": ["The date is outside the grant's period."]}
    negative = director.post(reverse("funding:staff_time", args=[grant.pk]), base | {"hourly_cost": "-5"})
    assert "hourly_cost" in negative.context["form"].errors
    stranger = personas["other_agency_user"]
    foreign = director.post(reverse("funding:staff_time", args=[grant.pk]), base | {"staff_id": str(stranger.pk)})
    assert "staff_id" in foreign.context["form"].errors
    assert StaffTime.objects.count() == 0
    assert director.post(reverse("funding:staff_time", args=[grant.pk]), base).status_code == 302
    row = StaffTime.objects.get()
    assert row.cost == Decimal("60.00")
    assert AuditEvent.objects.filter(action="staff_time.created", object_id=str(row.pk)).exists()
    # API: negative amount and a date outside the period are 422 naming the field; nothing saved
    api = director.post(
        f"/api/v1/grants/{grant.pk}/direct-costs",
        {"spent_on": "2025-12-31", "amount": "-3"},
        content_type="application/json",
    )
    assert api.status_code == 422 and set(api.json()["fields"]) == {"spent_on", "amount"}
    assert DirectCost.objects.count() == 0
    created = director.post(
        f"/api/v1/grants/{grant.pk}/direct-costs",
        {"spent_on": "2026-02-01", "amount": "45.50", "description": "Bus pass for Marisol"},
        content_type="application/json",
    )
    assert created.status_code == 201
    cost = DirectCost.objects.get()
    assert cost.description == "Bus pass for Marisol"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM funding_directcost")
        assert "Marisol" not in repr(cursor.fetchall())
    stale = director.put(
        f"/api/v1/direct-costs/{cost.pk}",
        {"version": 0, "spent_on": "2026-02-01", "amount": "1"},
        content_type="application/json",
    )
    assert stale.status_code == 409 and DirectCost.objects.get().amount == Decimal("45.50")
    ok = director.put(
        f"/api/v1/direct-costs/{cost.pk}",
        {"version": cost.version, "spent_on": "2026-02-01", "amount": "40"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["version"] == cost.version + 1


def test_in_kind_recorded_valued_and_encrypted(personas, grant):
    admin = login_client(personas["agency_admin"])
    response = admin.post(
        reverse("funding:in_kind"),
        {
            "kind": "housing",
            "received_on": "2026-04-01",
            "quantity": "14",
            "unit": "nights",
            "value": "840",
            "valuation_note": "Shelter rate for Marisol Quintanilla",
            "grant_id": str(grant.pk),
        },
    )
    assert response.status_code == 302
    row = InKind.objects.get()
    assert row.value == Decimal(840) and row.grant_id == grant.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM funding_inkind")
        raw = repr(cursor.fetchall())
    assert "Quintanilla" not in raw and "Shelter rate" not in raw
    zero = admin.post(
        reverse("funding:in_kind"), {"kind": "goods", "received_on": "2026-04-01", "quantity": "0", "value": "5"}
    )
    assert "quantity" in zero.context["form"].errors and InKind.objects.count() == 1
    outside = admin.post(
        "/api/v1/in-kind",
        {"kind": "goods", "received_on": "2027-04-01", "quantity": "1", "value": "5", "grant_id": str(grant.pk)},
        content_type="application/json",
    )
    assert outside.status_code == 422 and "received_on" in outside.json()["fields"]


def test_other_agencies_rows_are_404_and_casework_roles_403(personas, grant):
    other_admin = login_client(personas["other_agency_admin"])
    line = actions.do_add_budget_line(
        actor=personas["agency_admin"], grant=grant, values=actions.BudgetLineValues("travel", Decimal(5))
    )
    assert other_admin.get(reverse("funding:budget_line_edit", args=[grant.pk, line.pk])).status_code == 404
    assert other_admin.get(reverse("funding:burn_down", args=[grant.pk])).status_code == 404
    assert other_admin.get(f"/api/v1/grants/{grant.pk}/burn-down").status_code == 404
    assert login_client(personas["case_manager"]).get(reverse("funding:cost_per_service")).status_code == 403
    assert login_client(personas["case_manager"]).get("/api/v1/funders").status_code == 403


def test_csv_cells_cannot_run_formulas(personas, grant):
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "ok", 12)] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "ok",
        "12",
    ]
    Grant.objects.filter(pk=grant.pk).update(amount_awarded=Decimal(10))
    actions.do_add_budget_line(
        actor=personas["agency_admin"],
        grant=grant,
        values=actions.BudgetLineValues("other", Decimal(5), "=HYPERLINK(1)"),
    )
    body = (
        login_client(personas["agency_admin"]).get(reverse("funding:burn_down_csv", args=[grant.pk])).content.decode()
    )
    assert "'=HYPERLINK(1)" in body and "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body


def test_list_pages_have_constant_query_counts(personas, grant, assert_max_queries):
    director = login_client(personas["program_director"])
    worker = personas["case_manager"]

    def add(n: int) -> None:
        for i in range(n):
            actions.do_record_staff_time(
                actor=worker,
                grant=grant,
                values=actions.StaffTimeValues(worker.pk, date(2026, 1, 1 + i), Decimal(1), Decimal(1)),
                staff_ids=[worker.pk],
            )
            actions.do_record_direct_cost(
                actor=worker,
                grant=grant,
                values=actions.DirectCostValues(date(2026, 1, 1 + i), Decimal(1)),
                known_categories=[],
            )
            actions.do_record_in_kind(
                actor=worker,
                agency=grant.agency,
                values=actions.InKindValues("goods", date(2026, 1, 1 + i), Decimal(1), Decimal(1), grant_id=grant.pk),
                organization_ids=[],
            )

    urls = [
        reverse("funding:staff_time", args=[grant.pk]),
        reverse("funding:direct_costs", args=[grant.pk]),
        reverse("funding:in_kind"),
        reverse("funding:list"),
        reverse("funding:funders"),
        reverse("funding:burn_down", args=[grant.pk]),
        "/api/v1/grants",
    ]
    add(1)
    counts = {}
    for url in urls:
        with assert_max_queries(200) as ctx:
            director.get(url)
        counts[url] = len([q for q in ctx.captured_queries if not q["sql"].startswith(_TEST_TRANSACTION_NOISE)])
    add(5)
    for url in urls:
        with assert_max_queries(counts[url]):
            director.get(url)


def _record(kind: str, grant: Grant, worker, day: date):
    if kind == "staff_time":
        time = actions.StaffTimeValues(worker.pk, day, Decimal(1), Decimal(1))
        return actions.do_record_staff_time(actor=worker, grant=grant, values=time, staff_ids=[worker.pk])
    if kind == "direct_costs":
        cost = actions.DirectCostValues(day, Decimal(1))
        return actions.do_record_direct_cost(actor=worker, grant=grant, values=cost, known_categories=[])
    gift = actions.InKindValues("goods", day, Decimal(1), Decimal(1), grant_id=grant.pk)
    return actions.do_record_in_kind(actor=worker, agency=grant.agency, values=gift, organization_ids=[])


@pytest.mark.parametrize(
    ("kind", "edit"),
    [("staff_time", "staff_time_edit"), ("direct_costs", "direct_cost_edit"), ("in_kind", "in_kind_edit")],
)
def test_cost_lists_page_newest_first(personas, grant, monkeypatch, django_assert_max_num_queries, kind, edit):
    monkeypatch.setattr("reclaim.funding.views.costs.PAGE_SIZE", 2)
    worker = personas["case_manager"]
    oldest, middle, newest = (_record(kind, grant, worker, date(2026, 1, day)) for day in (1, 2, 3))
    url = reverse(f"funding:{kind}", args=[] if kind == "in_kind" else [grant.pk])
    director = login_client(personas["program_director"])
    director.get(url)  # the first visit warms the caches a page reads once
    pages = []
    for number in (1, 2):
        with django_assert_max_num_queries(100) as ctx:
            html = director.get(url, {"page": number}).content.decode()
        pages.append((html, len(ctx.captured_queries)))
    (first, first_count), (second, second_count) = pages
    links = [reverse(f"funding:{edit}", args=[row.pk]) for row in (newest, middle, oldest)]
    assert links[0] in first and links[1] in first and links[2] not in first and 'rel="next"' in first
    assert links[2] in second and links[0] not in second and 'rel="prev"' in second
    assert first_count == second_count


def test_data_migration_makes_funders_from_typed_names(personas):
    agency = personas["agency_admin"].memberships.get().agency
    Grant.objects.create(agency=agency, name="A", funder_name="Blue Trust")
    Grant.objects.create(agency=agency, name="B", funder_name="blue trust ")
    Grant.objects.create(agency=agency, name="C", funder_name="")
    migration = importlib.import_module("reclaim.funding.migrations.0003_funders_from_funder_names")
    migration.funders_from_names(django_apps, None)
    funder = Funder.objects.get()
    assert funder.name == "Blue Trust"
    assert set(Grant.objects.filter(funder=funder).values_list("name", flat=True)) == {"A", "B"}


def test_grants_api_carries_award_funder_and_budget_lines(personas):
    director = login_client(personas["program_director"])
    funder = director.post("/api/v1/funders", {"name": "OTIP", "kind": "federal"}, content_type="application/json")
    assert funder.status_code == 201
    created = director.post(
        "/api/v1/grants",
        {"name": "DVHT", "funder_id": funder.json()["id"], "amount_awarded": "2500.00", "reporting_cadence": "annual"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["funder_name"] == "OTIP"
    grant_id = created.json()["id"]
    line = director.post(
        f"/api/v1/grants/{grant_id}/budget-lines",
        {"category": "travel", "amount": "-1"},
        content_type="application/json",
    )
    assert line.status_code == 422 and "amount" in line.json()["fields"] and BudgetLine.objects.count() == 0
    line = director.post(
        f"/api/v1/grants/{grant_id}/budget-lines",
        {"category": "travel", "amount": "400"},
        content_type="application/json",
    )
    assert line.status_code == 201
    listed = {g["id"]: g for g in director.get("/api/v1/grants").json()["items"]}[grant_id]
    assert listed["amount_awarded"] == "2500.00" and [b["category"] for b in listed["budget_lines"]] == ["travel"]
    patched = director.patch(
        f"/api/v1/grants/{grant_id}", {"version": 1, "amount_awarded": "-5"}, content_type="application/json"
    )
    assert patched.status_code == 422 and Grant.objects.get(pk=grant_id).amount_awarded == Decimal(2500)
