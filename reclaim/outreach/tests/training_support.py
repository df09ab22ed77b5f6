"""Shared set-up of the training tests: courses, sessions and certificates made through the actions."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from reclaim.accounts.models import Membership
from reclaim.outreach import training_actions as training


def admin_of(agency: Any) -> Any:
    return Membership.objects.get(role="agency_admin", agency=agency).user


def make_course(agency: Any, title: str = "Trauma-informed care", **values: Any) -> Any:
    values.setdefault("topic", "trauma_informed_care")
    values.setdefault("valid_months", 12)
    return training.do_create_course(
        actor=admin_of(agency), agency=agency, values=training.CourseValues(title=title, **values)
    )


def make_session(course: Any, *, days_ago: int = 7, **values: Any) -> Any:
    held_on = timezone.localdate() - datetime.timedelta(days=days_ago)
    return training.do_create_session(
        actor=admin_of(course.agency), course=course, values=training.SessionValues(held_on=held_on, **values)
    )


def certify(user: Any, course: Any, *, completed_days_ago: int = 10) -> Any:
    """Record a certificate from elsewhere for `user`, completed that many days ago."""
    return training.do_record_external_certificate(
        actor=admin_of(course.agency),
        agency=course.agency,
        values=training.ExternalCertificateValues(
            user_id=user.pk,
            course_id=course.pk,
            completed_on=timezone.localdate() - datetime.timedelta(days=completed_days_ago),
        ),
    )


def set_block(agency: Any, *, on: bool) -> Any:
    from reclaim.outreach.training_selectors import policy_for_agency

    policy = policy_for_agency(agency.pk)
    return training.do_set_training_block(
        actor=admin_of(agency), agency=agency, block_case_data=on, expected_version=policy.version
    )
