"""The purge leaves no row that belonged to a purged case or person, in any table, and keeps everyone else's.

The demo seed fills every domain (notes, services, assessments, plans, appointments, referrals across agencies,
documents with stored files, portal accounts and messages, legal matters, blocking keys ...). The checks below read
the foreign keys from Django's model registry on their own, so a new table is covered without editing this file.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models
from django.utils import timezone

from reclaim.accounts.models import Agency
from reclaim.cases.models import Case
from reclaim.cases.state import CaseStatus
from reclaim.people.models import Survivor
from reclaim.retention import purge
from reclaim.retention.actions import purge_expired
from reclaim.retention.models import LegalHold
from reclaim.retention.selectors import held_cases


def _fk_path_models() -> set[type[models.Model]]:
    """Every model with a foreign-key path to Case or Survivor, found here independently of the engine."""
    found: set[type[models.Model]] = {Case, Survivor}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models(include_auto_created=True):
            if model in found:
                continue
            if any(f.is_relation and f.related_model in found for f in model._meta.concrete_fields):
                found.add(model)
                changed = True
    return found


def _dangling() -> dict[str, int]:
    """Rows whose foreign key names a row that no longer exists, for every foreign key of every model."""
    out: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model is None:
                continue
            target: Any = field.related_model
            column = field.attname
            rows = model._default_manager.exclude(**{f"{column}__isnull": True}).exclude(
                **{f"{column}__in": target._default_manager.values("pk")}
            )
            if count := rows.count():
                out[f"{model._meta.label}.{field.name}"] = count
    return out


def _referencing(ids: set[Any], target: type[models.Model]) -> dict[str, int]:
    """Rows in any table that still point straight at one of these ids of `target`."""
    out: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not (field.is_relation and field.related_model is target):
                continue
            if count := model._default_manager.filter(**{f"{field.attname}__in": ids}).count():
                out[f"{model._meta.label}.{field.name}"] = count
    return out


def _row_counts(labels: set[type[models.Model]]) -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in labels}


# Tables the demo seed fills for the cases this test purges; each must lose rows, so the fixture cannot quietly
# stop exercising them.
MUST_SHRINK = {
    "cases.Case",
    "assessments.OutcomeRating",
    "cases.HistoricEvent",
    "cases.EventCoding",
    "cases.Screening",
    "cases.ScreeningIndicator",
    "cases.StatusDetermination",
    "people.Relation",
    "plans.Task",
    "scheduling.Reminder",
    "services.GroupEnrolment",
    "cases.CaseEvent",
    "cases.CaseNote",
    "cases.CaseAssignment",
    "people.Survivor",
    "people.SurvivorMatchKey",
    "services.ServiceRecord",
    "assessments.Assessment",
    "plans.Plan",
    "plans.Goal",
    "scheduling.Appointment",
}


@pytest.mark.django_db
def test_engine_graph_covers_every_model_with_a_path_to_case_or_survivor():
    # given the models found by walking the foreign keys here
    expected = _fk_path_models()
    # when the engine builds its graph from the same roots
    graph = purge.dependents_of([Case, Survivor])
    # then it knows every one of them
    assert set(graph) == expected


@pytest.mark.django_db
def test_purge_removes_every_row_of_expired_cases_and_nothing_else():
    # given the demo network, with every case closed long ago in one agency, and one of them held
    call_command("seed_demo", "--survivors", "40", "--no-progress")
    agency = max(Agency.objects.order_by("slug"), key=lambda a: Case.objects.filter(agency=a).count())
    assert agency is not None
    long_ago = timezone.now() - datetime.timedelta(days=365 * 10)
    Case.objects.filter(agency=agency).update(status=CaseStatus.CLOSED, closed_at=long_ago, close_reason="goals_met")
    held = Case.objects.filter(agency=agency).exclude(pk__in=held_cases(agency.pk).values("pk")).first()
    assert held is not None
    LegalHold.objects.create(agency=agency, case=held, reason="Court order")
    held_ids = set(held_cases(agency.pk).values_list("pk", flat=True))
    purged_cases = set(Case.objects.filter(agency=agency).exclude(pk__in=held_ids).values_list("pk", flat=True))
    kept_survivors = set(Case.objects.filter(pk__in=held_ids).values_list("survivor_id", flat=True))
    purged_survivors = (
        set(Survivor.objects.filter(agency=agency).values_list("pk", flat=True))
        - kept_survivors
        - set(Survivor.objects.filter(agency=agency, cases__isnull=True).values_list("pk", flat=True))
    )
    others = {a.pk: Case.objects.filter(agency=a).count() for a in Agency.objects.exclude(pk=agency.pk)}
    before = _row_counts(_fk_path_models())
    assert purged_cases
    assert purged_survivors

    # when the purge runs for that agency
    result = purge_expired(agencies=[agency])

    # then no table keeps a row pointing at a purged case or person, and no foreign key dangles
    assert result.cases == len(purged_cases)
    assert _referencing(purged_cases, Case) == {}
    assert _referencing(purged_survivors, Survivor) == {}
    assert _dangling() == {}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []
    # and every table the seed filled for those cases lost rows
    after = _row_counts(_fk_path_models())
    shrunk = {label for label in before if after[label] < before[label]}
    assert shrunk >= MUST_SHRINK
    # and held cases, their people and the other agencies' cases are all still there
    assert set(Case.objects.filter(agency=agency).values_list("pk", flat=True)) == held_ids
    assert Survivor.objects.filter(pk__in=kept_survivors).count() == len(kept_survivors)
    assert {a.pk: Case.objects.filter(agency=a).count() for a in Agency.objects.exclude(pk=agency.pk)} == others


@pytest.mark.django_db
def test_purge_run_twice_changes_nothing_the_second_time():
    # given a purged demo agency
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    agency = Agency.objects.order_by("slug").first()
    assert agency is not None
    long_ago = timezone.now() - datetime.timedelta(days=365 * 10)
    Case.objects.filter(agency=agency).update(status=CaseStatus.CLOSED, closed_at=long_ago, close_reason="goals_met")
    first = purge_expired(agencies=[agency])
    from reclaim.core.models import AuditEvent

    audit_rows = AuditEvent.objects.count()
    # when it runs again
    second = purge_expired(agencies=[agency])
    # then nothing more is removed and no audit row is added
    assert first.cases > 0
    assert (second.cases, second.survivors, second.documents, sum(second.rows.values())) == (0, 0, 0, 0)
    assert AuditEvent.objects.count() == audit_rows


# The permission matrix's fixture builds one case with a row in nearly every table (consent, referral to agency B,
# assessment, document, approval, flag, history, portal access ...); its helpers add the rest.
from tests.test_permission_matrix import (  # noqa: E402 — the matrix's fixtures, reused here
    _acknowledged_notice,
    _le_contact,
    _legal,
    _legal_grant,
    _plan,
    _portal_share,
    _service,
    _stories_objects,
    _urgent_check_in,
    objects,  # noqa: F401 — a fixture
)

# Tables the matrix case leaves empty (the demo test above fills the screening and history ones); listed so that a
# new table shows up here. The orphan checks cover them all the same: they read every foreign key.
NOT_FILLED = {
    "assessments.AssessmentReminder",
    "cases.EventCoding",
    "cases.FollowUpIndicatorCheck",
    "cases.Screening",
    "cases.ScreeningIndicator",
    "cases.StatusDetermination",
    "connect.CheckInSchedule",
    "legal.MatterDocument",
    "legal.MatterNote",
    "legal.RightsShare",
    "plans.GoalProgressNote",
    "retention.ErasureRequest",
    "retention.LegalHold",
    "services.GroupAttendance",
}


@pytest.mark.django_db
def test_purge_of_a_case_in_every_table_leaves_no_orphans(objects, survivor_b):  # noqa: F811 — the fixture above
    # given the matrix case filled everywhere, a portal thread with an attachment, and agency B's own case
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reclaim.connect.message_actions import do_start_thread
    from reclaim.documents.files import document_storage
    from reclaim.documents.models import DocumentVersion

    for helper in (_legal, _plan, _le_contact, _legal_grant, _service, _urgent_check_in, _stories_objects):
        helper(objects)
    _portal_share(objects)
    _acknowledged_notice(objects)
    case = objects["case"]
    do_start_thread(
        case=case,
        account=objects["portal_account"],
        body="Hello",
        attachment=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n% note\n", content_type="application/pdf"),
    )
    survivor = case.survivor
    case_ids = set(Case.objects.filter(survivor=survivor).values_list("pk", flat=True))
    files = list(DocumentVersion.objects.filter(document__case__in=case_ids).values_list("storage_name", flat=True))
    assert files
    assert all(document_storage().exists(name) for name in files)
    other_agency_cases = Case.objects.exclude(agency_id=case.agency_id).count()
    before = _row_counts(_fk_path_models())

    # when the engine removes the person and all their cases
    from django.db import transaction

    with transaction.atomic():
        removed = purge.execute(purge.case_plan(list(case_ids), [survivor.pk]))
    purge.delete_pending_files()

    # then nothing points at them, no key dangles, and their stored files are gone
    assert _referencing(case_ids, Case) == {}
    assert _referencing({survivor.pk}, Survivor) == {}
    assert _dangling() == {}
    assert not any(document_storage().exists(name) for name in files)
    # and every table with a path to a case or a person lost rows, except the few this fixture cannot fill
    after = _row_counts(_fk_path_models())
    untouched = {label for label in before if after[label] == before[label]}
    assert untouched == NOT_FILLED, str(sorted(untouched))
    assert set(removed) == set(before) - NOT_FILLED
    # and agency B's case (the referral's receiver) is still there
    assert Case.objects.exclude(agency_id=case.agency_id).count() == other_agency_cases
