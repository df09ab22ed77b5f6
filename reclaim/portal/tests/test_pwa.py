"""The installable portal: manifest, service worker, offline page and the agency's disguise icon."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import active_portal_account, login_client, portal_client
from reclaim.cases.actions import do_open_case
from reclaim.connect.actions import SettingsInput, do_save_portal_settings
from reclaim.connect.selectors import settings_for_agency
from reclaim.core.errors import DomainError
from reclaim.portal.pwa import portal_icon

pytestmark = pytest.mark.django_db


def _settings(personas, agency, **values):
    data = SettingsInput(exit_url="https://example.org/weather", **values)
    current = settings_for_agency(agency.pk)
    return do_save_portal_settings(
        actor=personas["agency_admin"], agency=agency, data=data, expected_version=current.version if current else None
    )


def test_manifest_is_neutral_and_scoped_to_the_portal():
    response = Client().get(reverse("portal:manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    body = json.loads(response.content)
    assert body["name"] == "Resources" and body["short_name"] == "Resources"
    assert body["start_url"] == "/portal/" and body["scope"] == "/portal/"
    assert body["display"] == "standalone"
    assert body["icons"] == [
        {"src": "/static/portal/icons/leaf.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}
    ]


def test_manifest_uses_the_agencys_disguise_name_and_icon(personas, agency, survivor_a, team):
    _settings(personas, agency, disguise_name="Daily tips", disguise_icon="book")
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=team)
    account = active_portal_account(case, personas["case_manager"], "quiet-river")
    body = json.loads(portal_client(account).get(reverse("portal:manifest")).content)
    assert body["name"] == "Daily tips"
    assert body["icons"][0]["src"] == "/static/portal/icons/book.svg"
    # a visitor who opened the agency's link gets the same
    visitor = Client()
    visitor.get(reverse("portal:enter", args=[settings_for_agency(agency.pk).entry_code]))
    assert json.loads(visitor.get(reverse("portal:manifest")).content)["name"] == "Daily tips"


def test_service_worker_caches_only_static_files_and_the_offline_page():
    response = Client().get(reverse("portal:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/portal/"
    script = response.content.decode()
    precache = json.loads(re.search(r"var PRECACHE = (\[.*?\]);", script).group(1))
    offline = json.loads(re.search(r"var OFFLINE_URL = (\".*?\");", script).group(1))
    assert offline == "/portal/offline/"
    assert precache[-1] == offline
    assert all(url.startswith("/static/portal/") for url in precache[:-1])
    assert {"/static/portal/portal.css", "/static/portal/portal.js", "/static/portal/icons/leaf.svg"} <= set(precache)
    assert "/portal/me/" not in script
    # it writes to its cache only while installing, from the list above, without cookies, and only GETs
    assert script.count("cache.put(") == 1
    assert 'credentials: "omit"' in script
    assert 'if (request.method !== "GET") { return; }' in script
    assert "&quot;" not in script


def test_offline_page_has_the_default_help_lines_and_nothing_of_the_session(personas, agency, survivor_a, team):
    _settings(personas, agency, hotlines=[{"label": "Agency line", "number": "555 0111"}])
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=team)
    account = active_portal_account(case, personas["case_manager"], "quiet-river")
    page = portal_client(account).get(reverse("portal:offline")).content.decode()
    assert "National Human Trafficking Hotline" in page
    assert "Agency line" not in page
    assert "My page" not in page and "Sign out" not in page


def test_pwa_script_is_loaded_on_every_portal_page_but_registers_only_on_request():
    page = Client().get(reverse("portal:help_now")).content.decode()
    assert '<script src="/static/portal/pwa.js" defer></script>' in page
    assert '<link rel="manifest" href="/portal/manifest.webmanifest" crossorigin="use-credentials">' in page
    assert "data-install-app" not in page  # nothing offers (or registers) the worker on an ordinary page
    safe = Client().get(reverse("portal:staying_safe")).content.decode()
    assert "data-install-app hidden" in safe


def test_disguise_icon_is_saved_from_the_settings_page(personas, agency):
    client = login_client(personas["agency_admin"])
    form = {
        "disguise_name": "",
        "disguise_icon": "sun",
        "exit_url": "https://example.org/weather",
        "idle_minutes": "10",
        "message_retention_days": "365",
        "office_opens": "09:00",
        "office_closes": "17:00",
    }
    response = client.post(reverse("connect:settings"), form)
    assert response.status_code == 302
    row = settings_for_agency(agency.pk)
    assert row.disguise_icon == "sun"
    assert portal_icon(row) == "portal/icons/sun.svg"
    assert 'value="sun" selected' in client.get(reverse("connect:settings")).content.decode()
    # an icon that is not offered is refused by the form, and by the action
    response = client.post(reverse("connect:settings"), {**form, "disguise_icon": "skull", "version": row.version})
    assert response.status_code == 400
    assert settings_for_agency(agency.pk).disguise_icon == "sun"
    with pytest.raises(DomainError):
        _settings(personas, agency, disguise_icon="skull")


def test_the_default_icon_is_the_leaf():
    assert portal_icon(None) == "portal/icons/leaf.svg"
