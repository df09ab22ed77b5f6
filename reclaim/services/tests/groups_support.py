"""Shared set-up for the group-program tests and the permission matrix: data is made through actions."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils import timezone

from reclaim.accounts.models import User
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import Case
from reclaim.people.actions import do_create_survivor
from reclaim.services.group_actions import (
    GroupProgramData,
    do_add_session,
    do_complete_enrolment,
    do_create_program,
    do_enrol,
    do_issue_certificate,
)
from reclaim.services.models import GroupFacilitator, GroupProgram, GroupSession


def make_program(actor: User, agency: Any, *, facilitators: list[User] = (), **overrides: Any) -> GroupProgram:  # type: ignore[assignment]
    data = GroupProgramData(
        name=overrides.pop("name", "Tuesday support group"),
        starts_on=overrides.pop("starts_on", timezone.localdate() - datetime.timedelta(days=30)),
        location=overrides.pop("location", "Shelter on Calle Olmo 14"),
        facilitator_ids=[user.pk for user in facilitators],
        **overrides,
    )
    return do_create_program(actor=actor, agency=agency, data=data)


def make_past_session(actor: User, program: GroupProgram, *, days_ago: int = 1, minutes: int = 90) -> GroupSession:
    when = timezone.now().replace(microsecond=0) - datetime.timedelta(days=days_ago)
    return do_add_session(actor=actor, program=program, starts_at=when, duration_minutes=minutes)


def make_facilitator(program: GroupProgram, user: User) -> None:
    """Make a user (e.g. the `volunteer` persona) a facilitator of the program."""
    GroupFacilitator.objects.get_or_create(agency_id=program.agency_id, program=program, user=user)


def make_cases(actor: User, agency: Any, team: Any, n: int, *, assigned: list[User]) -> list[Case]:
    cases = []
    for i in range(n):
        survivor = do_create_survivor(
            actor=None,
            agency=agency,
            reference=f"G-{uuid.uuid4().hex[:10]}",
            given_name=f"Person{i}",
            chosen_name=f"Chosen{i}",
            team=team,
            assigned=assigned,
        )
        cases.append(do_open_case(actor=actor, survivor=survivor, team=team))
    return cases


def group_objects(personas: dict[str, Any], agency: Any, case: Case) -> dict[str, Any]:
    """A group run by the case manager with the case enrolled (completed, with a certificate), and a past
    session: what the permission matrix needs."""
    manager = personas["case_manager"]
    program = make_program(manager, agency, facilitators=[manager])
    session = make_past_session(manager, program)
    enrolment = do_enrol(actor=manager, program=program, case=case)
    do_complete_enrolment(actor=manager, enrolment=enrolment)
    do_issue_certificate(actor=manager, enrolment=enrolment)
    return {"group": program, "group_session": session, "group_enrolment": enrolment}
