"""Writes of the volunteers part (issue 10 item 5, DOMAIN.md §14 "Volunteers"): applications, screening,
agreements, status moves (taking someone on needs a passed or waived background check and a signed confidentiality
agreement), the volunteer's sign-in, assignments, hours and recognition.

Each action validates first (DomainError with field errors, nothing saved), checks the version on edits
(EditConflict), then writes the row and an audit row (ids and codes only) in one transaction. Volunteers hold no
case data, so there is no timeline event."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.actions import do_invite_staff
from reclaim.accounts.models import Membership, User
from reclaim.accounts.roles import Role, capabilities_for
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, InvalidTransition, check_version
from reclaim.outreach.models import (
    AgreementKind,
    AssignmentStatus,
    HoursStatus,
    OutreachEvent,
    ScreeningKind,
    ScreeningStatus,
    Volunteer,
    VolunteerAgreement,
    VolunteerAssignment,
    VolunteerHours,
    VolunteerRole,
    VolunteerScreening,
    VolunteerStatus,
    VolunteerThanks,
)

if TYPE_CHECKING:
    import datetime
    from uuid import UUID

    from reclaim.accounts.models import Agency, Invitation

NAME_MAX_LENGTH = 120
TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 4000
SHORT_MAX_LENGTH = 300
ALIAS_MAX_LENGTH = 60
VERSION_LABEL_MAX_LENGTH = 40
HOURS_MAX = Decimal(24)
HOURS_PLACES = 2

# Status moves (DOMAIN.md §14): applied -> screening -> active / declined; active <-> paused; -> left.
TRANSITIONS: dict[str, set[str]] = {
    VolunteerStatus.APPLIED: {VolunteerStatus.SCREENING, VolunteerStatus.DECLINED, VolunteerStatus.LEFT},
    VolunteerStatus.SCREENING: {VolunteerStatus.ACTIVE, VolunteerStatus.DECLINED, VolunteerStatus.LEFT},
    VolunteerStatus.ACTIVE: {VolunteerStatus.PAUSED, VolunteerStatus.LEFT},
    VolunteerStatus.PAUSED: {VolunteerStatus.ACTIVE, VolunteerStatus.LEFT},
    VolunteerStatus.DECLINED: set(),
    VolunteerStatus.LEFT: set(),
}


def _audit(action: str, actor: User | None, agency_id: Any, object_type: str, object_id: Any, **detail: Any) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk if actor else None,
            agency_id=agency_id,
            object_type=object_type,
            object_id=str(object_id),
            detail=dict(detail),
        )
    )


def _too_long(errors: dict[str, list[str]], name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors[name] = [_("Keep this under %(n)s characters.") % {"n": limit}]


# Applications -------------------------------------------------------------------------------------------------


@dataclass
class VolunteerValues:
    display_name: str
    email: str = ""
    phone: str = ""
    languages: str = ""
    skills: str = ""
    availability: str = ""
    motivation: str = ""
    roles: list[str] = field(default_factory=list)
    applied_on: datetime.date | None = None


EDITABLE = (
    "display_name",
    "email",
    "phone",
    "languages",
    "skills",
    "availability",
    "motivation",
    "roles",
    "applied_on",
)


def _check_volunteer(values: VolunteerValues) -> None:
    errors: dict[str, list[str]] = {}
    values.display_name = values.display_name.strip()
    values.email = values.email.strip().lower()
    values.phone = values.phone.strip()
    for name in ("languages", "skills", "availability", "motivation"):
        setattr(values, name, getattr(values, name).strip())
    if not values.display_name:
        errors["display_name"] = [_("Enter the name the volunteer goes by.")]
    _too_long(errors, "display_name", values.display_name, NAME_MAX_LENGTH)
    if values.email:
        try:
            validate_email(values.email)
        except ValidationError:
            errors["email"] = [_("Enter an email address like name@example.org.")]
    _too_long(errors, "phone", values.phone, 40)
    for name in ("languages", "skills", "availability"):
        _too_long(errors, name, getattr(values, name), SHORT_MAX_LENGTH * 3)
    _too_long(errors, "motivation", values.motivation, TEXT_MAX_LENGTH)
    if any(code not in VolunteerRole.values for code in values.roles):
        errors["roles"] = [_("Choose roles from the list.")]
    values.roles = [code for code in VolunteerRole.values if code in set(values.roles)]
    if values.applied_on and values.applied_on > timezone.localdate():
        errors["applied_on"] = [_("The application date cannot be in the future.")]
    if errors:
        raise DomainError(_("The volunteer could not be saved."), code="outreach.invalid_volunteer", fields=errors)


@transaction.atomic
def do_record_application(*, actor: User | None, agency: Agency, values: VolunteerValues) -> Volunteer:
    """Record a volunteer's application (status "applied") with its three screening steps not started."""
    _check_volunteer(values)
    volunteer = Volunteer(
        agency=agency,
        created_by=actor,
        status=VolunteerStatus.APPLIED,
        **{name: getattr(values, name) for name in EDITABLE},
    )
    if volunteer.applied_on is None:
        volunteer.applied_on = timezone.localdate()
    volunteer.full_clean()
    volunteer.save()
    for kind in ScreeningKind.values:
        VolunteerScreening(agency=agency, volunteer=volunteer, kind=kind).save()
    _audit("volunteer.applied", actor, agency.pk, "volunteer", volunteer.pk)
    return volunteer


