"""Routes owned by libraries (allauth, Django admin, i18n, ninja docs) behave safely for each persona."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from conftest import login_client


@pytest.mark.parametrize("persona", ["case_manager", "agency_admin", "platform_operator", "anonymous"])
def test_configuration_admin_is_only_for_staff_flagged_users(personas, persona):
    response = login_client(personas[persona]).get(f"/{settings.RECLAIM_ADMIN_PATH}/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_configuration_admin_opens_for_is_staff_operator(personas):
    operator = personas["platform_operator"]
    operator.is_staff = True
    operator.is_superuser = True
    operator.save()
    assert login_client(operator).get(f"/{settings.RECLAIM_ADMIN_PATH}/").status_code == 200


@pytest.mark.django_db
def test_account_pages_are_public_only_where_they_must_be(client):
    assert client.get(reverse("account_login")).status_code == 200
    assert client.get(reverse("account_reset_password")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 302
    assert client.get(reverse("account_change_password")).status_code == 302


@pytest.mark.django_db
def test_language_can_be_chosen_before_sign_in(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


@pytest.mark.django_db
def test_api_docs_are_served_without_data(client):
    assert client.get("/api/v1/docs").status_code == 200
