"""Family members, dependants and contacts: the safety rules, optimistic locking, archiving and audit."""

from __future__ import annotations

from datetime import date

import pytest

from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.models import AuditEvent
from reclaim.people.actions import (
    do_add_relation,
    do_archive_relation,
    do_update_relation,
    do_update_survivor_contact_safety,
)
from reclaim.people.models import Relation
from reclaim.people.selectors import relations_for_survivor


def test_add_relation_stores_values_and_writes_an_audit_row(personas, survivor_a):
    # given a case manager
    actor = personas["case_manager"]
    # when they add the survivor's daughter
    relation = do_add_relation(
        actor=actor,
        survivor=survivor_a,
        values={
            "kind": "dependant",
            "relationship": "child",
            "name": "Lucia",
            "date_of_birth": date(2016, 5, 1),
            "lives_with_survivor": "no",
            "child_location": "home_country",
            "safe_to_contact": "ask_first",
        },
    )
    # then it reads back, and the audit row carries ids and codes only
    relation.refresh_from_db()
    assert (relation.name, relation.date_of_birth, relation.child_location) == (
        "Lucia",
        date(2016, 5, 1),
        "home_country",
    )
    audit = AuditEvent.objects.get(action="relation.added")
    assert audit.object_id == str(relation.pk)
    assert audit.detail == {"survivor_id": str(survivor_a.pk), "kind": "dependant"}
    assert "Lucia" not in str(audit.detail)


def test_not_safe_without_a_reason_is_refused_and_nothing_is_saved(personas, survivor_a):
    # when "not safe to contact" is chosen without saying why
    with pytest.raises(DomainError) as exc:
        do_add_relation(
            actor=personas["case_manager"], survivor=survivor_a, values={"kind": "other", "safe_to_contact": "no"}
        )
    # then the error names the reason field, and nothing is stored or audited
    assert exc.value.code == "people.unsafe_reason_required"
    assert set(exc.value.fields) == {"unsafe_reason"}
    assert not Relation.objects.exists()
    assert not AuditEvent.objects.filter(action="relation.added").exists()


@pytest.mark.parametrize("safe", ["yes", "ask_first"])
def test_someone_connected_to_the_trafficking_is_never_safe_to_contact(personas, survivor_a, safe):
    with pytest.raises(DomainError) as exc:
        do_add_relation(
            actor=personas["case_manager"],
            survivor=survivor_a,
            values={"kind": "family_member", "connected_to_trafficking": True, "safe_to_contact": safe},
        )
    assert exc.value.code == "people.connected_never_safe"
    assert "safe_to_contact" in exc.value.fields
    assert not Relation.objects.exists()


def test_flagging_a_safe_contact_as_connected_is_refused_until_marked_unsafe(personas, survivor_a):
    # given a contact marked safe
    actor = personas["case_manager"]
    relation = do_add_relation(actor=actor, survivor=survivor_a, values={"kind": "other", "safe_to_contact": "yes"})
    # when only the "connected" flag is set
    with pytest.raises(DomainError):
        do_update_relation(
            actor=actor, relation=relation, expected_version=1, changes={"connected_to_trafficking": True}
        )
    relation.refresh_from_db()
    assert (relation.connected_to_trafficking, relation.version) == (False, 1)
    # then marking them not safe with a reason goes through, and they show as "do not contact"
    relation = do_update_relation(
        actor=actor,
        relation=relation,
        expected_version=1,
        changes={"connected_to_trafficking": True, "safe_to_contact": "no", "unsafe_reason": "Recruited her"},
    )
    assert relation.do_not_contact
    assert relation.version == 2
    assert list(relations_for_survivor(survivor_a)) == [relation]


def test_a_stale_update_raises_edit_conflict_with_their_values(personas, survivor_a):
    # given two workers who loaded version 1
    relation = do_add_relation(actor=personas["case_manager"], survivor=survivor_a, values={"name": "Rosa"})
    do_update_relation(
        actor=personas["supervisor"], relation=relation, expected_version=1, changes={"phone": "+1 555 0101"}
    )
    # when the second saves on version 1
    with pytest.raises(EditConflict) as exc:
        do_update_relation(actor=personas["case_manager"], relation=relation, expected_version=1, changes={"name": "R"})
    # then their values come back and nothing of the stale save is stored
    assert exc.value.current_version == 2
    assert exc.value.current["phone"] == "+1 555 0101"
    relation.refresh_from_db()
    assert relation.name == "Rosa"


def test_archive_keeps_the_row_hides_it_and_is_idempotent(personas, survivor_a):
    actor = personas["case_manager"]
    relation = do_add_relation(actor=actor, survivor=survivor_a, values={"name": "Old contact"})
    do_archive_relation(actor=actor, relation=relation, expected_version=1)
    do_archive_relation(actor=actor, relation=relation)
    relation.refresh_from_db()
    assert relation.archived_at is not None
    assert list(relations_for_survivor(survivor_a)) == []
    assert list(relations_for_survivor(survivor_a, include_archived=True)) == [relation]
    assert AuditEvent.objects.filter(action="relation.archived").count() == 1
    with pytest.raises(DomainError):
        do_update_relation(actor=actor, relation=relation, expected_version=2, changes={"name": "x"})


def test_archive_on_a_stale_version_is_refused(personas, survivor_a):
    actor = personas["case_manager"]
    relation = do_add_relation(actor=actor, survivor=survivor_a, values={"name": "A"})
    do_update_relation(actor=actor, relation=relation, expected_version=1, changes={"name": "B"})
    with pytest.raises(EditConflict):
        do_archive_relation(actor=actor, relation=relation, expected_version=1)
    relation.refresh_from_db()
    assert relation.archived_at is None


def test_survivor_contact_safety_is_versioned_and_audited(personas, survivor_a):
    actor = personas["case_manager"]
    survivor = do_update_survivor_contact_safety(
        actor=actor,
        survivor=survivor_a,
        expected_version=survivor_a.version,
        safe_to_contact="yes",
        safe_channel="text",
        safe_times="Weekdays after 14:00",
    )
    survivor.refresh_from_db()
    assert (survivor.safe_to_contact, survivor.safe_channel, survivor.safe_times) == (
        "yes",
        "text",
        "Weekdays after 14:00",
    )
    assert AuditEvent.objects.filter(action="survivor.contact_safety_updated", object_id=str(survivor.pk)).exists()
    with pytest.raises(EditConflict) as exc:
        do_update_survivor_contact_safety(actor=actor, survivor=survivor, expected_version=1, safe_to_contact="no")
    assert exc.value.current["safe_times"] == "Weekdays after 14:00"


def test_invalid_choice_is_a_field_error(personas, survivor_a):
    with pytest.raises(DomainError) as exc:
        do_add_relation(actor=personas["case_manager"], survivor=survivor_a, values={"kind": "enemy"})
    assert "kind" in exc.value.fields
    assert not Relation.objects.exists()