@transaction.atomic
def do_update_volunteer(
    *, actor: User, volunteer: Volunteer, expected_version: int, values: VolunteerValues
) -> Volunteer:
    """Edit the application's details; EditConflict when someone saved since `expected_version`."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk, agency_id=volunteer.agency_id)
    check_version(volunteer.version, expected_version, {name: getattr(volunteer, name) for name in EDITABLE})
    _check_volunteer(values)
    if values.applied_on is None:
        values.applied_on = volunteer.applied_on
    changed = [name for name in EDITABLE if getattr(values, name) != getattr(volunteer, name)]
    if not changed:
        return volunteer
    for name in changed:
        setattr(volunteer, name, getattr(values, name))
    volunteer.version += 1
    volunteer.full_clean()
    volunteer.save()
    _audit("volunteer.updated", actor, volunteer.agency_id, "volunteer", volunteer.pk, fields=",".join(changed))
    return volunteer


# Screening, agreements and taking on ----------------------------------------------------------------------------


def take_on_blockers(volunteer: Volunteer, on: datetime.date | None = None) -> list[str]:
    """What still stands between this volunteer and being taken on (empty: they may be)."""
    on = on or timezone.localdate()
    blockers = []
    check = next((s for s in volunteer.screenings.all() if s.kind == ScreeningKind.BACKGROUND_CHECK), None)
    if check is None or check.status not in {ScreeningStatus.PASSED, ScreeningStatus.WAIVED}:
        blockers.append(_("The background check has not been passed (or waived with a reason)."))
    signed = VolunteerAgreement.objects.filter(
        agency_id=volunteer.agency_id, volunteer=volunteer, kind=AgreementKind.CONFIDENTIALITY, signed_on__lte=on
    ).order_by("-signed_on", "-created_at")
    latest = signed.first()
    if latest is None:
        blockers.append(_("No signed confidentiality agreement is recorded."))
    elif latest.expires_on is not None and latest.expires_on < on:
        blockers.append(_("The confidentiality agreement has expired: record the new signature."))
    return blockers


@transaction.atomic
def do_change_volunteer_status(
    *, actor: User, volunteer: Volunteer, expected_version: int, to: str, reason: str = ""
) -> Volunteer:
    """Move a volunteer on (see TRANSITIONS). Taking someone on (to "active") is refused, naming what is missing,
    unless the background check is passed or waived and a confidentiality agreement is signed and current."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk, agency_id=volunteer.agency_id)
    check_version(volunteer.version, expected_version, {"status": volunteer.status})
    reason = reason.strip()
    if to not in VolunteerStatus.values:
        raise DomainError(
            _("Choose a status from the list."), code="outreach.invalid_status", fields={"to": [_("Unknown status.")]}
        )
    if to not in TRANSITIONS[volunteer.status]:
        raise InvalidTransition(
            _("A volunteer who is “%(current)s” cannot be moved to “%(to)s”.")
            % {"current": volunteer.get_status_display(), "to": VolunteerStatus(to).label},
            code="outreach.volunteer_transition",
            fields={"to": [_("Not possible from the current status.")]},
        )
    if len(reason) > TEXT_MAX_LENGTH:
        raise DomainError(
            _("The reason is too long."),
            code="outreach.invalid_status",
            fields={"reason": [_("Keep this under %(n)s characters.") % {"n": TEXT_MAX_LENGTH}]},
        )
    if to == VolunteerStatus.ACTIVE:
        blockers = take_on_blockers(volunteer)
        if blockers:
            raise DomainError(
                _("This volunteer cannot be taken on yet: %(missing)s") % {"missing": " ".join(blockers)},
                code="outreach.volunteer_not_cleared",
                fields={"to": blockers},
            )
    previous = volunteer.status
    volunteer.status = to
    volunteer.status_reason = reason
    volunteer.version += 1
    volunteer.save()
    _audit("volunteer.status_changed", actor, volunteer.agency_id, "volunteer", volunteer.pk, frm=previous, to=to)
    return volunteer


