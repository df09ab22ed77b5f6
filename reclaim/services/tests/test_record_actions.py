"""The service-log write path: one record, a bulk write that is all or nothing, and the idempotency key."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseEvent, EventType
from reclaim.core.errors import DomainError
from reclaim.funding.models import Grant
from reclaim.services.actions import ServiceEntry, do_record_service, do_record_services
from reclaim.services.models import ServiceRecord, ServiceSource
from reclaim.services.selectors import funder_category, live_records_for_source, service_types

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(personas, survivor_a):
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)


def test_the_shipped_taxonomy_maps_to_htcds_and_the_confirmed_funder_categories():
    codes = {service_type.code: service_type for service_type in service_types()}
    assert "psychological_support.cbt" in codes
    assert codes["education.esl"].category.htcds_plan_types == ["Education"]
    today = timezone.localdate()
    assert funder_category("otip_dvht", "childcare", today) == "Childcare"
    assert funder_category("otip_dvht", "housing_shelter", today) == ""


def test_a_service_is_recorded_with_a_timeline_event(personas, case):
    manager = personas["case_manager"]
    record = do_record_service(
        actor=manager,
        case=case,
        entry=ServiceEntry("psychological_support.counselling", timezone.localdate(), duration_minutes=50),
    )
    assert record.category_code == "psychological_support"
    event = CaseEvent.objects.get(case=case, type=EventType.SERVICE_RECORDED)
    assert event.parameters == {"service_id": str(record.pk), "type": "psychological_support.counselling"}


def test_a_bulk_write_with_one_bad_row_saves_nothing(personas, case):
    manager = personas["case_manager"]
    today = timezone.localdate()
    entries = [
        (case, ServiceEntry("education.esl", today)),
        (case, ServiceEntry("no.such_type", today + datetime.timedelta(days=1), duration_minutes=0)),
    ]
    with pytest.raises(DomainError) as raised:
        do_record_services(actor=manager, entries=entries)
    assert set(raised.value.fields) == {"1.service_type", "1.delivered_on", "1.duration_minutes"}
    assert not ServiceRecord.objects.exists()


def test_a_grant_must_cover_the_category_and_the_date(personas, case):
    manager = personas["case_manager"]
    today = timezone.localdate()
    grant = Grant.objects.create(agency_id=case.agency_id, name="Education fund", allowed_categories=["education"])
    with pytest.raises(DomainError) as raised:
        do_record_service(actor=manager, case=case, entry=ServiceEntry("childcare.care", today, grant_id=grant.pk))
    assert "grant" in raised.value.fields
    record = do_record_service(actor=manager, case=case, entry=ServiceEntry("education.esl", today, grant_id=grant.pk))
    assert record.grant == grant


def test_a_case_manager_cannot_write_clinical_notes(personas, case):
    with pytest.raises(DomainError) as raised:
        do_record_service(
            actor=personas["case_manager"],
            case=case,
            entry=ServiceEntry("education.esl", timezone.localdate(), notes="x", notes_confidentiality="clinical"),
        )
    assert "notes_confidentiality" in raised.value.fields


def test_one_source_writes_one_live_record_per_case(personas, case):
    manager = personas["case_manager"]
    source = uuid.uuid4()  # a group session's id in real use
    entry = ServiceEntry(
        "support_group.peer", timezone.localdate(), source_kind=ServiceSource.GROUP_SESSION, source_id=source
    )
    do_record_service(actor=manager, case=case, entry=entry)
    assert set(live_records_for_source(ServiceSource.GROUP_SESSION, source)) == {case.pk}
    with pytest.raises(IntegrityError), transaction.atomic():
        do_record_service(actor=manager, case=case, entry=entry)
