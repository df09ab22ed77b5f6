"""What the demo shows on its three showcase agencies only (data.AGENCIES): groups, the partner directory, legal
matters, the survivor portal and outreach. Their cost does not grow with the number of survivors, and the other
agencies of a big demo hold the volume alone. The stages run in this order, each after what it needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reclaim.demo.seed_directory import seed_directory
from reclaim.demo.seed_groups import seed_groups
from reclaim.demo.seed_legal import seed_legal
from reclaim.demo.seed_outreach_campaigns import seed_outreach_campaigns
from reclaim.demo.seed_outreach_events import seed_outreach_events
from reclaim.demo.seed_outreach_stories import seed_outreach_stories
from reclaim.demo.seed_outreach_training import seed_outreach_training
from reclaim.demo.seed_outreach_volunteers import seed_outreach_volunteers
from reclaim.demo.seed_portal import seed_portal

if TYPE_CHECKING:
    from collections.abc import Callable

    from reclaim.accounts.models import Agency

Stage = tuple[str, "Callable[[dict[str, Agency], int], object]"]

STAGES: list[Stage] = [
    ("groups", lambda agencies, seed: seed_groups(agencies, seed=seed)),  # after services (attendance)
    ("directory", lambda agencies, _seed: seed_directory(agencies)),
    ("legal", lambda agencies, seed: seed_legal(agencies, seed=seed)),  # after the directory (police units)
    ("portal", lambda agencies, _seed: seed_portal(agencies)),  # after cases: one demo survivor's portal access
    ("campaigns", lambda agencies, seed: seed_outreach_campaigns(agencies, seed=seed)),  # after grants, directory
    ("events", lambda agencies, seed: seed_outreach_events(agencies, seed=seed)),  # after campaigns
    ("volunteers", lambda agencies, _seed: seed_outreach_volunteers(agencies)),  # "Val Volunteer" gets a record
    ("stories", lambda agencies, _seed: seed_outreach_stories(agencies)),  # after cases: a story on a media consent
    ("training", lambda agencies, _seed: seed_outreach_training(agencies)),  # courses, sessions, certificates
]
