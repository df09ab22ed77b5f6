"""The survivor's words, progress notes, step titles, planned-service notes and review snapshots are stored
encrypted: a dump of every table holds none of them in clear."""

from __future__ import annotations

import pytest
from django.db import connection

from reclaim.plans.actions import (
    GoalData,
    TaskData,
    do_add_planned_service,
    do_add_progress_note,
    do_add_task,
    do_create_plan,
    do_record_review,
)
from reclaim.plans.models import PlanVersion

pytestmark = pytest.mark.django_db


def _dump_all_tables() -> str:
    """The equivalent of a database dump: every value of every table, as text."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — names from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


NEEDLES = [
    "Zapotec bakery job",  # survivor's words
    "Ayokunle",  # staff wording naming a person
    "Ixchel moved out",  # progress note
    "Call Mr Thorvaldsen",  # step title
    "only Tuesdays near Oakfield",  # planned-service note
    "agreed with Quilla",  # review note
]


def test_plan_texts_are_not_stored_in_clear(personas, case):
    cm = personas["case_manager"]
    plan = do_create_plan(
        actor=cm,
        case=case,
        goals=[GoalData(staff_wording="Work with Ayokunle on a CV", survivor_words="Get the Zapotec bakery job")],
    )
    goal = plan.goals.get()
    do_add_progress_note(actor=cm, goal=goal, text="Ixchel moved out of the shelter")
    do_add_task(actor=cm, case=case, goal=goal, data=TaskData(title="Call Mr Thorvaldsen"))
    do_add_planned_service(actor=cm, goal=goal, service_category="job_placement", note="only Tuesdays near Oakfield")
    plan.refresh_from_db()
    version = do_record_review(actor=cm, plan=plan, expected_version=plan.version, note="agreed with Quilla")
    # when the whole database is read raw
    dump = _dump_all_tables()
    # then none of the texts appears, though the models read them back
    assert [needle for needle in NEEDLES if needle in dump] == []
    snapshot = PlanVersion.objects.get(pk=version.pk).snapshot
    assert snapshot["goals"][0]["survivor_words"] == "Get the Zapotec bakery job"
    assert snapshot["goals"][0]["tasks"][0]["title"] == "Call Mr Thorvaldsen"
