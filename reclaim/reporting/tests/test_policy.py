"""Reporting settings (ReportingPolicy): the page /reporting/settings/ and GET/PUT /api/v1/reporting-policy.
Agency admins and program directors edit their own agency's k and fiscal year; everyone else gets 403; k under
5 is a field error and nothing is saved; the database refuses k under 5 too."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from conftest import login_client
from reclaim.core.errors import DomainError
from reclaim.core.models import AuditEvent
from reclaim.reporting.actions import do_save_reporting_policy
from reclaim.reporting.models import ReportingPolicy
from reclaim.reporting.selectors import policy_for

URL = "/api/v1/reporting-policy"
EDITORS = ["agency_admin", "program_director"]
OTHERS = ["supervisor", "case_manager", "clinician", "legal_advocate", "outreach_coordinator", "analyst", "volunteer"]


def _post(user, **data):
    values = {"version": 1, "k": 15, "fiscal_year_start_month": 7, **data}
    return login_client(user).post(reverse("reporting:policy"), values)


def _put(user, **data):
    body = {"k": 15, "fiscal_year_start_month": 7, "version": 1, **data}
    return login_client(user).put(URL, body, content_type="application/json")


def test_an_agency_without_settings_gets_the_defaults(agency):
    policy = policy_for(agency.pk)
    assert (policy.k, policy.fiscal_year_start_month, policy.version) == (11, 10, 1)
    assert not ReportingPolicy.objects.filter(agency=agency).exists()


@pytest.mark.parametrize("persona", EDITORS)
def test_admins_and_directors_save_the_settings_on_the_page(personas, agency, persona):
    page = login_client(personas[persona]).get(reverse("reporting:policy"))
    assert page.status_code == 200
    assert page.context["form"].initial == {"version": 1, "k": 11, "fiscal_year_start_month": 10}
    html = page.content.decode()
    assert "fewer than 11" in html and "<caption" in html and 'scope="row"' in html  # the worked example
    response = _post(personas[persona])
    assert response.status_code == 302
    policy = ReportingPolicy.objects.get(agency=agency)
    assert (policy.k, policy.fiscal_year_start_month, policy.version) == (15, 7, 2)
    assert AuditEvent.objects.filter(action="reporting.policy_changed", object_id=str(policy.pk)).exists()
    assert "fewer than 15" in login_client(personas[persona]).get(reverse("reporting:policy")).content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"k": 4}, "k"),
        ({"k": 0}, "k"),
        ({"k": "eleven"}, "k"),
        ({"k": 5000}, "k"),
        ({"fiscal_year_start_month": 13}, "fiscal_year_start_month"),
        ({"fiscal_year_start_month": ""}, "fiscal_year_start_month"),
    ],
)
def test_bad_settings_are_a_field_error_and_nothing_is_saved(personas, agency, data, field):
    response = _post(personas["agency_admin"], **data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ReportingPolicy.objects.filter(agency=agency).exists()


def test_a_stale_save_on_the_page_shows_their_values(personas, agency):
    assert _post(personas["agency_admin"], k=20).status_code == 302
    response = _post(personas["program_director"], k=12)
    assert response.status_code == 200 and response.context["conflict"] is not None
    assert "Someone else changed these settings" in response.content.decode()
    assert ReportingPolicy.objects.get(agency=agency).k == 20


@pytest.mark.parametrize("persona", [*OTHERS, "platform_operator"])
def test_other_roles_cannot_see_or_change_the_settings(personas, agency, persona):
    assert login_client(personas[persona]).get(reverse("reporting:policy")).status_code == 403
    assert _post(personas[persona]).status_code == 403
    assert _put(personas[persona]).status_code == 403
    assert not ReportingPolicy.objects.filter(agency=agency).exists()


def test_each_agency_has_its_own_settings(personas, agency, other_agency):
    assert _put(personas["other_agency_admin"], k=25).status_code == 200
    assert ReportingPolicy.objects.get(agency=other_agency).k == 25
    assert not ReportingPolicy.objects.filter(agency=agency).exists()
    assert login_client(personas["agency_admin"]).get(URL).json()["k"] == 11
    assert login_client(personas["other_agency_admin"]).get(URL).json()["k"] == 25


def test_the_api_reads_and_saves(personas, agency):
    got = login_client(personas["agency_admin"]).get(URL).json()
    assert got == {"k": 11, "fiscal_year_start_month": 10, "version": 1}
    response = _put(personas["program_director"])
    assert response.status_code == 200
    assert response.json() == {"k": 15, "fiscal_year_start_month": 7, "version": 2}
    stale = _put(personas["agency_admin"], k=30)
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert ReportingPolicy.objects.get(agency=agency).k == 15


@pytest.mark.parametrize(
    ("data", "status", "field"),
    [
        ({"k": 4}, 400, "k"),
        ({"k": -1}, 400, "k"),
        ({"fiscal_year_start_month": 0}, 400, "fiscal_year_start_month"),
        ({"k": "many"}, 422, "k"),
    ],
)
def test_bad_api_values_name_the_field_and_save_nothing(personas, agency, data, status, field):
    response = _put(personas["agency_admin"], **data)
    assert response.status_code == status
    assert field in response.json()["fields"]
    assert not ReportingPolicy.objects.filter(agency=agency).exists()


def test_the_database_refuses_k_under_5(agency):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingPolicy.objects.create(agency=agency, k=4)


def test_the_action_refuses_k_under_5(personas, agency):
    with pytest.raises(DomainError) as error:
        do_save_reporting_policy(
            actor=personas["agency_admin"], agency=agency, k=3, fiscal_year_start_month=10, expected_version=1
        )
    assert "k" in error.value.fields


def test_the_menu_offers_the_settings_only_to_those_who_may_change_them(personas):
    url = reverse("reporting:policy")
    assert url in login_client(personas["program_director"]).get(reverse("home")).content.decode()
    assert url not in login_client(personas["case_manager"]).get(reverse("home")).content.decode()
