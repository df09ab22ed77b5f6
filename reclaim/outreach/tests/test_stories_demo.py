from __future__ import annotations

import pytest
from django.core.management import call_command

from reclaim.outreach.models import Story


@pytest.mark.django_db
def test_seed_demo_gives_the_library_one_approved_anonymous_story_on_a_live_media_consent():
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    story = Story.objects.select_related("consent").get()
    assert (story.status, story.attribution, story.credit_name) == ("approved", "anonymous", None)
    assert story.consent.purpose == "media" and story.consent.case_id == story.case_id
    # idempotent
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    assert Story.objects.count() == 1
