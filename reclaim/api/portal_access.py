"""Portal access API for staff (issue 9, issue 11): a case's portal account (read, set up, new code, suspend,
resume, close, sign out everywhere), the agency's portal settings, and the urgent check-in every alert links to.
Same gates and actions as the pages (reclaim/connect/views.py, views_checkins.py): case readers read the account
(audited by the case gate), case editors manage it; agency admins and program directors keep the settings; an
urgent check-in is open to the case's readers and to the on-call supervisor, who never sees the note."""

from __future__ import annotations

from datetime import datetime, time
from enum import StrEnum
from uuid import UUID

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.cases.access import access_case_by_id, can_edit_case
from reclaim.cases.selectors import cases_for_user
from reclaim.connect import access, actions, checkin_actions, selectors
from reclaim.connect.models import CheckIn, DisguiseIcon, PortalAccount, PortalSettings
from reclaim.connect.task_sources import alert_wording, safe_contact_wording
from reclaim.core.errors import DomainError

router = Router(tags=["portal"])


class PortalAccountOut(Schema):
    id: UUID
    status: str
    created_at: datetime
    created_by_id: UUID | None
    activation_expires_at: datetime | None
    activated_at: datetime | None
    last_signed_in_at: datetime | None
    suspended_at: datetime | None
    authenticator_on: bool
    safe_contact: str = Field(description="The survivor's own words on how to reach them safely (shown to staff).")
    version: int

    @staticmethod
    def from_row(row: PortalAccount) -> PortalAccountOut:
        return PortalAccountOut(
            id=row.pk,
            status=row.status,
            created_at=row.created_at,
            created_by_id=row.created_by_id,
            activation_expires_at=row.activation_expires_at,
            activated_at=row.activated_at,
            last_signed_in_at=row.last_signed_in_at,
            suspended_at=row.suspended_at,
            authenticator_on=bool(row.totp_secret),
            safe_contact=row.safe_contact or "",
            version=row.version,
        )


class PortalAccessOut(Schema):
    account: PortalAccountOut | None = Field(description="The open portal account tied to this case, or null.")
    tied_to_other_case: bool = Field(description="The person has open portal access through another of their cases.")
    can_manage: bool = Field(description="Whether the caller may set up, suspend, resume or close it.")


class PortalAccessChangedOut(Schema):
    account: PortalAccountOut
    activation_code: str | None = Field(
        description="A new one-time activation code (set-up and `new_code` only): give it to the person yourself. "
        "It works once, for 14 days, and is not stored: it is never shown again."
    )
    entry_url: str = Field(description="Where the person starts: the agency's neutral portal link.")


class PortalChange(StrEnum):
    NEW_CODE = "new_code"
    SUSPEND = "suspend"
    RESUME = "resume"
    CLOSE = "close"
    SIGN_OUT = "sign_out"


class PortalAccessChangeIn(Schema):
    change: PortalChange


def _entry_url(request: HttpRequest, agency_id: UUID) -> str:
    row = selectors.settings_for_agency(agency_id)
    return request.build_absolute_uri(reverse("portal:enter", args=[row.entry_code])) if row else ""


@router.get(
    "/cases/{uuid:case_id}/portal/access",
    response={200: PortalAccessOut, 404: ErrorOut},
    summary="The case's portal access: the open account, if any, and whether the caller may manage it",
)
def get_portal_access(request: HttpRequest, case_id: UUID) -> PortalAccessOut:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    account = selectors.account_for_case(case)
    return PortalAccessOut(
        account=PortalAccountOut.from_row(account) if account else None,
        tied_to_other_case=account is None and selectors.open_account_for_survivor(case.survivor_id) is not None,
        can_manage=access.can_manage_portal_access(user, case),
    )


