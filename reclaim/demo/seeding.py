"""Deterministic synthetic data through bulk writes; re-running adds nothing that is already there."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from reclaim.accounts.actions import NewMember, do_add_members, do_create_agency, do_create_team
from reclaim.accounts.models import Agency, Membership, Team, User
from reclaim.accounts.roles import Role
from reclaim.assessments import scoring
from reclaim.assessments.loader import SHIPPED_CODES, install_shipped
from reclaim.assessments.models import (
    Assessment,
    AssessmentAlert,
    AssessmentMode,
    AssessmentStatus,
    Instrument,
    InstrumentVersion,
    OutcomeDomain,
    OutcomeRating,
    OutcomeScale,
    OutcomeScore,
    OutcomeSubdomain,
)
from reclaim.assessments.outcome_data import install_default_scale
from reclaim.assessments.outcome_selectors import current_scale_for
from reclaim.cases.models import (
    Case,
    CaseAssignment,
    CaseEvent,
    CaseFlag,
    CaseNote,
    CloseReason,
    DatePrecision,
    DecisionOrg,
    EventCoding,
    EventType,
    FlagKind,
    FollowUp,
    FollowUpChannel,
    FollowUpOutcome,
    FollowUpStatus,
    HistoricEvent,
    IdentificationSource,
    ImmediateNeed,
    Indicator,
    NeedKind,
    NeedStatus,
    NoteConfidentiality,
    NoteKind,
    Screening,
    ScreeningIndicator,
    ScreeningTool,
    StatusDetermination,
    TraffickingStatus,
)
from reclaim.cases.schedule import DEFAULT_OFFSETS_MONTHS, DEFAULT_WINDOW_DAYS, plan
from reclaim.cases.state import CaseStatus
from reclaim.core import htcds
from reclaim.core.audit import AuditEntry, append_audit_rows
from reclaim.core.bulk import prepare_instances, prepare_rows, write_together
from reclaim.demo import data
from reclaim.demo.keys import demo_key
from reclaim.people.actions import index_values
from reclaim.people.ages import age_band
from reclaim.people.blocking import MatchKeyer
from reclaim.people.models import (
    ContactChannel,
    Relation,
    RelationKind,
    Relationship,
    SafeToContact,
    Survivor,
    SurvivorAssignment,
    SurvivorMatchKey,
)

if TYPE_CHECKING:
    from decimal import Decimal
    from uuid import UUID

Progress = Callable[[int], None]


@dataclass
class SeedReport:
    agencies_created: int = 0
    staff_created: int = 0
    survivors_created: int = 0
    cases_created: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)


def seed_network(report: SeedReport, *, count: int = len(data.AGENCIES)) -> dict[str, Agency]:
    """The first `count` demo agencies (data.agency_specs), each with its teams and one member in every role."""
    agencies: dict[str, Agency] = {}
    created: list[UUID] = []
    for spec in data.agency_specs(count):
        agency = Agency.objects.filter(slug=spec["slug"]).first()
        if agency is None:
            agency = do_create_agency(
                actor=None, name=spec["name"], slug=spec["slug"], org_type=spec["org_type"], country=spec["country"]
            )
            report.agencies_created += 1
        agencies[spec["slug"]] = agency
        existing_teams = set(Team.objects.filter(agency=agency).values_list("name", flat=True))
        for team_name in spec["teams"]:
            if team_name not in existing_teams:
                do_create_team(actor=None, agency=agency, name=team_name)
        teams = list(Team.objects.filter(agency=agency).order_by("name"))
        existing_emails = set(
            User.objects.filter(email__endswith=f"@{spec['slug']}.example").values_list("email", flat=True)
        )
        new: list[NewMember] = []
        for role, role_slug, display in data.STAFF:
            email = data.staff_email(role_slug, spec["slug"])
            report.logins.append((spec["name"], str(Role(role).label), email))
            if email not in existing_emails:
                new.append(NewMember(email, display, role, None, tuple(teams[:1])))
        if new:
            created.extend(m.user_id for m in do_add_members(actor=None, agency=agency, members=new))
            report.staff_created += len(new)
    if created:  # the published demo password, hashed once for every new sign-in (hashing is slow on purpose)
        User.objects.filter(pk__in=created).update(password=make_password(data.DEMO_PASSWORD))
    if not User.objects.filter(email=data.OPERATOR_EMAIL).exists():
        User.objects.create_user(
            email=data.OPERATOR_EMAIL,
            password=data.DEMO_PASSWORD,
            display_name="Platform Operator",
            is_platform_operator=True,
        )
        report.staff_created += 1
    report.logins.append(("(platform)", "Platform operator", data.OPERATOR_EMAIL))
    return agencies


def _survivor(rng: random.Random, agency: Agency, reference: str, team: Team | None) -> Survivor:
    given, family = rng.choice(data.GIVEN_NAMES), rng.choice(data.FAMILY_NAMES)
    age_days = rng.randint(14 * 365, 60 * 365)
    known_dob = rng.random() > 0.15  # some people do not know or do not give a birth date
    survivor = Survivor(
        id=demo_key(),
        agency=agency,
        reference=reference,
        team=team,
        given_name=given,
        family_name=family,
        chosen_name=given if rng.random() > 0.8 else None,
        date_of_birth=date(2026, 1, 1) - timedelta(days=age_days) if known_dob else None,
        phone=f"+1555{rng.randint(1000000, 9999999)}" if rng.random() > 0.3 else None,
        pronouns=rng.choice(data.PRONOUNS),
        preferred_language=rng.choice(data.LANGUAGES),
        nationality_class=_nationality(reference),
    )
    return survivor


# Most people in the demo are foreign nationals, as in many US programs; a quarter did not say. Drawn from the
# reference alone, so adding it did not change any other seeded value.
NATIONALITY_SHARES = (("foreign_national", 0.55), ("us_citizen", 0.15), ("lpr", 0.05))


def _nationality(reference: str) -> str:
    draw = random.Random(f"{reference}:nationality").random()
    for code, share in NATIONALITY_SHARES:
        if draw < share:
            return code
        draw -= share
    return ""


def seed_survivors(
    agencies: dict[str, Agency], *, total: int, seed: int, progress: Progress | None = None, batch_size: int = 1000
) -> int:
    """Spread `total` synthetic survivors over the agencies; create only references not there yet."""
    created = 0
    specs = {spec["slug"]: spec for spec in data.agency_specs(data.AGENCIES_MAX)}
    slugs = list(agencies)
    per_agency = {slug: total // len(slugs) + (1 if i < total % len(slugs) else 0) for i, slug in enumerate(slugs)}
    for slug, count in per_agency.items():
        agency = agencies[slug]
        rng = random.Random(f"{seed}:{slug}")
        teams = list(Team.objects.filter(agency=agency).order_by("name"))
        workers = list(
            Membership.objects.filter(
                agency=agency, is_active=True, role__in=[Role.CASE_MANAGER, Role.CLINICIAN, Role.LEGAL_ADVOCATE]
            ).values_list("user_id", flat=True)
        )
        existing = set(Survivor.objects.filter(agency=agency).values_list("reference", flat=True))
        keyer = MatchKeyer(scope_id=agency.pk)
        for start in range(0, count, batch_size):
            batch: list[Survivor] = []
            match_keys: list[dict[str, Any]] = []
            for i in range(start, min(start + batch_size, count)):
                reference = f"{specs[slug]['prefix']}-{i + 1:06d}"
                survivor = _survivor(rng, agency, reference, teams[i % len(teams)] if teams else None)
                if reference in existing:
                    continue
                match_keys.extend(
                    {"agency_id": agency.pk, "survivor_id": survivor.pk, "key": key}
                    for key in sorted(index_values(survivor, keyer=keyer))
                )
                batch.append(survivor)
            if batch:
                # made before the transaction: writers wait for each other's, so it only writes
                rows = [
                    prepare_instances(batch),
                    prepare_rows(SurvivorMatchKey, match_keys),
                    # Every worker is assigned to the first survivors so each role has records to open.
                    prepare_instances(
                        [
                            SurvivorAssignment(id=demo_key(), agency=agency, survivor=s, user_id=w)
                            for s in batch
                            if int(s.reference[-6:]) <= 20
                            for w in workers
                        ]
                    ),
                ]
                with transaction.atomic():
                    write_together(*rows)
                    append_audit_rows(
                        AuditEntry(
                            "survivor.created",
                            agency_id=agency.pk,
                            object_type="survivor",
                            object_id=str(s.pk),
                            purpose="seed_demo",
                        )
                        for s in batch
                    )
                created += len(batch)
            if progress is not None:
                progress(min(batch_size, count - start))
    return created


# Stages spread over the demo so every stage has cases; the history leading to each is recorded.
_STAGE_CYCLE = [
    CaseStatus.IDENTIFIED,
    CaseStatus.INTAKE,
    CaseStatus.STABILIZATION,
    CaseStatus.ASSESSMENT,
    CaseStatus.ACTIVE_PLAN,
    CaseStatus.ACTIVE_PLAN,
    CaseStatus.REINTEGRATION,
    CaseStatus.FOLLOW_UP,
    CaseStatus.CLOSED,
]
_PATH = [
    CaseStatus.IDENTIFIED,
    CaseStatus.INTAKE,
    CaseStatus.STABILIZATION,
    CaseStatus.ASSESSMENT,
    CaseStatus.ACTIVE_PLAN,
    CaseStatus.REINTEGRATION,
    CaseStatus.FOLLOW_UP,
    CaseStatus.CLOSED,
]


_EARLY_STAGES = frozenset({CaseStatus.IDENTIFIED, CaseStatus.INTAKE, CaseStatus.STABILIZATION})
# The choices' codes, listed once: `Choices.values` builds its list anew at every read, once or more per case.
_NEEDS = NeedKind.values
_IDENTIFICATION_SOURCES = list(IdentificationSource.values)
_DETERMINED = list(TraffickingStatus.values)[:2]
_INDICATORS = list(Indicator.values)


def _demo_needs(case: Case, opened: datetime, now: datetime, rng: random.Random) -> list[dict[str, Any]]:
    """The checklist of a demo case: early cases still have some urgent needs open, later ones are settled."""
    rows = []
    early = case.status in _EARLY_STAGES
    for need in _NEEDS:
        urgent = rng.random() < (0.3 if early else 0.15)
        if early and rng.random() < 0.6:
            status = rng.choice([NeedStatus.UNMET, NeedStatus.IN_PROGRESS, NeedStatus.REFERRED])
            resolved_at = None
        else:
            status = rng.choice([NeedStatus.MET, NeedStatus.MET, NeedStatus.NOT_NEEDED, NeedStatus.DECLINED])
            resolved_at = min(opened + timedelta(hours=rng.randint(1, 24 * 14)), now)
        rows.append(
            {
                "agency_id": case.agency.pk,
                "case_id": case.pk,
                "need": need,
                "status": status,
                "urgent": urgent,
                "opened_at": opened,
                "resolved_at": resolved_at,
            }
        )
    return rows


def seed_cases(agencies: dict[str, Agency], *, seed: int, batch_size: int = 1000) -> int:
    """Open one case for every demo survivor without one, in a stage of the cycle, with its history."""
    created = 0
    for slug, agency in agencies.items():
        rng = random.Random(f"{seed}:{slug}:cases")
        needs_rng = random.Random(f"{seed}:{slug}:needs")  # its own stream, so cases stay as they were
        managers = list(
            Membership.objects.filter(agency=agency, role=Role.CASE_MANAGER, is_active=True).values_list(
                "user_id", flat=True
            )
        )
        clinical = list(
            Membership.objects.filter(
                agency=agency, role__in=[Role.CLINICIAN, Role.LEGAL_ADVOCATE], is_active=True
            ).values_list("user_id", flat=True)
        )
        supervisor = (
            Membership.objects.filter(agency=agency, role=Role.SUPERVISOR, is_active=True)
            .values_list("user_id", flat=True)
            .first()
        )
        survivors = list(
            Survivor.objects.filter(agency=agency)
            .exclude(cases__isnull=False)
            .only("pk", "agency_id", "reference", "team_id", "date_of_birth")  # not decrypting the other fields
            .order_by("reference")
        )
        start_number = Case.objects.filter(agency=agency).count()
        for offset in range(0, len(survivors), batch_size):
            chunk = survivors[offset : offset + batch_size]
            cases: list[Case] = []
            assignments: list[dict[str, Any]] = []
            events: list[dict[str, Any]] = []
            determinations: list[dict[str, Any]] = []
            follow_ups: list[FollowUp] = []
            needs: list[dict[str, Any]] = []
            now = timezone.now()
            for i, survivor in enumerate(chunk, start=offset):
                stage = _STAGE_CYCLE[i % len(_STAGE_CYCLE)]
                opened = now - timedelta(days=rng.randint(30, 900))
                case = Case(
                    id=demo_key(),
                    agency=agency,
                    survivor=survivor,
                    number=f"C{opened.year}-{start_number + i + 1:05d}",
                    status=stage,
                    team_id=survivor.team_id,
                    lead_worker_id=managers[0] if managers else None,
                    identified_on=opened.date(),
                    identification_source=rng.choice(_IDENTIFICATION_SOURCES),
                    is_minor=(minor := rng.random() < 0.15),
                    age_band=age_band(survivor.date_of_birth, opened.date(), is_minor=minor),
                    danger_now=rng.random() < 0.05,
                    services_consent_on=opened.date() if stage != CaseStatus.IDENTIFIED else None,
                    intake_on=opened.date() if stage != CaseStatus.IDENTIFIED else None,
                    closed_at=now - timedelta(days=rng.randint(1, 20)) if stage == CaseStatus.CLOSED else None,
                    close_reason=rng.choice(
                        [CloseReason.GOALS_MET, CloseReason.RELOCATED, CloseReason.FOLLOW_UP_COMPLETED]
                    )
                    if stage == CaseStatus.CLOSED
                    else "",
                )
                cases.append(case)
                if int(survivor.reference[-6:]) <= 20:
                    assignments.extend(
                        {"agency_id": agency.pk, "case_id": case.pk, "user_id": u} for u in [*managers, *clinical]
                    )
                elif managers:
                    assignments.append({"agency_id": agency.pk, "case_id": case.pk, "user_id": managers[0]})
                determinations.append(
                    {
                        "agency_id": agency.pk,
                        "case_id": case.pk,
                        "status": rng.choice(_DETERMINED),
                        "decided_by": DecisionOrg.NGO,
                        "decided_on": opened.date(),
                    }
                )
                needs.extend(_demo_needs(case, opened, now, needs_rng))
                at = opened
                events.append(
                    {
                        "agency_id": agency.pk,
                        "case_id": case.pk,
                        "type": EventType.OPENED,
                        "at": at,
                        "parameters": {"source": case.identification_source},
                    }
                )
                for old, new in itertools.pairwise(_PATH[: _PATH.index(stage) + 1]):
                    at += timedelta(days=rng.randint(1, 60))
                    actor = (
                        supervisor
                        if new in (CaseStatus.FOLLOW_UP, CaseStatus.CLOSED)
                        else (managers[0] if managers else None)
                    )
                    events.append(
                        {
                            "agency_id": agency.pk,
                            "case_id": case.pk,
                            "type": EventType.STATUS_CHANGED,
                            "actor_id": actor,
                            "at": min(at, now),
                            "parameters": {"old": old, "new": new},
                        }
                    )
                if stage == CaseStatus.FOLLOW_UP:
                    follow_ups.extend(_seed_follow_ups(rng, case, min(at, now).date(), now.date()))
            rows = [  # made before the transaction: writers wait for each other's, so it only writes
                prepare_instances(cases),
                prepare_rows(CaseAssignment, assignments, keys=demo_key),
                prepare_rows(StatusDetermination, determinations, keys=demo_key),
                prepare_rows(ImmediateNeed, needs, keys=demo_key),
                prepare_rows(CaseEvent, events, keys=demo_key),
                prepare_instances(follow_ups),
            ]
            with transaction.atomic():
                write_together(*rows)
                append_audit_rows(
                    AuditEntry(
                        "case.opened", agency_id=agency.pk, object_type="case", object_id=str(c.pk), purpose="seed_demo"
                    )
                    for c in cases
                )
            created += len(cases)
    return created


_SEED_OUTCOMES = [
    FollowUpOutcome.REACHED_DOING_WELL,
    FollowUpOutcome.REACHED_DOING_WELL,
    FollowUpOutcome.REACHED_NEEDS_SUPPORT,
    FollowUpOutcome.NOT_REACHED,
]


def _seed_follow_ups(rng: random.Random, case: Case, exit_on: date, today: date) -> list[FollowUp]:
    """The default schedule from the exit date; contacts whose window has closed are recorded or missed."""
    rows = []
    for contact in plan(exit_on, DEFAULT_OFFSETS_MONTHS, DEFAULT_WINDOW_DAYS):
        row = FollowUp(
            id=demo_key(),
            agency_id=case.agency_id,
            case=case,
            sequence=contact.sequence,
            offset_months=contact.offset_months,
            due_on=contact.due_on,
            window_days=contact.window_days,
            closes_on=contact.closes_on,
        )
        if contact.closes_on < today:
            if rng.random() < 0.8:
                row.status = FollowUpStatus.COMPLETED
                row.outcome = rng.choice(_SEED_OUTCOMES)
                row.contacted_on = contact.due_on
                row.channel = FollowUpChannel.PHONE
                row.indicators_checked = row.outcome != FollowUpOutcome.NOT_REACHED
            else:
                row.status = FollowUpStatus.MISSED
        rows.append(row)
    return rows


_SCREENING_TOOLS = [
    ScreeningTool.TVIT_SHORT,
    ScreeningTool.TVIT_SHORT,
    ScreeningTool.HHS_AHTST,
    ScreeningTool.OBSERVATION,
]


@dataclass
class _CaseFiles:
    """Rows for the demo case files, written in bulk in one transaction per agency."""

    screenings: list[Screening] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    codings: list[dict[str, Any]] = field(default_factory=list)
    flags: list[CaseFlag] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def save(self) -> None:
        write_together(
            prepare_instances(self.screenings),
            prepare_rows(ScreeningIndicator, self.indicators, keys=demo_key),
            prepare_rows(CaseNote, self.notes),
            prepare_rows(Relation, self.relations, keys=demo_key),
            prepare_rows(HistoricEvent, self.history),
            prepare_rows(EventCoding, self.codings, keys=demo_key),
            prepare_instances(self.flags),
            prepare_rows(CaseEvent, self.events, keys=demo_key),
        )


_FILES_BATCH = 1000


def seed_case_files(agencies: dict[str, Agency], *, seed: int) -> int:
    """Give demo cases what a real file holds: a screening, notes at each level and family or contacts.

    Idempotent: cases that already have notes are left alone. Returns the number of cases filled."""
    filled = 0
    for slug, agency in agencies.items():
        rng = random.Random(f"{seed}:{slug}:files")
        roles = dict(
            Membership.objects.filter(agency=agency, is_active=True).values_list("role", "user_id").order_by("role")
        )
        author = roles.get(Role.CASE_MANAGER)
        if author is None:
            continue
        cases = list(
            Case.objects.filter(agency=agency)
            .exclude(Exists(CaseNote.objects.filter(case=OuterRef("pk"))))
            .select_related("survivor")
            .only(
                "pk", "agency_id", "identified_on", "danger_now", "number", "survivor__agency_id", "survivor__reference"
            )
            .order_by("number")
        )
        files = _CaseFiles()
        for case in cases:
            opened = case.identified_on or timezone.localdate()
            at = _at(opened, 10)
            if rng.random() < 0.7:
                screening, screened, seen = _demo_screening(rng, case, author, at)
                files.screenings.append(screening)
                files.indicators.extend(seen)
                files.events.append(screened)
            levels: list[tuple[str, UUID | None, list[str]]] = [
                (NoteConfidentiality.GENERAL, author, data.GENERAL_NOTES)
            ] * rng.randint(1, 3)
            if int(case.survivor.reference[-6:]) <= 20:  # the demo clinician and legal advocate work these
                levels += [
                    (NoteConfidentiality.CLINICAL, roles.get(Role.CLINICIAN), data.CLINICAL_NOTES),
                    (NoteConfidentiality.LEGAL, roles.get(Role.LEGAL_ADVOCATE), data.LEGAL_NOTES),
                ]
            for n, (level, writer, phrases) in enumerate(levels, start=1):
                if writer is None:
                    continue
                day = min(opened + timedelta(days=7 * n + rng.randint(0, 6)), timezone.localdate())
                note = demo_key()
                files.notes.append(
                    {
                        "id": note,
                        "agency_id": agency.pk,
                        "case_id": case.pk,
                        "confidentiality": level,
                        "kind": NoteKind.SESSION if level == NoteConfidentiality.CLINICAL else NoteKind.CONTACT,
                        "occurred_on": day,
                        "body": rng.choice(phrases),
                        "author_id": writer,
                    }
                )
                files.events.append(
                    {
                        "agency_id": agency.pk,
                        "case_id": case.pk,
                        "type": EventType.NOTE_ADDED,
                        "actor_id": writer,
                        "at": _at(day, 15),
                        "parameters": {"note_id": str(note), "confidentiality": level},
                    }
                )
            files.relations.extend(_demo_relations(rng, case.survivor))
            steps, step_codings, recorded = _demo_history(rng, case, author, at + timedelta(days=2))
            files.history.extend(steps)
            files.codings.extend(step_codings)
            files.events.extend(recorded)
            if case.danger_now or rng.random() < 0.08:
                flag, raised = _demo_flag(rng, case, author, at + timedelta(days=1))
                files.flags.append(flag)
                files.events.append(raised)
            filled += 1
            if filled % _FILES_BATCH == 0:  # one transaction per batch of cases, not one per agency
                files.save()
                files = _CaseFiles()
        files.save()
    return filled


def _demo_screening(
    rng: random.Random, case: Case, author: UUID, at: datetime
) -> tuple[Screening, dict[str, Any], list[dict[str, Any]]]:
    screening = Screening(
        id=demo_key(),
        agency_id=case.agency_id,
        case=case,
        screened_on=at.date(),
        tool=rng.choice(_SCREENING_TOOLS),
        screener_id=author,
    )
    codes = rng.sample(_INDICATORS, rng.randint(1, 4))
    seen = [{"agency_id": case.agency_id, "screening_id": screening.pk, "code": c} for c in codes]
    event = {
        "agency_id": case.agency_id,
        "case_id": case.pk,
        "type": EventType.SCREENING,
        "actor_id": author,
        "at": at,
        "parameters": {"screening_id": str(screening.pk), "tool": screening.tool, "indicator_count": len(codes)},
    }
    return screening, event, seen


def _demo_flag(rng: random.Random, case: Case, author: UUID, at: datetime) -> tuple[CaseFlag, dict[str, Any]]:
    flag = CaseFlag(
        id=demo_key(),
        agency_id=case.agency_id,
        case=case,
        kind=FlagKind.SAFETY_CONCERN,
        reason=rng.choice(data.FLAG_REASONS),
        raised_by_id=author,
        raised_at=at,
    )
    event = {
        "agency_id": case.agency_id,
        "case_id": case.pk,
        "type": EventType.FLAG_RAISED,
        "actor_id": author,
        "at": at,
        "parameters": {"flag_id": str(flag.pk), "kind": flag.kind},
    }
    return flag, event


def _demo_history(
    rng: random.Random, case: Case, author: UUID, at: datetime
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Recruitment then exploitation, months before identification, with coded types and means of control."""
    kinds, control, recruitment, industry = rng.choice(data.HISTORIES)
    identified = case.identified_on or timezone.localdate()
    recruited = (identified - timedelta(days=rng.randint(120, 900))).replace(day=1)
    exploited_until = identified - timedelta(days=rng.randint(1, 20))
    country = rng.choice(data.COUNTRIES)
    recruitment_event = {
        "id": demo_key(),
        "agency_id": case.agency_id,
        "case_id": case.pk,
        "type": "Recruitment",
        "started_on": recruited,
        "started_precision": DatePrecision.MONTH,
        "country": country,
        "recorded_by_id": author,
    }
    exploitation = {
        "id": demo_key(),
        "agency_id": case.agency_id,
        "case_id": case.pk,
        "type": "Exploitation",
        "started_on": recruited + timedelta(days=rng.randint(20, 90)),
        "started_precision": DatePrecision.MONTH,
        "ended_on": exploited_until,
        "country": "US" if rng.random() < 0.7 else country,
        "place": rng.choice(data.PLACES),
        "relationship_to_trafficker": rng.choice(["Familial", "Acquainted", "Unaquainted"]),
        "forced_labour_industry": industry if "ForcedLabour" in kinds else "",
        "recorded_by_id": author,
    }
    codes = [
        *((htcds.METHOD_OF_RECRUITMENT, c, recruitment_event) for c in recruitment),
        *((htcds.TYPE_OF_EXPLOITATION, c, exploitation) for c in kinds),
        *((htcds.METHODS_OF_CONTROL, c, exploitation) for c in control),
    ]
    codings = [
        {
            "agency_id": case.agency_id,
            "event_id": event["id"],
            "case_id": case.pk,
            "vocabulary": vocabulary,
            "code": code,
        }
        for vocabulary, code, event in codes
    ]
    steps = [recruitment_event, exploitation]
    recorded = [
        {
            "agency_id": case.agency_id,
            "case_id": case.pk,
            "type": EventType.HISTORY_ADDED,
            "actor_id": author,
            "at": at,
            "parameters": {"event_id": str(step["id"]), "type": step["type"]},
        }
        for step in steps
    ]
    return steps, codings, recorded


