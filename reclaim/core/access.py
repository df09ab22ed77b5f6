"""The shape every app's access gate follows: 404 for "not yours", 403 for read-only writes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from collections.abc import Callable

M = TypeVar("M", bound=Model)


def gate(queryset: QuerySet[M], pk: Any, *, for_write: bool = False, can_write: Callable[[M], bool] | None = None) -> M:
    """Fetch `pk` from an already scoped queryset; raise Http404 when absent, PermissionDenied on a read-only write."""
    try:
        obj = queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, ValidationError):
        raise Http404 from None  # the same answer for "missing" and "not yours"
    if for_write and (can_write is None or not can_write(obj)):
        raise PermissionDenied
    return obj
