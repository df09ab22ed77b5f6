"""A goal the server refuses comes back with the person's own words and every other answer, marked unsaved."""

from __future__ import annotations

from django.urls import reverse

from conftest import login_client
from reclaim.plans.models import Goal


def test_a_refused_goal_keeps_the_persons_words(personas, case, plan):
    client = login_client(personas["case_manager"])
    # when the language of the person's words is not a language code
    response = client.post(
        reverse("plans:goal_add", args=[case.pk]),
        {
            "staff_wording": "Learn to drive",
            "survivor_words": "Quiero manejar para ir al trabajo",
            "survivor_language": "Spanish",
            "target_on": "2031-05-01",
            "status": "in_progress",
        },
    )
    # then the error shows and nothing typed is lost
    html = response.content.decode()
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"survivor_language"}
    assert "Learn to drive</textarea>" in html
    assert "Quiero manejar para ir al trabajo</textarea>" in html
    assert 'value="Spanish"' in html
    assert 'value="2031-05-01"' in html
    assert 'data-warn-unsaved="kept"' in html
    assert Goal.objects.filter(case=case).count() == 2
