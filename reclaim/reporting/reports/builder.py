"""The generic report builder: a validated spec (what to count, by what, with which filters) and the counting.

Counting happens in SQL, in a fixed number of queries whatever the data size:

- person dimensions only (the usual funder table): one grouped query over the survivors counted, each person
  annotated with one value per dimension (EXISTS / scalar subqueries on indexed columns), so a person is in
  exactly one cell and the table adds up;
- service dimensions only: one grouped query over the period's services (COUNT DISTINCT people, COUNT, SUM);
- both: services grouped per survivor and service dimension, joined in Python to each survivor's person values
  (two queries; people are kept as sets so each is counted once per cell).

Encrypted columns (birth date, names) are never read: age comes from the case's "under 18 when identified"
answer and age band, gender is a coded column.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Case as When_Case
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.utils.translation import gettext as _

from reclaim.cases.models import Case, CaseEvent, EventCoding, EventType
from reclaim.core.errors import DomainError
from reclaim.core.htcds import TYPE_OF_EXPLOITATION
from reclaim.people.ages import MINOR_BANDS, AgeBand
from reclaim.people.models import Survivor
from reclaim.reporting.reports.definitions import (
    DEFAULT_EXPLOITATION,
    DIMENSIONS,
    ENTERED,
    EXITED,
    FAMILY_MEMBERS,
    HOURS,
    MAX_DIMENSIONS,
    MEASURES,
    NOT_KNOWN,
    OTHER,
    PERSON_DIMENSIONS,
    POPULATIONS,
    SERVED,
    SERVICE_DIMENSIONS,
    SERVICES,
    SURVIVORS,
    Mapping,
    exploitation_codes,
)
from reclaim.services.models import ServiceRecord

if TYPE_CHECKING:
    from reclaim.reporting.periods import Period

ADULT_BANDS = [band for band in AgeBand.values if band not in MINOR_BANDS and band != AgeBand.UNKNOWN]
NO_GRANT = "none"


@dataclass(frozen=True)
class ReportSpec:
    """What the builder counts. Period is asked for separately (it is required for every report)."""

    measure: str = SURVIVORS
    dimensions: tuple[str, ...] = ()
    population: str = SERVED
    grant: str = ""  # a grant id of the agency
    category: str = ""  # a service category code
    team: str = ""  # a team id of the agency

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "dimensions": list(self.dimensions),
            "population": self.population,
            "grant": self.grant,
            "category": self.category,
            "team": self.team,
        }

    @classmethod
    def from_dict(cls, data: Any, *, known_categories: set[str], grant_ids: set[str], team_ids: set[str]) -> ReportSpec:  # noqa: PLR0912 - one check per field
        """A checked spec, or DomainError naming each bad field (nothing is guessed)."""
        if not isinstance(data, dict):
            raise DomainError(
                _("The report description is not valid."),
                code="reporting.bad_spec",
                fields={"spec": [_("Expected an object.")]},
            )
        errors: dict[str, list[str]] = {}
        measure = str(data.get("measure") or SURVIVORS)
        if measure not in MEASURES:
            errors["measure"] = [_("Choose what to count: %(choices)s.") % {"choices": ", ".join(MEASURES)}]
        raw_dims = data.get("dimensions") or []
        if isinstance(raw_dims, str):
            raw_dims = [raw_dims]
        dims = tuple(str(dim) for dim in raw_dims if dim)
        if not isinstance(raw_dims, list | tuple):
            errors["dimensions"] = [_("Expected a list of dimensions.")]
        elif len(dims) > MAX_DIMENSIONS:
            errors["dimensions"] = [_("Choose at most two dimensions.")]
        elif unknown := [dim for dim in dims if dim not in DIMENSIONS]:
            errors["dimensions"] = [_("Unknown dimension: %(codes)s.") % {"codes": ", ".join(unknown)}]
        elif len(set(dims)) != len(dims):
            errors["dimensions"] = [_("Choose two different dimensions.")]
        elif measure == FAMILY_MEMBERS and any(dim in PERSON_DIMENSIONS for dim in dims):
            errors["dimensions"] = [_("Family members can be counted by service category or grant only.")]
        population = str(data.get("population") or SERVED)
        if population not in POPULATIONS:
            errors["population"] = [_("Choose who to count: %(choices)s.") % {"choices": ", ".join(POPULATIONS)}]
        elif population != SERVED and measure != SURVIVORS:
            errors["population"] = [_("Only people can be counted as entering or leaving the program.")]
        elif population != SERVED and any(dim in SERVICE_DIMENSIONS for dim in dims):
            errors["population"] = [_("People entering or leaving are counted by person dimensions only.")]
        grant = str(data.get("grant") or "")
        if grant and grant not in grant_ids:
            errors["grant"] = [_("Choose one of your agency's grants.")]
        category = str(data.get("category") or "")
        if category and category not in known_categories:
            errors["category"] = [_("Choose a service category from the list.")]
        if population != SERVED and (grant or category):
            errors.setdefault("population", []).append(_("Grant and category filters apply to people served only."))
        team = str(data.get("team") or "")
        if team and team not in team_ids:
            errors["team"] = [_("Choose one of your agency's teams.")]
        if errors:
            raise DomainError(_("Some report choices are not valid."), code="reporting.bad_spec", fields=errors)
        return cls(measure, dims, population, grant, category, team)


# Counting ------------------------------------------------------------------------------------------------------


@dataclass
class Grid:
    """Counts by (row key, column key) with the keys already in the template's categories ("" = no dimension).
    `people` is the number of distinct people behind each cell (the suppression basis for services and hours)."""

    values: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    people: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))


def _uuid_or_none(value: str) -> Any:
    """The id as a UUID (None for text that is not one: it then matches nothing)."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def service_base(
    agency_id: Any, period: Period, spec: ReportSpec, *, recipient: str = "survivor"
) -> QuerySet[ServiceRecord]:
    """The live (not voided) services dated in the period, with the spec's filters. recipient: "survivor" (their
    own services), "family" (family members'), "any"."""
    records = ServiceRecord.objects.filter(
        agency_id=agency_id,
        voided_at__isnull=True,
        delivered_on__gte=period.start,
        delivered_on__lt=period.end_exclusive,
    )
    if recipient == "survivor":
        records = records.filter(recipient__isnull=True)
    elif recipient == "family":
        records = records.filter(recipient__isnull=False)
    if spec.grant:
        records = records.filter(grant_id=_uuid_or_none(spec.grant))
    if spec.category:
        records = records.filter(category_code=spec.category)
    if spec.team:
        records = records.filter(case__team_id=_uuid_or_none(spec.team))
    return records


