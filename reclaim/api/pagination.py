"""One way to page, sort and bound every list of /api/v1.

Every list takes `?cursor=<opaque>&limit=1..100` (default 50) and answers `{items: [...], next_cursor}`;
`next_cursor` is null on the last page. The cursor is opaque to clients: a signed (HMAC, the SECRET_KEY)
token of either the last row's sort key + id (keyset: rows added or removed meanwhile never shift a page) or,
for orderings SQL cannot compare (expressions, relations, nullable or encrypted columns, lists built in Python),
an offset. A malformed, tampered or foreign cursor is a 422 `{code: "invalid", fields: {"cursor": [...]}}`.

Sorting is `?sort=field` / `?sort=-field` (descending), checked against each list's allowlist
(`checked_sort`): an unknown field is a 422 naming the allowed ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Field as ModelField
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError

from reclaim.core.fields import EncryptedFieldMixin

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
CURSOR_MAX_LENGTH = 2000
_SALT = "reclaim.api.pagination.cursor"
_FORMAT = 1


class PageQuery(Schema):
    """The paging parameters every list takes (add them with `page: Query[PageQuery]`)."""

    cursor: str | None = Field(
        default=None,
        max_length=CURSOR_MAX_LENGTH,
        description="Opaque: the `next_cursor` of the previous page. Leave out for the first page.",
    )
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page, 1 to 100.")


class Page(Schema, Generic[T]):
    """One page of a list: the rows, and the cursor of the next page (null on the last page)."""

    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` to read the next page; null when this is the last page."
    )


def invalid_parameter(name: str, message: str) -> ValidationError:
    """A 422 `{code: "invalid", fields: {name: [message]}}` through the API's validation handler."""
    return ValidationError([{"loc": ("query", name), "msg": message, "type": "value_error"}])


def checked_sort(value: str, allowed: Iterable[str]) -> str:
    """`value` if it is one of `allowed` (`name` ascending, `-name` descending), else a 422 listing them."""
    choices = sorted(set(allowed), key=lambda choice: (choice.lstrip("-"), choice))
    if value not in choices:
        raise invalid_parameter("sort", f"Unknown sort. Use one of: {', '.join(choices)}.")
    return value


# --- cursors -------------------------------------------------------------------------------------------------


def _encode(payload: dict[str, Any]) -> str:
    return signing.dumps(payload, salt=_SALT, compress=True)


def _bad_cursor() -> str:
    return _("This cursor is not valid for this list. Start again without a cursor.")


