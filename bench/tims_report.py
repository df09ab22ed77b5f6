"""Time of the one-year OVC TIMS-shaped funder report against a hand-written single SQL aggregate over the same
service records (issue 8 bar: <= 2 s and <= 1.5x at 1M records).

Run: . scripts/devenv.sh && .venv/bin/python bench/tims_report.py [--services 100000] [--repeat 5] [--seed 1]
     (--services 1000000 for the real run; DATABASE_URL picks the database, SQLite by default).
Seeds a throwaway agency in bulk (about 25 services per person, 10 % of people with a second case, 10 % of
records in the year before so some people are continuing, 30 % of cases with exploitation codes, 5 % of
records for family members), all in one transaction that is rolled back: the database is left as it was.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Shares of the synthetic data: second cases, coded exploitation, family members, services dated before the
# period, and services given to a family member rather than the survivor.
SECOND_CASE_SHARE = 0.1
CODED_SHARE = 0.3
FAMILY_SHARE = 0.1
BEFORE_PERIOD_SHARE = 0.1
FAMILY_SERVICE_SHARE = 0.5
BATCH = 5000
YEAR = 2026


class Rollback(Exception):
    pass


def seed(services: int, rng: random.Random) -> object:
    from reclaim.accounts.models import Agency
    from reclaim.cases.models import Case, EventCoding, HistoricEvent, IdentificationSource
    from reclaim.core.htcds import TYPE_OF_EXPLOITATION
    from reclaim.people.models import Gender, Relation, Survivor
    from reclaim.services.models import ServiceRecord, ServiceType

    tag = uuid.uuid4().hex[:8]
    agency = Agency.objects.create(name=f"Bench {tag}", slug=f"bench-{tag}")
    people = max(10, services // 25)
    genders = [g.value for g in Gender]
    sources = [s.value for s in IdentificationSource]
    survivors = [Survivor(agency=agency, reference=f"B{i}", gender=rng.choice(genders)) for i in range(people)]
    Survivor.objects.bulk_create(survivors, batch_size=BATCH)
    cases = [
        Case(
            agency=agency,
            survivor=person,
            number=f"B{i}",
            is_minor=rng.choice([True, False, False, False, None]),
            identification_source=rng.choice(sources),
            intake_on=datetime.date(YEAR - 1, 1, 1) + datetime.timedelta(days=rng.randrange(700)),
        )
        for i, person in enumerate(survivors)
    ]
    cases += [
        Case(agency=agency, survivor=person, number=f"B{i}-2", is_minor=False)
        for i, person in enumerate(survivors)
        if rng.random() < SECOND_CASE_SHARE
    ]
    Case.objects.bulk_create(cases, batch_size=BATCH)
    coded = [case for case in cases if rng.random() < CODED_SHARE]
    events = [HistoricEvent(agency=agency, case=case, type="Exploitation") for case in coded]
    HistoricEvent.objects.bulk_create(events, batch_size=BATCH)
    codes = ["SexualExploitation", "ForcedLabour", "ForcedMarriage", "Servitude"]
    EventCoding.objects.bulk_create(
        [
            EventCoding(
                agency=agency, event=event, case=event.case, vocabulary=TYPE_OF_EXPLOITATION, code=rng.choice(codes)
            )
            for event in events
        ],
        batch_size=BATCH,
    )
    family = [
        Relation(agency=agency, survivor=person, kind="family_member")
        for person in survivors
        if rng.random() < SECOND_CASE_SHARE
    ]
    Relation.objects.bulk_create(family, batch_size=BATCH)
    family_of: dict[object, list[Relation]] = {}
    for relation in family:
        family_of.setdefault(relation.survivor_id, []).append(relation)
    kinds = list(ServiceType.objects.select_related("category"))
    start = datetime.date(YEAR, 1, 1)
    made = 0
    while made < services:
        batch = []
        for _ in range(min(BATCH, services - made)):
            case = rng.choice(cases)
            kind = rng.choice(kinds)
            before = rng.random() < BEFORE_PERIOD_SHARE
            day = start + datetime.timedelta(days=rng.randrange(365)) - datetime.timedelta(days=365 if before else 0)
            relatives = family_of.get(case.survivor_id)
            recipient = rng.choice(relatives) if relatives and rng.random() < FAMILY_SERVICE_SHARE else None
            batch.append(
                ServiceRecord(
                    agency=agency,
                    case=case,
                    service_type=kind,
                    category_code=kind.category.code,
                    delivered_on=day,
                    duration_minutes=rng.choice([None, 30, 60, 90]),
                    recipient=recipient,
                )
            )
        ServiceRecord.objects.bulk_create(batch)
        made += len(batch)
    return agency


HAND_SQL = """
SELECT s.category_code, COUNT(*), COUNT(DISTINCT c.survivor_id), SUM(s.duration_minutes)
FROM services_servicerecord s JOIN cases_case c ON c.id = s.case_id
WHERE s.agency_id = %s AND s.voided_at IS NULL AND s.delivered_on >= %s AND s.delivered_on < %s
GROUP BY s.category_code
"""


def main() -> None:
    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    django.setup()
    from reclaim.core.dbstate import exit_unless_migrated

    exit_unless_migrated()
    from django.db import connection, transaction

    from reclaim.reporting.reports.runner import compute_report

    rng = random.Random(args.seed)
    try:
        with transaction.atomic():
            started = time.perf_counter()
            agency = seed(args.services, rng)
            seeded = time.perf_counter() - started
            # A live database has planner statistics; fresh rows in a rolled-back transaction have none.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            report_times, sql_times = [], []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                compute_report(agency.pk, {"template": "ovc_tims", "period": str(YEAR)})
                report_times.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                with connection.cursor() as cursor:
                    pk = agency.pk.hex if connection.vendor == "sqlite" else agency.pk
                    cursor.execute(HAND_SQL, [pk, f"{YEAR}-01-01", f"{YEAR + 1}-01-01"])
                    rows = cursor.fetchall()
                sql_times.append(time.perf_counter() - t0)
            report, sql = statistics.median(report_times), statistics.median(sql_times)
            print(
                f"database={connection.vendor} services={args.services} repeat={args.repeat} seed_s={seeded:.1f} "
                f"categories={len(rows)} report_median_s={report:.3f} single_sql_median_s={sql:.3f} "
                f"ratio={report / sql:.2f}"
            )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
