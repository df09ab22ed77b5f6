"""The set-up guide of a new agency admin (issue 14 item 4): steps ticked from the agency's state, ticks by
hand only where the state cannot be read, hidden and shown again, and a flat query count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD, login_client
from reclaim.accounts.actions import (
    NewMember,
    do_add_members,
    do_create_agency,
    do_invite_staff,
    do_update_agency_profile,
)
from reclaim.accounts.models import SetupStepMark
from reclaim.accounts.roles import Role
from reclaim.accounts.setup_guide import setup_guide_for
from reclaim.assessments.schedule_actions import do_set_assessment_plan
from reclaim.connect.actions import SettingsInput, do_save_portal_settings, ensure_portal_settings
from reclaim.core.models import AuditEvent
from reclaim.interop.imports_actions import execute, new_run
from reclaim.interop.tests.imports_support import SURVIVOR_HEADERS, csv_bytes, make_mapping, survivor_rows
from reclaim.reporting.jobs import do_start_job

STEPS = ["profile", "portal", "staff", "consent", "instruments", "reports", "import"]


@pytest.fixture
def new_agency(db):
    return do_create_agency(actor=None, name="New Hope", slug="new-hope", org_type="NGO")


@pytest.fixture
def admins(new_agency):
    """A new agency with nobody but its two admins (two, so hiding the guide can be shown to be per admin)."""
    members = do_add_members(
        actor=None,
        agency=new_agency,
        members=[
            NewMember("first@new.example", "First admin", Role.AGENCY_ADMIN, PASSWORD),
            NewMember("second@new.example", "Second admin", Role.AGENCY_ADMIN, PASSWORD),
        ],
    )
    return [m.user for m in members]


def states(admin) -> dict[str, bool]:
    guide = setup_guide_for(admin)
    return {entry.step.code: entry.complete for entry in guide.steps}


def test_a_new_agencys_admin_sees_every_step_undone_on_the_home_page(admins):
    # given the admin of an agency where nothing has been set up
    client = login_client(admins[0])
    # when they open their home page
    response = client.get(reverse("home"))
    # then the guide is there, every step in order, none done, each with the page that does it
    assert response.status_code == 200
    guide = response.context["setup_guide"]
    assert [entry.step.code for entry in guide.steps] == STEPS
    assert guide.complete_count == 0
    body = response.content.decode()
    assert "Set up your agency" in body
    assert "0 of 7 steps done." in body
    for name in (
        "accounts:agency_profile",
        "connect:settings",
        "accounts:team",
        "consent:templates",
        "assessments:plans",
        "reporting:reports",
        "interop:imports",
    ):
        assert f'href="{reverse(name)}"' in body


def test_each_step_is_ticked_from_the_agencys_real_state(admins, new_agency):
    admin = admins[0]
    # given a new agency; when its portal link is shared (the settings row is made with defaults)
    ensure_portal_settings(new_agency)
    # then the portal step is not done: nobody saved the settings
    assert not states(admin)["portal"]
    # when the admin saves the agency profile unchanged (confirming it) and the portal settings, invites a case manager, saves a reassessment plan, makes a
    # report and checks an import file (a dry run)
    do_update_agency_profile(actor=admin, agency=new_agency, name=new_agency.name, expected_version=1)
    do_save_portal_settings(actor=admin, agency=new_agency, data=SettingsInput(), expected_version=1)
    do_invite_staff(
        actor=admin, agency=new_agency, email="cm@new.example", display_name="Case", role="case_manager", team=None
    )
    do_set_assessment_plan(
        actor=admin,
        agency=new_agency,
        code="phq9",
        first_months=[0],
        then_every_months=6,
        active_plan_every_months=None,
        active=True,
        expected_version=0,
    )
    do_start_job(actor=admin, agency=new_agency, kind="report", spec={"template": "voca", "period": "FY2026"})
    mapping = make_mapping(admin, new_agency, "survivors")
    data = csv_bytes(SURVIVOR_HEADERS, survivor_rows(2))
    dry = new_run(actor=admin, mapping=mapping, file_format="csv", size=len(data), dry_run=True)
    execute(dry, mapping, data, actor=admin)
    # then those steps are done, the import is not (a dry run saves nothing), and consent needs a tick by hand
    assert states(admin) == {
        "profile": True,
        "portal": True,
        "staff": True,
        "consent": False,
        "instruments": True,
        "reports": True,
        "import": False,
    }
    # when the file is imported for real
    run = new_run(actor=admin, mapping=mapping, file_format="csv", size=len(data), dry_run=False)
    execute(run, mapping, data, actor=admin)
    # then the import step is done too
    assert states(admin)["import"]


def test_a_member_other_than_an_admin_counts_as_staff_invited(personas):
    # given agency A, whose staff joined without invitations (the personas)
    # then its admin's staff step is done
    assert states(personas["agency_admin"])["staff"]


def test_a_withdrawn_invitation_does_not_count(admins, new_agency):
    from reclaim.accounts.actions import do_revoke_invitation

    invitation, _secret = do_invite_staff(
        actor=admins[0], agency=new_agency, email="x@new.example", display_name="X", role="clinician", team=None
    )
    do_revoke_invitation(actor=admins[0], invitation=invitation)
    assert not states(admins[0])["staff"]


def test_consent_and_import_are_ticked_by_hand_and_the_tick_taken_back(admins, new_agency):
    client = login_client(admins[0])
    # when the admin ticks consent and "no earlier records"
    for code in ("consent", "import"):
        response = client.post(reverse("accounts:setup_step_mark", args=[code]), {"done": "1"})
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:setup_guide')}#step-{code}"
    # then both count as done, for every admin of the agency, and each tick is audited
    assert states(admins[1])["consent"]
    assert states(admins[1])["import"]
    assert "2 of 7 steps done." in client.get(reverse("home")).content.decode()
    assert AuditEvent.objects.filter(action="setup_guide.step_marked", agency_id=new_agency.pk).count() == 2
    page = client.get(reverse("accounts:setup_guide")).content.decode()
    assert "Marked as done" in page
    # when a tick is taken back
    client.post(reverse("accounts:setup_step_mark", args=["consent"]), {"done": "0"})
    # then the step is not done again
    assert not states(admins[0])["consent"]
    assert AuditEvent.objects.filter(action="setup_guide.step_unmarked", agency_id=new_agency.pk).count() == 1


@pytest.mark.parametrize("code", ["staff", "profile", "portal", "instruments", "reports", "no-such-step"])
def test_a_step_whose_state_can_be_read_cannot_be_ticked_by_hand(admins, code):
    # given the admin; when they try to tick a step Reclaim reads from the agency's state (or no step at all)
    response = login_client(admins[0]).post(reverse("accounts:setup_step_mark", args=[code]), {"done": "1"})
    # then nothing is ticked
    assert response.status_code == 404
    assert not SetupStepMark.objects.exists()


def test_hiding_the_guide_is_per_admin_and_it_can_be_shown_again(admins):
    first, second = (login_client(admin) for admin in admins)
    # when the first admin hides the guide
    response = first.post(reverse("accounts:setup_guide_hide"))
    # then it is gone from their home page, not from the other admin's
    assert response.status_code == 302
    assert first.get(reverse("home")).context["setup_guide"] is None
    assert second.get(reverse("home")).context["setup_guide"] is not None
    # and its own page still opens, offering to show it again
    page = first.get(reverse("accounts:setup_guide"))
    assert page.status_code == 200
    assert "Show it on my home page again" in page.content.decode()
    # when they show it again
    first.post(reverse("accounts:setup_guide_show"))
    # then it is back on their home page
    assert first.get(reverse("home")).context["setup_guide"] is not None
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="setup_guide.").order_by("id")] == [
        "setup_guide.hidden",
        "setup_guide.shown",
    ]


def test_the_guide_leaves_the_home_page_once_every_step_is_done(personas, agency):
    admin = personas["agency_admin"]
    client = login_client(admin)
    # given agency A with staff; when the admin ticks the steps that allow it and does the rest
    do_update_agency_profile(actor=admin, agency=agency, name=agency.name, expected_version=agency.version)
    do_save_portal_settings(actor=admin, agency=agency, data=SettingsInput(), expected_version=None)
    do_set_assessment_plan(
        actor=admin,
        agency=agency,
        code="gad7",
        first_months=[0],
        then_every_months=12,
        active_plan_every_months=None,
        active=True,
        expected_version=0,
    )
    do_start_job(actor=admin, agency=agency, kind="report", spec={"template": "voca", "period": "FY2026"})
    assert client.get(reverse("home")).context["setup_guide"] is not None
    for code in ("consent", "import"):
        client.post(reverse("accounts:setup_step_mark", args=[code]), {"done": "1"})
    # then the home page no longer shows it; its own page says every step is done
    home = client.get(reverse("home"))
    assert home.context["setup_guide"] is None
    assert "Set up your agency" not in home.content.decode()
    assert "7 of 7 steps done." in client.get(reverse("accounts:setup_guide")).content.decode()


@pytest.mark.parametrize("persona", ["program_director", "supervisor", "case_manager", "analyst"])
def test_other_roles_never_see_the_guide(personas, persona):
    response = login_client(personas[persona]).get(reverse("home"))
    assert response.context["setup_guide"] is None
    assert reverse("accounts:setup_guide") not in response.content.decode()


def test_the_guide_costs_the_same_queries_however_much_the_agency_has(admins, new_agency, assert_max_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = admins[0]
    client = login_client(admin)
    client.get(reverse("home"))  # the session's first read and write

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len([q for q in context.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])

    # given an agency with a little of everything the steps read
    do_invite_staff(
        actor=admin, agency=new_agency, email="one@new.example", display_name="One", role="clinician", team=None
    )
    small = {url: count(url) for url in (reverse("home"), reverse("accounts:setup_guide"))}
    # when it gets many more invitations, members, reports and ticks
    for n in range(20):
        do_invite_staff(
            actor=admin, agency=new_agency, email=f"p{n}@new.example", display_name="P", role="clinician", team=None
        )
        do_start_job(actor=admin, agency=new_agency, kind="report", spec={"template": "voca", "period": "FY2026"})
    do_add_members(
        actor=None,
        agency=new_agency,
        members=[NewMember(f"m{n}@new.example", "M", Role.CASE_MANAGER, None) for n in range(20)],
    )
    login_client(admin).post(reverse("accounts:setup_step_mark", args=["consent"]), {"done": "1"})
    large = {url: count(url) for url in small}
    # then neither page asks more, and the home page stays within QUALITY.md's 12
    assert large == small
    assert small[reverse("home")] <= 12
    with assert_max_queries(5):
        client.get(reverse("accounts:setup_guide"))
