"""GET /me/tasks: the signed-in user's one task list (the Tasks page), from the same sources, paged."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from reclaim.cases.actions import do_open_case, do_request_approval
from reclaim.cases.tasklist import tasks_for


def test_my_tasks_are_the_task_pages_items(personas, survivor_a, client_as):
    # given an urgent need on the case manager's case and a closure the supervisor must approve
    manager = personas["case_manager"]
    case = do_open_case(actor=manager, survivor=survivor_a, team=survivor_a.team, urgent_needs=["medical_care"])
    do_request_approval(actor=manager, case=case, kind="close", close_reason="goals_met")
    # when the case manager reads their tasks
    response = client_as("case_manager").get("/api/v1/me/tasks")
    # then the urgent need comes, as on the Tasks page
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    page_items = tasks_for(manager, timezone.localdate())
    assert [(i["source"], i["link"], i["case_number"]) for i in items] == [
        (item.source, item.url, item.case_number) for item in page_items
    ]
    need = next(i for i in items if i["source"] == "urgent_need")
    assert need["urgent"] and need["link"] == reverse("cases:needs", args=[case.pk])
    # and the approval is on the supervisor's list, not on the case manager's: each reads their own
    supervisor_sources = {i["source"] for i in client_as("supervisor").get("/api/v1/me/tasks").json()["items"]}
    assert "approval" in supervisor_sources
    assert "approval" not in {i["source"] for i in items}


def test_paging_and_the_when_filter(personas, agency, team, client_as):
    from reclaim.people.actions import do_create_survivor

    manager = personas["case_manager"]
    for number in range(3):
        survivor = do_create_survivor(actor=None, agency=agency, reference=f"T-{number}", team=team, assigned=[manager])
        do_open_case(actor=manager, survivor=survivor, team=team, urgent_needs=["medical_care"])
    client = client_as("case_manager")
    everything = client.get("/api/v1/me/tasks").json()["items"]
    first = client.get("/api/v1/me/tasks?limit=2").json()
    second = client.get(f"/api/v1/me/tasks?limit=2&cursor={first['next_cursor']}").json()
    assert first["items"] + second["items"] == everything[:4]
    groups = {item["when"] for item in everything}
    for group in groups:
        filtered = client.get(f"/api/v1/me/tasks?when={group}").json()["items"]
        assert filtered == [item for item in everything if item["when"] == group]
        # and a group is paged with its own cursor, one task at a time
        paged, cursor = [], ""
        while True:
            answer = client.get(f"/api/v1/me/tasks?when={group}&limit=1{cursor}").json()
            paged += answer["items"]
            if answer["next_cursor"] is None:
                break
            cursor = f"&cursor={answer['next_cursor']}"
        assert paged == filtered
    # a cursor of the whole list is refused for a group
    refused = client.get(f"/api/v1/me/tasks?when=overdue&cursor={first['next_cursor']}")
    assert refused.status_code == 422


def test_bad_parameters_are_422(personas, client_as):
    client = client_as("case_manager")
    assert client.get("/api/v1/me/tasks?when=tomorrow").status_code == 422
    assert client.get("/api/v1/me/tasks?limit=0").status_code == 422
    bad_cursor = client.get("/api/v1/me/tasks?cursor=abc")
    assert bad_cursor.status_code == 422
    assert "cursor" in bad_cursor.json()["fields"]


def test_signed_out_is_401(db, client):
    assert client.get("/api/v1/me/tasks").status_code == 401