def _period_q(field_name: str, period: Period) -> Q:
    return Q(**{f"{field_name}__gte": period.start, f"{field_name}__lte": period.end})


def _team_case(spec: ReportSpec, prefix: str = "") -> Q:
    return Q(**{f"{prefix}team_id": _uuid_or_none(spec.team)}) if spec.team else Q()


def _services_of_case(agency_id: Any, period: Period, spec: ReportSpec, *, recipient: str) -> QuerySet[ServiceRecord]:
    """The period's live services of the outer case (correlated on the (case, date) index), with the filters."""
    records = ServiceRecord.objects.filter(
        case=OuterRef("pk"),
        voided_at__isnull=True,
        delivered_on__gte=period.start,
        delivered_on__lt=period.end_exclusive,
    )
    if recipient == "survivor":
        records = records.filter(recipient__isnull=True)
    elif recipient == "family":
        records = records.filter(recipient__isnull=False)
    if spec.grant:
        records = records.filter(grant_id=_uuid_or_none(spec.grant))
    if spec.category:
        records = records.filter(category_code=spec.category)
    return records


def people_counted(
    agency_id: Any, period: Period, spec: ReportSpec, *, recipient: str = "survivor"
) -> QuerySet[Survivor]:
    """The survivors the spec counts: served in the period (a service of theirs dated in it), or entering or
    leaving the program in it. Each person once, whatever their number of cases. Each test walks from the
    person to their cases (survivor index) and from a case to its services (case-and-date index), so the cost
    grows with the number of people, not of service records."""
    people = Survivor.objects.filter(agency_id=agency_id)
    cases = Case.objects.filter(_team_case(spec), survivor=OuterRef("pk"))
    if spec.population == SERVED:
        served = Case.objects.filter(_team_case(spec)).filter(
            Exists(_services_of_case(agency_id, period, spec, recipient=recipient))
        )
        return people.filter(Exists(served.filter(survivor=OuterRef("pk"))))
    if spec.population == ENTERED:
        reopened = CaseEvent.objects.filter(_period_q("at__date", period), case=OuterRef("pk"), type=EventType.REOPENED)
        return people.filter(Exists(cases.filter(_period_q("intake_on", period) | Q(Exists(reopened)))))
    if spec.population == EXITED:
        return people.filter(Exists(cases.filter(_period_q("closed_at__date", period))))
    raise DomainError(_("Choose who to count."), code="reporting.bad_spec", fields={"population": [_("Unknown.")]})


