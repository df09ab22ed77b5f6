"""The reads behind exports and network counts: who was served in a period, who has a live research consent,
and the codes an export may carry about them. A constant number of queries whatever the number of people;
only the birth dates of people who will be exported are decrypted."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db.models import DateField, Q
from django.db.models.functions import Coalesce, TruncDate

from reclaim.cases.models import Case, EventCoding, HistoricEvent, StatusDetermination
from reclaim.consent.models import ConsentRecord, Purpose
from reclaim.core import htcds
from reclaim.people.models import Survivor
from reclaim.reporting.exports.htcds import PersonFacts

if TYPE_CHECKING:
    import datetime

    from django.db.models import QuerySet

    from reclaim.reporting.periods import Period

_FIELD_OF_VOCABULARY = {
    htcds.TYPE_OF_EXPLOITATION: "exploitation",
    htcds.TYPE_OF_SEX_EXPLOITATION: "sex_exploitation",
    htcds.METHODS_OF_CONTROL: "control",
    htcds.METHOD_OF_RECRUITMENT: "recruitment",
}


def served_cases(agency_id: Any, period: Period) -> QuerySet[Case]:
    """The agency's cases open at some point of the period: begun (identified, else intake, else recorded) on
    or before its last day, and not closed before its first day."""
    begun = Coalesce("identified_on", "intake_on", TruncDate("created_at"), output_field=DateField())
    return (
        Case.objects.filter(agency_id=agency_id)
        .annotate(begun_on=begun)
        .filter(begun_on__lte=period.end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__date__gte=period.start))
    )


def served_survivor_ids(agency_id: Any, period: Period) -> set[Any]:
    """Survivors served across all of the agency's programs in the period, each once (distinct people)."""
    return set(served_cases(agency_id, period).values_list("survivor_id", flat=True).distinct())


def research_consented_ids(agency_id: Any, survivor_ids: set[Any], on: datetime.date) -> set[Any]:
    """Of these survivors, those with a research consent in force on `on` (DOMAIN.md §7.2)."""
    rows = ConsentRecord.objects.filter(
        agency_id=agency_id,
        survivor_id__in=survivor_ids,
        purpose=Purpose.RESEARCH,
        revoked_at__isnull=True,
        starts_on__lte=on,
        expires_on__gte=on,
    )
    return set(rows.values_list("survivor_id", flat=True).distinct())


def people_for_export(agency_id: Any, period: Period, on: datetime.date) -> tuple[list[PersonFacts], int]:
    """The facts of every survivor served in the period who has a live research consent, one per person, and
    how many people served were left out for want of that consent."""
    served = served_survivor_ids(agency_id, period)
    consented = research_consented_ids(agency_id, served, on)
    cases = list(
        served_cases(agency_id, period)
        .filter(survivor_id__in=consented)
        .order_by("begun_on")  # type: ignore[misc]  # an annotation of served_cases; the stubs cannot see it
        .values_list("pk", "survivor_id", "begun_on", "is_minor")
    )
    first: dict[Any, tuple[datetime.date, bool | None]] = {}
    case_owner: dict[Any, Any] = {}
    for case_id, survivor_id, begun_on, is_minor in cases:
        case_owner[case_id] = survivor_id
        first.setdefault(survivor_id, (begun_on, is_minor))
    codes: dict[Any, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for case_id, vocabulary, code in EventCoding.objects.filter(
        case_id__in=case_owner, vocabulary__in=_FIELD_OF_VOCABULARY, event__archived_at__isnull=True
    ).values_list("case_id", "vocabulary", "code"):
        codes[case_owner[case_id]][_FIELD_OF_VOCABULARY[vocabulary]].add(code)
    for case_id, kind, country, relationship, industry in HistoricEvent.objects.filter(
        case_id__in=case_owner, archived_at__isnull=True
    ).values_list("case_id", "type", "country", "relationship_to_trafficker", "forced_labour_industry"):
        mine = codes[case_owner[case_id]]
        if kind == htcds.EXPLOITATION and country:
            mine["countries"].add(country)
        if relationship:
            mine["relationship"].add(relationship)
        if industry:
            mine["labour_industry"].add(industry)
    status: dict[Any, str] = {}
    for case_id, value in (
        StatusDetermination.objects.filter(case_id__in=case_owner)
        .order_by("decided_on", "created_at")
        .values_list("case_id", "status")
    ):
        status[case_owner[case_id]] = value  # the latest wins
    people = []
    for survivor in Survivor.objects.filter(pk__in=first).only("pk", "gender", "date_of_birth").order_by("pk"):
        begun_on, is_minor = first[survivor.pk]
        mine = codes.get(survivor.pk, {})

        def of(name: str, mine: dict[str, set[str]] = mine) -> frozenset[str]:
            return frozenset(mine.get(name, ()))

        people.append(
            PersonFacts(
                identified_on=begun_on,
                date_of_birth=survivor.date_of_birth,
                is_minor=is_minor,
                gender=survivor.gender,
                status=status.get(survivor.pk, ""),
                exploitation=of("exploitation"),
                sex_exploitation=of("sex_exploitation"),
                labour_industry=of("labour_industry"),
                control=of("control"),
                recruitment=of("recruitment"),
                relationship=of("relationship"),
                countries=of("countries"),
            )
        )
    return people, len(served) - len(consented)
