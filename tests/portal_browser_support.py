"""Shared pieces of the browser tests: the Chromium launcher, a phone-sized page, axe-core, portal sign-in.

Import the fixture into a test module with `from tests.portal_browser_support import phone_page`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
PASSPHRASE = "a-long-portal-passphrase-7"
# A mid-range phone (Pixel 5-like) on a slow 3G profile (Chrome DevTools' "Slow 3G": 400 ms, 400/400 kbit/s).
PHONE = {"viewport": {"width": 393, "height": 851}, "device_scale_factor": 2.75, "is_mobile": True, "has_touch": True}
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1024 / 8, "uploadThroughput": 400 * 1024 / 8}


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium driven by Playwright, for every browser test; skipped (with the reason) where it is
    not installed, and a failure in CI, where scripts/ensure_chromium.sh must have installed it."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing in CI: scripts/ensure_chromium.sh should have installed it")
        pytest.skip(
            "chromium is not installed here; run `make test` as root to install it (CI fails instead of skipping)"
        )
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def phone_page():
    with chromium() as browser:
        context = browser.new_context(**PHONE)
        yield context.new_page()
        context.close()


def serious_axe_issues(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now (empty when there are none)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']]}"
        for violation in results.response["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]


def sign_in(page: Any, base_url: str, username: str, passphrase: str = PASSPHRASE) -> None:
    page.goto(f"{base_url}/portal/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_passphrase", passphrase)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base_url}/portal/me/")
