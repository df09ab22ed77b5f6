from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from reclaim.accounts.models import Agency, AgencyKey, Invitation


@pytest.mark.django_db
def test_create_agency_bootstraps_a_tenant_with_an_admin_invitation(capsys):
    call_command(
        "create_agency",
        "--name",
        "River Shelter",
        "--slug",
        "river",
        "--admin-email",
        "lead@river.example",
        "--admin-name",
        "Rae Lead",
    )
    out = capsys.readouterr().out
    agency = Agency.objects.get(slug="river")
    assert AgencyKey.objects.filter(agency=agency, is_active=True).exists()
    invitation = Invitation.objects.get(agency=agency)
    assert invitation.role == "agency_admin"
    link = out.strip().splitlines()[-1]
    assert Client().get(link.split("8000", 1)[-1]).status_code == 200


@pytest.mark.django_db
def test_create_agency_rejects_a_bad_slug_and_saves_nothing():
    with pytest.raises(CommandError, match="slug"):
        call_command(
            "create_agency", "--name", "X", "--slug", "not a slug!", "--admin-email", "a@x.example", "--admin-name", "A"
        )
    assert not Agency.objects.exists()
