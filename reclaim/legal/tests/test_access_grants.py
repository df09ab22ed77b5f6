"""Granting and revoking access to a case's privileged material: the page and the API, who may do it,
refusals with clear errors and nothing saved, audit and timeline rows."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conftest import login_client
from reclaim.cases.models import CaseEvent, EventType
from reclaim.core.errors import DomainError, InvalidTransition
from reclaim.core.models import AuditEvent
from reclaim.legal.actions import do_grant_privileged_access, do_revoke_privileged_access
from reclaim.legal.models import LegalAccessGrant
from reclaim.legal.selectors import grantable_users, has_privileged_access, legal_team_for_case


def _grant(personas, case, who="case_manager", reason="Preparing the interview"):
    return do_grant_privileged_access(actor=personas["legal_advocate"], case=case, user=personas[who], reason=reason)


def test_the_page_explains_who_sees_and_lets_the_legal_team_grant_and_revoke(personas, case):
    client = login_client(personas["legal_advocate"])
    url = reverse("legal:access", args=[case.pk])
    # given the page as the legal advocate: the plain explanation, the legal team, and a form listing colleagues
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nobody else sees them" in text
    assert list(page.context["legal_team"]) == [personas["legal_advocate"]]
    choices = {str(person.pk) for person in page.context["form"].fields["user"].queryset}
    assert str(personas["case_manager"].pk) in choices
    assert str(personas["legal_advocate"].pk) not in choices  # already on the legal team
    assert str(personas["volunteer"].pk) not in choices  # does not read the case
    assert AuditEvent.objects.filter(action="case.read", object_id=str(case.pk)).exists()
    # when they give the case manager access with a reason
    response = client.post(url, {"user": personas["case_manager"].pk, "reason": "Preparing the interview"})
    # then the grant is saved, on the timeline (ids only) and listed with who gave it
    assert response.status_code == 302
    grant = LegalAccessGrant.objects.get(case=case, user=personas["case_manager"])
    assert (grant.granted_by, grant.reason, grant.revoked_at) == (
        personas["legal_advocate"],
        "Preparing the interview",
        None,
    )
    event = CaseEvent.objects.get(case=case, type=EventType.LEGAL_ACCESS_GRANTED)
    assert event.parameters == {"grant_id": str(grant.pk), "user_id": str(personas["case_manager"].pk)}
    assert AuditEvent.objects.filter(action="legal.access_granted", actor_id=personas["legal_advocate"].pk).exists()
    listed = client.get(url)
    assert listed.context["grants"] == [grant]
    assert "Preparing the interview" in listed.content.decode()
    assert str(personas["case_manager"].pk) not in {str(p.pk) for p in listed.context["form"].fields["user"].queryset}
    assert has_privileged_access(personas["case_manager"], case)
    # the grantee sees the page with the grant but not the reason, and no form
    seen = login_client(personas["case_manager"]).get(url)
    assert seen.context["form"] is None
    assert "case_manager" in seen.content.decode()
    assert "Preparing the interview" not in seen.content.decode()
    # when the legal advocate ends the access
    revoked = client.post(reverse("legal:access_revoke", args=[case.pk, grant.pk]))
    assert revoked.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_by == personas["legal_advocate"]
    assert grant.revoked_at is not None
    assert CaseEvent.objects.filter(case=case, type=EventType.LEGAL_ACCESS_REVOKED).count() == 1
    assert not has_privileged_access(personas["case_manager"], case)
    assert client.get(url).context["past_grants"] == [grant]
    # and ending it twice says so, changing nothing
    again = client.post(reverse("legal:access_revoke", args=[case.pk, grant.pk]), follow=True)
    assert "already ended" in again.content.decode()
    assert CaseEvent.objects.filter(case=case, type=EventType.LEGAL_ACCESS_REVOKED).count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"user": "", "reason": "Interview"}, "user", "Choose who may read"),
        ({"user": "CM", "reason": ""}, "reason", "Say why they need"),
        ({"user": "CM", "reason": "x" * 1001}, "reason", "1000"),
        ({"user": "LEGAL", "reason": "Interview"}, "user", "Select a valid choice"),
        ({"user": "VOLUNTEER", "reason": "Interview"}, "user", "Select a valid choice"),
    ],
)
def test_bad_input_on_the_page_is_a_clear_error_and_nothing_is_saved(personas, case, data, field, message):
    people = {"CM": personas["case_manager"].pk, "LEGAL": personas["legal_advocate"].pk}
    people["VOLUNTEER"] = personas["volunteer"].pk
    data = {k: people.get(v, v) for k, v in data.items()}
    response = login_client(personas["legal_advocate"]).post(reverse("legal:access", args=[case.pk]), data)
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert not LegalAccessGrant.objects.exists()
    assert not CaseEvent.objects.filter(type=EventType.LEGAL_ACCESS_GRANTED).exists()


def test_the_action_refuses_bad_grantees_with_field_errors(personas, case, other_case):
    for who, expected in [
        ("legal_advocate", "already see privileged material"),
        ("volunteer", "do not work on this case"),
        ("other_agency_user", "colleague in your agency"),
        ("platform_operator", "colleague in your agency"),
    ]:
        with pytest.raises(DomainError) as refused:
            _grant(personas, case, who)
        assert expected in refused.value.fields["user"][0]
    with pytest.raises(DomainError) as refused:
        do_grant_privileged_access(actor=personas["legal_advocate"], case=case, user=None, reason=" ")
    assert set(refused.value.fields) == {"user", "reason"}
    assert not LegalAccessGrant.objects.exists()


def test_one_live_grant_per_person_and_case_is_a_clear_error(personas, case):
    first = _grant(personas, case)
    with pytest.raises(DomainError) as refused:
        _grant(personas, case)
    assert refused.value.code == "legal.grant_exists"
    assert LegalAccessGrant.objects.count() == 1
    # after revocation a new grant may be given
    do_revoke_privileged_access(actor=personas["legal_advocate"], grant=first)
    assert _grant(personas, case).pk != first.pk
    with pytest.raises(InvalidTransition):
        do_revoke_privileged_access(actor=personas["legal_advocate"], grant=first)


@pytest.mark.parametrize("who", ["case_manager", "clinician", "supervisor", "program_director"])
def test_only_the_legal_team_grants_or_revokes(personas, case, who):
    client = login_client(personas[who])
    data = {"user": personas["case_manager"].pk, "reason": "I would like to read them"}
    # the page refuses with 403 and saves nothing; the API too
    assert client.post(reverse("legal:access", args=[case.pk]), data).status_code == 403
    api = client.post(
        f"/api/v1/cases/{case.pk}/legal-access-grants",
        {"user_id": str(personas["clinician"].pk), "reason": "Please"},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert not LegalAccessGrant.objects.exists()
    with pytest.raises(PermissionDenied):
        do_grant_privileged_access(actor=personas[who], case=case, user=personas["clinician"], reason="Please")
    # nor may they end someone's access
    grant = _grant(personas, case, "clinician" if who == "case_manager" else "case_manager")
    assert client.post(reverse("legal:access_revoke", args=[case.pk, grant.pk])).status_code == 403
    assert client.post(f"/api/v1/legal-access-grants/{grant.pk}/revoke").status_code == 403
    with pytest.raises(PermissionDenied):
        do_revoke_privileged_access(actor=personas[who], grant=grant)
    grant.refresh_from_db()
    assert grant.revoked_at is None
    # and the form is not offered to them
    assert client.get(reverse("legal:access", args=[case.pk])).context["form"] is None


def test_other_agencies_get_404(personas, case):
    grant = _grant(personas, case)
    client = login_client(personas["other_agency_user"])
    assert client.get(reverse("legal:access", args=[case.pk])).status_code == 404
    assert client.get(f"/api/v1/cases/{case.pk}/legal-access-grants").status_code == 404
    assert client.post(f"/api/v1/legal-access-grants/{grant.pk}/revoke").status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", actor_id=personas["other_agency_user"].pk).exists()


def test_api_lists_grants_gives_and_ends_access(personas, case):
    advocate = login_client(personas["legal_advocate"])
    base = f"/api/v1/cases/{case.pk}/legal-access-grants"
    # bad input: 400 with field errors, or 422 for a malformed id; nothing saved
    no_reason = advocate.post(
        base, {"user_id": str(personas["case_manager"].pk), "reason": "  "}, content_type="application/json"
    )
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["fields"]
    stranger = advocate.post(
        base, {"user_id": str(personas["other_agency_user"].pk), "reason": "Interview"}, content_type="application/json"
    )
    assert stranger.status_code == 400
    assert "user" in stranger.json()["fields"]
    assert advocate.post(base, {"user_id": "nope", "reason": "x"}, content_type="application/json").status_code == 422
    assert not LegalAccessGrant.objects.exists()
    # a grant: 201, then listed (the reason for the legal team only)
    made = advocate.post(
        base, {"user_id": str(personas["case_manager"].pk), "reason": "Interview"}, content_type="application/json"
    )
    assert made.status_code == 201
    grant_id = made.json()["id"]
    assert [g["id"] for g in advocate.get(base).json()["items"]] == [grant_id]
    assert advocate.get(base).json()["items"][0]["reason"] == "Interview"
    as_manager = login_client(personas["case_manager"]).get(base).json()["items"]
    assert as_manager[0]["reason"] is None
    assert as_manager[0]["user_name"] == "case_manager"
    duplicate = advocate.post(
        base, {"user_id": str(personas["case_manager"].pk), "reason": "Again"}, content_type="application/json"
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["code"] == "legal.grant_exists"
    # revoke: 200, then no live grants (still listed with include_revoked), revoking again 422
    ended = advocate.post(f"/api/v1/legal-access-grants/{grant_id}/revoke")
    assert ended.status_code == 200
    assert ended.json()["revoked_at"] is not None
    assert advocate.get(base).json()["items"] == []
    assert [g["id"] for g in advocate.get(base, {"include_revoked": "true"}).json()["items"]] == [grant_id]
    assert advocate.post(f"/api/v1/legal-access-grants/{grant_id}/revoke").status_code == 422


def test_the_legal_team_and_grantable_people_follow_case_access(personas, case):
    assert list(legal_team_for_case(case)) == [personas["legal_advocate"]]
    grantable = set(grantable_users(case))
    # case manager (assigned), clinician (assigned), supervisor (team), program director (agency)
    assert grantable == {personas[p] for p in ("case_manager", "clinician", "supervisor", "program_director")}
    _grant(personas, case, "supervisor")
    assert personas["supervisor"] not in set(grantable_users(case))


def test_grant_page_keeps_a_flat_query_count(personas, case, assert_max_queries):
    for who in ("case_manager", "clinician", "supervisor"):
        _grant(personas, case, who)
    client = login_client(personas["legal_advocate"])
    client.get(reverse("legal:access", args=[case.pk]))
    with assert_max_queries(15):
        response = client.get(reverse("legal:access", args=[case.pk]))
    assert len(response.context["grants"]) == 3
