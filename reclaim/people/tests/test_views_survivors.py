from __future__ import annotations

from django.urls import reverse

from conftest import login_client
from reclaim.people.actions import do_create_survivor


def test_list_shows_only_what_the_role_may_see(personas, survivor_a, survivor_b, agency, team):
    unassigned = do_create_survivor(actor=None, agency=agency, reference="A-000002", given_name="Other", team=None)
    listed = lambda persona: {
        s.reference for s in login_client(personas[persona]).get(reverse("people:list")).context["page"].object_list
    }
    assert listed("case_manager") == {"A-000001"}
    assert listed("supervisor") == {"A-000001"}
    assert listed("program_director") == {"A-000001", unassigned.reference}
    assert listed("other_agency_user") == {"B-000001"}


def test_search_by_name_and_birth_date_uses_blind_indexes(personas, survivor_a):
    client = login_client(personas["case_manager"])
    found = client.post(reverse("people:list"), {"name": "  marisol QUINTANILLA ", "date_of_birth": "1996-04-17"})
    assert [s.pk for s in found.context["page"].object_list] == [survivor_a.pk]
    missed = client.post(reverse("people:list"), {"name": "Marisol Quintanilla", "date_of_birth": "1996-04-18"})
    assert list(missed.context["page"].object_list) == []


def test_search_never_crosses_agencies(personas, survivor_b):
    client = login_client(personas["program_director"])
    response = client.post(reverse("people:list"), {"name": "Teodora Vasquez-Lindqvist"})
    assert list(response.context["page"].object_list) == []


def test_empty_or_bad_search_gets_a_clear_error(personas):
    client = login_client(personas["case_manager"])
    response = client.post(reverse("people:list"), {"date_of_birth": "not a date"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_list_query_count_is_flat(personas, agency, team, django_assert_max_num_queries):
    for i in range(40):
        do_create_survivor(
            actor=None, agency=agency, reference=f"Q-{i:03d}", given_name=f"N{i}", family_name="Count", team=team
        )
    client = login_client(personas["supervisor"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("people:list"))
    assert len(response.context["page"].object_list) == 40


def test_detail_shows_the_record_without_pii_in_the_title(personas, survivor_a):
    response = login_client(personas["case_manager"]).get(reverse("people:detail", args=[survivor_a.pk]))
    html = response.content.decode()
    assert "Marisol" in html
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Marisol" not in title and "Quintanilla" not in title
