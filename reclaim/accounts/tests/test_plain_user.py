"""request.user is the user object itself after sign-in (PlainUserMiddleware), and still the anonymous user
before it: the same object Django's lazy proxy would load, without the proxy's cost on every attribute read."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from conftest import login_client
from reclaim.accounts.models import User
from reclaim.accounts.selectors import active_membership


def test_a_signed_in_request_carries_the_user_itself(personas):
    user = personas["case_manager"]
    response = login_client(user).get(reverse("cases:list"), secure=True)
    assert response.status_code == 200
    request_user = response.wsgi_request.user
    assert type(request_user) is User  # not django.utils.functional.SimpleLazyObject
    assert request_user.pk == user.pk
    # what the page cached on the user for the request (the membership) is on this very object
    assert getattr(request_user, "_reclaim_membership") == active_membership(user)  # noqa: B009


def test_a_request_before_sign_in_carries_the_anonymous_user(db):
    response = Client().get(reverse("cases:list"), secure=True)
    assert response.status_code == 302
    assert type(response.wsgi_request.user) is AnonymousUser
