"""The form renderer (settings.FORM_RENDERER): Django's own, with its most used widget templates written in Python.

Django renders every widget through its template engine: a select of 40 options is 40 includes of the option
template, each with an include of the attributes template. On the case overview (nine fields) that was about a fifth
of the page's time (issue 12). For the templates below, and only while they are Django's own files (not
overridden by an app), this renderer writes the same bytes directly: the same escaping (`{{ }}` and
`stringformat:'s'`), the same localisation of values and the same whitespace. Any other template, or a context
not shaped as Django builds it, goes to the template engine as before. reclaim/core/tests/test_form_renderer.py compares both
ways on a range of widgets and values.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import django
from django.forms.renderers import DjangoTemplates
from django.template import Context, TemplateDoesNotExist
from django.template.base import render_value_in_context
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeData

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

# What a template's `{{ value }}` uses: autoescape on, localisation and time zone as the settings say.
_TEMPLATE_CONTEXT = Context()
_DJANGO_FORMS_TEMPLATES = Path(django.__file__).resolve().parent / "forms" / "templates"

INPUT = "django/forms/widgets/input.html"
# Django's input widgets whose template is only `{% include "django/forms/widgets/input.html" %}`.
INPUT_ALIASES = tuple(
    f"django/forms/widgets/{name}.html"
    for name in (
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)
SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
TEXTAREA = "django/forms/widgets/textarea.html"
ERROR_LISTS = ("django/forms/errors/list/default.html", "django/forms/errors/list/ul.html")


class _Unexpected(Exception):
    """The context is not shaped as the fast path expects: render with the template instead."""


def template_text(value: Any) -> str:
    """`{{ value }}`: what a template writes for the value (also used by templatetags/form_field.py)."""
    return str(render_value_in_context(value, _TEMPLATE_CONTEXT))


def _stringformat(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe string safe, so it is not escaped again."""
    text = str(value) if isinstance(value, tuple) else "%s" % (value,)  # noqa: UP031 — the filter's own formatting
    return text if isinstance(value, SafeData) else str(escape(text))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html: a False attribute is left out, a True one written without a value."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(" " + template_text(name))
        if value is not True:
            parts.append('="' + _stringformat(value) + '"')
    return "".join(parts)


def _widget(context: Mapping[str, Any]) -> dict[str, Any]:
    widget = context.get("widget")
    if not isinstance(widget, dict) or len(context) != 1:
        raise _Unexpected
    return widget


def _input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_stringformat(value)}"'
    return f'<input type="{template_text(widget["type"])}" name="{template_text(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _option(option: dict[str, Any]) -> str:
    if option["template_name"] != OPTION:
        raise _Unexpected
    return f'<option value="{_stringformat(option["value"])}"{_attrs(option["attrs"])}>{template_text(option["label"])}</option>'


def _select(widget: dict[str, Any]) -> str:
    parts = [f'<select name="{template_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{template_text(group_name)}">')
        # the option template ends with a newline, which the include keeps
        parts.extend(f"\n  {_option(option)}\n" for option in group_choices)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict[str, Any]) -> str:
    value = widget["value"]
    inner = template_text(value) if value else ""
    return f'<textarea name="{template_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{inner}</textarea>'


def _error_list(context: Mapping[str, Any]) -> str:
    if context.get("errors"):  # only the empty list (every field of an unbound form) is written here
        raise _Unexpected
    return ""


def _widget_writer(write: Callable[[dict[str, Any]], str]) -> Callable[[Mapping[str, Any]], str]:
    return lambda context: write(_widget(context))


_WRITERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    INPUT: _widget_writer(_input),
    **dict.fromkeys(INPUT_ALIASES, _widget_writer(_input)),
    SELECT: _widget_writer(_select),
    OPTION: _widget_writer(_option),
    TEXTAREA: _widget_writer(_textarea),
    **dict.fromkeys(ERROR_LISTS, _error_list),
}


class PlainWidgetRenderer(DjangoTemplates):
    """Django's template renderer, with the templates of `_WRITERS` written in Python while they are Django's."""

    @cached_property
    def writers(self) -> dict[str, Callable[[Mapping[str, Any]], str]]:
        """The fast paths whose template the engine finds in Django's own directory (an app may override one)."""
        writers = {}
        for name, write in _WRITERS.items():
            try:
                origin = Path(self.get_template(name).origin.name).resolve()
            except TemplateDoesNotExist:  # a Django without this template: nothing to write in its place
                continue
            if origin.is_relative_to(_DJANGO_FORMS_TEMPLATES):
                writers[name] = write
        return writers

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = self.writers.get(template_name)
        if write is not None and request is None:
            try:
                return write(context)
            except (_Unexpected, KeyError, TypeError, ValueError):
                pass
        return super().render(template_name, context, request=request)
