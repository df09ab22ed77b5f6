"""Legal deadlines API: GET /legal-deadlines, GET /legal-matters?due_before=, GET/PUT /legal-policy."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from conftest import login_client
from reclaim.legal.actions import do_add_deadline, do_close_matter, do_open_matter
from reclaim.legal.models import LegalPolicy
from reclaim.legal.tests.conftest import shipped

TODAY = datetime.date(2030, 3, 12)
SECRET_TITLE = "Hearing about Mr Ortega's threats"


def at(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0))), tick=False)


@pytest.fixture
def deadlines(personas, t_visa):
    advocate = personas["legal_advocate"]
    with at(t_visa.opened_on):
        return [
            do_add_deadline(
                actor=advocate, matter=t_visa, kind="filing", title="File", due_on=datetime.date(2030, 3, 2)
            ),
            do_add_deadline(
                actor=advocate, matter=t_visa, kind="hearing", title=SECRET_TITLE, due_on=datetime.date(2030, 4, 11)
            ),
        ]


def _get(user, url, **params):
    with at(TODAY):
        return login_client(user).get(url, params)


def test_deadlines_with_where_each_stands(personas, case, t_visa, deadlines):
    response = _get(personas["case_manager"], "/api/v1/legal-deadlines")
    assert response.status_code == 200
    body = response.json()
    assert body["next_cursor"] is None
    filing, hearing = body["items"]
    assert filing["kind"] == "filing" and filing["overdue"] is True and filing["days_left"] == -10
    assert filing["reminder_stage"] is None and filing["wording"] == "Overdue by 10 days"
    assert hearing["days_left"] == 30 and hearing["reminder_stage"] == 30 and hearing["overdue"] is False
    assert hearing["case_number"] == case.number and hearing["matter_id"] == str(t_visa.pk)
    assert hearing["matter_type"] == "t_visa" and hearing["reminder_offsets"] == [90, 30, 7]
    assert SECRET_TITLE not in response.content.decode() and "Marisol" not in response.content.decode()


def test_deadline_filters(personas, deadlines):
    user = personas["supervisor"]
    assert [d["kind"] for d in _get(user, "/api/v1/legal-deadlines", overdue="true").json()["items"]] == ["filing"]
    assert [d["kind"] for d in _get(user, "/api/v1/legal-deadlines", kind="hearing").json()["items"]] == ["hearing"]
    assert _get(user, "/api/v1/legal-deadlines", due_before="2030-03-02").json()["items"] == []
    assert _get(user, "/api/v1/legal-deadlines", kind="soon").status_code == 422
    page = _get(user, "/api/v1/legal-deadlines", limit=1).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = _get(user, "/api/v1/legal-deadlines", limit=1, cursor=page["next_cursor"]).json()
    assert [d["kind"] for d in rest["items"]] == ["hearing"] and rest["next_cursor"] is None


def test_other_agencies_and_unassigned_roles_see_none_of_it(personas, deadlines):
    assert _get(personas["other_agency_user"], "/api/v1/legal-deadlines").json()["items"] == []
    assert _get(personas["analyst"], "/api/v1/legal-deadlines").status_code == 403
    assert _get(personas["other_agency_user"], "/api/v1/legal-matters").json()["items"] == []


def test_matters_with_a_deadline_before_a_day(personas, case, t_visa, deadlines):
    with at(t_visa.opened_on):
        quiet = do_open_matter(
            actor=personas["legal_advocate"], case=case, matter_type=shipped("u_visa"), opened_on=t_visa.opened_on
        )
    user = personas["legal_advocate"]
    everything = _get(user, "/api/v1/legal-matters").json()["items"]
    assert {m["id"] for m in everything} == {str(t_visa.pk), str(quiet.pk)}
    due = _get(user, "/api/v1/legal-matters", due_before="2030-03-05").json()["items"]
    assert [m["id"] for m in due] == [str(t_visa.pk)]
    assert due[0]["next_deadline_on"] == "2030-03-02" and due[0]["case_number"] == case.number
    assert _get(user, "/api/v1/legal-matters", due_before="2030-03-01").json()["items"] == []
    assert [m["id"] for m in _get(user, "/api/v1/legal-matters", matter_type="u_visa").json()["items"]] == [
        str(quiet.pk)
    ]
    with at(TODAY):
        do_close_matter(actor=user, matter=quiet, outcome="withdrawn", on=TODAY, expected_version=quiet.version)
    assert [m["id"] for m in _get(user, "/api/v1/legal-matters", status="closed").json()["items"]] == [str(quiet.pk)]
    assert [m["id"] for m in _get(user, "/api/v1/legal-matters", status="open").json()["items"]] == [str(t_visa.pk)]
    assert _get(user, "/api/v1/legal-matters", status="maybe").status_code == 422


def _put(user, **data):
    body = {"reminder_offsets": [60, 14], "default_jurisdiction": "US", "version": 1, **data}
    return login_client(user).put("/api/v1/legal-policy", body, content_type="application/json")


def test_the_policy_reads_and_saves(personas, agency):
    admin = personas["agency_admin"]
    got = login_client(admin).get("/api/v1/legal-policy").json()
    assert got["reminder_offsets"] == [90, 30, 7] and got["version"] == 1 and "US" in got["jurisdictions"]
    response = _put(personas["program_director"], reminder_offsets=[7, 60, 60])
    assert response.status_code == 200
    assert response.json()["reminder_offsets"] == [60, 7] and response.json()["version"] == 2
    assert LegalPolicy.objects.get(agency=agency).reminder_offsets == [60, 7]
    stale = _put(admin, reminder_offsets=[1])
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert LegalPolicy.objects.get(agency=agency).reminder_offsets == [60, 7]


@pytest.mark.parametrize(
    ("data", "status", "field"),
    [
        ({"reminder_offsets": [4000]}, 400, "reminder_offsets"),
        ({"reminder_offsets": [-3]}, 400, "reminder_offsets"),
        ({"default_jurisdiction": "XX"}, 400, "default_jurisdiction"),
        ({"reminder_offsets": ["soon"]}, 422, "reminder_offsets.0"),
        ({"reminder_offsets": list(range(11))}, 422, "reminder_offsets"),
    ],
)
def test_bad_policy_values_name_the_field_and_save_nothing(personas, agency, data, status, field):
    response = _put(personas["agency_admin"], **data)
    assert response.status_code == status
    assert field in response.json()["fields"]
    assert not LegalPolicy.objects.filter(agency=agency).exists()


def test_case_workers_cannot_change_the_policy(personas, agency):
    assert _put(personas["case_manager"]).status_code == 403
    assert login_client(personas["supervisor"]).get("/api/v1/legal-policy").status_code == 403
    assert not LegalPolicy.objects.filter(agency=agency).exists()
