"""Legal outcomes as a closure outcome and a report dimension (issue 7; issue 8's reports reuse these).

Relief obtained = a LegalMatter whose outcome is "granted" and whose MatterType names a relief
(`LegalMatter.relief_obtained`). Its date is the day of the first step change into a step with outcome
"granted" (`MatterStepChange.on`): a T visa "approved" stays open for the adjustment of status, so
`closed_on` would be late or missing. A matter closed by hand as granted (no granting step) uses `closed_on`.

Counts are of distinct survivors, never rows: two granted matters of one survivor for the same relief count
once. Everything here is aggregate; callers apply small-cell suppression (`suppressed`) for viewers who may
not read every case the counts cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reclaim.cases.selectors import has_mark
from reclaim.legal.models import (
    DeadlineKind,
    LegalDeadline,
    LegalMatter,
    MatterKind,
    MatterStepChange,
    MatterType,
    StepOutcome,
)

if TYPE_CHECKING:
    import datetime

    from django.db.models import QuerySet

    from reclaim.cases.models import Case

# Names of the relief codes the shipped sets use; another set's own codes fall back to a readable code.
RELIEF_LABELS: dict[str, Any] = {
    "t_visa": _("T visa"),
    "u_visa": _("U visa"),
    "continued_presence": _("Continued Presence"),
    "certification": _("HHS certification"),
    "eligibility_letter": _("HHS eligibility letter (minor)"),
    "protective_order": _("Protective order"),
    "record_relief": _("Vacatur or record relief"),
    "restitution": _("Restitution or compensation"),
    "asylum": _("Asylum"),
}


def relief_label(code: str) -> str:
    return str(RELIEF_LABELS.get(code) or code.replace("_", " ").capitalize())


def _granted_on() -> Coalesce:
    first_granting_step = (
        MatterStepChange.objects.filter(matter=OuterRef("pk"), to_step__outcome=StepOutcome.GRANTED)
        .order_by("on", "created_at")
        .values("on")[:1]
    )
    return Coalesce(Subquery(first_granting_step), F("closed_on"))


def relief_matters(
    agency_id: Any, start: datetime.date | None = None, end: datetime.date | None = None
) -> QuerySet[LegalMatter]:
    """The agency's matters that obtained relief (granted on a day from `start` to `end`, when given), each
    annotated with `granted_on`."""
    granted = Q()
    if start is not None:
        granted &= Q(granted_on__gte=start)
    if end is not None:
        granted &= Q(granted_on__lte=end)
    return (
        LegalMatter.objects.filter(agency_id=agency_id, outcome=StepOutcome.GRANTED)
        .exclude(matter_type__relief="")
        .annotate(granted_on=_granted_on())
        .filter(granted)
    )


def has_granted_relief() -> Exists:
    """The case page mark for the closure details' relief (registered in apps.py): an EXISTS in the case gate's
    read, so the overview of a case with no granted matter spends no query on it. Granted matters of a type that
    gives no relief count too: joining the matter types here cost every case page about 1 ms."""
    return Exists(
        LegalMatter.objects.filter(agency_id=OuterRef("agency_id"), case=OuterRef("pk"), outcome=StepOutcome.GRANTED)
    )


def relief_for_case(case: Case) -> list[str]:
    """The relief codes a case's matters obtained, in the order they were granted (each code once). No query
    when the case gate's mark says none did."""
    if not has_mark(case, "has_granted_relief"):
        return []
    rows = relief_matters(case.agency_id).filter(case=case).order_by("granted_on", "created_at", "pk")
    codes: list[str] = []
    for code in rows.values_list("matter_type__relief", flat=True):
        if code not in codes:
            codes.append(code)
    return codes


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class OutcomeCounts:
    start: datetime.date
    end: datetime.date
    relief: list[Row]  # relief code -> distinct survivors who obtained it in the period
    open_matters: list[Row]  # matter kind -> matters open at the end of the period
    deadlines_met: int  # deadlines due in the period, done on or before the day
    deadlines_missed: int  # done late, or still open after the day
    deadlines_pending: int  # due in the period, not yet due (the period reaches into the future)


def _relief_codes(agency_id: Any) -> list[str]:
    """Every relief the agency's matter types can give, so a row's presence says nothing about a count."""
    codes = (
        MatterType.objects.filter(Q(agency__isnull=True) | Q(agency_id=agency_id))
        .exclude(relief="")
        .values_list("relief", flat=True)
        .distinct()
    )
    return sorted(set(codes), key=relief_label)


def relief_counts(
    agency_id: Any, start: datetime.date, end: datetime.date, *, today: datetime.date | None = None
) -> OutcomeCounts:
    """The agency's legal outcomes for a period (both days included). Four queries."""
    today = today or timezone.localdate()
    granted = (
        relief_matters(agency_id, start, end)
        .values("matter_type__relief")
        .annotate(survivors=Count("survivor_id", distinct=True))
        .order_by()
    )
    by_relief = {row["matter_type__relief"]: row["survivors"] for row in granted}
    relief = [Row(code, relief_label(code), by_relief.get(code, 0)) for code in _relief_codes(agency_id)]
    relief += [
        Row(code, relief_label(code), n) for code, n in by_relief.items() if code not in {r.code for r in relief}
    ]

    open_rows = (
        LegalMatter.objects.filter(agency_id=agency_id, opened_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        .values("matter_type__kind")
        .annotate(matters=Count("pk"))
        .order_by()
    )
    by_kind = {row["matter_type__kind"]: row["matters"] for row in open_rows}
    open_matters = [Row(kind.value, str(kind.label), by_kind.get(kind.value, 0)) for kind in MatterKind]

    done_late = Q(done_on__isnull=False, done_on__gt=F("due_on"))
    open_past = Q(done_on__isnull=True, due_on__lt=today)
    deadlines = (
        LegalDeadline.objects.filter(agency_id=agency_id, due_on__gte=start, due_on__lte=end)
        .exclude(kind=DeadlineKind.EXPIRY)
        .aggregate(
            met=Count("pk", filter=Q(done_on__isnull=False, done_on__lte=F("due_on"))),
            missed=Count("pk", filter=done_late | open_past),
            pending=Count("pk", filter=Q(done_on__isnull=True, due_on__gte=today)),
        )
    )
    return OutcomeCounts(
        start=start,
        end=end,
        relief=relief,
        open_matters=open_matters,
        deadlines_met=deadlines["met"],
        deadlines_missed=deadlines["missed"],
        deadlines_pending=deadlines["pending"],
    )


@dataclass(frozen=True)
class Shown:
    """A count as a viewer sees it: the number, or hidden (None) when it is under k."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None


def shown(count: int, k: int | None) -> Shown:
    """Small-cell suppression (DOMAIN.md §11): with a k, every count under k (zero too, so a hidden cell
    cannot be told from an empty one) is hidden; without one (exact viewers), the count."""
    if k is not None and count < k:
        return Shown(None)
    return Shown(count)
