"""A day's work entered in bulk (all or nothing, rows kept), the agency-wide log and its CSV download."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import first_two_pages, login_client
from reclaim.cases.actions import do_open_case
from reclaim.core.csvsafe import csv_cell
from reclaim.core.models import AuditEvent
from reclaim.services.actions import ServiceEntry, do_record_service, do_void_service
from reclaim.services.models import ServiceRecord
from reclaim.services.views import log as log_views

pytestmark = pytest.mark.django_db


def day_post(day, rows):
    data = {"delivered_on": day.isoformat(), "form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{index}-{key}"] = value
        data.setdefault(f"form-{index}-notes_confidentiality", "general")
    return data


def test_a_days_work_is_saved_in_one_go(personas, case):
    client = login_client(personas["case_manager"])
    assert client.get(reverse("services:day")).status_code == 200
    rows = [
        {"case_number": case.number, "service_type": "education.esl", "duration_minutes": "60"},
        {"case_number": case.number, "service_type": "case_management.tracking", "notes": "Phoned"},
        {},  # an empty row is skipped
    ]
    response = client.post(reverse("services:day"), day_post(timezone.localdate(), rows))
    assert response.status_code == 302
    assert ServiceRecord.objects.filter(case=case, provider=personas["case_manager"]).count() == 2


def test_one_bad_row_saves_nothing_and_keeps_every_row(personas, case):
    client = login_client(personas["case_manager"])
    rows = [
        {
            "case_number": case.number,
            "service_type": "education.esl",
            "duration_minutes": "60",
            "notes": "Row one text",
        },
        {"case_number": case.number, "service_type": "education.esl", "duration_minutes": "5000"},
        {"case_number": "C1999-99999", "service_type": "childcare.care"},
        {
            "case_number": case.number,
            "service_type": "education.esl",
            "notes": "Clinical?",
            "notes_confidentiality": "clinical",
        },
    ]
    response = client.post(reverse("services:day"), day_post(timezone.localdate(), rows))
    # then nothing is saved; errors are on their rows and fields; what was typed is kept
    assert response.status_code == 200
    assert not ServiceRecord.objects.exists()
    forms = response.context["formset"].forms
    assert "duration_minutes" in forms[1].errors
    page = response.content.decode()
    assert "Row one text" in page and "C1999-99999" in page


def test_domain_errors_land_on_their_row(personas, case):
    client = login_client(personas["case_manager"])
    rows = [
        {"case_number": case.number, "service_type": "education.esl"},
        {"case_number": case.number, "service_type": "education.esl", "notes": "x", "notes_confidentiality": "legal"},
    ]
    response = client.post(reverse("services:day"), day_post(timezone.localdate(), rows))
    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert forms[0].errors == {}
    assert "notes_confidentiality" in forms[1].errors
    assert not ServiceRecord.objects.exists()


def test_a_case_outside_my_cases_is_refused_on_its_row(personas, case, survivor_a):
    # a case of my agency opened by the supervisor, not assigned to me
    other = do_open_case(actor=personas["supervisor"], survivor=survivor_a, team=survivor_a.team)
    client = login_client(personas["case_manager"])
    rows = [{"case_number": other.number, "service_type": "education.esl"}]
    response = client.post(reverse("services:day"), day_post(timezone.localdate(), rows))
    assert "case_number" in response.context["formset"].forms[0].errors
    assert not ServiceRecord.objects.exists()


def test_add_more_rows_keeps_the_rows(personas, case):
    client = login_client(personas["case_manager"])
    data = day_post(timezone.localdate(), [{"case_number": case.number, "service_type": "education.esl"}]) | {
        "more": "1"
    }
    response = client.post(reverse("services:day"), data)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 6
    assert case.number in response.content.decode()
    assert not ServiceRecord.objects.exists()


def test_the_log_is_scoped_filtered_and_constant_in_queries(personas, case, survivor_b, assert_max_queries):
    manager = personas["case_manager"]
    today = timezone.localdate()
    for index in range(25):
        do_record_service(
            actor=manager,
            case=case,
            entry=ServiceEntry(
                "education.esl" if index % 2 else "childcare.care", today - datetime.timedelta(days=index)
            ),
        )
    other = do_open_case(actor=personas["other_agency_user"], survivor=survivor_b, team=survivor_b.team)
    do_record_service(actor=personas["other_agency_user"], case=other, entry=ServiceEntry("education.esl", today))
    client = login_client(manager)
    client.get(reverse("services:log"))
    with assert_max_queries(25):
        response = client.get(reverse("services:log"))
    numbers = {record.case.number for record in response.context["page"].object_list}
    assert numbers == {case.number}
    week_ago = (today - datetime.timedelta(days=6)).isoformat()
    filtered = client.get(reverse("services:log"), {"category": "education", "date_from": week_ago})
    rows = filtered.context["page"].object_list
    assert len(rows) == 3
    assert {r.category_code for r in rows} == {"education"}
    by_type = client.get(reverse("services:log"), {"service_type": "childcare.care"})
    assert {r.category_code for r in by_type.context["page"].object_list} == {"childcare"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=HYPERLINK(1)", "'=HYPERLINK(1)"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM", "'@SUM"), ("Safe", "Safe")],
)
def test_csv_cells_never_start_a_formula(value, expected):
    assert csv_cell(value) == expected


def test_the_csv_download_has_no_names_and_neutralised_cells(personas, case):
    manager = personas["case_manager"]
    do_record_service(
        actor=manager,
        case=case,
        entry=ServiceEntry(
            "legal_assistance.complaint",
            timezone.localdate(),
            provision="referred",
            provider_organisation="=cmd|' /C calc'!A0",
            notes="Secret note",
        ),
    )
    client = login_client(manager)
    response = client.post(reverse("services:log_export"), {"category": "legal_assistance"})
    assert response.status_code == 200
    body = response.content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:2] == ["date", "case_number"]
    assert rows[1][1] == case.number
    assert rows[1][6].startswith("'=")
    assert "Secret note" not in body and "Marisol" not in body and manager.display_name not in body
    assert AuditEvent.objects.filter(action="services.exported", actor_id=manager.pk).exists()


def test_the_taxonomy_page(personas):
    response = login_client(personas["volunteer"]).get(reverse("services:taxonomy"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "psychological_support.cbt" in page and "Childcare" in page
    assert login_client(personas["platform_operator"]).get(reverse("services:taxonomy")).status_code == 403


def test_the_log_pages_are_numbered_from_its_totals_voided_records_included(
    personas, case, monkeypatch, django_assert_max_num_queries
):
    # given three records, the oldest voided, and two to a page
    monkeypatch.setattr(log_views, "LOG_PAGE_SIZE", 2)
    manager = personas["case_manager"]
    today = timezone.localdate()
    records = [
        do_record_service(
            actor=manager, case=case, entry=ServiceEntry("education.esl", today - datetime.timedelta(days=days))
        )
        for days in (3, 2, 1)
    ]
    do_void_service(actor=manager, record=records[0], expected_version=records[0].version, reason="Entered twice")
    # when the first two pages are read
    first, second = first_two_pages(login_client(manager), reverse("services:log"), django_assert_max_num_queries)
    # then the totals count the two live ones, the pages all three, newest first
    assert [(t.code, t.count) for t in first.context["totals"]] == [("education", 2)]
    assert first.context["page"].paginator.count == 3
    assert "3 records, newest first." in first.content.decode()
    assert [r.pk for r in first.context["page"].object_list] == [records[2].pk, records[1].pk]
    assert [r.pk for r in second.context["page"].object_list] == [records[0].pk]
    # and no statement counts the log on its own
    with django_assert_max_num_queries(30) as read:
        login_client(manager).get(reverse("services:log"))
    assert not [q["sql"] for q in read.captured_queries if 'COUNT(*) AS "__count"' in q["sql"]]
