"""core.templatetags.choices.label_in: what the template loop over (code, label) pairs wrote, as a filter."""

from __future__ import annotations

from django.template import Context, Template
from django.utils.translation import gettext_lazy, override

LOOP = "{% for code, label in choices %}{% if code == value %}{{ label }}{% endif %}{% endfor %}"
FILTER = "{% load choices %}{{ value|label_in:choices }}"
CHOICES = [("open", gettext_lazy("Yes")), ("a&b", "<A & B>"), (3, "three")]


def test_the_filter_writes_what_the_loop_wrote():
    for language in ("en", "fr"):
        with override(language):
            for value in ("open", "a&b", 3, "3", "missing", None, ""):
                context = {"choices": CHOICES, "value": value}
                loop = Template(LOOP).render(Context(context))
                assert Template(FILTER).render(Context(context)) == loop
    with override("fr"):
        assert Template(FILTER).render(Context({"choices": CHOICES, "value": "open"})) == "Oui"
    assert Template(FILTER).render(Context({"choices": CHOICES, "value": "a&b"})) == "&lt;A &amp; B&gt;"