def _demo_relations(rng: random.Random, survivor: Survivor) -> list[dict[str, Any]]:
    """A sibling who is safe to text, and sometimes someone who must never be contacted."""
    rows = [
        {
            "agency_id": survivor.agency_id,
            "survivor_id": survivor.pk,
            "kind": RelationKind.FAMILY_MEMBER,
            "relationship": Relationship.SIBLING,
            "name": f"{rng.choice(data.GIVEN_NAMES)} {rng.choice(data.FAMILY_NAMES)}",
            "phone": f"+1 555 01{rng.randint(0, 99):02d} {rng.randint(1000, 9999)}",
            "safe_to_contact": SafeToContact.YES,
            "safe_channel": ContactChannel.TEXT,
            "safe_times": rng.choice(data.SAFE_TIMES),
        }
    ]
    if rng.random() < 0.3:
        rows.append(
            {
                "agency_id": survivor.agency_id,
                "survivor_id": survivor.pk,
                "kind": RelationKind.OTHER,
                "relationship": Relationship.OTHER,
                "name": rng.choice(data.GIVEN_NAMES),
                "safe_to_contact": SafeToContact.NO,
                "unsafe_reason": rng.choice(data.UNSAFE_REASONS),
                "connected_to_trafficking": True,
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------------
# Assessments and outcome ratings (issue 4): screens over time and outcome-domain ratings, so the
# Assessments, Outcomes and Progress tabs and the cohort view have something to show.
# ---------------------------------------------------------------------------------------------------

_ASSESSED_STAGES = [
    CaseStatus.ASSESSMENT,
    CaseStatus.ACTIVE_PLAN,
    CaseStatus.REINTEGRATION,
    CaseStatus.FOLLOW_UP,
    CaseStatus.CLOSED,
]
_SEED_INSTRUMENTS = ("phq9", "gad7", "pcl5")
_ACK_NOTE = "Talked it through with the person; the safety plan was reviewed and support arranged."


def ensure_assessment_reference_data() -> None:
    """The shipped instruments and the default outcome scale, loaded by the data migrations; a live-server
    test's flush empties them, so put them back (both loaders are idempotent)."""
    if Instrument.objects.filter(agency__isnull=True, code__in=SHIPPED_CODES).count() < len(SHIPPED_CODES):
        with transaction.atomic():
            install_shipped(Instrument, InstrumentVersion)
    if not OutcomeScale.objects.filter(agency__isnull=True, is_current=True).exists():
        with transaction.atomic():
            install_default_scale(OutcomeScale, OutcomeDomain, OutcomeSubdomain)


@dataclass(frozen=True)
class _AnswerPlan:
    """What `_demo_answers` reads from an instrument's definition, worked out once per instrument rather than
    once per result (sorting every item's options was most of the answers' time)."""

    items: tuple[tuple[int, int, bool], ...]  # each item's lowest and highest value, and whether it is reversed
    better_up: bool
    phq9: bool

    @classmethod
    def of(cls, definition: dict[str, Any]) -> _AnswerPlan:
        items = []
        for item in definition["items"]:
            values = sorted(int(option["value"]) for option in (item.get("options") or definition["options"]))
            items.append((values[0], values[-1], bool(item.get("reverse", False))))
        better_up = bool(definition["scoring"].get("higher_is_better", False))
        return cls(items=tuple(items), better_up=better_up, phq9=definition["code"] == "phq9")


def _demo_answers(rng: random.Random, plan: _AnswerPlan, severity: float) -> list[int | None]:
    """Answers around a severity (0 = none, 1 = worst), with noise; reverse-scored items answered so their
    scored value follows the same severity. PHQ-9 question 9 stays at 0 except rarely."""
    answers: list[int | None] = []
    last = len(plan.items) - 1
    for index, (low, high, reverse) in enumerate(plan.items):
        level = 1 - severity if plan.better_up else severity
        if reverse:
            level = 1 - level
        raw = round(low + level * (high - low) + rng.gauss(0, 0.5))
        value = min(max(raw, low), high)
        if plan.phq9 and index == last:
            value = 1 if severity > 0.7 and rng.random() < 0.15 else 0
        answers.append(value)
    return answers


@dataclass
class _Assessed:
    """Rows for the demo assessments and ratings, written in bulk in one transaction per agency."""

    assessments: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    ratings: list[dict[str, Any]] = field(default_factory=list)
    scores: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def save(self) -> None:
        write_together(
            prepare_rows(Assessment, self.assessments),
            prepare_rows(AssessmentAlert, self.alerts, keys=demo_key),
            prepare_rows(OutcomeRating, self.ratings),
            prepare_rows(OutcomeScore, self.scores, keys=demo_key),
            prepare_rows(CaseEvent, self.events, keys=demo_key),
        )


def _at(day: date, hour: int) -> datetime:
    """`hour` o'clock on `day` in the current time zone (what make_aware of midnight plus the hours gives)."""
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def _last_day(case: Case) -> date:
    """Today, or the day a closed case was closed: nothing is recorded on a closed case."""
    return timezone.localdate(case.closed_at) if case.closed_at else timezone.localdate()


def _demo_assessments(
    rng: random.Random,
    case: Case,
    *,
    versions: dict[str, InstrumentVersion],
    plans: dict[str, _AnswerPlan],
    author: UUID,
    rows: _Assessed,
) -> None:
    """A few results per screen from the assessment stage on, two to four months apart: most people
    improve with noise, some stay where they are, a few get worse for a while."""
    today = _last_day(case)
    start = (case.intake_on or case.identified_on or today) + timedelta(days=rng.randint(14, 45))
    count = 1 + rng.randint(0, 1) if case.status == CaseStatus.ASSESSMENT else rng.randint(2, 4)
    trend = rng.choice([-0.12, -0.1, -0.08, -0.08, -0.06, -0.04, 0.0, 0.03])  # change of severity per result
    for code in _SEED_INSTRUMENTS:
        if code == "pcl5" and rng.random() < 0.4:
            continue
        version = versions[code]
        definition = version.definition
        severity = rng.uniform(0.4, 0.85)
        previous: Decimal | None = None
        day = start + timedelta(days=rng.randint(0, 3))
        for n in range(count):
            if day > today:
                break
            answers = _demo_answers(rng, plans[code], min(max(severity, 0.0), 1.0))
            result = scoring.score(definition, answers, previous_total=previous)
            assessment = {
                "id": demo_key(),
                "agency_id": case.agency_id,
                "case_id": case.pk,
                "instrument_version_id": version.pk,
                "administered_on": day,
                "administered_by_id": author,
                "mode": AssessmentMode.STAFF,
                "status": AssessmentStatus.COMPLETED,
                "language": "en",
                "answers": answers,
                "total": result.total,
                "band": result.band,
                "subscales": {name: None if v is None else str(v) for name, v in result.subscales.items()},
                "complete": result.complete,
                "incomplete_reason": result.incomplete_reason,
                "alerts": [a.code for a in result.alerts],
                "result": result.as_json(),
            }
            rows.assessments.append(assessment)
            raised = _at(day, 11)
            for fired in result.alerts:
                # the latest result's urgent alerts, and some others, are still open; the rest were handled
                still_open = n == count - 1 and (fired.severity == "urgent" or rng.random() < 0.25)
                rows.alerts.append(
                    {
                        "agency_id": case.agency_id,
                        "case_id": case.pk,
                        "assessment_id": assessment["id"],
                        "rule_code": fired.code,
                        "severity": fired.severity,
                        "raised_at": raised,
                        "acknowledged_by_id": None if still_open else author,
                        "acknowledged_at": None if still_open else raised + timedelta(hours=3),
                        "note": None if still_open else _ACK_NOTE,
                    }
                )
            rows.events.append(
                {
                    "agency_id": case.agency_id,
                    "case_id": case.pk,
                    "type": EventType.ASSESSMENT_RECORDED,
                    "actor_id": author,
                    "at": raised,
                    "parameters": {
                        "assessment_id": str(assessment["id"]),
                        "instrument": code,
                        "instrument_version": version.version,
                        "band": result.band,
                        "complete": result.complete,
                        "alerts": assessment["alerts"],
                    },
                }
            )
            previous = result.total if result.complete else previous
            severity += trend + rng.gauss(0, 0.05)
            day += timedelta(days=rng.randint(60, 120))  # rescreened every two to four months


def _demo_ratings(
    rng: random.Random,
    case: Case,
    *,
    scale: OutcomeScale,
    subdomains: list[OutcomeSubdomain],
    author: UUID,
    rows: _Assessed,
) -> None:
    """Up to three outcome ratings three to six months apart, scores drifting up (1 = most vulnerable, 4 = least)."""
    today = _last_day(case)
    day = (case.intake_on or case.identified_on or today) + timedelta(days=rng.randint(10, 40))
    level = rng.uniform(1.3, 2.4)
    for _n in range(rng.randint(2, 3)):
        if day > today:
            break
        rating = {
            "id": demo_key(),
            "agency_id": case.agency_id,
            "case_id": case.pk,
            "scale_id": scale.pk,
            "rated_on": day,
            "rated_by_id": author,
            "with_survivor": rng.random() < 0.85,
            "note": None,
        }
        rows.ratings.append(rating)
        rows.scores.extend(
            {
                "agency_id": case.agency_id,
                "rating_id": rating["id"],
                "subdomain_id": sub.pk,
                "score": None if rng.random() < 0.05 else min(max(round(level + rng.gauss(0, 0.5)), 1), 4),
            }
            for sub in subdomains
        )
        rows.events.append(
            {
                "agency_id": case.agency_id,
                "case_id": case.pk,
                "type": EventType.OUTCOMES_RATED,
                "actor_id": author,
                "at": _at(day, 14),
                "parameters": {"rating_id": str(rating["id"]), "scale_id": str(scale.pk)},
            }
        )
        level += rng.uniform(-0.1, 0.7)
        day += timedelta(days=rng.randint(90, 180))  # rated again at a plan review, three to six months on


def seed_assessments(agencies: dict[str, Agency], *, seed: int, batch_size: int = 1000) -> int:
    """Screens (PHQ-9, GAD-7, often PCL-5) over time, scored with the real scoring, and outcome ratings for
    demo cases in the assessment stage or later. Idempotent: cases that already have an assessment or a
    rating are left alone. Returns the number of cases filled."""
    ensure_assessment_reference_data()
    versions = {
        v.instrument.code: v
        for v in InstrumentVersion.objects.filter(
            instrument__agency__isnull=True, instrument__code__in=_SEED_INSTRUMENTS
        )
        .select_related("instrument")
        .order_by("created_at", "pk")
    }
    plans = {code: _AnswerPlan.of(version.definition) for code, version in versions.items()}
    filled = 0
    for slug, agency in agencies.items():
        rng = random.Random(f"{seed}:{slug}:assessments")
        author = (
            Membership.objects.filter(agency=agency, role=Role.CASE_MANAGER, is_active=True)
            .values_list("user_id", flat=True)
            .first()
        )
        if author is None:
            continue
        scale = current_scale_for(agency.pk)
        subdomains = [sub for domain in scale.domains.all() for sub in domain.subdomains.all()]
        cases = list(
            Case.objects.filter(agency=agency, status__in=_ASSESSED_STAGES)
            .exclude(Exists(Assessment.objects.filter(case=OuterRef("pk"))))
            .exclude(Exists(OutcomeRating.objects.filter(case=OuterRef("pk"))))
            .only("pk", "agency_id", "status", "intake_on", "identified_on", "closed_at", "number")
            .order_by("number")
        )
        for offset in range(0, len(cases), batch_size):
            rows = _Assessed()
            for case in cases[offset : offset + batch_size]:
                _demo_assessments(rng, case, versions=versions, plans=plans, author=author, rows=rows)
                _demo_ratings(rng, case, scale=scale, subdomains=subdomains, author=author, rows=rows)
            rows.save()
        filled += len(cases)
    return filled