def _exploitation_groups(mappings: dict[str, Mapping]) -> dict[str, list[str]]:
    mapping = mappings.get("exploitation")
    return mapping.groups if mapping and mapping.groups else DEFAULT_EXPLOITATION


def _person_annotations(dims: tuple[str, ...], period: Period, mappings: dict[str, Mapping]) -> dict[str, Any]:
    """One SQL expression (or a few) per person dimension, evaluated once per counted survivor."""
    cases = Case.objects.filter(survivor=OuterRef("pk"))
    out: dict[str, Any] = {}
    for dim in dims:
        if dim == "sex":
            out["d_sex"] = F("gender")
        elif dim == "citizenship":
            out["d_citizenship"] = F("nationality_class")
        elif dim == "age_group":
            out["d_minor"] = Exists(cases.filter(Q(is_minor=True) | Q(age_band__in=list(MINOR_BANDS))))
            out["d_adult"] = Exists(cases.filter(Q(is_minor=False) | Q(age_band__in=ADULT_BANDS)))
        elif dim == "exploitation":
            groups = _exploitation_groups(mappings)
            codings = EventCoding.objects.filter(
                case=OuterRef("pk"), vocabulary=TYPE_OF_EXPLOITATION, event__archived_at__isnull=True
            )
            sex, labour = groups.get("sex", []), groups.get("labour", [])
            out["d_x_sex"] = Exists(cases.filter(Exists(codings.filter(code__in=sex))))
            out["d_x_labour"] = Exists(cases.filter(Exists(codings.filter(code__in=labour))))
        elif dim == "referral_source":
            out["d_referral_source"] = Subquery(cases.order_by("created_at").values("identification_source")[:1])
        elif dim == "stage":
            out["d_stage"] = Subquery(cases.order_by("-created_at").values("status")[:1])
        elif dim == "close_reason":
            closed = cases.filter(_period_q("closed_at__date", period)).order_by("-closed_at")
            out["d_close_reason"] = Subquery(closed.values("close_reason")[:1])
        elif dim == "new_continuing":
            earlier = ServiceRecord.objects.filter(
                case=OuterRef("pk"), recipient__isnull=True, voided_at__isnull=True, delivered_on__lt=period.start
            )
            out["d_earlier"] = Exists(cases.filter(Exists(earlier)))
    return out


def _our_key(dim: str, row: dict[str, Any]) -> str:
    """A person's value for one dimension in our own codes, from the annotated row."""
    if dim == "sex":
        return str(row["d_sex"] or "")
    if dim == "age_group":
        return "minor" if row["d_minor"] else "adult" if row["d_adult"] else NOT_KNOWN
    if dim == "exploitation":
        sex, labour = row["d_x_sex"], row["d_x_labour"]
        return "both" if sex and labour else "sex" if sex else "labour" if labour else OTHER
    if dim == "citizenship":
        return str(row["d_citizenship"] or NOT_KNOWN)
    if dim == "new_continuing":
        return "continuing" if row["d_earlier"] else "new"
    return str(row[f"d_{dim}"] or "")


def to_category(dim: str, key: str, mappings: dict[str, Mapping]) -> str:
    """Our code -> the template's category (OTHER when the template's mapping does not name it)."""
    mapping = mappings.get(dim)
    if mapping is None or not mapping.codes:
        return key
    return mapping.category_of(key)


def person_counts(
    agency_id: Any, period: Period, spec: ReportSpec, dims: tuple[str, ...], mappings: dict[str, Mapping]
) -> Counter[tuple[str, ...]]:
    """Distinct survivors by the template categories of `dims` (each person in one cell): one query."""
    annotations = _person_annotations(dims, period, mappings)
    people = people_counted(agency_id, period, spec)
    if annotations:
        grouped = people.annotate(**annotations).values(*annotations).annotate(n=Count("pk", distinct=True))
        rows = list(grouped.order_by())
    else:
        rows = [{"n": people.count()}]
    counts: Counter[tuple[str, ...]] = Counter()
    for row in rows:
        key = tuple(to_category(dim, _our_key(dim, row), mappings) for dim in dims)
        counts[key] += row["n"]
    return counts


