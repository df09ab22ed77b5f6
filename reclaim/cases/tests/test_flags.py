"""Case flags: raised with a reason, shown on every case page until cleared, filterable."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login_client
from reclaim.cases import selectors
from reclaim.cases.access import access_case_by_id
from reclaim.cases.actions import do_clear_flag, do_raise_flag
from reclaim.cases.models import Case, CaseEvent, CaseFlag
from reclaim.cases.tests.history_helpers import open_case


def test_a_raised_flag_shows_on_every_case_page_until_cleared(personas, survivor_a):
    case = open_case(personas, survivor_a)
    client = login_client(personas["case_manager"])
    # when a safety concern is raised in the UI
    response = client.post(
        reverse("cases:flags", args=[case.pk]), {"kind": "safety_concern", "reason": "Trafficker has her new number"}
    )
    assert response.status_code == 302
    flag = CaseFlag.objects.get()
    # then the banner is on the overview and the history tab
    for name in ("cases:detail", "cases:history", "cases:flags"):
        html = client.get(reverse(name, args=[case.pk])).content.decode()
        assert "Trafficker has her new number" in html, name
        assert "Safety concern" in html
    # the timeline holds codes only
    raised = CaseEvent.objects.get(type="flag_raised")
    assert raised.parameters == {"flag_id": str(flag.pk), "kind": "safety_concern"}
    # when it is cleared, the banner goes and the flag stays in the list
    cleared = client.post(reverse("cases:flag_clear", args=[case.pk, flag.pk]), {"reason": "Number changed"})
    assert cleared.status_code == 302
    flag.refresh_from_db()
    assert flag.cleared_by == personas["case_manager"]
    assert flag.clear_reason == "Number changed"
    assert "Trafficker has her new number" not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert CaseEvent.objects.filter(type="flag_cleared").exists()


def test_a_flag_needs_a_reason_and_nothing_is_saved_without(personas, survivor_a):
    case = open_case(personas, survivor_a)
    client = login_client(personas["case_manager"])
    response = client.post(reverse("cases:flags", args=[case.pk]), {"kind": "safety_concern", "reason": "   "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    bad_kind = client.post(reverse("cases:flags", args=[case.pk]), {"kind": "vip", "reason": "x"})
    assert "kind" in bad_kind.context["form"].errors
    assert not CaseFlag.objects.exists()


def test_clearing_needs_a_reason_and_happens_once(personas, survivor_a):
    case = open_case(personas, survivor_a)
    flag = do_raise_flag(
        actor=personas["case_manager"], case=case, kind="do_not_contact_by_phone", reason="Shared phone"
    )
    client = login_client(personas["case_manager"])
    response = client.post(reverse("cases:flag_clear", args=[case.pk, flag.pk]), {"reason": ""})
    assert response.status_code == 200
    flag.refresh_from_db()
    assert flag.cleared_at is None
    do_clear_flag(actor=personas["case_manager"], flag=flag, reason="Own phone now")
    again = client.post(reverse("cases:flag_clear", args=[case.pk, flag.pk]), {"reason": "again"}, follow=True)
    assert again.status_code == 200
    assert "already cleared" in again.content.decode()
    flag.refresh_from_db()
    assert flag.clear_reason == "Own phone now"


def test_flags_are_not_reachable_from_another_agency(personas, survivor_a):
    case = open_case(personas, survivor_a)
    flag = do_raise_flag(actor=personas["case_manager"], case=case, kind="other", reason="Needs an interpreter")
    outsider = login_client(personas["other_agency_user"])
    assert outsider.get(reverse("cases:flags", args=[case.pk])).status_code == 404
    assert outsider.post(reverse("cases:flag_clear", args=[case.pk, flag.pk]), {"reason": "x"}).status_code == 404
    director = login_client(personas["program_director"])
    assert director.post(reverse("cases:flag_clear", args=[case.pk, flag.pk]), {"reason": "x"}).status_code == 403
    flag.refresh_from_db()
    assert flag.cleared_at is None


def test_the_banner_costs_one_query(personas, survivor_a):
    case = open_case(personas, survivor_a)
    for n in range(5):
        do_raise_flag(actor=personas["case_manager"], case=case, kind="other", reason=f"Reason {n}")
    with CaptureQueriesContext(connection) as queries:
        flags = selectors.active_flags_for_case(case)
        [f.raised_by.display_name for f in flags]
    assert len(flags) == 5
    assert len(queries) == 1


def test_the_banner_of_a_gated_case_without_flags_costs_no_query(personas, survivor_a):
    # given a case with one flag raised and cleared, as the gate returns it (with its page marks)
    case = open_case(personas, survivor_a)
    do_raise_flag(actor=personas["case_manager"], case=case, kind="other", reason="Raised")
    do_clear_flag(actor=personas["case_manager"], flag=CaseFlag.objects.get(), reason="Cleared")
    gated = access_case_by_id(personas["case_manager"], case.pk)
    # then the banner knows from the mark that there is nothing to show
    with CaptureQueriesContext(connection) as queries:
        assert selectors.active_flags_for_case(gated) == []
    assert len(queries) == 0
    # when a flag is raised, the next gated read carries it and the banner reads it
    do_raise_flag(actor=personas["case_manager"], case=case, kind="other", reason="Raised again")
    again = access_case_by_id(personas["case_manager"], case.pk)
    assert [f.reason for f in selectors.active_flags_for_case(again)] == ["Raised again"]
    # and a case from anywhere but the gate is read as before
    assert len(selectors.active_flags_for_case(Case.objects.get(pk=case.pk))) == 1


def test_active_flag_filter_for_the_case_list(personas, survivor_a):
    flagged = open_case(personas, survivor_a)
    cleared = open_case(personas, survivor_a)
    plain = open_case(personas, survivor_a)
    do_raise_flag(actor=personas["case_manager"], case=flagged, kind="safety_concern", reason="r")
    old = do_raise_flag(actor=personas["case_manager"], case=cleared, kind="safety_concern", reason="r")
    do_clear_flag(actor=personas["case_manager"], flag=old, reason="ok")
    cases = Case.objects.filter(pk__in=[flagged.pk, cleared.pk, plain.pk])
    assert set(cases.filter(selectors.with_active_flag("safety_concern"))) == {flagged}
    assert set(cases.filter(selectors.with_active_flag())) == {flagged}
    assert set(cases.filter(selectors.with_active_flag("re_trafficking"))) == set()
