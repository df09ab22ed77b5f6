"""Every visible word of a staff template goes through the translation catalogue (issue 14 item 1).

A heuristic, not a parser: the template's Django tags and variables are blanked out, as are the insides of
{% blocktranslate %} and {% comment %}; what remains between HTML tags (and in the attributes people read or
hear: title, alt, placeholder, aria-label) must hold no word. Class names written between block tags and the
product's name are allowed; so is 500.html, which is served without the template engine's context and says the
same sentence in each shipped language on purpose. The survivor portal's templates have their own catalogues
and are checked by test_portal_catalogues.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parent.parent
OWN_CATALOGUE = ("reclaim/portal/", "reclaim/connect/")
ALLOWED_FILES = {"templates/500.html"}
ALLOWED_TEXT = {"Reclaim", "– Reclaim"}
BLANK = "\ufffc"
_SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}
_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.DOTALL)
_READ_ATTRIBUTES = re.compile(r'\s(title|alt|placeholder|aria-label|aria-roledescription|aria-valuetext)="([^"]*)"')
_ENTITY = re.compile(r"&[a-zA-Z]+;|&#x?[0-9a-fA-F]+;")
_WORD = re.compile(r"[^\W\d_]{2,}")
_CLASS_NAMES = re.compile(r"[a-z0-9]+[-_][a-z0-9_-]+(?:\s+[a-z0-9]+[-_][a-z0-9_-]+)*")  # site-main--narrow


def staff_templates() -> list[Path]:
    found = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("reclaim/*/templates/**/*.html")]
    return sorted(p for p in found if not str(p.relative_to(ROOT)).startswith(OWN_CATALOGUE))


def blanked(source: str) -> str:
    """The template with tags, variables, comments and translated blocks replaced by BLANK (line numbers kept)."""
    parts: list[str] = []
    until: str | None = None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.TEXT and until is None:
            parts.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.strip() else ""
            if until is None and name in _SKIPPED_BLOCKS:
                until = _SKIPPED_BLOCKS[name]
            elif name == until:
                until = None
        parts.append(BLANK + "\n" * token.contents.count("\n"))
    return "".join(parts)


def _shown(text: str) -> str:
    return " ".join(_ENTITY.sub(" ", text).replace(BLANK, " ").split())


def untranslated(source: str) -> list[tuple[int, str]]:
    """(line, text) of every run of visible words outside the translation tags."""
    flat = blanked(source)
    found: list[tuple[int, str]] = []

    def keep(position: int, text: str) -> None:
        text = _shown(text)
        if _WORD.search(text) and text not in ALLOWED_TEXT and not _CLASS_NAMES.fullmatch(text):
            found.append((flat.count("\n", 0, position) + 1, text))

    for attribute in _READ_ATTRIBUTES.finditer(flat):
        keep(attribute.start(2), attribute.group(2))
    position = 0
    for markup in [*_MARKUP.finditer(flat), None]:
        stop = markup.start() if markup else len(flat)
        chunk = flat[position:stop]
        keep(position + len(chunk) - len(chunk.lstrip()), chunk)
        if markup:
            position = markup.end()
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('<p>{% translate "Cases" %}</p>', []),
        ("<p>{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}</p>", []),
        ("{% comment %}Just a note{% endcomment %}<p>{{ case.number }}</p>", []),
        ('{% block main_class %}site-main--narrow{% endblock %}<p class="lead">—</p>', []),
        ("<h1>Cases</h1>", [(1, "Cases")]),
        ('<p>\n  {% translate "Open" %} cases\n</p>', [(2, "cases")]),
        ('<nav aria-label="Main">{% translate "x" %}</nav>', [(1, "Main")]),
        ("<input placeholder=\"{% translate 'Search' %}\">", []),
    ],
)
def test_the_heuristic(source, expected):
    # given a small template / when it is scanned / then only the untranslated words are reported
    assert untranslated(source) == expected


def test_every_staff_template_translates_its_text():
    # given every staff template
    templates = staff_templates()
    assert len(templates) > 100  # the glob found them
    # when each is scanned for visible words outside the translation tags
    problems = [
        f"{path.relative_to(ROOT)}:{line}: {text[:80]}"
        for path in templates
        if str(path.relative_to(ROOT)) not in ALLOWED_FILES
        for line, text in untranslated(path.read_text(encoding="utf-8"))
    ]
    # then there are none
    assert problems == [], "wrap these in {% translate %} or {% blocktranslate %}:\n" + "\n".join(problems)
