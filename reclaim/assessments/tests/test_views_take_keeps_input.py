"""An assessment the server refuses (a date in the future) comes back with every answer still chosen."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reclaim.assessments.models import Assessment

pytestmark = pytest.mark.django_db


def test_a_refused_assessment_keeps_every_answer_and_skip(client_as, case):
    client = client_as("clinician")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    answers = {"item_1": "", "item_2": "3", "item_3": "0", "item_9": "1"}  # 1 skipped, 4 to 8 left out
    # when the date is in the future
    response = client.post(
        reverse("assessments:take", args=[case.pk, "phq9"]),
        {**answers, "administered_on": tomorrow.isoformat()},
    )
    # then the date error shows, every given answer is still chosen, and the skip stays a skip
    html = response.content.decode()
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"administered_on"}
    for name, value in answers.items():
        assert re.search(rf'<input type="radio" name="{name}" value="{value}"[^>]*checked', html), name
    assert re.search(r'<input type="radio" name="item_5" value=""[^>]*checked', html)
    assert f'value="{tomorrow.isoformat()}"' in html
    assert 'data-warn-unsaved="kept"' in html
    assert not Assessment.objects.exists()