@dataclass
class ScreeningValues:
    status: str
    done_on: datetime.date | None = None
    note: str = ""


@transaction.atomic
def do_record_screening(
    *, actor: User, screening: VolunteerScreening, expected_version: int, values: ScreeningValues
) -> VolunteerScreening:
    """Record where a screening step stands. Waiving a step needs the reason in the note."""
    screening = VolunteerScreening.objects.select_for_update().get(pk=screening.pk, agency_id=screening.agency_id)
    check_version(screening.version, expected_version, {"status": screening.status, "done_on": screening.done_on})
    values.note = values.note.strip()
    errors: dict[str, list[str]] = {}
    if values.status not in ScreeningStatus.values:
        errors["status"] = [_("Choose a status from the list.")]
    if values.status == ScreeningStatus.WAIVED and not values.note:
        errors["note"] = [_("Say why this step is waived.")]
    if values.done_on and values.done_on > timezone.localdate():
        errors["done_on"] = [_("The date cannot be in the future.")]
    _too_long(errors, "note", values.note, TEXT_MAX_LENGTH)
    if errors:
        raise DomainError(_("The screening step could not be saved."), code="outreach.invalid_screening", fields=errors)
    screening.status = values.status
    screening.done_on = values.done_on
    screening.note = values.note
    screening.recorded_by = actor
    screening.version += 1
    screening.full_clean()
    screening.save()
    _audit(
        "volunteer.screening_recorded",
        actor,
        screening.agency_id,
        "volunteer",
        screening.volunteer_id,
        step=screening.kind,
        status=screening.status,
    )
    return screening


@dataclass
class AgreementValues:
    kind: str
    signed_on: datetime.date | None
    document_version: str = ""
    expires_on: datetime.date | None = None


@transaction.atomic
def do_record_agreement(*, actor: User, volunteer: Volunteer, values: AgreementValues) -> VolunteerAgreement:
    """Record a signed agreement (signing again adds a row; the latest counts)."""
    values.document_version = values.document_version.strip()
    errors: dict[str, list[str]] = {}
    if values.kind not in AgreementKind.values:
        errors["kind"] = [_("Choose an agreement from the list.")]
    if values.signed_on is None:
        errors["signed_on"] = [_("Enter the date it was signed.")]
    elif values.signed_on > timezone.localdate():
        errors["signed_on"] = [_("The signing date cannot be in the future.")]
    elif values.expires_on is not None and values.expires_on < values.signed_on:
        errors["expires_on"] = [_("It cannot expire before it was signed.")]
    _too_long(errors, "document_version", values.document_version, VERSION_LABEL_MAX_LENGTH)
    if errors:
        raise DomainError(_("The agreement could not be saved."), code="outreach.invalid_agreement", fields=errors)
    assert values.signed_on is not None  # noqa: S101 — checked above
    agreement = VolunteerAgreement(
        agency_id=volunteer.agency_id,
        volunteer=volunteer,
        kind=values.kind,
        signed_on=values.signed_on,
        document_version=values.document_version,
        expires_on=values.expires_on,
        recorded_by=actor,
    )
    agreement.full_clean()
    agreement.save()
    _audit("volunteer.agreement_recorded", actor, volunteer.agency_id, "volunteer", volunteer.pk, kind=values.kind)
    return agreement


# The volunteer's sign-in ---------------------------------------------------------------------------------------


