from __future__ import annotations

from django.urls import reverse

from conftest import login_client
from reclaim.accounts.models import ApiToken, BreakGlassGrant


def test_creating_a_token_needs_a_recent_password(personas):
    # given a session whose last password entry was an hour ago
    client = login_client(personas["case_manager"], reauthenticated_at=3600)
    # when a token is requested
    response = client.post(reverse("accounts:tokens"), {"name": "script", "expires_in_days": 30})
    # then the password is asked for again and no token exists yet
    assert response.status_code == 302
    assert "/accounts/reauthenticate/" in response["Location"]
    assert not ApiToken.objects.exists()
    # but the page itself still opens
    assert client.get(reverse("accounts:tokens")).status_code == 200


def test_emergency_access_needs_a_recent_password(personas, agency):
    client = login_client(personas["platform_operator"], reauthenticated_at=None)
    response = client.post(
        reverse("accounts:break_glass"),
        {"agency": agency.pk, "reason": "A reason that is long enough to count", "hours": 1},
    )
    assert "/accounts/reauthenticate/" in response["Location"]
    assert not BreakGlassGrant.objects.exists()


def test_recent_password_lets_the_action_through(personas):
    client = login_client(personas["case_manager"])
    response = client.post(reverse("accounts:tokens"), {"name": "script", "expires_in_days": 30})
    assert response.status_code == 200
    assert ApiToken.objects.count() == 1
