"""Every write to instruments, assessments and their alerts. Each action is one transaction: the rows,
the timeline event and the audit row, or nothing (a refused answer set stores nothing at all)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.assessments import events, schedule_actions, scoring, selectors
from reclaim.assessments.definition import DefinitionError
from reclaim.assessments.loader import Installed, install_definition
from reclaim.assessments.models import (
    Assessment,
    AssessmentAlert,
    AssessmentMode,
    AssessmentStatus,
    Instrument,
    InstrumentVersion,
)
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version

if TYPE_CHECKING:
    import datetime
    from collections.abc import Sequence

    from reclaim.accounts.models import Agency, User
    from reclaim.cases.models import Case


class InvalidAnswers(DomainError):
    """The answers cannot be scored (wrong count, a value that is not one of the item's options, unknown
    instrument or language); `fields` names each item. Interfaces answer 422."""

    code = "assessments.invalid_answers"


def _instrument_version(case: Case, instrument_code: str) -> InstrumentVersion:
    instrument = selectors.instrument_by_code(case.agency_id, str(instrument_code))
    version = selectors.current_version(instrument) if instrument is not None else None
    if version is None:
        message = _("There is no instrument with the code %(code)s.") % {"code": str(instrument_code)[:40]}
        raise InvalidAnswers(message, code="assessments.unknown_instrument", fields={"instrument": [message]})
    return version


def _check_language(definition: dict[str, Any], language: str) -> None:
    if language not in definition["languages"]:
        message = _("This instrument is not available in that language.")
        raise InvalidAnswers(message, fields={"language": [message]})


@transaction.atomic
def do_record_assessment(
    *,
    actor: User | None,
    case: Case,
    instrument_code: str,
    answers: Sequence[Any],
    administered_on: datetime.date | None = None,
    language: str = "en",
    mode: str = AssessmentMode.STAFF,
    assigned: Assessment | None = None,
    expected_version: int | None = None,
    cutoffs: dict[str, Any] | None = None,
) -> Assessment:
    """Check and score the answers, store them (encrypted) with the result, raise the alerts that fired,
    and write the timeline event. `assigned` completes an assessment assigned earlier (same version)."""
    if assigned is not None:
        assigned = (
            Assessment.objects.select_for_update()
            .select_related("instrument_version__instrument")
            .get(pk=assigned.pk, case=case)
        )
        if assigned.status != AssessmentStatus.ASSIGNED:
            raise DomainError(_("This assessment was already completed."), code="assessments.already_completed")
        if expected_version is not None:
            check_version(assigned.version, expected_version)
        version = assigned.instrument_version
    else:
        version = _instrument_version(case, instrument_code)
    definition = version.definition
    _check_language(definition, language)
    answer_list = list(answers)
    errors = scoring.check_answers(definition, answer_list)
    if errors:
        raise InvalidAnswers(_("Some answers cannot be scored."), fields=errors)
    today = timezone.localdate()
    administered_on = administered_on or today
    if administered_on > today:
        message = _("The date cannot be in the future.")
        raise InvalidAnswers(message, code="assessments.future_date", fields={"administered_on": [message]})
    try:
        result = scoring.score(
            definition,
            answer_list,
            previous_total=selectors.previous_total(case, version.instrument),
            cutoffs=cutoffs if cutoffs is not None else selectors.agency_cutoffs(case.agency_id, version.instrument),
        )
    except ValueError as exc:
        raise InvalidAnswers(str(exc), fields={"cutoffs": [str(exc)]}) from exc

    assessment = assigned or Assessment(agency_id=case.agency_id, case=case, instrument_version=version)
    assessment.administered_on = administered_on
    assessment.administered_by = actor
    assessment.mode = mode
    assessment.status = AssessmentStatus.COMPLETED
    assessment.language = language
    assessment.answers = answer_list
    assessment.total = result.total
    assessment.band = result.band
    assessment.subscales = {name: None if v is None else str(v) for name, v in result.subscales.items()}
    assessment.complete = result.complete
    assessment.incomplete_reason = result.incomplete_reason
    assessment.alerts = [alert.code for alert in result.alerts]
    assessment.result = result.as_json()
    if assigned is not None:
        assessment.version += 1
    assessment.full_clean()
    assessment.save()
    now = timezone.now()
    for fired in result.alerts:
        alert = AssessmentAlert(
            agency_id=case.agency_id,
            case=case,
            assessment=assessment,
            rule_code=fired.code,
            severity=fired.severity,
            raised_at=now,
        )
        alert.full_clean()
        alert.save()
    events.assessment_recorded(
        case=case,
        actor=actor,
        assessment_id=str(assessment.pk),
        instrument=version.instrument.code,
        version=version.version,
        band=result.band,
        complete=result.complete,
        alerts=assessment.alerts,
    )
    schedule_actions.refresh_due([case.pk])  # the instrument's next due date moves on
    return assessment


@transaction.atomic
def do_assign_assessment(
    *, actor: User | None, case: Case, instrument_code: str, mode: str = AssessmentMode.PORTAL, language: str = "en"
) -> Assessment:
    """An assessment waiting to be filled in (by the survivor in the portal, or later with staff)."""
    version = _instrument_version(case, instrument_code)
    _check_language(version.definition, language)
    assessment = Assessment(
        agency_id=case.agency_id,
        case=case,
        instrument_version=version,
        assigned_by=actor,
        mode=mode,
        status=AssessmentStatus.ASSIGNED,
        language=language,
        answers=None,
    )
    assessment.full_clean()
    assessment.save()
    events.assessment_assigned(
        case=case, actor=actor, assessment_id=str(assessment.pk), instrument=version.instrument.code, mode=mode
    )
    return assessment


@transaction.atomic
def do_acknowledge_alert(*, actor: User, alert: AssessmentAlert, note: str) -> AssessmentAlert:
    """Close an alert: who, when, and a note on what was done (required; stored encrypted)."""
    alert = AssessmentAlert.objects.select_for_update().select_related("case").get(pk=alert.pk)
    if alert.acknowledged_at is not None:
        raise DomainError(_("This alert was already acknowledged."), code="assessments.already_acknowledged")
    note = (note or "").strip()
    if not note:
        message = _("Write what was done about this alert.")
        raise DomainError(message, code="assessments.note_required", fields={"note": [message]})
    alert.acknowledged_by = actor
    alert.acknowledged_at = timezone.now()
    alert.note = note
    alert.full_clean()
    alert.save()
    events.alert_acknowledged(
        case=alert.case,
        actor=actor,
        alert_id=str(alert.pk),
        rule=alert.rule_code,
        assessment_id=str(alert.assessment_id),
    )
    return alert


@transaction.atomic
def do_load_instrument(*, actor: User | None, data: Any, agency: Agency | None) -> Installed:
    """Validate and install an instrument definition (shipped when `agency` is None, else the agency's own,
    e.g. a licensed CD-RISC). Nothing is saved when any part of it is invalid."""
    try:
        installed = install_definition(Instrument, InstrumentVersion, data, agency_id=agency.pk if agency else None)
    except DefinitionError as exc:
        raise DomainError(
            _("The instrument definition is not valid."),
            code="assessments.invalid_definition",
            fields={"definition": exc.errors},
        ) from exc
    write_audit(
        AuditEntry(
            "instrument.loaded",
            actor_id=actor.pk if actor else None,
            agency_id=agency.pk if agency else None,
            object_type="instrument",
            object_id=str(installed.instrument.pk),
            detail={
                "code": installed.instrument.code,
                "version": installed.version.version,
                "created": installed.created,
            },
        )
    )
    if installed.created:  # a new code may be on a plan already (a default, or one saved ahead)
        _refresh_offering(installed.instrument)
    return installed


def _refresh_offering(instrument: Instrument) -> None:
    """Rebuild the stored due dates of the agencies that see this instrument (every agency for a shipped one)."""
    if instrument.agency_id is not None:
        schedule_actions.refresh_agency(instrument.agency_id)
    else:
        schedule_actions.refresh_all()


@transaction.atomic
def do_set_instrument_offered(*, actor: User | None, instrument: Instrument, active: bool) -> Instrument:
    """Offer an instrument for new assessments again, or withdraw it (its assessments stay). A withdrawn
    instrument is no longer scheduled, so the due dates of the agencies that see it are rebuilt."""
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if instrument.active == bool(active):
        return instrument
    instrument.active = bool(active)
    instrument.full_clean()
    instrument.save(update_fields=["active", "updated_at"])
    write_audit(
        AuditEntry(
            "instrument.offered" if instrument.active else "instrument.withdrawn",
            actor_id=actor.pk if actor else None,
            agency_id=instrument.agency_id,
            object_type="instrument",
            object_id=str(instrument.pk),
            detail={"code": instrument.code},
        )
    )
    _refresh_offering(instrument)
    return instrument
