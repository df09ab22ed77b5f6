"""`{% time_element %}` writes what the two `date` filters wrote, for days, moments (aware and naive), nothing,
and a value that is not a date, in each language and in a time zone other than UTC."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.template import engines
from django.utils import timezone, translation

ENGINE = engines["django"]
VALUES = [
    datetime.date(2026, 3, 9),
    datetime.datetime(2026, 3, 9, 23, 30, tzinfo=datetime.UTC),  # the next day in Manila
    datetime.datetime(2026, 11, 1, 1, 5, 7, 123456, tzinfo=zoneinfo.ZoneInfo("America/New_York")),
    datetime.datetime(2026, 3, 9, 8, 15),  # noqa: DTZ001 — naive: left as it is
    None,
    "",
    "not a date",
]
SHAPES = [
    ("c", "SHORT_DATETIME_FORMAT"),
    ("c", "DATETIME_FORMAT"),
    ("c", "SHORT_DATE_FORMAT"),
    ("c", "DATE_FORMAT"),
    ("Y-m-d", "DATE_FORMAT"),
    ("Y-m-d", "SHORT_DATE_FORMAT"),
    ("Y-m", "YEAR_MONTH_FORMAT"),
]


@pytest.mark.parametrize("language", ["en", "es", "fr", "ar"])
@pytest.mark.parametrize("zone", ["UTC", "Asia/Manila"])
@pytest.mark.parametrize(("machine", "display"), SHAPES)
def test_the_tag_writes_what_the_filters_wrote(language, zone, machine, display):
    filters = ENGINE.from_string(
        f"""<time datetime="{{{{ value|date:'{machine}' }}}}">{{{{ value|date:"{display}" }}}}</time>"""
    )
    tag = ENGINE.from_string(f'{{% load time_element %}}{{% time_element value "{display}" "{machine}" %}}')
    with translation.override(language), timezone.override(zone):
        for value in VALUES:
            assert _outcome(tag, value) == _outcome(filters, value), value


def _outcome(template, value):
    """The text, or the error's type: a date given a format with the time of day fails both ways alike."""
    try:
        return template.render({"value": value})
    except TypeError as error:
        return type(error)


def test_the_text_is_escaped():
    tag = ENGINE.from_string('{% load time_element %}{% time_element value text "Y-m-d" %}')
    written = tag.render({"value": datetime.date(2026, 3, 9), "text": '"<Y>'})
    assert written == '<time datetime="2026-03-09">&quot;&lt;2026&gt;</time>'
