"""Issue 10's privacy floor, checked over the whole permission matrix: the outreach coordinator and volunteers reach
nothing of cases, survivors, assessments or referrals in any route or API operation (ARCHITECTURE.md invariant 2).

The matrix itself proves each status against the running app; this test proves the matrix says "no" for these two
personas everywhere except their own community pages, their own account, the public portal pages and reference
data that names no person."""

from __future__ import annotations

from tests.test_permission_matrix import API_MATRIX, MATRIX

COMMUNITY_PERSONAS = ("outreach_coordinator", "volunteer")
DENIED = {403, 404}
API_DENIED = {401, 403, 404}

# Pages of their own: the community work, their account and sign-in, the public survivor portal (which treats
# staff as anonymous visitors; portal pages behind a survivor's sign-in send them to it).
OWN_NAMESPACES = ("outreach:", "portal:", "accounts:")
# Their home page and task list (their own work: training due, assignments), the service taxonomy and the partner
# directory (organisations, no person), which campaigns draw their partners from.
REFERENCE_PAGES = {
    "home",
    "tasks",
    "services:taxonomy",
    "referrals:directory",
    "referrals:directory_export",
    "referrals:directory_export_zip",
    "referrals:directory_organization",
}
# Reference data with no person in it; their own task list, as the task page above (each source lists only what
# the user may see: for them, training due and their assignments); and their own API tokens.
REFERENCE_API = {
    ("get", "/api/v1/me"),
    ("get", "/api/v1/me/tasks"),
    ("get", "/api/v1/outcome-scales/current"),
    ("get", "/api/v1/vocabularies"),
    ("get", "/api/v1/vocabularies/{code}/terms"),
    ("get", "/api/v1/instruments"),
    ("get", "/api/v1/instruments/{code}"),
    ("get", "/api/v1/service-types"),
    ("get", "/api/v1/directory/organizations"),
    ("get", "/api/v1/directory/organizations/{organization_id}"),
    ("get", "/api/v1/directory/hsds"),
    ("get", "/api/v1/directory/hsds.zip"),
    ("get", "/api/v1/legal-matter-types"),
    # their own API tokens, as their account pages (`accounts:`) manage them
    ("get", "/api/v1/tokens"),
    ("post", "/api/v1/tokens"),
    # their own interface language, as the Your settings page
    ("put", "/api/v1/me/language"),
}
OWN_API_PREFIX = "/api/v1/outreach/"


def test_community_personas_reach_no_case_data_page():
    reached = {
        name: {persona: table[persona] for persona in COMMUNITY_PERSONAS if table[persona] not in DENIED}
        for name, (_method, _url, table) in MATRIX.items()
        if not name.startswith(OWN_NAMESPACES) and name not in REFERENCE_PAGES
    }
    assert {name: found for name, found in reached.items() if found} == {}


def test_community_personas_reach_no_case_data_api():
    reached = {
        key: {persona: entry[1][persona] for persona in COMMUNITY_PERSONAS if entry[1][persona] not in API_DENIED}
        for key, entry in API_MATRIX.items()
        if key not in REFERENCE_API and not key[1].startswith(OWN_API_PREFIX)
    }
    assert {key: found for key, found in reached.items() if found} == {}


def test_the_allowances_are_not_wider_than_needed():
    # the reference operations exist (a renamed one must not silently widen the allowance)
    assert set(API_MATRIX) >= REFERENCE_API
    assert set(MATRIX) >= REFERENCE_PAGES
    # and none of them is a survivor's or a case's record
    assert not any(path.startswith(("/api/v1/cases", "/api/v1/survivors")) for _m, path in REFERENCE_API)
