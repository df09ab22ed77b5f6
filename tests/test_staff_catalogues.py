"""The staff side speaks Spanish, French and Arabic (issue 14 item 1).

The catalogues under locale/ must hold every string of the staff code (checked by extracting them again, with
the same command as `make messages`, from a scratch copy of the code), translate every one (no empty or fuzzy
entry), and be compiled (the .mo matches its .po). The survivor portal's catalogues are checked by
test_portal_catalogues.py.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_portal_catalogues import entries

ROOT = Path(__file__).resolve().parent.parent
# French is being translated on its own branch (tr-fr); until it is merged there is no locale/fr here. Strict, so
# the day it arrives complete these turn into failures and the marks must go (after `make messages`).
LANGUAGES = ("es", "fr", "ar")
# The same as scripts/messages.sh, so the scratch extraction and the committed catalogues agree.
MAKEMESSAGES = [
    "makemessages",
    "--no-location",
    "--no-obsolete",
    "-l",
    "es",
    *("--ignore", "reclaim/portal/*", "--ignore", "reclaim/connect/*", "--ignore", ".venv/*"),
    *("--ignore", "tests/*", "--ignore", "bench/*", "--ignore", "var/*", "--ignore", "*/tests/*"),
]


def catalogue(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def _gettext_tools() -> None:
    if shutil.which("xgettext") is None or shutil.which("msgfmt") is None:
        pytest.fail("GNU gettext (xgettext, msgfmt) is needed to check the staff catalogues: apt-get install gettext")


@pytest.fixture(scope="module")
def fresh_msgids(tmp_path_factory) -> set[str]:
    """Every msgid of the staff code today, extracted into a scratch copy (its own manage.py and settings, so
    LOCALE_PATHS points into the copy and the committed catalogues are never written)."""
    _gettext_tools()
    scratch = tmp_path_factory.mktemp("staff-code")
    skip = shutil.ignore_patterns("__pycache__", "*.mo", "*.po")
    for folder in ("config", "reclaim", "templates"):
        shutil.copytree(ROOT / folder, scratch / folder, ignore=skip)
    shutil.copy2(ROOT / "manage.py", scratch / "manage.py")
    (scratch / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES], cwd=scratch, check=True, capture_output=True, timeout=600
    )
    return set(entries(scratch / "locale" / "es" / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_holds_every_string_of_the_code(language, fresh_msgids):
    # given the strings the staff code marks today
    assert len(fresh_msgids) > 1000  # the extraction really ran over the code
    # when they are compared with the committed catalogue
    po = catalogue(language)
    assert po.exists(), f"{po.relative_to(ROOT)} is missing: run `make messages`"
    missing = fresh_msgids - set(entries(po))
    # then none is missing
    assert missing == set(), f"{len(missing)} new strings not in {po.relative_to(ROOT)}: run `make messages`"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    # given the committed staff catalogue
    po = catalogue(language)
    assert po.exists(), f"{po.relative_to(ROOT)} is missing: run `make messages`"
    # when its entries are read
    missing = [msgid for msgid, (fuzzy, strs) in entries(po).items() if fuzzy or not all(strs)]
    # then every one has a translation that is not fuzzy
    assert missing == [], f"{len(missing)} untranslated or fuzzy in {po.relative_to(ROOT)}: {missing[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches(language, tmp_path):
    # given the committed .po and .mo
    _gettext_tools()
    folder = catalogue(language).parent
    # when the .po is compiled again (checking its placeholders against the msgids)
    subprocess.run(
        [
            shutil.which("msgfmt") or "msgfmt",
            "--check-format",
            "-o",
            str(tmp_path / "django.mo"),
            str(folder / "django.po"),
        ],
        check=True,
    )
    # then the committed .mo is the same file
    assert (tmp_path / "django.mo").read_bytes() == (folder / "django.mo").read_bytes(), "run `make messages`"