def _service_expression(dim: str, mappings: dict[str, Mapping]) -> Any:
    if dim == "grant":
        return F("grant_id")
    mapping = mappings.get(dim)
    if mapping is None or not mapping.codes:
        return F("category_code")
    # mapped in SQL, so people are counted distinct per funder category (two of our categories in one of theirs)
    return When_Case(
        *[When(category_code=code, then=Value(target)) for code, target in sorted(mapping.codes.items())],
        default=Value(OTHER),
        output_field=CharField(),
    )


def _service_key(dim: str, value: Any) -> str:
    if dim == "grant":
        return str(value) if value else NO_GRANT
    return str(value or "")


def count_grid(agency_id: Any, period: Period, spec: ReportSpec, mappings: dict[str, Mapping]) -> Grid:
    """The spec's counts by up to two dimensions, in the template's categories. Queries: one or two."""
    grid = Grid()
    dims = spec.dimensions
    person_dims = tuple(dim for dim in dims if dim in PERSON_DIMENSIONS)
    service_dims = tuple(dim for dim in dims if dim in SERVICE_DIMENSIONS)

    def cell(keys: dict[str, str]) -> tuple[str, str]:
        return (keys[dims[0]] if dims else "", keys[dims[1]] if len(dims) > 1 else "")

    if spec.measure == SURVIVORS and not service_dims:
        for key, n in person_counts(agency_id, period, spec, dims, mappings).items():
            grid.values[cell(dict(zip(dims, key, strict=True)))] += n
            grid.people[cell(dict(zip(dims, key, strict=True)))] += n
        return grid

    recipient = {SURVIVORS: "survivor", FAMILY_MEMBERS: "family"}.get(spec.measure, "any")
    records = service_base(agency_id, period, spec, recipient=recipient)
    person_field = "recipient_id" if spec.measure == FAMILY_MEMBERS else "case__survivor_id"
    expressions = {f"s_{dim}": _service_expression(dim, mappings) for dim in service_dims}
    measure_value = {SURVIVORS: "people", FAMILY_MEMBERS: "people", SERVICES: "services", HOURS: "minutes"}[
        spec.measure
    ]

    if not person_dims:
        aggregates = {
            "people": Count(person_field, distinct=True),
            "services": Count("pk"),
            "minutes": Sum("duration_minutes"),
        }
        if expressions:
            rows = list(records.annotate(**expressions).values(*expressions).annotate(**aggregates).order_by())
        else:
            rows = [records.aggregate(**aggregates)]
        for row in rows:
            keys = {dim: _service_key(dim, row[f"s_{dim}"]) for dim in service_dims}
            target = cell(keys)
            value = row[measure_value] or 0
            grid.values[target] += value / 60 if spec.measure == HOURS else value
            grid.people[target] += row["people"] or 0
        return grid

    # Person and service dimensions together (or services/hours by person dimensions): per survivor, then join.
    annotations = _person_annotations(person_dims, period, mappings)
    person_rows = (
        people_counted(agency_id, period, spec, recipient=recipient).annotate(**annotations).values("pk", *annotations)
    )
    person_keys = {
        row["pk"]: {dim: to_category(dim, _our_key(dim, row), mappings) for dim in person_dims} for row in person_rows
    }
    grouped = (
        records.annotate(**expressions)
        .values("case__survivor_id", *expressions)
        .annotate(services=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by()
    )
    members: dict[tuple[str, str], set[Any]] = defaultdict(set)
    for row in grouped:
        survivor_id = row["case__survivor_id"]
        keys = {dim: _service_key(dim, row[f"s_{dim}"]) for dim in service_dims}
        keys.update(person_keys.get(survivor_id, dict.fromkeys(person_dims, NOT_KNOWN)))
        target = cell(keys)
        members[target].add(survivor_id)
        if spec.measure == SERVICES:
            grid.values[target] += row["services"]
        elif spec.measure == HOURS:
            grid.values[target] += (row["minutes"] or 0) / 60
    for target, survivors in members.items():
        grid.people[target] = len(survivors)
        if spec.measure == SURVIVORS:
            grid.values[target] = len(survivors)
    return grid


def unmapped_codes(dim: str, mapping: Mapping, known: list[str]) -> list[str]:
    """Our codes that the mapping leaves to "Other / not known" (listed in the report's definitions)."""
    if dim == "exploitation":
        mapped = {code for codes in mapping.groups.values() for code in codes} if mapping.groups else set()
        if not mapped:
            mapped = {code for codes in DEFAULT_EXPLOITATION.values() for code in codes}
        return [code for code in exploitation_codes() if code not in mapped]
    if not mapping.codes:
        return []
    return [code for code in known if code not in mapping.codes and code != OTHER]