@router.post(
    "/cases/{uuid:case_id}/portal/access",
    response={201: PortalAccessChangedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Set up portal access for the case's survivor; the answer carries the one-time activation code "
    "(400 `portal_access_exists` when they already have it, `case_closed` on a closed case)",
)
def create_portal_access(request: HttpRequest, case_id: UUID) -> Status[PortalAccessChangedOut]:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    access.require_can_manage_portal_access(user, case)
    account, code = actions.do_create_portal_access(actor=user, case=case)
    return Status(
        201,
        PortalAccessChangedOut(
            account=PortalAccountOut.from_row(account),
            activation_code=code,
            entry_url=_entry_url(request, case.agency_id),
        ),
    )


@router.post(
    "/cases/{uuid:case_id}/portal/access/changes",
    response={200: PortalAccessChangedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change the case's portal access: `new_code` (the old sign-in stops at once), `suspend` (every "
    "session ends), `resume`, `close`, `sign_out` (everywhere); 404 when the case has no open access",
)
def change_portal_access(request: HttpRequest, case_id: UUID, payload: PortalAccessChangeIn) -> PortalAccessChangedOut:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    access.require_can_manage_portal_access(user, case)
    account = selectors.account_for_case(case)
    if account is None:
        raise Http404
    code: str | None = None
    if payload.change == PortalChange.NEW_CODE:
        code = actions.do_issue_new_code(actor=user, account=account)
    elif payload.change == PortalChange.SUSPEND:
        actions.do_suspend_portal_access(actor=user, account=account)
    elif payload.change == PortalChange.RESUME:
        actions.do_resume_portal_access(actor=user, account=account)
    elif payload.change == PortalChange.CLOSE:
        actions.do_close_portal_access(actor=user, account=account)
    else:
        actions.do_sign_out_everywhere(account=account, actor=user)
    account.refresh_from_db()
    return PortalAccessChangedOut(
        account=PortalAccountOut.from_row(account), activation_code=code, entry_url=_entry_url(request, case.agency_id)
    )


# --- The agency's portal settings ---------------------------------------------------------------------------


class HotlineIn(Schema):
    label: str = Field(default="", max_length=120)
    number: str = Field(default="", max_length=40)
    text: str = Field(default="", max_length=40)
    note: str = Field(default="", max_length=120)


class HotlineOut(Schema):
    label: str
    number: str
    text: str
    country: str
    note: str


class PortalSettingsOut(Schema):
    saved: bool = Field(description="False until the settings are first saved (the values are the defaults).")
    entry_url: str = Field(description="The agency's neutral portal link; empty until the settings are saved.")
    disguise_name: str
    disguise_icon: str
    exit_url: str
    hotlines: list[HotlineOut]
    idle_minutes: int
    message_retention_days: int
    office_opens: time
    office_closes: time
    on_call_id: UUID | None
    on_call_candidate_ids: list[UUID] = Field(description="Staff who may be on call (supervisors, directors).")
    version: int | None = Field(description="Send it back when saving; null until the settings are first saved.")


class PortalSettingsIn(Schema):
    disguise_name: str = Field(default="", max_length=40)
    disguise_icon: DisguiseIcon = DisguiseIcon.LEAF
    exit_url: str = Field(min_length=1, max_length=300, pattern=r"^https?://[^\s]+$")
    hotlines: list[HotlineIn] = Field(default_factory=list, max_length=5)
    idle_minutes: int = Field(ge=2, le=60)
    message_retention_days: int = Field(ge=30, le=3650)
    office_opens: time
    office_closes: time
    on_call_id: UUID | None = None
    version: int | None = Field(default=None, description="The version you read; null for the first save.")


def _settings_out(request: HttpRequest, row: PortalSettings) -> PortalSettingsOut:
    return PortalSettingsOut(
        saved=not row._state.adding,
        entry_url=request.build_absolute_uri(reverse("portal:enter", args=[row.entry_code])) if row.entry_code else "",
        disguise_name=row.disguise_name,
        disguise_icon=row.disguise_icon,
        exit_url=row.exit_url,
        hotlines=[
            HotlineOut(**{key: str(line.get(key, "")) for key in ("label", "number", "text", "country", "note")})
            for line in row.hotlines
        ],
        idle_minutes=row.idle_minutes,
        message_retention_days=row.message_retention_days,
        office_opens=row.office_opens,
        office_closes=row.office_closes,
        on_call_id=row.on_call_id,
        on_call_candidate_ids=list(selectors.on_call_candidates(row.agency_id).values_list("pk", flat=True)),
        version=None if row._state.adding else row.version,
    )


@router.get(
    "/portal-settings",
    response={200: PortalSettingsOut, 403: ErrorOut},
    summary="The agency's portal settings (agency admins and program directors)",
)
def get_portal_settings(request: HttpRequest) -> PortalSettingsOut:
    agency = access.portal_settings_agency(request_user(request))
    return _settings_out(request, selectors.agency_settings_or_default(agency))


@router.put(
    "/portal-settings",
    response={200: PortalSettingsOut, 400: ErrorOut, 403: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Save the agency's portal settings (send the version you read; 409 if someone saved meanwhile)",
)
def save_portal_settings(request: HttpRequest, payload: PortalSettingsIn) -> PortalSettingsOut:
    user = request_user(request)
    agency = access.portal_settings_agency(user)
    on_call = None
    if payload.on_call_id is not None:
        # the page's picker offers these people only
        on_call = selectors.on_call_candidates(agency.pk).filter(pk=payload.on_call_id).first()
        if on_call is None:
            message = _("Pick a supervisor or program director of your agency.")
            raise DomainError(message, code="invalid_on_call", fields={"on_call_id": [message]})
    row = actions.do_save_portal_settings(
        actor=user,
        agency=agency,
        data=actions.SettingsInput(
            disguise_name=payload.disguise_name,
            disguise_icon=str(payload.disguise_icon),
            exit_url=payload.exit_url,
            hotlines=[line.model_dump() for line in payload.hotlines],
            idle_minutes=payload.idle_minutes,
            message_retention_days=payload.message_retention_days,
            office_opens=payload.office_opens,
            office_closes=payload.office_closes,
            on_call=on_call,
        ),
        expected_version=payload.version,
    )
    return _settings_out(request, row)


# --- An urgent check-in (where every alert links) -----------------------------------------------------------


class UrgentCheckInOut(Schema):
    id: UUID
    case_id: UUID
    case_number: str
    created_at: datetime
    safety: str
    alert: str = Field(description="What the person said, in words.")
    safe_contact: str = Field(description="How to reach them safely (their words), or what to do when they gave none.")
    lead_worker_id: UUID | None
    reads_case: bool = Field(description="False for an on-call supervisor outside the case: no note, no case file.")
    note: str | None = Field(description="The person's note; null unless the caller reads the case.")
    acknowledged_at: datetime | None
    acknowledged_by_id: UUID | None
    action_taken: str | None = Field(description="What was done; null unless the caller reads the case.")
    can_act: bool
    version: int


class UrgentAcknowledgeIn(Schema):
    action_taken: str = Field(min_length=1, max_length=checkin_actions.ACTION_MAX)
    version: int


def _urgent_out(request: HttpRequest, row: CheckIn) -> UrgentCheckInOut:
    user = request_user(request)
    reads_case = cases_for_user(user).filter(pk=row.case_id).exists()
    return UrgentCheckInOut(
        id=row.pk,
        case_id=row.case_id,
        case_number=row.case.number,
        created_at=row.created_at,
        safety=row.safety,
        alert=alert_wording(row),
        safe_contact=safe_contact_wording(row),
        lead_worker_id=row.case.lead_worker_id,
        reads_case=reads_case,
        note=(row.note or "") if reads_case else None,
        acknowledged_at=row.acknowledged_at,
        acknowledged_by_id=row.acknowledged_by_id,
        action_taken=(row.action_taken or "") if reads_case else None,
        can_act=row.is_open_alert and (can_edit_case(user, row.case) or access.is_on_call_for(user, row.agency_id)),
        version=row.version,
    )


@router.get(
    "/portal/urgent-check-ins/{uuid:check_in_id}",
    response={200: UrgentCheckInOut, 404: ErrorOut},
    summary="An urgent check-in, for the case's readers and the on-call supervisor (who sees no note; audited)",
)
def get_urgent_check_in(request: HttpRequest, check_in_id: UUID) -> UrgentCheckInOut:
    row = access.access_urgent_check_in(request_user(request), check_in_id)
    return _urgent_out(request, row)


@router.post(
    "/portal/urgent-check-ins/{uuid:check_in_id}/acknowledgement",
    response={200: UrgentCheckInOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Acknowledge an urgent check-in with what was done (case editors and the on-call supervisor; send "
    "the version you read, 409 if it changed)",
)
def acknowledge_urgent_check_in(
    request: HttpRequest, check_in_id: UUID, payload: UrgentAcknowledgeIn
) -> UrgentCheckInOut:
    user = request_user(request)
    row = access.access_urgent_check_in(user, check_in_id, for_write=True)
    checkin_actions.do_acknowledge_check_in(
        actor=user, check_in=row, action_taken=payload.action_taken, expected_version=payload.version
    )
    return _urgent_out(request, access.access_urgent_check_in(user, check_in_id))
