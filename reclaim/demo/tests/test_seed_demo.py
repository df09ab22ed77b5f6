"""seed_demo at other sizes, with a given seed, and after the reference data was emptied. What a seeded demo
holds is checked in test_seeded_demo.py, on one demo shared by its tests."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from reclaim.cases.models import Case, CaseEvent
from reclaim.people.models import Survivor


@pytest.mark.django_db
def test_seed_demo_is_deterministic():
    call_command("seed_demo", "--survivors", "6", "--seed", "7", "--no-progress")
    first = sorted((s.reference, s.given_name, s.family_name) for s in Survivor.objects.all())
    CaseEvent.objects.all().delete()
    from reclaim.cases.models import CaseAssignment, CaseFlag, CaseNote, EventCoding, HistoricEvent, StatusDetermination
    from reclaim.people.models import Relation

    CaseFlag.objects.all().delete()
    EventCoding.objects.all().delete()
    HistoricEvent.objects.all().delete()
    CaseNote.objects.all().delete()
    Relation.objects.all().delete()
    CaseAssignment.objects.all().delete()
    StatusDetermination.objects.all().delete()
    from reclaim.scheduling.models import Appointment

    Appointment.objects.all().delete()  # with their attendees and reminders
    # group programs (seed_groups) point at cases
    from reclaim.services.models import Certificate, GroupAttendance, GroupEnrolment, ServiceRecord

    for model in (Certificate, GroupAttendance, ServiceRecord, GroupEnrolment):
        model.objects.all().delete()
    # legal matters, law-enforcement contacts and their consents point at cases and survivors (seed_legal)
    from reclaim.consent.models import ConsentRecord
    from reclaim.legal.models import LawEnforcementContact, LegalMatter

    LawEnforcementContact.objects.all().delete()
    LegalMatter.objects.all().delete()
    from reclaim.connect.models import (
        CheckIn,
        CheckInSchedule,
        MessageThread,
        PortalAccount,
        PortalMessage,
        PortalShare,
    )
    from reclaim.documents.models import Document, DocumentVersion

    # the demo survivor's portal access and what their page shows (seed_portal)
    for portal_model in (
        PortalShare,
        DocumentVersion,
        Document,
        PortalMessage,
        MessageThread,
        CheckIn,
        CheckInSchedule,
    ):
        portal_model.objects.all().delete()
    PortalAccount.objects.all().delete()
    from reclaim.assessments.models import Assessment
    from reclaim.plans.models import Goal, GoalProgressNote, Plan

    for page_model in (GoalProgressNote, Goal, Plan, Assessment):  # none with 6 survivors but the portal page's
        page_model.objects.all().delete()
    from reclaim.outreach.models import Story, StoryUse

    StoryUse.objects.all().delete()  # stories stand on a case's media consent (seed_outreach_stories)
    Story.objects.all().delete()
    ConsentRecord.objects.all().delete()
    Case.objects.all().delete()
    Survivor.objects.all().delete()
    call_command("seed_demo", "--survivors", "6", "--seed", "7", "--no-progress")
    assert first == sorted((s.reference, s.given_name, s.family_name) for s in Survivor.objects.all())


@pytest.mark.django_db
def test_seed_demo_grows_to_a_larger_count_without_duplicates():
    call_command("seed_demo", "--survivors", "9", "--no-progress")
    call_command("seed_demo", "--survivors", "15", "--no-progress")
    assert Survivor.objects.count() == 15
    assert Survivor.objects.values("agency", "reference").distinct().count() == 15


@pytest.mark.django_db
def test_seed_puts_back_instruments_and_scale_after_a_flush():
    from reclaim.assessments.models import Instrument, InstrumentVersion, OutcomeDomain, OutcomeScale, OutcomeSubdomain

    # given the reference data emptied (as a live-server test's flush does)
    OutcomeSubdomain.objects.all().delete()
    OutcomeDomain.objects.all().delete()
    OutcomeScale.objects.all().delete()
    InstrumentVersion.objects.all().delete()
    Instrument.objects.all().delete()
    # when the demo is seeded
    call_command("seed_demo", "--survivors", "12", "--no-progress")
    # then it loaded them again and used them
    assert set(Instrument.objects.values_list("code", flat=True)) == {"phq9", "gad7", "pcl5", "brs"}
    assert OutcomeScale.objects.filter(agency__isnull=True, is_current=True).count() == 1
    from reclaim.assessments.models import Assessment

    assert Assessment.objects.exists()


def test_agency_count_follows_the_reference_set():
    from reclaim.demo import data

    assert data.agency_count(60) == 3  # the showcase network
    assert data.agency_count(14_999) == 3
    assert data.agency_count(20_000) == 4
    assert data.agency_count(100_000) == 20  # QUALITY.md: 100k survivors, 20 agencies
    assert data.agency_count(1_000_000) == 20
    specs = data.agency_specs(20)
    assert [s["slug"] for s in specs[:3]] == ["harbor", "northside", "safepassage"]
    assert len({s["slug"] for s in specs}) == len({s["prefix"] for s in specs}) == len({s["name"] for s in specs}) == 20


@pytest.mark.django_db
def test_more_agencies_hold_survivors_and_cases_and_the_extras_stay_on_the_showcase():
    from io import StringIO

    from reclaim.accounts.models import Agency, Membership
    from reclaim.legal.models import LegalMatter
    from reclaim.services.models import ServiceRecord

    call_command("seed_demo", "--survivors", "50", "--agencies", "5", "--no-progress")

    agencies = {a.slug: a for a in Agency.objects.all()}
    assert set(agencies) == {"harbor", "northside", "safepassage", "lighthouse", "cedar"}
    for agency in agencies.values():  # every role, ten survivors with a case each
        assert Membership.objects.filter(agency=agency).count() == 10
        assert Case.objects.filter(agency=agency).count() == 10
    assert min(Survivor.objects.filter(agency=agencies["cedar"]).values_list("reference", flat=True)) == ("A05-000001")
    assert ServiceRecord.objects.filter(agency=agencies["lighthouse"]).exists()
    assert LegalMatter.objects.filter(agency__slug="harbor").exists()
    assert not LegalMatter.objects.filter(agency__slug__in=["lighthouse", "cedar"]).exists()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "2 more agencies" in out.getvalue()
    assert "casemanager@lighthouse.example" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("count", ["2", "21"])
def test_agencies_out_of_range_is_refused_before_anything_is_written(count, capsys):
    from reclaim.accounts.models import Agency

    with pytest.raises(SystemExit) as exit_:
        call_command("seed_demo", "--survivors", "10", "--agencies", count, "--no-progress")
    assert exit_.value.code == 2
    assert "--agencies must be from 3 to 20" in capsys.readouterr().err
    assert not Agency.objects.exists()


def test_a_stage_that_writes_a_dangling_reference_fails_the_seed(flushable_db, monkeypatch, capsys):
    """Outside a transaction the volume is written without per-row foreign-key checks; the check after the load
    catches a stage's bug that they would have caught."""
    import uuid

    from django.utils import timezone

    from reclaim.core.bulk import insert_rows
    from reclaim.demo import showcase, volume

    def orphan(_agencies, _count, _seed):
        insert_rows(
            CaseEvent, [{"agency_id": uuid.uuid4(), "case_id": uuid.uuid4(), "type": "x", "at": timezone.now()}]
        )
        return 1

    monkeypatch.setitem(volume._GROUPS, "care", [*volume._GROUPS["care"], ("orphan", orphan)])
    # the volume is enough (an earlier transactional test may have emptied the reference data the showcase uses)
    monkeypatch.setattr(showcase, "STAGES", [])
    with pytest.raises(SystemExit) as exit_:
        call_command("seed_demo", "--survivors", "3", "--no-progress")
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "cases_caseevent.case_id: 3 row(s) point at no row of cases_case" in err
