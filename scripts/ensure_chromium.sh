#!/usr/bin/env bash
# Make sure Debian's chromium is at /usr/bin/chromium for the Playwright browser tests
# (ARCHITECTURE.md section 7). Installs it with apt-get when running as root; never calls
# `playwright install`, which downloads its own browser and fails on our machines.
# Missing chromium is an error when CI is set, a warning otherwise.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

show_version() {
    "$CHROMIUM" --version 2>/dev/null || echo "chromium found at $CHROMIUM"
}

if [[ -x "$CHROMIUM" ]]; then
    show_version
    exit 0
fi

if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "chromium is missing: installing Debian's chromium package with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -q && apt-get install -y -q chromium fonts-liberation; } </dev/null; then
        echo "apt-get could not install chromium" >&2
    fi
fi

if [[ -x "$CHROMIUM" ]]; then
    show_version
    exit 0
fi

if [[ -n "${CI:-}" ]]; then
    {
        echo "######################################################################"
        echo "ERROR: $CHROMIUM is missing and could not be installed."
        echo "The browser tests need Debian's chromium: apt-get install -y chromium"
        echo "(as root). Do not use 'playwright install'."
        echo "######################################################################"
    } >&2
    exit 1
fi

echo "WARNING: $CHROMIUM is missing, so the browser tests will fail." >&2
echo "         Install it as root with: apt-get install -y chromium   (not 'playwright install')" >&2
exit 0
