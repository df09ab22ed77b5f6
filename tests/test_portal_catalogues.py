"""The survivor portal is complete in Spanish, French and Arabic (issue 9 item 7).

The catalogues under reclaim/portal/locale and reclaim/connect/locale must hold every string of their code
(checked by extracting them again into a scratch copy), translate every one (no empty or fuzzy entry), and be
compiled (the .mo matches its .po). `make messages` refreshes them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "connect")
LANGUAGES = ("es", "fr", "ar")
_ENTRY = re.compile(
    r'(?ms)^(#,[^\n]*\n)?(?:#[^\n]*\n)*msgid ((?:"[^\n]*"\n)+)(?:msgid_plural (?:"[^\n]*"\n)+)?((?:msgstr(?:\[\d\])? (?:"[^\n]*"\n)+)+)'
)


def _unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def entries(po: Path) -> dict[str, tuple[bool, list[str]]]:
    """msgid -> (fuzzy, translations) for every entry but the header."""
    found = {}
    for flags, msgid, msgstrs in _ENTRY.findall(po.read_text(encoding="utf-8") + "\n"):
        key = _unquote(msgid)
        if key:
            found[key] = ("fuzzy" in flags, [_unquote(part) for part in re.split(r"(?m)^msgstr", msgstrs) if part])
    return found


def _gettext_tools() -> None:
    if shutil.which("xgettext") is None or shutil.which("msgfmt") is None:
        pytest.fail(
            "GNU gettext (xgettext, msgfmt) is needed to check the portal's catalogues: apt-get install gettext"
        )


@pytest.mark.parametrize("app", APPS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(app, language):
    po = ROOT / "reclaim" / app / "locale" / language / "LC_MESSAGES" / "django.po"
    assert po.exists(), f"{po} is missing: run `make messages`"
    missing = [msgid for msgid, (fuzzy, strs) in entries(po).items() if fuzzy or not all(strs)]
    assert missing == [], f"{len(missing)} untranslated or fuzzy in {po.relative_to(ROOT)}: {missing[:5]}"


@pytest.mark.parametrize("app", APPS)
def test_the_catalogues_hold_every_string_of_the_code(app, tmp_path):
    _gettext_tools()
    scratch = tmp_path / app
    shutil.copytree(ROOT / "reclaim" / app, scratch, ignore=shutil.ignore_patterns("locale", "tests", "__pycache__"))
    (scratch / "locale").mkdir()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "--no-location", "-l", "es"],
        cwd=scratch,
        check=True,
        capture_output=True,
    )
    fresh = set(entries(scratch / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    for language in LANGUAGES:
        committed = set(entries(ROOT / "reclaim" / app / "locale" / language / "LC_MESSAGES" / "django.po"))
        assert fresh - committed == set(), f"new strings not in the {language} catalogue: run `make messages`"


@pytest.mark.parametrize("app", APPS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches(app, language, tmp_path):
    _gettext_tools()
    folder = ROOT / "reclaim" / app / "locale" / language / "LC_MESSAGES"
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
    assert (tmp_path / "django.mo").read_bytes() == (folder / "django.mo").read_bytes(), "run `make messages`"
