"""The demo seed for group programs: a few groups per agency, attendance with its service records, idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count

from reclaim.accounts.models import Agency
from reclaim.services.models import (
    AttendanceStatus,
    GroupAttendance,
    GroupEnrolment,
    GroupProgram,
    GroupSession,
    ServiceRecord,
    ServiceSource,
)


@pytest.mark.django_db
def test_seed_demo_adds_groups_with_attendance_once():
    call_command("seed_demo", "--survivors", "40", "--no-progress")
    counts = (GroupProgram.objects.count(), GroupSession.objects.count(), ServiceRecord.objects.count())
    for agency in Agency.objects.all():
        assert 2 <= GroupProgram.objects.filter(agency=agency).count() <= 3
    assert GroupEnrolment.objects.exists()
    present = GroupAttendance.objects.filter(status=AttendanceStatus.PRESENT).count()
    records = ServiceRecord.objects.filter(source_kind=ServiceSource.GROUP_SESSION)
    assert present == records.count() > 0
    # at most one live record per session and case
    assert not records.values("source_id", "case_id").annotate(n=Count("id")).filter(n__gt=1).exists()
    call_command("seed_demo", "--survivors", "40", "--no-progress")
    assert counts == (GroupProgram.objects.count(), GroupSession.objects.count(), ServiceRecord.objects.count())
