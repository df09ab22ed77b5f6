"""Demo survivor story (issue 10 item 4): at Harbor House, on the first open adult case of the demo case manager,
a media consent that keeps the survivor anonymous and one story the survivor approved in person, so the stories
library has something to show. Synthetic words, no name, no date. Idempotent: skipped when the agency has a story."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from reclaim.accounts.models import Membership
from reclaim.accounts.roles import Role
from reclaim.cases.models import Case
from reclaim.consent.actions import ConsentInput, default_expiry, do_record_consent
from reclaim.consent.models import DataClass, InformedOf, Method, Purpose, RecipientKind
from reclaim.demo import data
from reclaim.outreach.models import Story
from reclaim.outreach.stories_actions import StoryInput, do_draft_story, do_record_story_review

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency

STORY_AGENCY = "harbor"
TITLE = "Learning to trust again"
TEXT = (
    "When I first came here I did not believe anyone would help without wanting something back. "
    "The team let me decide everything at my own pace. Today I have a job I chose, a room with a key of my own, "
    "and I know the signs that someone is being controlled. If you see them, call the hotline."
)
QUOTE = "The team let me decide everything at my own pace."


@transaction.atomic
def seed_outreach_stories(agencies: dict[str, Agency]) -> int:
    """Returns the number of stories made (0 or 1)."""
    agency = agencies.get(STORY_AGENCY)
    if agency is None or Story.objects.filter(agency=agency).exists():
        return 0
    membership = (
        Membership.objects.filter(
            agency=agency, role=Role.CASE_MANAGER, user__email=data.staff_email("casemanager", STORY_AGENCY)
        )
        .select_related("user")
        .first()
    )
    if membership is None:
        return 0
    worker = membership.user
    case = (
        Case.objects.filter(agency=agency, lead_worker=worker)
        .exclude(is_minor=True)
        .exclude(status="closed")
        .select_related("agency", "survivor")
        .order_by("number")
        .first()
    )
    if case is None:
        return 0
    today = timezone.localdate()
    do_record_consent(
        actor=worker,
        survivor=case.survivor,
        case=case,
        data=ConsentInput(
            purpose=Purpose.MEDIA,
            method=Method.VERBAL,
            signer_name="Demo survivor",
            witness_name="Demo colleague",
            recipient_kind=RecipientKind.ANY,
            data_classes=[DataClass.TRAFFICKING_HISTORY],
            informed_of=list(InformedOf.values),
            starts_on=today,
            expires_on=default_expiry(today),
        ),
    )
    story = do_draft_story(actor=worker, case=case, data=StoryInput(title=TITLE, text=TEXT, quote=QUOTE))
    do_record_story_review(
        actor=worker, story=story, outcome="approved", how="in_person", expected_version=story.version
    )
    return 1
