"""Every page and every API list keeps a flat query count as the data grows, within its budget (issue 12).

QUALITY.md: queries per page or API call are constant in page size and data size, and at most 12 on the case
list, the case detail and the dashboards. Each GET route of the URL configuration (staff and portal pages) and
each list operation of the API is requested by a persona the permission matrix lets see it (one of the owning
agency's roles, or the survivor for portal pages), twice:

- in a small world: the matrix's objects plus one more row of every kind (so each list has rows to show);
- after MORE rows of every kind and MORE_CASES more cases were added through the actions
  (tests/query_counts_support.py).

The count must not rise (a rise is a query per row: an N+1), and both counts must stay within the route's
ceiling: 12 where QUALITY.md sets the bar, today's count elsewhere, so that any new query shows up here.
A route or list operation without an entry fails the build, as in the permission matrix.

Queries are counted as conftest.py's `assert_max_queries` counts them: without the SAVEPOINT statements that
exist only because a test runs inside a transaction. Each signed-in client makes one request before counting
starts (the session's first read and write), and the clock stands still while counting, so the session's
"last seen" write (every 30 s) cannot land in one count and not the other.

One world serves every entry: the first test of this module to run builds it and counts everything (about 30 s;
the permission matrix's `objects` fixture, then the growth), the others read the counts.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, NamedTuple

import pytest
import time_machine
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import _TEST_TRANSACTION_NOISE, login_client
from reclaim.api.api import api
from tests.query_counts_support import MORE, MORE_CASES, grow, meeting_day, short_case
from tests.test_permission_matrix import API_MATRIX, MATRIX
from tests.test_permission_matrix import objects as matrix_objects  # noqa: F401 — a fixture `counted` asks for

# Whom to sign in as, when the matrix lets several see a route: the first of these it allows. Supervisors see
# their team's cases and may edit them; program directors see the agency's aggregates; agency admins its settings.
PREFERENCE = [
    "supervisor",
    "case_manager",
    "program_director",
    "agency_admin",
    "outreach_coordinator",
    "analyst",
    "clinician",
    "legal_advocate",
    "volunteer",
    "partner_user",
    "other_agency_user",
    "platform_operator",
    "anonymous",
]


class Entry(NamedTuple):
    ceiling: int  # the most queries the route may make, in either world
    grows: bool  # the page shows the added rows (its body gets longer; an API list has more items)


def grows(ceiling: int) -> Entry:
    """A list, or a page that lists things (every case page lists the case's flags): the answer grows with the
    data, and the test checks that it did."""
    return Entry(ceiling, grows=True)


def fixed(ceiling: int) -> Entry:
    """A form, one object, a download, an aggregate or a catalogue: the answer does not grow with the data."""
    return Entry(ceiling, grows=False)


# QUALITY.md's bar for the case list, the case detail and the dashboards (the signed-in home page, and the
# caseload, team and program dashboards of reporting); the case list's API too.
BUDGET = 12
BUDGETED = [
    "cases:list",
    "cases:detail",
    "home",
    "reporting:dashboard_caseload",
    "reporting:dashboard_team",
    "reporting:dashboard_program",
    "/api/v1/cases",
]

# Every GET route of the URL configuration: its ceiling (the QUALITY.md bar, or today's count), and whether
# the growth shows on it.
PAGES: dict[str, Entry] = {
    "accounts:audit": grows(6),
    "accounts:break_glass": grows(5),
    "accounts:grants_review": grows(4),
    "accounts:member_edit": fixed(6),
    "accounts:settings": fixed(2),  # issue 14: the user's own language
    "accounts:agency_profile": fixed(4),  # issue 14: the agency row and its directory entry with its addresses
    "accounts:setup_guide": fixed(4),  # issue 14: every step's state in one statement
    "accounts:team": grows(7),
    "accounts:tokens": grows(3),
    "accounts:vocabularies": fixed(4),
    "accounts:vocabulary": grows(5),
    "assessments:case_assessments": grows(11),
    "assessments:case_outcomes": grows(9),
    "assessments:case_progress": grows(10),
    "assessments:cohort": grows(8),
    "assessments:detail": grows(10),
    "assessments:due": grows(5),
    "assessments:edit_outcome_rating": grows(13),
    "assessments:library": fixed(4),  # issue 14: instruments, their newest versions
    "assessments:outcome_scale": fixed(6),
    "assessments:plan_edit": fixed(4),
    "assessments:plans": fixed(4),
    "assessments:rate_outcomes": grows(10),
    "assessments:take": grows(9),
    "cases:caseload": grows(4),
    "cases:detail": grows(BUDGET),
    "cases:edit": grows(8),
    "cases:family": grows(8),
    "cases:flags": grows(7),
    "cases:follow_up": fixed(8),
    "cases:follow_up_policy": fixed(3),
    "cases:follow_up_record": fixed(8),
    "cases:history": grows(10),
    "cases:history_add": grows(14),
    "cases:history_edit": grows(16),
    "cases:list": grows(BUDGET),
    "cases:needs": grows(11),
    "cases:note_edit": grows(10),
    "cases:note_strike": grows(10),
    "cases:notes": grows(10),
    "cases:open": grows(4),
    "cases:relation_add": grows(7),
    "cases:relation_edit": grows(8),
    "cases:timeline": grows(9),
    "connect:case_checkins": grows(10),
    "connect:case_portal": grows(9),
    "connect:case_thread": grows(11),
    "connect:case_threads": grows(9),
    "connect:my_page": grows(14),
    "connect:settings": fixed(4),
    "connect:thread_attachment": fixed(7),
    "connect:urgent_check_in": fixed(6),
    "consent:add": grows(12),
    "consent:templates": grows(4),
    "consent:template_add": fixed(3),
    "consent:template_edit": fixed(4),
    "consent:case": grows(8),
    "consent:detail": grows(8),
    "consent:summary": fixed(6),
    "documents:case_documents": grows(8),
    "documents:detail": grows(8),
    "documents:download": fixed(8),
    "documents:survivor_documents": grows(7),
    "funding:add": grows(5),
    "funding:budget_line_edit": fixed(4),
    "funding:burn_down": grows(11),
    "funding:burn_down_csv": grows(11),
    "funding:cost_per_service": grows(8),
    "funding:cost_per_service_csv": fixed(8),
    "funding:direct_cost_edit": grows(6),
    "funding:direct_costs": grows(7),
    "funding:edit": grows(9),
    "funding:funder_add": fixed(2),
    "funding:funder_edit": fixed(3),
    "funding:funders": grows(3),
    "funding:gaps": fixed(6),
    "funding:in_kind": grows(5),
    "funding:in_kind_edit": grows(5),
    "funding:list": grows(5),
    "funding:staff_time": grows(6),
    "funding:staff_time_edit": grows(5),
    "home": grows(BUDGET),
    "interop:case_fhir": grows(8),
    "interop:import_columns": fixed(4),
    "interop:import_new": grows(4),
    "interop:import_run": fixed(4),
    "interop:import_values": fixed(4),
    "interop:imports": grows(5),
    "interop:webhook_add": fixed(3),
    "interop:webhook_delete": fixed(4),
    "interop:webhook_detail": grows(6),
    "interop:webhook_edit": fixed(4),
    "interop:webhooks": grows(4),
    "invitation_accept": fixed(1),
    "legal:access": grows(11),
    "legal:case_matters": grows(8),
    "legal:case_rights": grows(9),
    "legal:deadline_edit": grows(8),
    "legal:deadlines": grows(6),
    "legal:le_contact_add": grows(11),
    "legal:le_contact_edit": grows(15),
    "legal:le_contacts": grows(9),
    "legal:matter": grows(14),
    "legal:matter_edit": grows(9),
    "legal:matter_open": grows(11),
    "legal:outcomes": fixed(9),
    "legal:outcomes_csv": fixed(9),
    "legal:policy": fixed(4),
    "legal:rights": grows(5),
    "legal:rights_add": grows(4),
    "legal:rights_article": fixed(5),
    "legal:rights_edit": fixed(3),
    "outreach:campaign_add": grows(4),
    "outreach:campaign_compare": grows(9),
    "outreach:campaign_compare_csv": grows(9),
    "outreach:campaign_detail": grows(14),
    "outreach:campaign_edit": grows(5),
    "outreach:campaign_list": grows(3),
    "outreach:campaign_material_download": fixed(4),
    "outreach:campaign_materials": grows(4),
    "outreach:campaign_tallies": grows(4),
    "outreach:event_add": grows(5),
    "outreach:event_detail": grows(6),
    "outreach:event_edit": grows(7),
    "outreach:event_list": grows(6),
    "outreach:event_survey_entry": fixed(5),
    "outreach:event_survey_public": fixed(3),
    "outreach:story_case_add": grows(8),
    "outreach:story_case_detail": grows(9),
    "outreach:story_case_edit": grows(8),
    "outreach:story_case_list": grows(9),
    "outreach:story_library": grows(4),
    "outreach:story_library_detail": fixed(6),
    "outreach:training_certificate": fixed(3),
    "outreach:training_course_add": fixed(2),
    "outreach:training_course_detail": grows(4),
    "outreach:training_course_edit": fixed(3),
    "outreach:training_course_list": grows(3),
    "outreach:training_external_add": grows(4),
    "outreach:training_mine": grows(4),
    "outreach:training_requirements": grows(5),
    "outreach:training_session_add": fixed(3),
    "outreach:training_session_detail": grows(6),
    "outreach:training_session_edit": fixed(3),
    "outreach:training_staff": grows(5),
    "outreach:volunteer_add": fixed(3),
    "outreach:volunteer_agreement_add": fixed(6),
    "outreach:volunteer_assignment_add": grows(7),
    "outreach:volunteer_assignment_edit": grows(5),
    "outreach:volunteer_detail": grows(13),
    "outreach:volunteer_edit": fixed(6),
    "outreach:volunteer_hours_approve": fixed(4),
    "outreach:volunteer_hours_waiting": grows(4),
    "outreach:volunteer_list": grows(5),
    "outreach:volunteer_my_assignments": grows(5),
    "outreach:volunteer_my_hours": grows(7),
    "outreach:volunteer_my_log_hours": fixed(5),
    "outreach:volunteer_screening": fixed(7),
    "outreach:volunteer_thanks_add": fixed(6),
    "people:detail": grows(6),
    "people:edit": fixed(5),
    "people:list": grows(4),
    "people:relation_add": fixed(5),
    "people:relation_edit": fixed(6),
    "plans:goal": grows(20),
    "plans:goal_add": grows(15),
    "plans:plan": grows(23),
    "plans:policy": fixed(3),
    "plans:review": grows(12),
    "plans:task": grows(16),
    "plans:task_add": grows(13),
    "plans:version": grows(10),
    "portal:activate": fixed(4),
    "portal:appointments": grows(6),
    "portal:assessment": fixed(5),
    "portal:checkin": fixed(5),
    "portal:consent_revoke": fixed(5),
    "portal:consents": grows(5),
    "portal:delete_message": fixed(6),
    "portal:document": fixed(10),
    "portal:documents": grows(6),
    "portal:goals": grows(6),
    "portal:help_now": fixed(4),
    "portal:home": grows(13),
    "portal:manifest": fixed(4),
    "portal:message_attachment": fixed(6),
    "portal:messages": grows(5),
    "portal:new_thread": fixed(4),
    "portal:offline": fixed(4),
    "portal:resources": grows(13),
    "portal:rights": grows(7),
    "portal:rights_article": fixed(7),
    "portal:service_worker": fixed(4),
    "portal:settings": fixed(4),
    "portal:sign_in": fixed(2),
    "portal:staying_safe": fixed(4),
    "portal:thread": grows(8),
    "referrals:case_referral": grows(9),
    # Data retention: the growth places holds (lifted ones on the matrix case, active ones on the new cases) and
    # records an erasure request for each new case's person.
    "retention:case_holds": grows(10),
    "retention:erasure_list": grows(5),  # with a pending request: which are blocked by a hold (one query)
    "retention:erasure_new": fixed(5),
    "retention:holds": grows(4),
    "retention:policy": fixed(4),
    "retention:preview": fixed(9),
    "referrals:case_referrals": grows(9),
    "referrals:create": grows(12),
    "referrals:directory": grows(9),
    "referrals:directory_contact_add": fixed(6),
    "referrals:directory_contact_edit": fixed(7),
    "referrals:directory_export": grows(11),
    "referrals:directory_export_zip": grows(11),
    "referrals:directory_import": fixed(3),
    "referrals:directory_location_add": fixed(6),
    "referrals:directory_location_edit": fixed(7),
    "referrals:directory_organization": grows(8),
    "referrals:directory_organization_add": fixed(3),
    "referrals:directory_organization_edit": fixed(6),
    "referrals:directory_service_add": fixed(8),
    "referrals:directory_service_edit": fixed(9),
    "referrals:incoming": grows(4),
    "referrals:incoming_detail": fixed(6),
    "referrals:outgoing": grows(4),
    "referrals:policy": fixed(4),
    "referrals:print": fixed(6),
    "reporting:dashboard_caseload": fixed(BUDGET),
    "reporting:dashboard_csv": fixed(10),
    "reporting:dashboard_program": grows(BUDGET),
    "reporting:dashboard_team": grows(BUDGET),
    "reporting:exports": fixed(4),
    "reporting:job": fixed(5),
    "reporting:job_csv": fixed(7),
    "reporting:jobs": grows(3),
    "reporting:network": grows(7),
    "reporting:policy": fixed(3),
    "reporting:reports": grows(8),
    "scheduling:appointment_edit": grows(10),
    "scheduling:calendar_day": grows(5),
    "scheduling:calendar_week": grows(5),
    "scheduling:case_appointments": grows(12),
    "scheduling:feed_settings": fixed(3),
    "scheduling:ical_feed": grows(4),  # 5 the first time: the token's last use is written once
    "services:case_services": grows(17),
    "services:day": grows(4),
    "services:group_attendance": grows(11),
    "services:group_certificate": fixed(11),
    "services:group_create": grows(5),
    "services:group_detail": grows(9),
    "services:group_edit": grows(9),
    "services:group_leave": fixed(10),
    "services:group_list": grows(4),
    "services:group_sessions": grows(7),
    "services:log": grows(10),
    "services:service_correct": grows(14),
    "services:service_void": grows(10),
    "services:taxonomy": fixed(6),
    "tasks": grows(24),  # the sources, one or two queries each, and the bounded ones counted in one statement
}

# GET routes that render no list and no detail.
EXCLUDED: dict[str, str] = {
    "portal:enter": "stores the agency's entry code in the session and redirects to the portal's start page",
    "portal:language": "stores the chosen language and redirects back",
}

# Every API list operation (a page {items, next_cursor}, or a bare array for the catalogues).
API_LISTS: dict[str, Entry] = {
    "/api/v1/appointments": grows(5),
    "/api/v1/assessment-plans": fixed(4),
    "/api/v1/assessments/due": grows(4),
    "/api/v1/cases": grows(BUDGET),
    "/api/v1/cases/{case_id}/appointments": grows(7),
    "/api/v1/cases/{case_id}/approvals": fixed(6),
    "/api/v1/cases/{case_id}/assessments": grows(6),
    "/api/v1/cases/{case_id}/determinations": grows(6),
    "/api/v1/cases/{case_id}/documents": grows(7),
    "/api/v1/cases/{case_id}/flags": grows(6),
    "/api/v1/cases/{case_id}/follow-ups": fixed(7),
    "/api/v1/cases/{case_id}/history": grows(7),
    "/api/v1/cases/{case_id}/law-enforcement-contacts": grows(8),
    "/api/v1/cases/{case_id}/legal-access-grants": grows(6),
    "/api/v1/cases/{case_id}/legal-matters": grows(7),
    "/api/v1/cases/{case_id}/needs": fixed(6),
    "/api/v1/cases/{case_id}/notes": grows(8),
    "/api/v1/cases/{case_id}/outcomes": grows(7),
    "/api/v1/cases/{case_id}/portal/check-ins": grows(6),
    "/api/v1/cases/{case_id}/portal/consent-notices": fixed(6),  # issue 11 B; the growth adds no notice
    "/api/v1/cases/{case_id}/portal/questionnaires": grows(6),  # issue 11 B
    "/api/v1/cases/{case_id}/portal/shares": grows(6),  # issue 11 B
    "/api/v1/cases/{case_id}/portal/threads": grows(6),
    "/api/v1/cases/{case_id}/rights-shares": grows(6),
    "/api/v1/cases/{case_id}/screenings": grows(7),
    "/api/v1/cases/{case_id}/services": grows(6),
    "/api/v1/cases/{case_id}/stories": grows(6),
    "/api/v1/cases/{case_id}/timeline": grows(6),
    "/api/v1/directory/organizations": grows(6),
    "/api/v1/funders": grows(3),
    "/api/v1/grants": grows(4),
    "/api/v1/grants/{grant_id}/direct-costs": grows(4),
    "/api/v1/grants/{grant_id}/staff-time": grows(4),
    "/api/v1/groups": grows(4),
    "/api/v1/groups/{program_id}/sessions": grows(7),
    "/api/v1/imports/mappings": grows(3),
    "/api/v1/in-kind": grows(3),
    "/api/v1/instruments": fixed(4),
    "/api/v1/legal-deadlines": grows(3),
    "/api/v1/legal-matter-types": fixed(3),
    "/api/v1/legal-matters": grows(4),
    "/api/v1/legal-matters/{matter_id}/deadlines": grows(6),
    "/api/v1/legal-matters/{matter_id}/documents": grows(7),
    "/api/v1/legal-matters/{matter_id}/notes": grows(8),
    "/api/v1/legal/rights-articles": grows(3),
    "/api/v1/me/tasks": grows(23),  # the Tasks page's sources, one or two queries each, as "tasks"
    "/api/v1/outreach/campaigns": grows(3),
    "/api/v1/outreach/campaigns/{campaign_id}/materials": grows(4),
    "/api/v1/outreach/campaigns/{campaign_id}/partners": grows(4),
    "/api/v1/outreach/campaigns/{campaign_id}/tallies": grows(4),
    "/api/v1/outreach/events": grows(4),
    "/api/v1/outreach/events/{event_id}/follow-ups": grows(5),
    "/api/v1/outreach/stories": grows(4),
    "/api/v1/outreach/training/courses": grows(3),
    "/api/v1/outreach/training/sessions": grows(3),
    "/api/v1/outreach/training/sessions/{session_id}/participants": grows(
        4
    ),  # issue 11 (last gaps): the attendance sheet
    "/api/v1/outreach/training/staff": grows(5),
    "/api/v1/outreach/volunteers": grows(3),
    "/api/v1/outreach/volunteers/my-assignments": grows(4),
    "/api/v1/outreach/volunteers/{volunteer_id}/agreements": grows(6),
    "/api/v1/outreach/volunteers/{volunteer_id}/assignments": grows(6),
    "/api/v1/outreach/volunteers/{volunteer_id}/hours": grows(6),
    "/api/v1/outreach/volunteers/{volunteer_id}/screenings": fixed(6),
    "/api/v1/outreach/volunteers/{volunteer_id}/thanks": grows(6),
    "/api/v1/referrals": grows(3),
    "/api/v1/reports/jobs": grows(3),
    "/api/v1/reports/network-count": grows(5),
    "/api/v1/service-types": fixed(3),
    "/api/v1/services": grows(4),
    "/api/v1/survivors": grows(3),
    "/api/v1/survivors/{survivor_id}/consents": grows(6),
    "/api/v1/consent-templates": grows(3),
    "/api/v1/survivors/{survivor_id}/documents": grows(7),
    "/api/v1/survivors/{survivor_id}/relations": grows(6),
    "/api/v1/vocabularies": fixed(3),
    "/api/v1/vocabularies/{code}/terms": grows(4),
    "/api/v1/vocabularies/{code}/agency-terms": grows(
        5
    ),  # issue 11 (last gaps): the admin's list, retired ones included
    # issue 11 D: agency administration
    "/api/v1/staff/members": grows(4),
    "/api/v1/staff/invitations": grows(3),
    "/api/v1/staff/teams": fixed(3),
    "/api/v1/tokens": grows(3),
    "/api/v1/audit-events": grows(4),
    "/api/v1/break-glass/grants": grows(3),
    "/api/v1/break-glass/review": grows(3),
    "/api/v1/webhooks": grows(3),
    "/api/v1/webhooks/{subscription_id}/deliveries": grows(4),
    # issue 13: retention (the holds on a case, the agency's active holds, the erasure requests)
    "/api/v1/cases/{case_id}/legal-holds": grows(6),
    "/api/v1/legal-holds": grows(3),
    "/api/v1/erasure-requests": grows(4),
}

# Routes better witnessed by another persona than the first of PREFERENCE the matrix allows: the legal advocate
# reads privileged (legal) notes, documents and matters that supervisors do not; agency B receives agency A's
# referrals; a calendar shows its owner's appointments; the feed and the invitation are opened signed out.
_LEGAL = [
    "cases:notes",
    "documents:case_documents",
    "documents:survivor_documents",
    "legal:access",
    "legal:case_matters",
    "legal:deadlines",
    "legal:le_contacts",
    "legal:matter",
    "/api/v1/cases/{case_id}/documents",
    "/api/v1/cases/{case_id}/law-enforcement-contacts",
    "/api/v1/cases/{case_id}/legal-access-grants",
    "/api/v1/cases/{case_id}/legal-matters",
    "/api/v1/cases/{case_id}/notes",
    "/api/v1/legal-deadlines",
    "/api/v1/legal-matters",
    "/api/v1/legal-matters/{matter_id}/deadlines",
    "/api/v1/legal-matters/{matter_id}/documents",
    "/api/v1/legal-matters/{matter_id}/notes",
    "/api/v1/survivors/{survivor_id}/documents",
]
PERSONA: dict[str, str] = {
    **dict.fromkeys(_LEGAL, "legal_advocate"),
    "referrals:incoming": "other_agency_user",
    "scheduling:calendar_day": "case_manager",
    "scheduling:calendar_week": "case_manager",
    "/api/v1/appointments": "case_manager",
    "scheduling:ical_feed": "anonymous",
    "invitation_accept": "anonymous",
}


def _feed_url(personas: dict[str, Any], objects: dict[str, Any]) -> str:
    from reclaim.scheduling.actions import do_create_feed_token

    _token, secret = do_create_feed_token(actor=personas["case_manager"])
    return reverse("scheduling:ical_feed", args=[secret])


def _invitation_url(personas: dict[str, Any], objects: dict[str, Any]) -> str:
    from reclaim.accounts.actions import do_invite_staff

    _invitation, secret = do_invite_staff(
        actor=personas["agency_admin"],
        agency=objects["case"].agency,
        email="invited@a.example",
        display_name="Invited",
        role="clinician",
        team=None,
    )
    return reverse("invitation_accept", args=[secret])


def _calendar_url(name: str) -> Any:
    return lambda personas, objects: f"{reverse(name)}?date={meeting_day().date().isoformat()}"


# URLs of routes the matrix asks in another way, or that would show a full page in both worlds: the feed and the
# invitation with a real secret (the matrix's made-up one is a 404), the calendars on the day the appointments
# are made, every open deadline and every event (not only overdue and upcoming ones), the audit log filtered to
# emergency access (it holds pages of rows from the set-up), the timeline of a case with less than a page of it.
URLS: dict[str, Any] = {
    "scheduling:ical_feed": _feed_url,
    "invitation_accept": _invitation_url,
    # the token rows only: the whole log passes a page before the data grows
    "/api/v1/audit-events": lambda personas, objects: "/api/v1/audit-events?action=token.",
    "scheduling:calendar_day": _calendar_url("scheduling:calendar_day"),
    "scheduling:calendar_week": _calendar_url("scheduling:calendar_week"),
    "/api/v1/legal-deadlines": lambda personas, objects: "/api/v1/legal-deadlines",
    "outreach:event_list": lambda personas, objects: f"{reverse('outreach:event_list')}?when=all",
    "accounts:audit": lambda personas, objects: f"{reverse('accounts:audit')}?action=break_glass",
    "cases:timeline": lambda personas, objects: reverse("cases:timeline", args=[short_case(objects).pk]),
    "/api/v1/cases/{case_id}/timeline": lambda personas, objects: f"/api/v1/cases/{short_case(objects).pk}/timeline",
}

# Known problems, visible as strict xfails: an entry that gets fixed fails (XPASS) until it is taken off this list.
# Each request spends 2 queries before the view (the session; the user with their membership and its team ids,
# accounts.selectors.signed_in_user) and a read of survivor data 2 more (the audit chain's last hash, the audit
# row). None of these grows with the data.
_OVER = "over QUALITY.md's budget of 12 queries (flat in data size): "
KNOWN: dict[str, str] = {}


@dataclass(frozen=True)
class Counted:
    persona: str
    statuses: tuple[int, int]
    small: int  # queries with one row of each kind
    large: int  # queries with MORE more of each kind and MORE_CASES more cases
    sizes: tuple[int, int]  # what each world's answer showed: items of an API list, bytes of a page
    sql: tuple[tuple[str, ...], tuple[str, ...]]  # each world's statements, for the failure message


def _persona(table: dict[str, int], key: str, *, portal: bool = False) -> str:
    if key in PERSONA:
        return PERSONA[key]
    order = ["survivor", *PREFERENCE] if portal else PREFERENCE
    return next(name for name in order if table.get(name) == 200)


def _count(client: Client, url: str) -> tuple[int, list[str], bytes]:
    reset_queries()  # the connection keeps only the last 9000 statements; counting needs a fresh log
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    sql = [q["sql"] for q in context.captured_queries if not q["sql"].startswith(_TEST_TRANSACTION_NOISE)]
    return response.status_code, sql, body


def _size(key: str, body: bytes) -> int:
    """How much the response shows: the number of items of an API list, the length of a page."""
    if not key.startswith("/api/"):
        return len(body)
    data = json.loads(body)
    return len(data["items"]) if isinstance(data, dict) else len(data)


def _targets(personas: dict[str, Any], objects: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Entry → (persona, url), URLs built once on the matrix's objects."""
    targets = {}
    for name in PAGES:
        _method, build_url, table = MATRIX[name]
        url = URLS[name](personas, objects) if name in URLS else build_url(objects)
        targets[name] = (_persona(table, name, portal=name.startswith("portal:")), url)
    for path in API_LISTS:
        build_url, table = API_MATRIX[("get", path)][:2]
        url = URLS[path](personas, objects) if path in URLS else build_url(objects)
        targets[path] = (_persona(table, path), url)
    return targets


def measure_everything(personas: dict[str, Any], objects: dict[str, Any]) -> dict[str, Counted]:
    with time_machine.travel(timezone.now(), tick=False):
        targets = _targets(personas, objects)
        clients = {persona: login_client(personas[persona]) for persona, _url in targets.values()}
        grow(objects, rows=1, cases=1)
        for persona, client in clients.items():
            client.get(reverse("portal:help_now") if persona in ("survivor", "anonymous") else "/api/v1/me")
        small = {key: _count(clients[persona], url) for key, (persona, url) in targets.items()}
        grow(objects, rows=MORE, cases=MORE_CASES)
        counted = {}
        for key, (persona, url) in targets.items():
            large = _count(clients[persona], url)
            before = small[key]
            counted[key] = Counted(
                persona=persona,
                statuses=(before[0], large[0]),
                small=len(before[1]),
                large=len(large[1]),
                sizes=(_size(key, before[2]), _size(key, large[2])) if large[0] == before[0] == 200 else (0, 0),
                sql=(tuple(before[1]), tuple(large[1])),
            )
    return counted


def get_routes() -> list[str]:
    """The project's GET routes (the permission matrix has every route, with its method)."""
    return sorted(name for name, (method, _url, _table) in MATRIX.items() if method == "get")


def api_list_operations() -> list[str]:
    """Paths of the API's GET operations that answer a list: a page {items, next_cursor} or a bare array."""
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    paths = []
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        responses = operations["get"]["responses"]
        answer = (responses.get(200) or responses.get("200") or {}).get("content", {}).get("application/json", {})
        shape = answer.get("schema", {})
        fields = components.get(shape.get("$ref", "").rsplit("/", 1)[-1], {}).get("properties", {})
        if shape.get("type") == "array" or {"items", "next_cursor"} <= set(fields):
            paths.append(path)
    return sorted(paths)


ENTRIES: dict[str, Entry] = {**PAGES, **API_LISTS}

# Counted once per test process (the first test to ask builds the world and counts every entry, about 40 s; the
# others read). All of them run in one xdist worker, so the world is built once in a parallel run too.
pytestmark = pytest.mark.xdist_group("query_counts")
_COUNTED: dict[str, Counted] = {}
_FAILED: list[str] = []


@pytest.fixture
def counted(request: pytest.FixtureRequest, db: None) -> dict[str, Counted]:
    if _FAILED:
        pytest.fail(f"counting failed in an earlier test: {_FAILED[0]}")
    if not _COUNTED:
        try:
            _COUNTED.update(
                measure_everything(request.getfixturevalue("personas"), request.getfixturevalue("matrix_objects"))
            )
        except Exception as error:
            _FAILED.append(repr(error))
            raise
    return _COUNTED


def test_every_get_route_has_an_entry():
    # given the project's GET routes; then each has a ceiling, or a reason to be left out, not both
    assert sorted([*PAGES, *EXCLUDED]) == get_routes()
    assert not set(PAGES) & set(EXCLUDED)


def test_every_api_list_operation_has_an_entry():
    assert sorted(API_LISTS) == api_list_operations()


def test_overrides_name_entries():
    assert set(PERSONA) <= set(ENTRIES)
    assert set(URLS) <= set(ENTRIES)
    assert set(KNOWN) <= set(ENTRIES)


def test_quality_budget_is_not_raised():
    # QUALITY.md: at most 12 queries on the case list, the case detail and the dashboards (a page over it is a
    # KNOWN problem, never a higher ceiling)
    assert {key: ENTRIES[key].ceiling for key in BUDGETED if ENTRIES[key].ceiling > BUDGET} == {}


def _shape(sql: str) -> str:
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def _extra(found: Counted) -> list[str]:
    """The statements the second count ran more often than the first (all of them when there are none)."""
    seen = Counter(_shape(sql) for sql in found.sql[0])
    extra = []
    for sql in found.sql[1]:
        if seen[_shape(sql)] > 0:
            seen[_shape(sql)] -= 1
        else:
            extra.append(sql)
    return extra or list(found.sql[1])


def _explain(key: str, found: Counted) -> str:
    return (
        f"{key} as {found.persona}: {found.small} queries with one row of each kind, {found.large} after adding "
        f"{MORE} of each kind and {MORE_CASES} cases; answers {found.statuses}, sizes {found.sizes}. Statements:\n"
        + "\n".join(_extra(found))
    )


def _param(key: str) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN[key])] if key in KNOWN else []
    return pytest.param(key, marks=marks, id=key)


@pytest.mark.parametrize("key", [_param(key) for key in sorted(ENTRIES)])
def test_query_count_is_flat_and_within_its_ceiling(key, counted):
    # given the route counted in a small world and again after the data grew (the `counted` fixture)
    entry, found = ENTRIES[key], counted[key]
    # then it answered both times
    assert found.statuses == (200, 200), _explain(key, found)
    # then a page that lists the added rows showed them (else the comparison below proves nothing)
    if entry.grows:
        assert found.sizes[1] > found.sizes[0], _explain(key, found)
    # then more rows cost no more queries (no query per row), and it stays within its ceiling
    assert found.large <= found.small, _explain(key, found)
    assert max(found.small, found.large) <= entry.ceiling, _explain(key, found)
