"""Demo events (issue 10 item 2): four per demo agency, attached in turn to the agency's campaigns when it has
any (none is fine): a past community workshop and a past training for police officers, both with attendance,
anonymous pre/post feedback (knowledge going up, as it should after a good session) and follow-ups; a past
employers' briefing at a confidential place; and an upcoming online session with its feedback link open.

Bulk writes, tens of rows; idempotent (an agency that already has the first demo event gets nothing). Dates are
relative to today."""

from __future__ import annotations

import datetime
import random
import secrets
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from reclaim.accounts.models import Membership
from reclaim.accounts.roles import Role
from reclaim.outreach import events_survey
from reclaim.outreach.models import (
    Audience,
    Campaign,
    EventFollowUp,
    EventFormat,
    EventSurveyResponse,
    OutreachEvent,
    SurveyPhase,
    SurveySource,
)

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency

# (title, format, audience, days from today, hours long, place, confidential, people, groups, surveys pre/post)
EVENTS: tuple[tuple[Any, ...], ...] = (
    (
        "Spotting the signs: community workshop",
        EventFormat.IN_PERSON,
        Audience.GENERAL_PUBLIC,
        -40,
        2,
        "Public library, community room",
        False,
        34,
        {Audience.GENERAL_PUBLIC: 22, Audience.FAITH_GROUPS: 8},
        (12, 10),
    ),
    (
        "Identifying victims: training for patrol officers",
        EventFormat.IN_PERSON,
        Audience.LAW_ENFORCEMENT,
        -21,
        4,
        "Police training centre, lecture hall B",
        False,
        18,
        {Audience.LAW_ENFORCEMENT: 18},
        (9, 9),
    ),
    (
        "Fair recruitment briefing for farm employers",
        EventFormat.IN_PERSON,
        Audience.EMPLOYERS,
        -7,
        2,
        "Back room of the growers' co-operative (not to be published)",
        True,
        11,
        {},
        (0, 0),
    ),
    (
        "Online session for health workers",
        EventFormat.ONLINE,
        Audience.HEALTH_WORKERS,
        12,
        1,
        "Video call (link sent to those who register)",
        False,
        None,
        {},
        (0, 0),
    ),
)
FOLLOW_UPS = (
    (0, "Send the slides and the hotline leaflet to the library", 3),
    (1, "Book the refresher session with the training centre", 30),
)


def _answers(rng: random.Random, knows: float) -> list[int | None]:
    """One plausible answer set: each statement right with probability `knows`, sometimes left as not sure."""
    answers: list[int | None] = []
    for index in range(events_survey.item_count()):
        roll = rng.random()
        if roll < 0.1:
            answers.append(None)
        else:
            right = 1 if events_survey.is_correct(index, 1) else 0
            answers.append(right if rng.random() < knows else 1 - right)
    return answers


def _campaign_on(campaigns: list[Campaign], day: datetime.date, index: int) -> Campaign | None:
    """A campaign running on the event's day (in turn, when several are), else none: a planned campaign has held
    no event yet, and a finished one holds no more."""
    running = [
        c for c in campaigns if (c.starts_on is None or c.starts_on <= day) and (c.ends_on is None or day <= c.ends_on)
    ]
    return running[index % len(running)] if running else None


@transaction.atomic
def seed_outreach_events(agencies: dict[str, Agency], seed: int = 1) -> int:
    """Returns the number of events created."""
    rng = random.Random(seed)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    created = 0
    for agency in agencies.values():
        if OutreachEvent.objects.filter(agency=agency, title=EVENTS[0][0]).exists():
            continue
        coordinator = (
            Membership.objects.filter(agency=agency, role=Role.OUTREACH_COORDINATOR, is_active=True)
            .select_related("user")
            .first()
        )
        admin = Membership.objects.filter(agency=agency, role=Role.AGENCY_ADMIN, is_active=True).first()
        campaigns = list(Campaign.objects.filter(agency=agency).order_by("name"))
        events = []
        for index, (title, fmt, audience, days, hours, place, confidential, people, groups, _s) in enumerate(EVENTS):
            starts = (now + datetime.timedelta(days=days)).replace(hour=10)
            events.append(
                OutreachEvent(
                    agency=agency,
                    campaign=_campaign_on(campaigns, starts.date(), index),
                    title=title,
                    format=fmt,
                    audience=audience,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=hours),
                    place=place,
                    place_is_confidential=confidential,
                    audience_size=people,
                    attendance_by_group={str(code): count for code, count in groups.items()},
                    survey_token=secrets.token_urlsafe(24) if days > 0 else None,
                    survey_open=days > 0,
                    created_by=coordinator.user if coordinator else None,
                )
            )
        OutreachEvent.objects.bulk_create(events)
        created += len(events)
        facilitators = [m.user_id for m in (coordinator, admin) if m is not None]
        OutreachEvent.facilitators.through.objects.bulk_create(
            [
                OutreachEvent.facilitators.through(outreachevent_id=event.pk, user_id=user_id)
                for event in events
                for user_id in facilitators
            ]
        )
        responses = []
        for event, spec in zip(events, EVENTS, strict=True):
            pre, post = spec[-1]
            for phase, count, knows in ((SurveyPhase.PRE, pre, 0.55), (SurveyPhase.POST, post, 0.85)):
                for _n in range(count):
                    answers = _answers(rng, knows)
                    responses.append(
                        EventSurveyResponse(
                            agency=agency,
                            event=event,
                            phase=phase,
                            survey_code=events_survey.definition()["code"],
                            survey_version=events_survey.definition()["version"],
                            answers=answers,
                            total=events_survey.total(answers),
                            source=SurveySource.PAPER if phase == SurveyPhase.PRE else SurveySource.LINK,
                        )
                    )
        EventSurveyResponse.objects.bulk_create(responses)
        if coordinator is not None:
            EventFollowUp.objects.bulk_create(
                [
                    EventFollowUp(
                        agency=agency,
                        event=events[index],
                        what=what,
                        owner=coordinator.user,
                        due_on=timezone.localdate() + datetime.timedelta(days=due),
                    )
                    for index, what, due in FOLLOW_UPS
                ]
            )
    return created
