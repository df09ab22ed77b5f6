from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import first_two_pages, login_client
from reclaim.accounts import views as accounts_views
from reclaim.accounts.actions import do_start_break_glass
from reclaim.accounts.models import AgencyAlert, BreakGlassGrant
from reclaim.accounts.tasks import close_expired_break_glass
from reclaim.core.models import AuditEvent


def test_operator_sees_no_case_data_without_a_grant(personas, survivor_a):
    operator = login_client(personas["platform_operator"])
    assert operator.get(reverse("people:detail", args=[survivor_a.pk])).status_code == 404
    assert operator.get(reverse("people:list")).status_code == 403


def test_break_glass_needs_a_reason(personas, agency):
    operator = login_client(personas["platform_operator"])
    response = operator.post(reverse("accounts:break_glass"), {"agency": agency.pk, "reason": "", "hours": 1})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not BreakGlassGrant.objects.exists()


def test_break_glass_duration_is_limited(personas, agency, settings):
    operator = login_client(personas["platform_operator"])
    response = operator.post(
        reverse("accounts:break_glass"),
        {
            "agency": agency.pk,
            "reason": "A long enough reason for access here",
            "hours": settings.RECLAIM_BREAK_GLASS_MAX_HOURS + 1,
        },
    )
    assert "hours" in response.context["form"].errors
    assert not BreakGlassGrant.objects.exists()


def test_break_glass_grants_audited_read_only_access_and_alerts_the_agency(
    personas, agency, survivor_a, survivor_b, django_capture_on_commit_callbacks
):
    operator = login_client(personas["platform_operator"])
    # when the operator opens emergency access with a reason
    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(
            reverse("accounts:break_glass"),
            {"agency": agency.pk, "reason": "Agency asked us to recover a record lost in an import", "hours": 1},
        )
    assert response.status_code == 302
    grant = BreakGlassGrant.objects.get()
    # then the agency's admins are alerted
    assert AgencyAlert.objects.filter(agency=agency, grant=grant).exists()
    assert mail.outbox
    assert mail.outbox[0].to == ["agency_admin@a.example"]
    # and the operator can read that agency's survivors, audited with the grant as purpose, but not another agency's
    assert operator.get(reverse("people:detail", args=[survivor_a.pk])).status_code == 200
    assert AuditEvent.objects.filter(
        action="survivor.read", actor_id=personas["platform_operator"].pk, purpose=f"break_glass:{grant.pk}"
    ).exists()
    assert operator.get(reverse("people:detail", args=[survivor_b.pk])).status_code == 404
    # and the admin reviews it
    admin = login_client(personas["agency_admin"])
    assert "Agency asked us" in admin.get(reverse("accounts:grants_review")).content.decode()
    admin.post(reverse("accounts:grant_mark_reviewed", args=[grant.pk]))
    assert not AgencyAlert.objects.filter(acknowledged_at__isnull=True).exists()


def test_access_ends_when_the_grant_expires(personas, agency, survivor_a, settings):
    settings.RECLAIM_IDLE_TIMEOUT_SECONDS = 24 * 3600  # isolate grant expiry from the idle timeout
    operator = login_client(personas["platform_operator"])
    operator.post(
        reverse("accounts:break_glass"),
        {"agency": agency.pk, "reason": "Investigating a reported data problem", "hours": 1},
    )
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert operator.get(reverse("people:detail", args=[survivor_a.pk])).status_code == 404
        assert close_expired_break_glass.call() == 1
    assert AuditEvent.objects.filter(action="break_glass.expired").exists()


@pytest.mark.django_db
def test_non_operator_cannot_open_break_glass(personas, agency):
    admin = login_client(personas["agency_admin"])
    assert (
        admin.post(reverse("accounts:break_glass"), {"agency": agency.pk, "reason": "x" * 30, "hours": 1}).status_code
        == 403
    )


def _three_grants(personas, agency):
    """Three grants the operator opened one after the other, oldest first."""
    return [
        do_start_break_glass(
            actor=personas["platform_operator"], agency=agency, reason=f"Recovering lost record number {k}", hours=1
        )
        for k in range(3)
    ]


@pytest.mark.parametrize(
    ("route", "page_size", "persona"),
    [
        ("accounts:break_glass", "BREAK_GLASS_PAGE_SIZE", "platform_operator"),
        ("accounts:grants_review", "GRANTS_REVIEW_PAGE_SIZE", "agency_admin"),
    ],
)
def test_the_grant_lists_page_newest_first_and_a_page_costs_the_same(
    route, page_size, persona, personas, agency, monkeypatch, django_assert_max_num_queries
):
    # given three grants and two grants to a page
    monkeypatch.setattr(accounts_views, page_size, 2)
    grants = _three_grants(personas, agency)
    # when the first two pages are read
    first, second = first_two_pages(login_client(personas[persona]), reverse(route), django_assert_max_num_queries)
    # then the first shows the two newest grants, each with its form (close, or mark reviewed), counts all three and
    # links to the next page; the second holds the oldest
    body = first.content.decode()
    assert [grant.pk for grant in first.context["grants"]] == [grants[2].pk, grants[1].pk]
    assert body.count('class="inline-form"') == 2
    assert "3 emergency access grants, newest first" in body
    assert 'href="?page=2" rel="next"' in body
    assert [grant.pk for grant in second.context["grants"]] == [grants[0].pk]
