"""Trafficking history: recording, editing and removing events, with vocabulary checks and filters."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.accounts.actions import do_add_agency_term, do_retire_agency_term
from reclaim.cases import selectors
from reclaim.cases.actions import HistoryEventData, do_archive_history_event, do_record_history_event
from reclaim.cases.models import Case, CaseEvent, EventCoding, HistoricEvent
from reclaim.cases.tests.history_helpers import open_case, record
from reclaim.core import htcds
from reclaim.core.errors import DomainError
from reclaim.core.models import AuditEvent
from reclaim.core.vocabulary import vocabulary_by_code


def _add_url(case):
    return reverse("cases:history_add", args=[case.pk])


def test_an_event_with_only_its_kind_is_saved(personas, survivor_a):
    case = open_case(personas, survivor_a)
    client = login_client(personas["case_manager"])
    # when every question but the kind is skipped
    response = client.post(_add_url(case), {"type": "Recruitment"})
    # then the event is saved and listed, with a timeline row of codes only
    assert response.status_code == 302
    event = HistoricEvent.objects.get()
    assert (event.type, event.started_on, event.place, event.country) == ("Recruitment", None, None, "")
    assert CaseEvent.objects.get(type="history_event_added").parameters == {
        "event_id": str(event.pk),
        "type": "Recruitment",
    }
    page = client.get(reverse("cases:history", args=[case.pk]))
    assert page.status_code == 200
    assert "Recruitment" in page.content.decode()


def test_a_full_event_with_partial_dates_and_codes(personas, survivor_a):
    case = open_case(personas, survivor_a)
    client = login_client(personas["case_manager"])
    response = client.post(
        _add_url(case),
        {
            "type": "Exploitation",
            "started_year": "2019",
            "ended_year": "2020",
            "ended_month": "2",
            "country": "TH",
            "place": "Samut Sakhon pier 4",
            "exploitation_types": ["ForcedLabour", "ChildLabour"],
            "forced_labour_industry": "A",
            "means_of_control": ["DebtBondage", "WithholdsDocuments", "RestrictsMovement"],
            "recruitment_methods": ["ThroughFriendsOrSocialEvents"],
            "relationship_to_trafficker": "Unaquainted",
            "age_when_trafficked": "16",
            "description": "Worked on a boat",
        },
    )
    assert response.status_code == 302
    event = HistoricEvent.objects.get()
    # a year-only start is its first day, a month end its last day
    assert (event.started_on, event.started_precision) == (date(2019, 1, 1), "year")
    assert (event.ended_on, event.ended_precision) == (date(2020, 2, 29), "month")
    codes = set(EventCoding.objects.filter(event=event).values_list("vocabulary", "code"))
    assert (htcds.TYPE_OF_EXPLOITATION, "ForcedLabour") in codes
    assert (htcds.METHODS_OF_CONTROL, "RestrictsMovement") in codes
    html = client.get(reverse("cases:history", args=[case.pk])).content.decode()
    assert "Debt bondage" in html
    assert "Samut Sakhon pier 4" in html
    assert "February 2020" in html
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Samut" not in title
    # the timeline carries no place or description
    assert "Samut" not in str(list(CaseEvent.objects.values_list("parameters", flat=True)))


def test_unknown_code_is_a_field_error_and_nothing_is_saved(personas, survivor_a):
    case = open_case(personas, survivor_a)
    client = login_client(personas["case_manager"])
    response = client.post(
        _add_url(case),
        {
            "type": "Exploitation",
            "exploitation_types": ["Invented"],
            "country": "XX",
            "started_year": "2020",
            "started_day": "3",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"exploitation_types", "country", "started_month"} <= set(errors)
    assert not HistoricEvent.objects.exists()


def test_action_refuses_retired_and_foreign_codes_atomically(personas, survivor_a, agency, other_agency):
    case = open_case(personas, survivor_a)
    vocabulary = vocabulary_by_code(htcds.METHODS_OF_CONTROL)
    retired = do_add_agency_term(
        actor=personas["agency_admin"], agency=agency, vocabulary=vocabulary, code="x_Retired", label="Retired"
    )
    do_retire_agency_term(actor=personas["agency_admin"], term=retired)
    do_add_agency_term(
        actor=personas["other_agency_admin"], agency=other_agency, vocabulary=vocabulary, code="x_Theirs", label="B"
    )
    for bad in (
        {"means_of_control": ["x_Retired"]},
        {"means_of_control": ["x_Theirs"]},
        {"type": "Holiday"},
        {"ended_on": date(2001, 1, 1), "started_on": date(2002, 1, 1)},
        {"age_when_trafficked": 300},
    ):
        data = HistoryEventData(**{"type": "Exploitation", **bad})
        with pytest.raises(DomainError) as refused:
            do_record_history_event(actor=personas["case_manager"], case=case, data=data)
        assert refused.value.fields
    assert not HistoricEvent.objects.exists()
    assert not EventCoding.objects.exists()
    assert not CaseEvent.objects.filter(type="history_event_added").exists()


def test_agency_terms_are_offered_in_the_form(personas, survivor_a, agency):
    do_add_agency_term(
        actor=personas["agency_admin"],
        agency=agency,
        vocabulary=vocabulary_by_code(htcds.TYPE_OF_EXPLOITATION),
        code="x_Scam",
        label="Forced online scamming",
    )
    case = open_case(personas, survivor_a)
    client = login_client(personas["case_manager"])
    assert "Forced online scamming" in client.get(_add_url(case)).content.decode()
    assert client.post(_add_url(case), {"type": "Exploitation", "exploitation_types": ["x_Scam"]}).status_code == 302
    assert "Forced online scamming" in client.get(reverse("cases:history", args=[case.pk])).content.decode()


def test_a_stale_edit_shows_the_conflict_screen(personas, survivor_a):
    case = open_case(personas, survivor_a)
    event = record(personas, case, type="Transit", country="MX").event
    client = login_client(personas["case_manager"])
    url = reverse("cases:history_edit", args=[case.pk, event.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"type": "Transit", "country": "US", "version": event.version}).status_code == 302
    # when someone saves again with the version they loaded before that change
    response = client.post(url, {"type": "Transit", "country": "GT", "version": event.version})
    # then nothing is overwritten and the current values are shown
    assert response.status_code == 200
    assert response.context["conflict"].current["country"] == "US"
    event.refresh_from_db()
    assert (event.country, event.version) == ("US", 2)


def test_removing_archives_and_the_history_page_is_audited(personas, survivor_a):
    case = open_case(personas, survivor_a)
    event = record(personas, case, type="Recruitment").event
    client = login_client(personas["case_manager"])
    response = client.post(reverse("cases:history_remove", args=[case.pk, event.pk]), {"version": event.version})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.archived_at is not None
    assert list(selectors.history_for_case(case)) == []
    reads = AuditEvent.objects.filter(action="case.read", object_id=str(case.pk)).count()
    client.get(reverse("cases:history", args=[case.pk]))
    assert AuditEvent.objects.filter(action="case.read", object_id=str(case.pk)).count() == reads + 1


def test_other_agencies_get_404_and_read_only_roles_403(personas, survivor_a):
    case = open_case(personas, survivor_a)
    event = record(personas, case, type="Recruitment").event
    outsider = login_client(personas["other_agency_user"])
    assert outsider.get(reverse("cases:history", args=[case.pk])).status_code == 404
    assert outsider.post(_add_url(case), {"type": "Transit"}).status_code == 404
    director = login_client(personas["program_director"])
    assert director.get(reverse("cases:history", args=[case.pk])).status_code == 200
    assert director.post(_add_url(case), {"type": "Transit"}).status_code == 403
    assert director.post(reverse("cases:history_remove", args=[case.pk, event.pk])).status_code == 403
    assert HistoricEvent.objects.count() == 1


def test_history_page_query_count_is_flat(personas, survivor_a, assert_max_queries):
    case = open_case(personas, survivor_a)
    for year in range(2000, 2025):
        record(
            personas,
            case,
            started_on=date(year, 1, 1),
            exploitation_types=["ForcedLabour"],
            means_of_control=["DebtBondage"],
        )
    client = login_client(personas["case_manager"])
    client.get(reverse("cases:history", args=[case.pk]))
    with assert_max_queries(12):  # + the assessment-alerts banner on every case page
        response = client.get(reverse("cases:history", args=[case.pk]))
    assert response.status_code == 200


def test_exploitation_type_filter_for_the_case_list(personas, survivor_a, team):
    labour = open_case(personas, survivor_a)
    record(personas, labour, exploitation_types=["ForcedLabour"])
    sexual = open_case(personas, survivor_a)
    gone = record(personas, sexual, exploitation_types=["SexualExploitation", "ForcedLabour"]).event
    do_archive_history_event(actor=personas["case_manager"], event=gone)
    record(personas, sexual, exploitation_types=["SexualExploitation"])
    manager = personas["case_manager"]
    assert set(selectors.case_ids_with_exploitation_type(manager, "ForcedLabour")) == {labour.pk}
    assert set(selectors.case_ids_with_exploitation_type(manager, "SexualExploitation")) == {sexual.pk}
    assert set(Case.objects.filter(selectors.has_exploitation_type("ChildLabour"))) == set()
    # the filter is scoped to what the user may see
    assert list(selectors.case_ids_with_exploitation_type(personas["other_agency_user"], "ForcedLabour")) == []
