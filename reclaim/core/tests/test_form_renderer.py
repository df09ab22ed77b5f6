"""core.form_renderer: the widgets it writes in Python come out byte for byte as Django's templates write them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from reclaim.core.form_renderer import _WRITERS, PlainWidgetRenderer

TEMPLATES = DjangoTemplates()


class Everything(forms.Form):
    """Fields whose widgets take the fast path, with the values and attributes that make escaping matter."""

    text = forms.CharField(
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-x": '"<&>', "data-safe": mark_safe("a&amp;b")}),
    )
    optional = forms.CharField(required=False, help_text="hint")
    number = forms.IntegerField(min_value=1, max_value=600)
    amount = forms.DecimalField(min_value=Decimal(0), max_digits=10, decimal_places=2, localize=True)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    email = forms.EmailField()
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    tick = forms.BooleanField(required=False)
    flag = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"disabled": False, "hidden": True}))
    kind = forms.ChoiceField(choices=[("", "—"), ("a", "A & B"), ("b", gettext_lazy("Yes")), (3, 2025)])
    grouped = forms.ChoiceField(
        choices=[("", "None"), ("Group <1>", [("x", "X"), ("y", mark_safe("<b>Y</b>"))]), ("z", "Z")]
    )
    many = forms.MultipleChoiceField(choices=[("1", "one"), ("2", "two")])
    yes_no = forms.NullBooleanField(required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    radio = forms.ChoiceField(choices=[("r", "R")], widget=forms.RadioSelect)  # not fast: the template renders it


VALUES = {
    "text": 'O\'Brien "<script>"',
    "optional": "",
    "number": "42",
    "amount": "1234.5",
    "day": "2026-11-30",
    "email": "a@example.org",
    "hidden": "7",
    "tick": "on",
    "flag": "",
    "kind": "a",
    "grouped": "y",
    "many": ["1", "2"],
    "yes_no": "true",
    "notes": "line one\n<line two> & 'three'",
    "radio": "r",
}


def rendered(form_class, renderer, **kwargs):
    form = form_class(renderer=renderer, **kwargs)
    return [(str(form[name]), str(form[name].errors)) for name in form.fields] + [str(form.non_field_errors())]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize(
    "kwargs",
    [
        {},  # unbound and empty
        {"initial": {"day": datetime.date(2026, 1, 2), "amount": Decimal("1234.50"), "number": 5, "tick": True}},
        {"data": VALUES},  # bound and valid
        {"data": {"text": "x" * 30, "number": "0", "day": "no", "kind": "nope"}},  # bound with errors
    ],
    ids=["unbound", "initial", "bound", "errors"],
)
def test_every_widget_is_written_as_the_templates_write_it(language, kwargs):
    with override(language):
        assert rendered(Everything, PlainWidgetRenderer(), **kwargs) == rendered(Everything, TEMPLATES, **kwargs)


def test_the_fast_paths_are_taken_and_others_left_to_the_templates():
    renderer = PlainWidgetRenderer()
    assert "django/forms/widgets/select.html" in renderer.writers
    assert "django/forms/widgets/radio.html" not in renderer.writers
    # an error list with errors goes to the template, which names the field
    errors = ErrorList(["Wrong <here>"], renderer=renderer, field_id="id_x")
    assert str(errors) == '<ul class="errorlist" id="id_x_error"><li>Wrong &lt;here&gt;</li></ul>'


def test_an_unexpected_context_goes_to_the_template():
    renderer = PlainWidgetRenderer()
    context = {"widget": {"name": "n", "type": "text", "value": None, "attrs": {}}, "extra": 1}
    assert renderer.render("django/forms/widgets/input.html", context) == '<input type="text" name="n">'


def test_a_template_this_django_lacks_is_left_out(monkeypatch):
    # given a fast path for a template name that Django does not ship
    monkeypatch.setitem(_WRITERS, "django/forms/widgets/no_such_widget.html", lambda context: "")
    # then the renderer starts without it, and keeps the others
    writers = PlainWidgetRenderer().writers
    assert "django/forms/widgets/no_such_widget.html" not in writers
    assert "django/forms/widgets/select.html" in writers
