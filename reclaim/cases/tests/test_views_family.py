"""The case file's "Family and contacts" tab and the same list on the survivor record."""

from __future__ import annotations

from django.urls import reverse

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.core.models import AuditEvent
from reclaim.people.actions import do_add_relation, do_update_relation
from reclaim.people.models import Relation

ADD = {
    "kind": "emergency_contact",
    "relationship": "sibling",
    "name": "Esperanza Quintanilla",
    "phone": "+1 555 010 9988",
    "safe_to_contact": "yes",
    "safe_channel": "messaging_app",
    "safe_times": "Sundays after church",
    "lives_with_survivor": "unknown",
}


def _title(html: str) -> str:
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def test_add_a_contact_from_the_case_tab(personas, survivor_a):
    # given a case manager on a case
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    client = login_client(personas["case_manager"])
    # when they add a sister as emergency contact
    response = client.post(reverse("cases:relation_add", args=[case.pk]), ADD, follow=True)
    # then the tab lists her, safety first, with the channel and times; no name in the URL or title
    assert response.status_code == 200
    relation = Relation.objects.get()
    assert (relation.name, relation.safe_channel, relation.survivor_id) == (ADD["name"], "messaging_app", survivor_a.pk)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("cases:family", args=[case.pk])
    assert html.index("Safe to contact") < html.index("Esperanza")
    assert "Messaging app, Sundays after church" in html
    assert "Esperanza" not in _title(html)
    assert 'aria-current="page">Family and contacts' in html


