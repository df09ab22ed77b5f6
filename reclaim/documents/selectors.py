"""Reads of documents, already limited to what the user may see: the case or survivor record must be
theirs to read, and clinical or legal documents need the matching capability (legal ones: the legal team,
or a live legal-access grant on the document's case)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet

from reclaim.accounts.selectors import capabilities
from reclaim.cases.selectors import cases_for_user
from reclaim.documents.models import Confidentiality, Document, DocumentVersion
from reclaim.people.selectors import survivors_for_user

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.people.models import Survivor


def visible_levels(user: User) -> list[str]:
    """Confidentiality levels this user may file, and see on every record they read: general always, clinical
    and legal by capability. A live legal-access grant adds seeing (never filing or changing) legal documents
    on one case: see `documents_for_user`."""
    caps = capabilities(user)
    levels = [Confidentiality.GENERAL.value]
    if caps.sees_clinical:
        levels.append(Confidentiality.CLINICAL.value)
    if caps.sees_legal:
        levels.append(Confidentiality.LEGAL.value)
    return levels


def documents_for_user(user: User) -> QuerySet[Document]:
    """Documents on cases the user may read, or on survivors they may read (survivor-level ones), at the levels
    they see; legal documents also on the cases where the privileged rule lets them (a live grant)."""
    from reclaim.legal.selectors import privileged_case_ids  # legal builds on documents: import at call time

    levels = visible_levels(user)
    readable = Q(confidentiality__in=levels)
    if Confidentiality.LEGAL.value not in levels:
        readable |= Q(confidentiality=Confidentiality.LEGAL, case_id__in=privileged_case_ids(user))
    return Document.objects.filter(readable).filter(
        Q(case__in=cases_for_user(user)) | Q(case__isnull=True, survivor__in=survivors_for_user(user))
    )


def _with_versions(documents: QuerySet[Document]) -> QuerySet[Document]:
    versions = DocumentVersion.objects.select_related("uploaded_by").order_by("-number")
    return documents.select_related("uploaded_by", "archived_by", "case").prefetch_related(
        Prefetch("versions", queryset=versions)
    )


def documents_for_case(user: User, case: Case) -> QuerySet[Document]:
    return _with_versions(documents_for_user(user).filter(case=case)).order_by("-created_at", "pk")


def documents_for_survivor(user: User, survivor: Survivor) -> QuerySet[Document]:
    """The survivor's own documents and those on their cases that this user may see."""
    return _with_versions(documents_for_user(user).filter(survivor=survivor)).order_by("-created_at", "pk")


def versions_of(document: Document) -> QuerySet[DocumentVersion]:
    return DocumentVersion.objects.filter(document=document).select_related("uploaded_by").order_by("-number")


def version_by_number(document: Document, number: int) -> DocumentVersion | None:
    return DocumentVersion.objects.filter(document=document, number=number).first()