@transaction.atomic
def do_give_sign_in(*, actor: User, volunteer: Volunteer) -> tuple[Volunteer, str | None]:
    """Give an active volunteer a sign-in with the volunteer role.

    - If a user with their email already is a volunteer member of this agency, link that user now.
    - Otherwise send the accounts app's invitation (role: volunteer); `link_volunteer_on_acceptance` links the new
      user when they accept. Returns the invitation's secret (None when linked directly)."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk, agency_id=volunteer.agency_id)
    if volunteer.status != VolunteerStatus.ACTIVE:
        raise DomainError(_("Only an active volunteer can be given a sign-in."), code="outreach.volunteer_not_active")
    if volunteer.user_id is not None:
        raise DomainError(_("This volunteer already has a sign-in."), code="outreach.volunteer_has_sign_in")
    if not volunteer.email:
        raise DomainError(
            _("Record the volunteer's email address first: the invitation is sent there."),
            code="outreach.volunteer_no_email",
            fields={"email": [_("Needed for the invitation.")]},
        )
    if volunteer.invitation is not None and volunteer.invitation.is_pending:
        raise DomainError(
            _("An invitation is already waiting for this volunteer."), code="outreach.volunteer_invitation_pending"
        )
    existing = User.objects.filter(email__iexact=volunteer.email).first()
    if existing is not None:
        membership = Membership.objects.filter(user=existing, agency_id=volunteer.agency_id, is_active=True).first()
        taken = Volunteer.objects.filter(user=existing).exists()
        if membership is None or not capabilities_for(membership.role).takes_volunteer_assignments or taken:
            raise DomainError(
                _(
                    "This email address already has a Reclaim sign-in that cannot be used as a volunteer's. "
                    "Ask your agency admin."
                ),
                code="outreach.volunteer_email_taken",
            )
        volunteer.user = existing
        volunteer.version += 1
        volunteer.save()
        _audit("volunteer.sign_in_linked", actor, volunteer.agency_id, "volunteer", volunteer.pk)
        return volunteer, None
    invitation, secret = do_invite_staff(
        actor=actor,
        agency=volunteer.agency,
        email=volunteer.email,
        display_name=volunteer.display_name,
        role=Role.VOLUNTEER,
        team=None,
    )
    volunteer.invitation = invitation
    volunteer.version += 1
    volunteer.save()
    _audit("volunteer.invited", actor, volunteer.agency_id, "volunteer", volunteer.pk, invitation=str(invitation.pk))
    return volunteer, secret


def link_volunteer_on_acceptance(invitation: Invitation, user: User) -> None:
    """Registered with accounts: when a volunteer's invitation is accepted, link the new sign-in to the volunteer
    (runs inside the acceptance transaction)."""
    volunteer = (
        Volunteer.objects.select_for_update()
        .filter(agency_id=invitation.agency_id, invitation_id=invitation.pk, user__isnull=True)
        .first()
    )
    if volunteer is None:
        return
    volunteer.user = user
    volunteer.version += 1
    volunteer.save()
    _audit("volunteer.sign_in_linked", user, volunteer.agency_id, "volunteer", volunteer.pk)


# Assignments ---------------------------------------------------------------------------------------------------


@dataclass
class AssignmentValues:
    kind: str
    title: str
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None = None
    place: str = ""
    place_is_confidential: bool = False
    event_id: UUID | None = None
    person_alias: str = ""
    details: str = ""


ASSIGNMENT_EDITABLE = (
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "place_is_confidential",
    "event_id",
    "person_alias",
    "details",
)


def _check_assignment(agency_id: Any, values: AssignmentValues) -> None:
    errors: dict[str, list[str]] = {}
    values.title = values.title.strip()
    values.place = values.place.strip()
    values.person_alias = values.person_alias.strip()
    values.details = values.details.strip()
    if values.kind not in VolunteerRole.values:
        errors["kind"] = [_("Choose the kind of task from the list.")]
    if not values.title:
        errors["title"] = [_("Give the task a short title.")]
    _too_long(errors, "title", values.title, TITLE_MAX_LENGTH)
    if values.starts_at is None:
        errors["starts_at"] = [_("Enter when the task starts.")]
    elif values.ends_at is not None and values.ends_at < values.starts_at:
        errors["ends_at"] = [_("The task cannot end before it starts.")]
    _too_long(errors, "place", values.place, SHORT_MAX_LENGTH)
    _too_long(errors, "person_alias", values.person_alias, ALIAS_MAX_LENGTH)
    _too_long(errors, "details", values.details, TEXT_MAX_LENGTH)
    if (
        values.event_id is not None
        and not OutreachEvent.objects.filter(agency_id=agency_id, pk=values.event_id).exists()
    ):
        errors["event_id"] = [_("Choose one of your agency's events.")]
    if errors:
        raise DomainError(_("The assignment could not be saved."), code="outreach.invalid_assignment", fields=errors)


@transaction.atomic
def do_create_assignment(*, actor: User, volunteer: Volunteer, values: AssignmentValues) -> VolunteerAssignment:
    """Offer a task to an active volunteer (status "offered"; they accept or decline it on their page)."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk, agency_id=volunteer.agency_id)
    if volunteer.status != VolunteerStatus.ACTIVE:
        raise DomainError(
            _("Only an active volunteer can be given a task. This volunteer is “%(status)s”.")
            % {"status": volunteer.get_status_display()},
            code="outreach.volunteer_not_active",
        )
    _check_assignment(volunteer.agency_id, values)
    assignment = VolunteerAssignment(
        agency_id=volunteer.agency_id,
        volunteer=volunteer,
        created_by=actor,
        **{name: getattr(values, name) for name in ASSIGNMENT_EDITABLE},
    )
    assignment.full_clean()
    assignment.save()
    _audit("volunteer.assignment_created", actor, assignment.agency_id, "volunteer_assignment", assignment.pk)
    return assignment


