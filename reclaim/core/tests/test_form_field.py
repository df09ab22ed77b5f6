"""`{% form_field %}` writes what base.html's `field` partial wrote in the template language (kept below as it was),
for fields of every kind the partial tells apart (a fieldset, a checkbox, anything else), required and optional,
with and without a hint, bound and unbound, valid and with errors, and text that needs escaping; and for the
fields of forms the case overview shows."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.template import engines
from django.utils import translation

from reclaim.cases.forms import ApprovalRequestForm, DeterminationForm, TransitionForm

ENGINE = engines["django"]
# base.html's `field` partial before {% form_field %}, verbatim
TEMPLATE_PARTIAL = ENGINE.from_string(
    """{% load i18n %}
  <div class="field{% if field.errors %} field--invalid{% endif %}">
    {% if field.use_fieldset %}
      <fieldset{% if field.aria_describedby %} aria-describedby="{{ field.aria_describedby }}"{% endif %}>
        <legend>{{ field.label }}{% if not field.field.required %} <span class="optional">{% translate "(optional)" %}</span>{% endif %}</legend>
        {% if field.help_text %}<div class="hint" id="{{ field.auto_id }}_helptext">{{ field.help_text|safe }}</div>{% endif %}
        {{ field.errors }}
        {{ field }}
      </fieldset>
    {% elif field.widget_type == "checkbox" %}
      {{ field.errors }}
      <div class="checkbox">
        {{ field }}
        <label for="{{ field.id_for_label }}">{{ field.label }}</label>
      </div>
      {% if field.help_text %}<div class="hint" id="{{ field.auto_id }}_helptext">{{ field.help_text|safe }}</div>{% endif %}
    {% else %}
      <label for="{{ field.id_for_label }}">{{ field.label }}{% if not field.field.required %} <span class="optional">{% translate "(optional)" %}</span>{% endif %}</label>
      {% if field.help_text %}<div class="hint" id="{{ field.auto_id }}_helptext">{{ field.help_text|safe }}</div>{% endif %}
      {{ field.errors }}
      {{ field }}
    {% endif %}
  </div>
"""
)
PARTIAL = ENGINE.from_string('{% include "base.html#field" %}')


class EveryKind(forms.Form):
    name = forms.CharField(label="Name <as used>", max_length=20, help_text="What they <b>ask</b> to be called.")
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea)
    when = forms.DateField(label="When", required=False, help_text="A day & a month")
    count = forms.IntegerField(label="How many", min_value=1)
    kind = forms.ChoiceField(label="Kind", choices=[("", "Choose"), ("a", "A & B"), ("c", "C")])
    level = forms.ChoiceField(
        label="Who may read", choices=[("g", "General"), ("r", "Restricted")], widget=forms.RadioSelect
    )
    kinds = forms.MultipleChoiceField(
        label="Kinds", required=False, choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="I agree", help_text="Only if they said so.")
    maybe = forms.BooleanField(label="Maybe", required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


FORMS = [
    EveryKind(),
    EveryKind(data={}),
    EveryKind(data={"name": "x" * 30, "count": "0", "kind": "z", "level": "g", "agree": "on", "when": "no"}),
    EveryKind(data={"name": "Ana", "count": "2", "kind": "a", "level": "r", "agree": "on", "kinds": ["x"]}),
    EveryKind(initial={"name": "<script>", "when": datetime.date(2026, 3, 9)}),
    TransitionForm(initial={"version": 3}),
    TransitionForm(data={"to": "nowhere"}),
    ApprovalRequestForm(),
    ApprovalRequestForm(data={"kind": "close"}),
    DeterminationForm(initial={"decided_on": datetime.date(2026, 3, 9)}),
    DeterminationForm(data={"decided_on": "yesterday"}),
]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("form", FORMS, ids=[f"{type(f).__name__}-{i}" for i, f in enumerate(FORMS)])
def test_the_tag_writes_what_the_partial_wrote(form, language):
    with translation.override(language):
        for field in form:
            assert PARTIAL.render({"field": field}) == TEMPLATE_PARTIAL.render({"field": field}), field.name


TEMPLATE_FORM_FIELDS = ENGINE.from_string(
    """
  {% include "base.html#form_errors" %}
  {% for hidden in form.hidden_fields %}{{ hidden }}{% endfor %}
  {% for field in form.visible_fields %}{% include "base.html#field" %}{% endfor %}
"""
)
FORM_FIELDS = ENGINE.from_string('{% include "base.html#form_fields" %}')


@pytest.mark.parametrize("form", FORMS, ids=[f"{type(f).__name__}-{i}" for i, f in enumerate(FORMS)])
def test_the_form_fields_partial_writes_what_it_wrote(form):
    assert FORM_FIELDS.render({"form": form}) == TEMPLATE_FORM_FIELDS.render({"form": form})
