"""The deletion engine: every row that hangs off a set of cases, survivors or documents, found through the
foreign-key graph, removed table by table in bulk (children first), with the stored blobs queued for deletion.

Nothing here knows the domains' tables by name except `DETACH`: new models with a foreign-key path to a case, a
survivor or a document are picked up on their own (tests/test_retention_no_orphans.py proves no row is left).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.db.models import Q

from reclaim.cases.models import Case
from reclaim.documents.models import Document
from reclaim.people.models import Survivor
from reclaim.retention.models import PendingFileDeletion

if TYPE_CHECKING:
    from collections.abc import Iterable

# Nullable links that point across records: the row is kept and the link emptied, because the row belongs to
# something that is not being removed (another agency's referral that our case received; a consent record of a
# kept case whose signed form was a purged document; an erasure request, which outlives the person; ...).
DETACH: frozenset[tuple[str, str]] = frozenset(
    {
        ("referrals.Referral", "receiving_case"),
        ("referrals.Referral", "goal"),
        ("services.ServiceRecord", "goal"),
        ("consent.ConsentRecord", "document"),
        ("legal.LawEnforcementContact", "consent"),
        ("legal.LawEnforcementContact", "matter"),
        ("cases.CaseFlag", "history_event"),
        ("cases.Screening", "determination"),
        ("retention.ErasureRequest", "survivor"),
    }
)

ModelType = type[models.Model]


@dataclass(frozen=True)
class Edge:
    model: ModelType
    field: str  # the foreign key's attribute name on `model`
    target: ModelType

    @property
    def detach(self) -> bool:
        return (self.model._meta.label, self.field) in DETACH


@cache
def _all_edges() -> tuple[Edge, ...]:
    """Every concrete many-to-one or one-to-one foreign key between two models, self-references left out."""
    return tuple(
        Edge(model, field.name, field.related_model)  # type: ignore[arg-type]  # a model class, not the "self" string
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is not None and field.related_model is not model
    )


def dependents_of(roots: Iterable[ModelType]) -> dict[ModelType, list[Edge]]:
    """Every model with a foreign-key path to one of `roots`, with the edges into that set (roots included)."""
    reached: dict[ModelType, list[Edge]] = {root: [] for root in roots}
    changed = True
    while changed:
        changed = False
        for edge in _all_edges():
            if edge.target in reached and edge not in reached.setdefault(edge.model, []):
                reached[edge.model].append(edge)
                changed = True
    return reached


def _children_first(graph: dict[ModelType, list[Edge]]) -> list[ModelType]:
    """Models ordered so that a model comes before every model it points at (the database checks each delete)."""
    pointed_by: dict[ModelType, set[ModelType]] = defaultdict(set)
    for model, edges in graph.items():
        for edge in edges:
            if not edge.detach:
                pointed_by[edge.target].add(model)
    order: list[ModelType] = []
    done: set[ModelType] = set()

    def visit(model: ModelType, path: frozenset[ModelType]) -> None:
        if model in done or model in path:
            return
        for child in sorted(pointed_by[model], key=lambda m: m._meta.label):
            visit(child, path | {model})
        done.add(model)
        order.append(model)

    for model in sorted(graph, key=lambda m: m._meta.label):
        visit(model, frozenset())
    return order


@dataclass
class Plan:
    """What to remove: the root rows by model, and the filter that finds each dependent table's rows."""

    roots: dict[ModelType, list[Any]]

    def __post_init__(self) -> None:
        self.graph = dependents_of(self.roots)
        self._filters: dict[ModelType, Q] = {}

    def filter_for(self, model: ModelType) -> Q:
        if model in self._filters:
            return self._filters[model]
        if model in self.roots:
            found = Q(pk__in=self.roots[model])
        else:
            found = Q(pk__in=[])
            for edge in self.graph[model]:
                if not edge.detach:
                    found |= Q(**{f"{edge.field}__in": self.rows(edge.target).values("pk")})
        self._filters[model] = found
        return found

    def rows(self, model: ModelType) -> models.QuerySet[Any]:
        return model._default_manager.filter(self.filter_for(model))


def execute(plan: Plan) -> dict[str, int]:
    """Remove everything the plan covers; call inside a transaction. Returns rows removed per table label.

    Detached links are emptied first, then each table loses its rows in one DELETE, children before parents;
    blob names are saved as pending deletions in the same transaction (`delete_pending_files` removes them)."""
    for model, edges in plan.graph.items():
        for edge in edges:
            if edge.detach:
                model._default_manager.filter(**{f"{edge.field}__in": plan.rows(edge.target).values("pk")}).update(
                    **{edge.field: None}
                )
    removed: dict[str, int] = {}
    for model in _children_first(plan.graph):
        rows = plan.rows(model)
        if any(f.name == "storage_name" for f in model._meta.concrete_fields):
            _queue_files(rows)
        # A plain DELETE: the collector would load every row and refuse PROTECT links that this very plan removes.
        count = rows._raw_delete(rows.db)
        if count:
            removed[model._meta.label] = count
    return removed


def _queue_files(rows: models.QuerySet[Any]) -> None:
    pending = [
        PendingFileDeletion(agency_id=agency_id, storage_name=name)
        for agency_id, name in rows.values_list("agency_id", "storage_name")
        if name
    ]
    PendingFileDeletion.objects.bulk_create(pending, ignore_conflicts=True, batch_size=1000)


def delete_pending_files(limit: int = 5000) -> int:
    """Remove queued blobs from storage, then their notes. Safe to repeat: a missing file is not an error."""
    from reclaim.documents.files import document_storage

    storage = document_storage()
    done = 0
    for note in PendingFileDeletion.objects.order_by("created_at")[:limit]:
        storage.delete(note.storage_name)
        note.delete()
        done += 1
    return done


def case_plan(case_ids: list[Any], survivor_ids: list[Any]) -> Plan:
    return Plan({Case: list(case_ids), Survivor: list(survivor_ids)})


def document_plan(document_ids: list[Any]) -> Plan:
    return Plan({Document: list(document_ids)})
