"""core.templatetags.uuid_urls: `{% uuid_url %}` writes what `{% url %}` writes, and falls back to it."""

from __future__ import annotations

import uuid

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, set_script_prefix

ROUTES = ["cases:detail", "cases:timeline", "cases:notes", "documents:case_documents", "connect:case_portal"]


def both(viewname, value):
    context = Context({"name": viewname, "value": value})
    fast = Template("{% load uuid_urls %}{% uuid_url name value %}").render(context)
    plain = Template("{% url name value %}").render(context)
    return fast, plain


@pytest.mark.parametrize("viewname", ROUTES)
def test_the_same_links_as_the_url_tag(viewname):
    for value in (uuid.uuid4(), uuid.UUID(int=0), uuid.uuid4()):
        fast, plain = both(viewname, value)
        assert fast == plain
        assert str(value) in fast


def test_a_script_prefix_is_kept():
    value = uuid.uuid4()
    set_script_prefix("/reclaim/")
    try:
        fast, plain = both("cases:detail", value)
    finally:
        set_script_prefix("/")
    assert fast == plain == f"/reclaim/cases/{value}/"


def test_anything_else_goes_through_reverse():
    # a UUID as text (not a UUID object) is reversed as before
    value = str(uuid.uuid4())
    assert both("cases:detail", value)[0] == both("cases:detail", value)[1]
    # a route that takes no UUID fails as {% url %} does
    with pytest.raises(NoReverseMatch):
        both("cases:list", uuid.uuid4())