def _decode(cursor: str, ordering: str) -> dict[str, Any]:
    try:
        payload = signing.loads(cursor, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise invalid_parameter("cursor", _bad_cursor()) from None
    if not isinstance(payload, dict) or payload.get("f") != _FORMAT or payload.get("s") != ordering:
        raise invalid_parameter("cursor", _bad_cursor())
    return payload


def _offset_of(payload: dict[str, Any]) -> int:
    offset = payload.get("o")
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise invalid_parameter("cursor", _bad_cursor())
    return offset


# --- keyset ordering -----------------------------------------------------------------------------------------

_Key = tuple[str, bool, "ModelField[Any, Any]"]  # (field name, descending, field)


def _sortable_field(model: type[Model], name: str) -> ModelField[Any, Any] | None:
    """A concrete, non-null, unencrypted column of the model itself (compared as-is in SQL), else None."""
    if "__" in name or name == "?":
        return None
    try:
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    except FieldDoesNotExist:
        return None  # an annotation or an alias: not comparable without re-deriving it
    if not isinstance(field, ModelField) or not field.concrete or field.null or isinstance(field, EncryptedFieldMixin):
        return None
    if field.is_relation and name != field.attname:
        return None  # ordering by a relation orders by the related model's own ordering
    return field


def _keyset(queryset: QuerySet[Any]) -> tuple[QuerySet[Any], list[_Key]] | None:
    """The queryset ordered to a unique key (the pk appended when needed), and that key; None when the
    ordering cannot be compared in SQL (then the list pages by offset)."""
    query = queryset.query
    if query.combinator or query.distinct or queryset._fields is not None:  # type: ignore[attr-defined]
        return None
    terms = list(query.order_by) or (list(queryset.model._meta.ordering) if query.default_ordering else [])
    keys: list[_Key] = []
    unique = False
    for term in terms:
        if not isinstance(term, str):
            return None
        name = term.lstrip("-")
        field = _sortable_field(queryset.model, name)
        if field is None:
            return None
        keys.append((field.attname, term.startswith("-"), field))
        unique = unique or field.primary_key or bool(field.unique)
        if unique:
            break  # later terms never decide anything
    if not unique:
        pk = queryset.model._meta.pk
        if pk is None:  # pragma: no cover - every concrete model has one
            return None
        keys.append((pk.attname, False, pk))
    ordered = queryset.order_by(*[f"-{name}" if desc else name for name, desc, _ in keys])
    return ordered, keys


def _after(keys: list[_Key], values: list[Any]) -> Q:
    """Rows strictly after `values` in the keys' order: (a > x) or (a = x and b > y) or ..."""
    after = Q()
    for i, (name, desc, _field) in enumerate(keys):
        step = Q(**{f"{name}__{'lt' if desc else 'gt'}": values[i]})
        for j in range(i):
            step &= Q(**{keys[j][0]: values[j]})
        after |= step
    return after


def _key_values(keys: list[_Key], payload: dict[str, Any]) -> list[Any]:
    raw = payload.get("k")
    if not isinstance(raw, list) or len(raw) != len(keys) or not all(isinstance(v, str) for v in raw):
        raise invalid_parameter("cursor", _bad_cursor())
    try:
        return [field.to_python(value) for (_name, _desc, field), value in zip(keys, raw, strict=True)]
    except (DjangoValidationError, ValueError, TypeError):
        raise invalid_parameter("cursor", _bad_cursor()) from None


# --- the one entry point -------------------------------------------------------------------------------------


def paginate(
    rows: QuerySet[Any] | Sequence[Any],
    page: PageQuery | None = None,
    item: Callable[[Any], Any] | None = None,
    *,
    scope: str = "",
) -> dict[str, Any]:
    """`{"items": [...], "next_cursor": str | None}` for one page of `rows` (a queryset: one query of
    limit + 1 rows; or a list already built). `item` turns a row into its output (default: the row itself,
    serialized by the response schema). `scope` names the list when its ordering alone does not (a cursor from
    another list or another sort order is refused)."""
    page = page or PageQuery()
    limit = max(1, min(page.limit, MAX_LIMIT))
    convert = item or (lambda row: row)
    if isinstance(rows, QuerySet):
        if not rows.ordered:
            rows = rows.order_by("pk")  # a stable order: the same row never shows on two pages
        keyed = _keyset(rows)
        if keyed is not None:
            return _keyset_page(*keyed, page.cursor, limit, convert=convert, scope=scope)
        ordering = f"{rows.model._meta.label_lower}|{'|'.join(map(str, rows.query.order_by))}|{scope}"
        offset = _offset_of(_decode(page.cursor, ordering)) if page.cursor else 0
    else:
        ordering = f"list|{scope}"
        offset, limit = list_window(page, scope=scope)
    window = list(rows[offset : offset + limit + 1])
    more = len(window) > limit
    return {
        "items": [convert(row) for row in window[:limit]],
        "next_cursor": _encode({"f": _FORMAT, "s": ordering, "o": offset + limit}) if more else None,
    }


def list_window(page: PageQuery, *, scope: str = "") -> tuple[int, int]:
    """(offset, limit) of the page `paginate` cuts from a list (not a queryset) with this scope: a list costly
    to build whole needs only its first offset + limit + 1 items (one past the page tells whether more follow).
    A cursor of another list is refused, as `paginate` refuses it."""
    limit = max(1, min(page.limit, MAX_LIMIT))
    offset = _offset_of(_decode(page.cursor, f"list|{scope}")) if page.cursor else 0
    return offset, limit


def _keyset_page(
    queryset: QuerySet[Any],
    keys: list[_Key],
    cursor: str | None,
    limit: int,
    *,
    convert: Callable[[Any], Any],
    scope: str,
) -> dict[str, Any]:
    ordering = f"{queryset.model._meta.label_lower}|{'|'.join(('-' if d else '') + n for n, d, _ in keys)}|{scope}"
    if cursor:
        queryset = queryset.filter(_after(keys, _key_values(keys, _decode(cursor, ordering))))
    window = list(queryset[: limit + 1])
    more = len(window) > limit
    next_cursor = None
    if more:
        last = window[limit - 1]
        next_cursor = _encode({"f": _FORMAT, "s": ordering, "k": [f.value_to_string(last) for _n, _d, f in keys]})
    return {"items": [convert(row) for row in window[:limit]], "next_cursor": next_cursor}
