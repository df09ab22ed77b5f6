"""Questionnaires in the survivor portal (issue 9 item 4): staff assign an instrument for the portal, the
survivor answers it. Answering goes through the one engine (`do_record_assessment`, mode "portal"), so the
scoring and every alert (PHQ-9 question 9...) are exactly those of an assessment entered by staff."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from reclaim.assessments import selectors
from reclaim.assessments.actions import InvalidAnswers, do_assign_assessment, do_record_assessment
from reclaim.assessments.definition import default_language
from reclaim.assessments.models import Assessment, AssessmentMode, AssessmentStatus
from reclaim.connect import events as portal_events
from reclaim.connect.models import AccessStatus
from reclaim.core.errors import DomainError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reclaim.accounts.models import User
    from reclaim.connect.models import PortalAccount


def portal_language(definition: dict[str, Any], wanted: str) -> str:
    """The language to show an instrument in: the wanted one if the instrument has that validated
    translation, else English, else its first language."""
    return default_language(definition, wanted)


@transaction.atomic
def do_assign_portal_assessment(*, actor: User, account: PortalAccount, instrument_code: str) -> Assessment:
    """Assign an instrument for the survivor to answer in the portal, in their language when it has it."""
    if account.status == AccessStatus.CLOSED:
        raise DomainError(_("This person's portal access is closed."), code="assessments.portal_closed")
    instrument = selectors.instrument_by_code(account.agency_id, str(instrument_code))
    version = selectors.current_version(instrument) if instrument is not None else None
    if version is None:
        message = _("Choose a questionnaire from the list.")
        raise InvalidAnswers(message, code="assessments.unknown_instrument", fields={"instrument": [message]})
    wanted = account.language or account.survivor.preferred_language
    return do_assign_assessment(
        actor=actor,
        case=account.case,
        instrument_code=instrument.code,  # type: ignore[union-attr]
        mode=AssessmentMode.PORTAL,
        language=portal_language(version.definition, wanted),
    )


@transaction.atomic
def do_complete_portal_assessment(
    *, account: PortalAccount, assessment: Assessment, answers: Sequence[Any], language: str
) -> Assessment:
    """The survivor's answers to a questionnaire assigned to them: scored and alerted by the engine, with
    the survivor as actor None, then a PORTAL_ASSESSMENT_DONE timeline event."""
    if (
        assessment.case_id != account.case_id
        or assessment.agency_id != account.agency_id
        or assessment.mode != AssessmentMode.PORTAL
    ):
        raise DomainError(_("This questionnaire is not yours."), code="assessments.portal_not_yours")
    if assessment.status != AssessmentStatus.ASSIGNED:
        raise DomainError(
            _("You answered this questionnaire already. Thank you."), code="assessments.already_completed"
        )
    recorded = do_record_assessment(
        actor=None,
        case=account.case,
        instrument_code=assessment.instrument_version.instrument.code,
        answers=answers,
        language=language,
        mode=AssessmentMode.PORTAL,
        assigned=assessment,
    )
    portal_events.assessment_done(
        account=account,
        assessment_id=str(recorded.pk),
        instrument=recorded.instrument_version.instrument.code,
    )
    return recorded
