"""GET /survivors and POST /survivors/search: the people list through the API, with the UI list's visibility."""

from __future__ import annotations

from reclaim.people.actions import do_create_survivor


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _more(agency, team, count, *, assigned=()):
    return [
        do_create_survivor(
            actor=None,
            agency=agency,
            reference=f"A-1000{number:02d}",
            given_name=f"Person{number}",
            team=team,
            assigned=list(assigned),
        )
        for number in range(count)
    ]


def test_list_is_newest_first_and_pages(personas, agency, team, survivor_a, survivor_b, client_as):
    # given three more survivors in the team
    added = _more(agency, team, 3)
    client = client_as("supervisor")
    # when the first page of two is read, then the next
    first = client.get("/api/v1/survivors?limit=2")
    assert first.status_code == 200, first.content
    second = client.get(f"/api/v1/survivors?limit=2&cursor={first.json()['next_cursor']}").json()
    # then all four of the agency's survivors come, newest first, and nobody of agency B
    ids = [row["id"] for row in first.json()["items"] + second["items"]]
    assert ids == [str(s.pk) for s in [*reversed(added), survivor_a]]
    assert second["next_cursor"] is None
    row = second["items"][-1]
    assert (row["reference"], row["given_name"], row["team_id"]) == ("A-000001", "Marisol", str(team.pk))
    # and sorting by reference works both ways
    by_reference = client.get("/api/v1/survivors?sort=reference").json()["items"]
    assert [r["reference"] for r in by_reference] == ["A-000001", "A-100000", "A-100001", "A-100002"]


def test_an_assigned_scope_sees_only_their_people(personas, agency, survivor_a, client_as):
    # given survivors outside any team, assigned to nobody
    _more(agency, None, 2)
    # when the case manager (assigned scope) lists
    items = client_as("case_manager").get("/api/v1/survivors").json()["items"]
    # then only the one assigned to them comes
    assert [row["id"] for row in items] == [str(survivor_a.pk)]


def test_search_by_name_and_birth_date_or_reference(personas, agency, team, survivor_a, survivor_b, client_as):
    _more(agency, team, 2)
    client = client_as("supervisor")
    by_name = _post(client, "/api/v1/survivors/search", {"name": "Marisol Quintanilla", "date_of_birth": "1996-04-17"})
    assert by_name.status_code == 200, by_name.content
    assert [row["id"] for row in by_name.json()["items"]] == [str(survivor_a.pk)]
    by_reference = _post(client, "/api/v1/survivors/search", {"reference": "a-100001"})
    assert [row["reference"] for row in by_reference.json()["items"]] == ["A-100001"]
    # agency B's person is not found from agency A, by name or by reference
    other = _post(client, "/api/v1/survivors/search", {"name": "Marisol Quintanilla", "date_of_birth": "1990-01-01"})
    assert other.json()["items"] == []
    assert _post(client, "/api/v1/survivors/search", {"reference": survivor_b.reference}).json()["items"] == []


def test_bad_input_is_a_clear_4xx(personas, survivor_a, client_as):
    client = client_as("supervisor")
    empty = _post(client, "/api/v1/survivors/search", {"name": "  "})
    assert empty.status_code == 400
    assert empty.json()["code"] == "survivors.search_empty"
    bad_date = _post(client, "/api/v1/survivors/search", {"date_of_birth": "17/04/1996"})
    assert bad_date.status_code == 422
    assert "date_of_birth" in bad_date.json()["fields"]
    assert "17/04/1996" not in bad_date.content.decode()  # a 422 never echoes what was sent
    bad_sort = client.get("/api/v1/survivors?sort=given_name")
    assert bad_sort.status_code == 422
    assert "sort" in bad_sort.json()["fields"]
    bad_cursor = client.get("/api/v1/survivors?cursor=nope")
    assert bad_cursor.status_code == 422


def test_roles_without_case_data_get_403(personas, survivor_a, client_as):
    for persona in ("agency_admin", "analyst", "volunteer"):
        assert client_as(persona).get("/api/v1/survivors").status_code == 403
        assert _post(client_as(persona), "/api/v1/survivors/search", {"reference": "A-000001"}).status_code == 403