@transaction.atomic
def do_update_assignment(
    *, actor: User, assignment: VolunteerAssignment, expected_version: int, values: AssignmentValues, status: str
) -> VolunteerAssignment:
    """A coordinator edits a task, or marks it done or cancelled."""
    assignment = VolunteerAssignment.objects.select_for_update().get(pk=assignment.pk, agency_id=assignment.agency_id)
    check_version(
        assignment.version,
        expected_version,
        {name: getattr(assignment, name) for name in ASSIGNMENT_EDITABLE} | {"status": assignment.status},
    )
    _check_assignment(assignment.agency_id, values)
    if status not in AssignmentStatus.values:
        raise DomainError(
            _("The assignment could not be saved."),
            code="outreach.invalid_assignment",
            fields={"status": [_("Choose a status from the list.")]},
        )
    changed = [name for name in ASSIGNMENT_EDITABLE if getattr(values, name) != getattr(assignment, name)]
    if status != assignment.status:
        changed.append("status")
    if not changed:
        return assignment
    for name in ASSIGNMENT_EDITABLE:
        setattr(assignment, name, getattr(values, name))
    assignment.status = status
    assignment.version += 1
    assignment.full_clean()
    assignment.save()
    _audit(
        "volunteer.assignment_updated",
        actor,
        assignment.agency_id,
        "volunteer_assignment",
        assignment.pk,
        fields=",".join(changed),
    )
    return assignment


@transaction.atomic
def do_respond_to_assignment(
    *, actor: User, assignment: VolunteerAssignment, expected_version: int, accept: bool
) -> VolunteerAssignment:
    """The volunteer accepts or declines a task offered to them (or changes their mind before it starts). Once the
    task has started it can still be marked accepted (recording that they came), but no longer declined: the
    coordinator cancels it or records what happened."""
    assignment = VolunteerAssignment.objects.select_for_update().get(pk=assignment.pk, agency_id=assignment.agency_id)
    check_version(assignment.version, expected_version, {"status": assignment.status})
    allowed = {AssignmentStatus.OFFERED, AssignmentStatus.ACCEPTED, AssignmentStatus.DECLINED}
    if assignment.status not in allowed:
        raise InvalidTransition(
            _("This task is “%(status)s”: it can no longer be accepted or declined.")
            % {"status": assignment.get_status_display()},
            code="outreach.assignment_closed",
        )
    to = AssignmentStatus.ACCEPTED if accept else AssignmentStatus.DECLINED
    if assignment.status == to:
        return assignment
    if not accept and assignment.starts_at <= timezone.now():
        raise InvalidTransition(
            _("This task has already started, so it can no longer be declined. Tell your volunteer coordinator."),
            code="outreach.assignment_started",
        )
    assignment.status = to
    assignment.version += 1
    assignment.save()
    _audit("volunteer.assignment_" + to, actor, assignment.agency_id, "volunteer_assignment", assignment.pk)
    return assignment


# Hours ---------------------------------------------------------------------------------------------------------


