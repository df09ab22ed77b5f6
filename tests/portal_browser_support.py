"""Shared pieces of the browser tests: the Chromium launcher, a phone-sized page, axe-core, portal sign-in, staff
pages signed in without the sign-in form, the screenshot set.

Import the fixtures into a test module with `from tests.portal_browser_support import phone_page` (or
`shared_browser`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
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


@pytest.fixture(scope="module")
def _module_browser() -> Iterator[Any]:
    """One chromium for a whole module, started when its first test asks for it (see `shared_browser`)."""
    with ExitStack() as stack:
        started: list[Any] = []

        def get() -> Any:
            if not started:
                started.append(stack.enter_context(chromium()))
            return started[0]

        yield get


@pytest.fixture
def shared_browser(_module_browser: Any) -> Any:
    """The module's one chromium. It starts inside the first test, after that test's database set-up: a browser
    already running (its Playwright event loop) when `django_db_serialized_rollback` writes the migrations' rows
    back leaves those tables empty. Each test opens its own contexts and closes them."""
    return _module_browser()


def staff_context(browser: Any, base_url: str, user: Any, **options: Any) -> Any:
    """A browser context signed in as this staff user with MFA done (conftest's `login_client`), so a test
    reaches the pages it checks without the sign-in form; the sign-in itself has its own journeys."""
    from django.conf import settings

    from conftest import login_client

    session = login_client(user).cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(viewport=SIZES["desktop"], **options)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
    return context


# The screenshot set: desktop and phone, full page, one PNG per page and size.
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def screenshot_dir() -> Path:
    """RECLAIM_SCREENSHOT_DIR, or artifacts/screenshots at the repository root (gitignored); CI keeps it."""
    configured = os.environ.get("RECLAIM_SCREENSHOT_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"


def save_screenshots(page: Any, language: str, name: str) -> None:
    """<dir>/<language>/<name>-desktop.png and -phone.png of the page as it is now; the viewport is put back."""
    folder = screenshot_dir() / language
    folder.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=folder / f"{name}-{size}.png", full_page=True, animations="disabled")
    page.set_viewport_size(before)


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
