"""Tell once (issue 14, DOMAIN.md §7.6): a new goal's "language of their words" starts as the person's
preferred language from their record; a different language typed for one goal stays with that goal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.people.actions import do_update_survivor_identity
from reclaim.plans.models import Goal

pytestmark = pytest.mark.django_db


def test_a_new_goal_starts_in_the_persons_preferred_language(personas, case, plan):
    survivor = case.survivor
    do_update_survivor_identity(
        actor=personas["case_manager"],
        survivor=survivor,
        expected_version=survivor.version,
        changes={"preferred_language": "tgl"},
    )
    client = login_client(personas["case_manager"])
    url = reverse("plans:goal_add", args=[case.pk])
    page = client.get(url)
    assert page.context["form"]["survivor_language"].value() == "tgl"
    assert 'name="survivor_language" value="tgl"' in page.content.decode()
    # a goal said in another language keeps its own language; the person's record is not changed by it
    response = client.post(
        url,
        {
            "staff_wording": "Visit my sister",
            "survivor_words": "Quiero ver a mi hermana",
            "survivor_language": "es",
            "status": "not_started",
        },
    )
    assert response.status_code == 302
    newest = Goal.objects.filter(case=case).order_by("-position").first()
    assert (newest.staff_wording, newest.survivor_language) == ("Visit my sister", "es")
    survivor.refresh_from_db()
    assert survivor.preferred_language == "tgl"


def test_no_language_is_presumed_when_none_is_recorded(personas, case, plan):
    page = login_client(personas["case_manager"]).get(reverse("plans:goal_add", args=[case.pk]))
    assert page.context["form"]["survivor_language"].value() in ("", None)
