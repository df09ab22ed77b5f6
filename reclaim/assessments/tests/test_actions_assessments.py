"""do_record_assessment, do_assign_assessment, do_acknowledge_alert and do_load_instrument, on a real database."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from reclaim.assessments import selectors
from reclaim.assessments.actions import (
    InvalidAnswers,
    do_acknowledge_alert,
    do_assign_assessment,
    do_load_instrument,
    do_record_assessment,
)
from reclaim.assessments.loader import install_shipped
from reclaim.assessments.models import Assessment, AssessmentAlert, Instrument, InstrumentVersion
from reclaim.assessments.tests.helpers import licensed_definition
from reclaim.cases.models import CaseEvent
from reclaim.core.errors import DomainError
from reclaim.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_shipped_instruments_are_loaded_by_the_migration_and_loading_is_idempotent():
    # given the migrated database; then the four shipped instruments are there, global
    assert sorted(Instrument.objects.filter(agency__isnull=True).values_list("code", flat=True)) == [
        "brs",
        "gad7",
        "pcl5",
        "phq9",
    ]
    # when the data migration's loader runs again, nothing is added
    before = InstrumentVersion.objects.count()
    assert [i.created for i in install_shipped(Instrument, InstrumentVersion)] == [False] * 4
    assert InstrumentVersion.objects.count() == before


def test_phq9_with_item_9_raises_an_urgent_alert_and_a_timeline_event(personas, case):
    # when the case manager records a PHQ-9 with a low total but item 9 above 0
    assessment = do_record_assessment(
        actor=personas["case_manager"], case=case, instrument_code="phq9", answers=[0] * 8 + [1]
    )
    # then it is stored with its score, band and version, and an urgent alert is open on the case
    assessment.refresh_from_db()
    assert (assessment.total, assessment.band, assessment.complete) == (Decimal(1), "minimal", True)
    assert assessment.instrument_version.version == "2"  # version 2: the same PHQ-9, also given in Spanish and French
    assert assessment.answers == [0] * 8 + [1]
    alert = AssessmentAlert.objects.get(case=case)
    assert (alert.rule_code, alert.severity, alert.acknowledged_at) == ("phq9_self_harm_thoughts", "urgent", None)
    # and the timeline event carries codes only, never the answers
    event = CaseEvent.objects.get(case=case, type="assessment_recorded")
    assert event.parameters == {
        "assessment_id": str(assessment.pk),
        "instrument": "phq9",
        "instrument_version": "2",
        "band": "minimal",
        "complete": True,
        "alerts": ["phq9_self_harm_thoughts"],
    }
    assert AuditEvent.objects.filter(action="assessment.recorded", object_id=str(case.pk)).exists()


@pytest.mark.parametrize(
    ("code", "answers", "field"),
    [
        ("phq9", [0] * 8, "responses"),
        ("phq9", [0] * 8 + [4], "item_9"),
        ("phq9", [0] * 7 + ["x", 0], "item_8"),
        ("brs", [0, 1, 2, 3, 4, 5], "item_1"),
        ("nope", [0] * 9, "instrument"),
    ],
)
def test_invalid_answers_store_nothing(personas, case, code, answers, field):
    events_before = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(InvalidAnswers) as info:
        do_record_assessment(actor=personas["case_manager"], case=case, instrument_code=code, answers=answers)
    assert field in info.value.fields
    assert Assessment.objects.count() == 0
    assert AssessmentAlert.objects.count() == 0
    assert CaseEvent.objects.filter(case=case).count() == events_before


def test_a_future_date_is_refused(personas, case):
    with pytest.raises(InvalidAnswers):
        do_record_assessment(
            actor=personas["case_manager"],
            case=case,
            instrument_code="gad7",
            answers=[0] * 7,
            administered_on=timezone.localdate() + timedelta(days=1),
        )
    assert Assessment.objects.count() == 0


def test_worsening_since_the_previous_pcl5_alerts_and_marks_reliable_change(personas, case):
    do_record_assessment(actor=personas["clinician"], case=case, instrument_code="pcl5", answers=[1] * 20)
    second = do_record_assessment(actor=personas["clinician"], case=case, instrument_code="pcl5", answers=[2] * 20)
    assert second.result["reliable_change"] == "worsened"
    assert set(second.alerts) == {"pcl5_positive", "pcl5_worsened"}
    assert second.subscales == {"B": "10", "C": "4", "D": "14", "E": "12"}


def test_assign_then_complete_keeps_the_assigned_version(personas, case):
    assigned = do_assign_assessment(actor=personas["case_manager"], case=case, instrument_code="gad7")
    assert (assigned.status, assigned.administered_on, assigned.answers) == ("assigned", None, None)
    done = do_record_assessment(
        actor=personas["case_manager"],
        case=case,
        instrument_code="gad7",
        answers=[2] * 7,
        assigned=assigned,
        expected_version=assigned.version,
        mode="portal",
    )
    assert (done.pk, done.status, done.total, done.version) == (assigned.pk, "completed", Decimal(14), 2)
    assert done.instrument_version_id == assigned.instrument_version_id
    with pytest.raises(DomainError):
        do_record_assessment(
            actor=personas["case_manager"], case=case, instrument_code="gad7", answers=[0] * 7, assigned=assigned
        )


def test_acknowledging_needs_a_note_and_happens_once(personas, case):
    do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="phq9", answers=[0] * 8 + [2])
    alert = AssessmentAlert.objects.get()
    with pytest.raises(DomainError) as info:
        do_acknowledge_alert(actor=personas["clinician"], alert=alert, note="   ")
    assert "note" in info.value.fields
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
    do_acknowledge_alert(actor=personas["clinician"], alert=alert, note="Safety plan agreed by phone today.")
    alert.refresh_from_db()
    assert alert.acknowledged_by == personas["clinician"]
    assert alert.note == "Safety plan agreed by phone today."
    assert CaseEvent.objects.filter(case=case, type="assessment_alert_acked").count() == 1
    with pytest.raises(DomainError):
        do_acknowledge_alert(actor=personas["clinician"], alert=alert, note="again")


def test_an_agency_loads_a_licensed_instrument_only_it_sees(agency, other_agency, personas, case, other_case):
    # when agency A loads its licensed instrument
    installed = do_load_instrument(actor=None, data=licensed_definition(), agency=agency)
    assert installed.created
    # then A can record it, B does not see it
    assert selectors.instrument_by_code(agency.pk, "x_bounce") is not None
    assert selectors.instrument_by_code(other_agency.pk, "x_bounce") is None
    result = do_record_assessment(
        actor=personas["case_manager"], case=case, instrument_code="x_bounce", answers=[3, 3, 3, 1]
    )
    assert (result.total, result.band) == (Decimal(10), "high")
    with pytest.raises(InvalidAnswers):
        do_record_assessment(
            actor=personas["other_agency_user"], case=other_case, instrument_code="x_bounce", answers=[0] * 4
        )
    # and a new version is used for new assessments while the old one keeps its version
    changed = licensed_definition(version="2")
    changed["items"].append({"id": "5", "text": {"en": "Invented statement 5"}})
    do_load_instrument(actor=None, data=changed, agency=agency)
    second = do_record_assessment(
        actor=personas["case_manager"], case=case, instrument_code="x_bounce", answers=[1] * 5
    )
    assert second.instrument_version.version == "2"
    result.refresh_from_db()
    assert result.instrument_version.version == "1"


def test_an_invalid_definition_saves_nothing_and_names_the_path(agency):
    definition = licensed_definition()
    definition["items"][2]["text"] = {"fr": "Non"}
    with pytest.raises(DomainError) as info:
        do_load_instrument(actor=None, data=definition, agency=agency)
    assert "items[2].text: has no text in 'en'" in info.value.fields["definition"]
    assert not Instrument.objects.filter(code="x_bounce").exists()


def test_a_changed_definition_under_the_same_version_is_refused(agency):
    do_load_instrument(actor=None, data=licensed_definition(), agency=agency)
    changed = licensed_definition()
    changed["name"] = "Renamed"
    changed["bands"][1]["min"] = 10
    with pytest.raises(DomainError):
        do_load_instrument(actor=None, data=changed, agency=agency)
    assert InstrumentVersion.objects.filter(instrument__code="x_bounce").count() == 1
    assert Instrument.objects.get(code="x_bounce").name == "Bounce-back scale (test)"


def test_an_agency_cannot_reuse_a_shipped_code(agency):
    definition = licensed_definition()
    definition["code"] = "phq9"
    with pytest.raises(DomainError):
        do_load_instrument(actor=None, data=definition, agency=agency)


def test_load_instrument_command(tmp_path, agency):
    import json

    path = tmp_path / "bounce.json"
    path.write_text(json.dumps(licensed_definition()))
    call_command("load_instrument", str(path), "--agency", agency.slug)
    assert Instrument.objects.get(code="x_bounce").agency_id == agency.pk
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("load_instrument", str(bad))
    broken = licensed_definition(version="3")
    broken["scoring"]["method"] = "median"
    bad.write_text(json.dumps(broken))
    with pytest.raises(CommandError, match=r"scoring\.method"):
        call_command("load_instrument", str(bad), "--agency", agency.slug)


def test_an_agency_may_choose_the_pcl5_cutoff_within_31_to_33(personas, agency, case):
    from django.core.exceptions import ValidationError

    from reclaim.assessments.models import Instrument, InstrumentCutoffs

    pcl5 = Instrument.objects.get(code="pcl5", agency__isnull=True)
    answers = [2] * 16 + [0] * 4  # total 32, every cluster endorsed
    at_default = do_record_assessment(actor=personas["clinician"], case=case, instrument_code="pcl5", answers=answers)
    met = {c["code"]: c["met"] for c in at_default.result["cutoffs"]}
    assert met["provisional_ptsd"] is False  # 32 < 33
    # when the agency chooses 31, within the definition's range
    chosen = InstrumentCutoffs(agency=agency, instrument=pcl5, values={"provisional_ptsd": 31})
    chosen.full_clean()
    chosen.save()
    lowered = do_record_assessment(actor=personas["clinician"], case=case, instrument_code="pcl5", answers=answers)
    assert {c["code"]: c["met"] for c in lowered.result["cutoffs"]}["provisional_ptsd"] is True
    # and values outside the range, or cut-offs the instrument lacks, are refused
    for values in ({"provisional_ptsd": 38}, {"no_such_cutoff": 1}):
        with pytest.raises(ValidationError):
            InstrumentCutoffs(agency=agency, instrument=pcl5, values=values).clean()
