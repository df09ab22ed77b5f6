"""Funder reports end to end: builder validation, the job run with suppression (k of the agency, always), the
page and its CSV (same text, formula-safe, audited), the API (202 / 422 / 403) and a constant query count."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.core.errors import DomainError
from reclaim.core.models import AuditEvent
from reclaim.reporting.jobs import do_start_job, run_job
from reclaim.reporting.models import JobStatus, ReportingPolicy, ReportJob
from reclaim.reporting.reports.builder import ReportSpec
from reclaim.reporting.reports.runner import compute_report, csv_rows, validate_request
from reclaim.reporting.tests.report_fixtures import build, crowd

pytestmark = pytest.mark.django_db

SETS = {"known_categories": {"education"}, "grant_ids": set(), "team_ids": set()}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"measure": "people"}, "measure"),
        ({"dimensions": ["sex", "age_group", "stage"]}, "dimensions"),
        ({"dimensions": ["shoe_size"]}, "dimensions"),
        ({"dimensions": ["sex", "sex"]}, "dimensions"),
        ({"measure": "family_members", "dimensions": ["sex"]}, "dimensions"),
        ({"population": "everyone"}, "population"),
        ({"measure": "services", "population": "exited"}, "population"),
        ({"population": "entered", "dimensions": ["category"]}, "population"),
        ({"grant": "not-a-grant"}, "grant"),
        ({"category": "astrology"}, "category"),
        ({"team": "nope"}, "team"),
    ],
)
def test_a_bad_spec_names_the_field(data, field):
    with pytest.raises(DomainError) as caught:
        ReportSpec.from_dict(data, **SETS)
    assert field in caught.value.fields


def test_a_period_and_a_template_are_checked(agency):
    with pytest.raises(DomainError) as caught:
        validate_request(agency.pk, template_code="ovc_tims", period="2026-Q5")
    assert "period" in caught.value.fields
    with pytest.raises(DomainError) as caught:
        validate_request(agency.pk, template_code="nope", period="2026")
    assert "template" in caught.value.fields
    spec = validate_request(agency.pk, spec={"measure": "services", "dimensions": ["category"]}, period="FY2027")
    assert spec == {
        "template": "builder",
        "spec": {
            "measure": "services",
            "dimensions": ["category"],
            "population": "served",
            "grant": "",
            "category": "",
            "team": "",
        },
        "period": "FY2027",
    }


def _table(result, table_id):
    return next(table for table in result["tables"] if table["id"] == table_id)


def _texts(table):
    return {row["label"]: [cell["text"] for cell in row["cells"]] for row in table["rows"]}


def test_small_cells_are_suppressed_with_the_agencys_k(agency):
    build(agency)
    ReportingPolicy.objects.create(agency=agency, k=5)
    crowd(agency, 6, gender="Masculine", prefix="M")
    result = compute_report(agency.pk, {"template": "ovc_tims", "period": "2026-H1"})
    assert result["k"] == 5
    gender = _table(result, "gender")
    # 2 women (fewer than 5) and 7 men: the women's count would follow from the total, so the men's is hidden too
    assert _texts(gender) == {
        "Female": ["fewer than 5"],
        "Male": ["hidden"],
        "Transgender": ["0"],
        "Other / not known": ["0"],
        "Total": ["9"],
    }
    assert {(r["row"], r["reason"]) for r in gender["reasons"]} == {("Female", "primary"), ("Male", "complementary")}
    assert "Fewer than 5" in gender["explanation"]
    clients = _table(result, "clients")
    # 8 new, 1 continuing: the total would give the 1 back, so the 8 is hidden and the total shown
    assert _texts(clients) == {"New": ["hidden"], "Continuing": ["fewer than 5"], "Total": ["9"]}
    services = _table(result, "services")
    # education: P4 (1), a family member of P4 (1), six people (6): 8 services to 7 people; case management
    # and legal: fewer than 5 people -> hidden, and so the total
    texts = _texts(services)
    assert texts["Education, job training, employment"] == ["8"]
    assert texts["Case management"] == ["given to fewer than 5 people"]
    assert texts["Total"] == ["hidden"]


def test_the_default_k_hides_everything_small(agency):
    build(agency)
    result = compute_report(agency.pk, {"template": "hhs_otip", "period": "2026-H1"})
    assert result["k"] == 11
    assert _texts(_table(result, "family")) == {"All": ["fewer than 11"]}
    assert all(
        cell["text"] in {"0", "0.0", "fewer than 11", "hidden", "not shown", "given to fewer than 11 people"}
        for table in result["tables"]
        for row in table["rows"]
        for cell in row["cells"]
    )


def test_voca_demographics_count_new_people_only(agency):
    build(agency)
    ReportingPolicy.objects.create(agency=agency, k=5)
    crowd(agency, 6, gender="Masculine", prefix="M")
    result = compute_report(agency.pk, {"template": "voca", "period": "2026-H1"})
    # new: P2 (man), P4 (woman) and six men; P1 (continuing) is left out
    assert _texts(_table(result, "new_gender"))["Total"] == ["8"]


def test_the_runner_makes_a_constant_number_of_queries(agency, assert_max_queries):
    build(agency)
    with assert_max_queries(12) as small:
        compute_report(agency.pk, {"template": "ovc_tims", "period": "2026-H1"})
    crowd(agency, 30, gender="Feminine", prefix="F")
    with assert_max_queries(len(small.captured_queries)):
        compute_report(agency.pk, {"template": "ovc_tims", "period": "2026-H1"})


def test_a_report_job_runs_and_its_page_and_csv_agree(agency, personas):
    build(agency)
    ReportingPolicy.objects.create(agency=agency, k=5)
    crowd(agency, 6, gender="Masculine", prefix="=HYPERLINK(")
    analyst = personas["analyst"]
    client = login_client(analyst)
    # when the analyst asks for the TIMS report from the page
    response = client.post(reverse("reporting:report_run"), {"template": "ovc_tims", "period": "2026-H1"})
    job = ReportJob.objects.get(created_by=analyst)
    assert response.status_code == 302 and response["Location"] == reverse("reporting:job", args=[job.pk])
    assert job.spec == {"template": "ovc_tims", "period": "2026-H1"}
    # and the worker runs it
    assert run_job(job.pk).status == JobStatus.DONE
    page = client.get(reverse("reporting:job", args=[job.pk])).content.decode()
    assert "Clients served by gender" in page and "fewer than 5" in page and "Definitions" in page
    assert reverse("reporting:job_csv", args=[job.pk]) in page
    body = client.get(reverse("reporting:job_csv", args=[job.pk])).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    job.refresh_from_db()
    for table in job.result["tables"]:
        for row in table["rows"]:
            assert [row["label"], *(cell["text"] for cell in row["cells"])] in rows
            assert row["label"] in page
    assert AuditEvent.objects.filter(action="reporting.report_csv", object_id=str(job.pk)).exists()
    assert "Maria" not in body and "R-1" not in body  # no reference or name leaves


def test_csv_cells_are_formula_safe():
    result = {
        "name": "=cmd",
        "tables": [
            {
                "caption": "+x",
                "row_header": "",
                "column_headers": ["-n"],
                "rows": [{"label": "@a", "cells": [{"text": "1"}]}],
                "explanation": "e",
            }
        ],
        "definitions": [],
    }
    from reclaim.reporting.csv import write_csv

    text = write_csv(csv_rows(result))
    assert "'=cmd" in text and "'+x" in text and "'-n" in text and "'@a" in text


def test_the_builder_form_shows_field_errors_and_saves_nothing(agency, personas):
    client = login_client(personas["program_director"])
    response = client.post(
        reverse("reporting:report_run"),
        {
            "template": "builder",
            "period": "2026",
            "measure": "family_members",
            "dimension_1": "sex",
            "population": "served",
        },
    )
    assert response.status_code == 400
    assert "Family members can be counted by service category or grant only." in response.content.decode()
    assert not ReportJob.objects.exists()
    page = client.get(reverse("reporting:reports")).content.decode()
    assert "OVC TIMS" in page and "VOCA" in page and "What it counts" in page


def test_builder_runs_from_the_page(agency, personas):
    build(agency)
    client = login_client(personas["program_director"])
    response = client.post(
        reverse("reporting:report_run"),
        {
            "template": "builder",
            "period": "2026-H1",
            "measure": "services",
            "dimension_1": "category",
            "population": "served",
        },
    )
    assert response.status_code == 302
    job = ReportJob.objects.get()
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.result["tables"][0]["caption"].startswith("Services given")


def test_api_run_and_templates(agency, personas):
    build(agency)
    client = login_client(personas["analyst"])
    catalogue = client.get("/api/v1/reports/templates").json()
    assert {item["code"] for item in catalogue["templates"]} == {"ovc_tims", "hhs_otip", "voca"}
    assert "new_continuing" in {dim["code"] for dim in catalogue["dimensions"]}
    response = client.post(
        "/api/v1/reports/run", json.dumps({"period": "2026-H1", "template": "voca"}), content_type="application/json"
    )
    assert response.status_code == 202
    job_id = response.json()["id"]
    run_job(job_id)
    result = client.get(f"/api/v1/reports/jobs/{job_id}").json()["result"]
    assert result["template"] == "voca" and result["k"] == 11
    bad = client.post(
        "/api/v1/reports/run",
        json.dumps({"period": "2026-Q9", "spec": {"measure": "people"}}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and "period" in bad.json()["fields"]
    bad_spec = client.post(
        "/api/v1/reports/run",
        json.dumps({"period": "2026", "spec": {"dimensions": ["x"]}}),
        content_type="application/json",
    )
    assert bad_spec.status_code == 422 and "dimensions" in bad_spec.json()["fields"]
    wrong_type = client.post(
        "/api/v1/reports/run", json.dumps({"period": 5, "spec": 3}), content_type="application/json"
    )
    assert wrong_type.status_code == 422
    assert ReportJob.objects.count() == 1
    refused = login_client(personas["case_manager"]).post(
        "/api/v1/reports/run", json.dumps({"period": "2026", "template": "voca"}), content_type="application/json"
    )
    assert refused.status_code == 403


def test_start_job_spec_holds_codes_only(agency, personas):
    spec = validate_request(agency.pk, template_code="ovc_tims", period="2026-h1")
    job = do_start_job(actor=personas["analyst"], agency=agency, kind="report", spec=spec)
    assert job.spec == {"template": "ovc_tims", "period": "2026-H1"}
