"""`{% form_field field %}`: the body of base.html's `field` partial (label, "(optional)", hint, errors, widget), written
in Python (issue 12); `{% visible_form_fields form %}`: each visible field of a form so (the `form_fields` partial).

The partial is included once per field of every form (270 places). In the template engine its conditions and
variables cost about 0.3 ms a field besides the widget itself: 3.6 of the case overview's 7 ms of form fields.
Here the same values go through the same escaping and are joined with the template's own whitespace, so the page
is the same text; reclaim/core/tests/test_form_field.py renders both ways for fields of every kind, bound and
unbound, with and without errors and hints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from reclaim.core.form_renderer import template_text

if TYPE_CHECKING:
    from django.forms import BaseForm, BoundField
    from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def form_field(field: BoundField) -> SafeString:
    invalid = " field--invalid" if field.errors else ""
    optional = "" if field.field.required else f' <span class="optional">{template_text(gettext("(optional)"))}</span>'
    hint = (
        f'<div class="hint" id="{template_text(field.auto_id)}_helptext">{field.help_text}</div>'
        if field.help_text
        else ""
    )
    label, errors, widget = template_text(field.label), template_text(field.errors), template_text(field)
    if field.use_fieldset:
        described = f' aria-describedby="{template_text(field.aria_describedby)}"' if field.aria_describedby else ""
        body = (
            f"\n      <fieldset{described}>\n        <legend>{label}{optional}</legend>\n        {hint}"
            f"\n        {errors}\n        {widget}\n      </fieldset>\n    "
        )
    elif field.widget_type == "checkbox":
        body = (
            f'\n      {errors}\n      <div class="checkbox">\n        {widget}\n        '
            f'<label for="{template_text(field.id_for_label)}">{label}</label>\n      </div>\n      {hint}\n    '
        )
    else:
        body = (
            f'\n      <label for="{template_text(field.id_for_label)}">{label}{optional}</label>\n      {hint}'
            f"\n      {errors}\n      {widget}\n    "
        )
    return mark_safe(f'\n  <div class="field{invalid}">\n    {body}\n  </div>\n')  # noqa: S308 — every value escaped above  # nosec B308 B703


@register.simple_tag
def visible_form_fields(form: BaseForm) -> SafeString:
    """Every visible field of the form, each as `{% form_field %}` writes it: what the `form_fields` partial's loop
    of `{% include "base.html#field" %}` wrote, without an include per field."""
    return mark_safe("".join(form_field(field) for field in form.visible_fields()))  # noqa: S308 — each escaped  # nosec B308 B703
