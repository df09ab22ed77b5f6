"""The case list's "Assigned worker" filter lists the agency's case staff with one plain SELECT: Django's own
choice iterator opens a server-side cursor on PostgreSQL (a DECLARE, FETCHes and a CLOSE) for a few dozen rows."""

from __future__ import annotations

from django.db import connection
from django.forms import ModelChoiceField
from django.test.utils import CaptureQueriesContext

from reclaim.cases.forms import CaseFilterForm
from reclaim.cases.selectors import assignable_staff


def test_the_worker_choices_are_the_assignable_staff_read_in_one_plain_select(personas):
    user = personas["case_manager"]
    field = CaseFilterForm(user=user).fields["worker"]
    assert isinstance(field, ModelChoiceField)
    with CaptureQueriesContext(connection) as queries:
        choices = [(str(value), label) for value, label in field.iterator(field)]  # what field.choices renders
    assert choices == [("", "Anyone")] + [(str(u.pk), str(u)) for u in assignable_staff(user)]
    assert len(choices) > 1
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) == 1
    assert statements[0].startswith("SELECT")  # not DECLARE ... CURSOR (PostgreSQL)


def test_a_chosen_worker_still_validates_against_the_list(personas):
    user = personas["case_manager"]
    worker = assignable_staff(user).first()
    form = CaseFilterForm({"worker": str(worker.pk)}, user=user)
    assert form.is_valid(), form.errors
    assert form.filters().worker == worker.pk
    assert not CaseFilterForm({"worker": str(personas["other_agency_user"].pk)}, user=user).is_valid()