def test_not_safe_without_reason_is_a_field_error_and_nothing_is_saved(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    client = login_client(personas["case_manager"])
    response = client.post(reverse("cases:relation_add", args=[case.pk]), {**ADD, "safe_to_contact": "no"})
    assert response.status_code == 200
    assert "unsafe_reason" in response.context["form"].errors
    assert "Give a reason" in response.content.decode()
    assert not Relation.objects.exists()


def test_connected_to_the_trafficking_and_safe_is_refused(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    client = login_client(personas["case_manager"])
    response = client.post(reverse("cases:relation_add", args=[case.pk]), {**ADD, "connected_to_trafficking": "on"})
    assert response.status_code == 200
    assert "safe_to_contact" in response.context["form"].errors
    assert "cannot be marked safe to contact" in response.content.decode()
    assert not Relation.objects.exists()


def test_someone_not_to_contact_shows_do_not_contact_first(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    do_add_relation(
        actor=personas["case_manager"], survivor=survivor_a, values={"name": "Aurelio", "kind": "dependant"}
    )
    do_add_relation(
        actor=personas["case_manager"],
        survivor=survivor_a,
        values={
            "name": "Victor",
            "connected_to_trafficking": True,
            "safe_to_contact": "no",
            "unsafe_reason": "Recruiter",
        },
    )
    html = login_client(personas["supervisor"]).get(reverse("cases:family", args=[case.pk])).content.decode()
    # then the person not to contact is listed first, their badge before their name
    assert html.index("Do not contact") < html.index("Victor") < html.index("Aurelio")
    assert "May be connected to the trafficking." in html


def test_edit_and_a_stale_edit_shows_both_values(personas, survivor_a):
    # given a contact that a colleague changed after the form was loaded
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    relation = do_add_relation(
        actor=personas["case_manager"], survivor=survivor_a, values={"name": "Tomas", "phone": "111"}
    )
    client = login_client(personas["case_manager"])
    url = reverse("cases:relation_edit", args=[case.pk, relation.pk])
    assert client.get(url).context["form"].initial["version"] == 1
    do_update_relation(
        actor=personas["supervisor"], relation=relation, expected_version=1, changes={"phone": "+1 555 0199"}
    )
    # when the stale form is saved
    response = client.post(url, {**ADD, "name": "Tomás", "phone": "222", "version": 1})
    # then nothing is saved, their value is shown, and the form keeps the typing on the new version
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this" in html
    assert "+1 555 0199" in html
    assert response.context["form"]["phone"].value() == "222"
    assert response.context["form"]["version"].value() == "2"
    relation.refresh_from_db()
    assert (relation.name, relation.phone) == ("Tomas", "+1 555 0199")
    # and saving again on the current version goes through
    ok = client.post(url, {**ADD, "name": "Tomás", "phone": "222", "version": 2})
    assert ok.status_code == 302
    relation.refresh_from_db()
    assert (relation.name, relation.version) == ("Tomás", 3)


def test_archive_from_the_tab(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    relation = do_add_relation(actor=personas["case_manager"], survivor=survivor_a, values={"name": "Gone"})
    client = login_client(personas["case_manager"])
    response = client.post(reverse("cases:relation_archive", args=[case.pk, relation.pk]), {"version": 1}, follow=True)
    assert "Gone" not in response.content.decode()
    relation.refresh_from_db()
    assert relation.archived_at is not None


def test_survivor_contact_safety_from_the_tab_with_conflict(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    client = login_client(personas["case_manager"])
    url = reverse("cases:contact_safety", args=[case.pk])
    body = {"safe_to_contact": "yes", "safe_channel": "call", "safe_times": "Mornings", "version": survivor_a.version}
    assert client.post(url, body).status_code == 302
    survivor_a.refresh_from_db()
    assert (survivor_a.safe_to_contact, survivor_a.safe_times) == ("yes", "Mornings")
    stale = client.post(url, {**body, "safe_times": "Evenings"})
    assert stale.status_code == 200
    assert "Someone else changed this" in stale.content.decode()
    survivor_a.refresh_from_db()
    assert survivor_a.safe_times == "Mornings"


def test_other_agency_gets_404_and_the_denial_is_audited(personas, survivor_a, survivor_b):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    relation = do_add_relation(actor=personas["case_manager"], survivor=survivor_a, values={"name": "X"})
    outsider = login_client(personas["other_agency_user"])
    assert outsider.get(reverse("cases:family", args=[case.pk])).status_code == 404
    assert outsider.post(reverse("cases:relation_add", args=[case.pk]), ADD).status_code == 404
    assert outsider.get(reverse("people:relation_edit", args=[survivor_a.pk, relation.pk])).status_code == 404
    # a relation id of another survivor is 404 too, even through a case the user may edit
    case_b = do_open_case(actor=personas["other_agency_user"], survivor=survivor_b)
    assert outsider.get(reverse("cases:relation_edit", args=[case_b.pk, relation.pk])).status_code == 404
    assert not Relation.objects.filter(survivor=survivor_b).exists()
    assert AuditEvent.objects.filter(action="access.denied", actor_id=personas["other_agency_user"].pk).exists()


def test_reading_the_tab_is_audited(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    response = login_client(personas["supervisor"]).get(reverse("cases:family", args=[case.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action="case.read", actor_id=personas["supervisor"].pk, object_id=str(case.pk)
    ).exists()


def test_read_only_role_sees_the_list_but_no_edit_controls(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    do_add_relation(actor=personas["case_manager"], survivor=survivor_a, values={"name": "Seen"})
    html = login_client(personas["program_director"]).get(reverse("cases:family", args=[case.pk])).content.decode()
    assert "Seen" in html
    assert "Remove from list" not in html
    assert reverse("cases:relation_add", args=[case.pk]) not in html


def test_tab_query_count_does_not_grow_with_relations(personas, survivor_a, assert_max_queries):
    # given a case whose survivor has one relation, and a page already visited once (session, keys warm)
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    client = login_client(personas["case_manager"])
    url = reverse("cases:family", args=[case.pk])
    do_add_relation(actor=personas["case_manager"], survivor=survivor_a, values={"name": "One"})
    client.get(url)
    with assert_max_queries(30) as context:
        client.get(url)
    baseline = len(context.captured_queries)
    # when 30 more relations exist
    for i in range(30):
        do_add_relation(
            actor=personas["case_manager"], survivor=survivor_a, values={"name": f"P{i}", "kind": "dependant"}
        )
    with assert_max_queries(30) as context:
        response = client.get(url)
    # then the page lists them all with the same number of queries
    assert response.content.decode().count('class="panel relation') == 31
    assert len(context.captured_queries) == baseline


def test_the_survivor_record_lists_relations_with_links(personas, survivor_a):
    relation = do_add_relation(actor=personas["case_manager"], survivor=survivor_a, values={"name": "Mateo"})
    client = login_client(personas["case_manager"])
    html = client.get(reverse("people:detail", args=[survivor_a.pk])).content.decode()
    assert "Mateo" in html
    assert reverse("people:relation_edit", args=[survivor_a.pk, relation.pk]) in html
    assert "Mateo" not in _title(html)
    # and adding from the survivor record works the same way
    response = client.post(reverse("people:relation_add", args=[survivor_a.pk]), ADD)
    assert response.status_code == 302
    assert Relation.objects.filter(survivor=survivor_a).count() == 2
    edit = client.get(reverse("people:relation_edit", args=[survivor_a.pk, relation.pk]))
    assert "Mateo" not in _title(edit.content.decode())
