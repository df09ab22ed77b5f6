"""Gates of the service log: a record is reached through its case (404 for "not yours"), the agency-wide log
is for casework roles, the taxonomy for everyone working in an agency."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from reclaim.accounts.access import audited_gate, require_case_worker
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.cases.access import can_edit_case
from reclaim.cases.models import NoteConfidentiality
from reclaim.cases.selectors import note_levels_for
from reclaim.legal.selectors import has_privileged_access, privileged_case_ids
from reclaim.services.selectors import case_services, services_of_user_cases

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.services.models import ServiceRecord

__all__ = [
    "access_service_by_id",
    "access_service_on_case",
    "can_read_notes",
    "can_record_services",
    "can_write_notes",
    "readable_notes",
    "require_agency_member",
    "require_service_log_reader",
    "require_service_recorder",
]


def require_service_log_reader(user: User) -> None:
    """The agency-wide log lists case numbers: casework roles only (or an operator under break-glass)."""
    require_case_worker(user)


def can_record_services(user: User) -> bool:
    """Casework roles that write (the day form lists only cases they may edit)."""
    return active_membership(user) is not None and capabilities(user).edits_cases


def require_service_recorder(user: User) -> None:
    if not can_record_services(user):
        raise PermissionDenied


def require_agency_member(user: User) -> None:
    """Reference pages (the taxonomy): anyone who works in an agency; platform operators have no agency."""
    if active_membership(user) is None:
        raise PermissionDenied


def can_write_notes(user: User, record: ServiceRecord) -> bool:
    """Whether this user may change the record's notes: at a level they write (a grant never gives that)."""
    return record.notes_confidentiality in note_levels_for(user)


def can_read_notes(user: User, record: ServiceRecord) -> bool:
    """A record's notes follow the case-note rule: clinical to clinicians, legal to the legal team and to
    whoever holds a live legal-access grant on the record's case."""
    if can_write_notes(user, record):
        return True
    return record.notes_confidentiality == NoteConfidentiality.LEGAL and has_privileged_access(user, record.case)


def readable_notes(user: User, records: Iterable[ServiceRecord]) -> set[Any]:
    """Ids of the records among `records` whose notes this user may read (one query at most, for lists)."""
    records = list(records)
    readable = {record.pk for record in records if can_write_notes(user, record)}
    legal = [r for r in records if r.pk not in readable and r.notes_confidentiality == NoteConfidentiality.LEGAL]
    if legal:
        granted = set(
            privileged_case_ids(user).filter(case_id__in={r.case_id for r in legal}).values_list("case_id", flat=True)
        )
        readable |= {record.pk for record in legal if record.case_id in granted}
    return readable


def access_service_on_case(user: User, case: Case, service_id: Any, *, for_write: bool = False) -> ServiceRecord:
    """One record of a case that already passed the case gate; 404 when it is not this case's (audited)."""
    record = audited_gate(
        user,
        case_services(case),
        service_id,
        object_type="service_record",
        read_action="service.read",
        for_write=for_write,
        can_write=lambda _record: can_edit_case(user, case),
    )
    record.case = case
    return record


def access_service_by_id(user: User, service_id: Any, *, for_write: bool = False) -> ServiceRecord:
    """A record of a case this user may read, or 404; 403 for a write by someone who only reads (audited)."""
    return audited_gate(
        user,
        services_of_user_cases(user),
        service_id,
        object_type="service_record",
        read_action="service.read",
        for_write=for_write,
        can_write=lambda record: can_edit_case(user, record.case),
    )