def _check_hours(errors: dict[str, list[str]], name: str, hours: Decimal | None) -> None:
    if hours is None:
        errors[name] = [_("Enter the hours.")]
    elif hours <= 0:
        errors[name] = [_("Enter more than zero hours.")]
    elif hours > HOURS_MAX:
        errors[name] = [_("A day has at most 24 hours.")]
    elif hours.as_tuple().exponent < -HOURS_PLACES:  # type: ignore[operator]
        errors[name] = [_("Use at most two decimal places.")]


@dataclass
class HoursValues:
    worked_on: datetime.date | None
    hours: Decimal | None
    note: str = ""


LOGGABLE = {AssignmentStatus.ACCEPTED, AssignmentStatus.DONE}


@transaction.atomic
def do_log_hours(*, actor: User, assignment: VolunteerAssignment, values: HoursValues) -> VolunteerHours:
    """Log hours against an accepted (or done) assignment; they wait for a coordinator's approval."""
    values.note = values.note.strip()
    errors: dict[str, list[str]] = {}
    if assignment.status not in LOGGABLE:
        raise DomainError(
            _("Hours can be logged only on a task that was accepted or done."), code="outreach.assignment_not_open"
        )
    if values.worked_on is None:
        errors["worked_on"] = [_("Enter the date.")]
    elif values.worked_on > timezone.localdate():
        errors["worked_on"] = [_("Hours cannot be logged for a day still to come.")]
    _check_hours(errors, "hours", values.hours)
    _too_long(errors, "note", values.note, TEXT_MAX_LENGTH)
    if errors:
        raise DomainError(_("The hours could not be saved."), code="outreach.invalid_hours", fields=errors)
    assert values.hours is not None  # noqa: S101 — checked above
    assert values.worked_on is not None  # noqa: S101 — checked above
    entry = VolunteerHours(
        agency_id=assignment.agency_id,
        volunteer_id=assignment.volunteer_id,
        assignment=assignment,
        worked_on=values.worked_on,
        hours=values.hours,
        hours_logged=values.hours,
        note=values.note,
        logged_by=actor,
    )
    entry.full_clean()
    entry.save()
    _audit("volunteer.hours_logged", actor, entry.agency_id, "volunteer_hours", entry.pk)
    return entry


@transaction.atomic
def do_approve_hours(
    *, actor: User, entry: VolunteerHours, expected_version: int, hours: Decimal | None = None
) -> VolunteerHours:
    """A coordinator approves logged hours, correcting the number if needed (`hours_logged` keeps the original)."""
    entry = VolunteerHours.objects.select_for_update().get(pk=entry.pk, agency_id=entry.agency_id)
    check_version(entry.version, expected_version, {"hours": entry.hours, "status": entry.status})
    errors: dict[str, list[str]] = {}
    if hours is not None:
        _check_hours(errors, "hours", hours)
    if errors:
        raise DomainError(_("The hours could not be approved."), code="outreach.invalid_hours", fields=errors)
    corrected = hours is not None and hours != entry.hours
    if hours is not None:
        entry.hours = hours
    entry.status = HoursStatus.APPROVED
    entry.approved_by = actor
    entry.approved_at = timezone.now()
    entry.version += 1
    entry.full_clean()
    entry.save()
    _audit("volunteer.hours_approved", actor, entry.agency_id, "volunteer_hours", entry.pk, corrected=corrected)
    return entry


# Recognition ---------------------------------------------------------------------------------------------------


@transaction.atomic
def do_thank_volunteer(
    *, actor: User, volunteer: Volunteer, note: str, written_on: datetime.date | None = None
) -> VolunteerThanks:
    note = note.strip()
    errors: dict[str, list[str]] = {}
    if not note:
        errors["note"] = [_("Write the thank-you note.")]
    _too_long(errors, "note", note, TEXT_MAX_LENGTH)
    if errors:
        raise DomainError(_("The note could not be saved."), code="outreach.invalid_thanks", fields=errors)
    thanks = VolunteerThanks(
        agency_id=volunteer.agency_id,
        volunteer=volunteer,
        note=note,
        written_on=written_on or timezone.localdate(),
        written_by=actor,
    )
    thanks.full_clean()
    thanks.save()
    _audit("volunteer.thanked", actor, volunteer.agency_id, "volunteer", volunteer.pk)
    return thanks
