"""Demo legal work (issue 7): for about 40% of the demo cases, one to three legal matters of varied types walked
through realistic steps in the past, through the legal actions so deadlines, expiries and outcomes come from
the shipped US federal set (some deadlines fall in the next 90 days, a few are overdue, some relief is
obtained); a few privileged legal notes linked to their matter; and law-enforcement contacts, those that
disclosed something naming a law_enforcement_disclosure consent live on the day.

The legal advocate of the agency is the advocate and is assigned to those cases (bulk). Deterministic (one
generator per case), idempotent (cases that already have a matter are left alone), one transaction per
agency; at most MAX_CASES_PER_AGENCY cases per agency go through the actions, so large seeds stay fast.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from reclaim.accounts.models import Membership
from reclaim.accounts.roles import Role
from reclaim.cases.actions import do_add_note
from reclaim.cases.models import Case, CaseAssignment, NoteKind
from reclaim.consent.actions import ConsentInput, do_record_consent
from reclaim.consent.models import InformedOf
from reclaim.consent.selectors import directory_organizations
from reclaim.demo import data
from reclaim.legal.actions import (
    LEContactInput,
    MatterDetails,
    do_add_deadline,
    do_advance_step,
    do_open_matter,
    do_record_le_contact,
)
from reclaim.legal.models import LegalMatter, MatterNote, MatterType

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from reclaim.accounts.models import Agency, User
    from reclaim.referrals.models import Organization

LEGAL_SHARE = 0.4
MAX_CASES_PER_AGENCY = 40

# matter type code -> the steps it may walk after its first one, in order (it stops where the dates reach today)
_PATHS: dict[str, list[list[str]]] = {
    "t_visa": [
        ["le_declaration_requested", "application_filed", "receipt", "bona_fide", "approved", "adjustment_filed"],
        ["application_filed", "receipt", "bona_fide", "approved"],
        ["application_filed", "receipt", "bona_fide", "denied"],
    ],
    "continued_presence": [["granted", "renewal_requested"], ["granted"], ["not_granted"]],
    "hhs_certification": [["requested", "issued"], ["requested"]],
    "u_visa": [["certification_requested", "certification_signed", "application_filed", "receipt", "waiting_list"]],
    "protective_order": [["petition_filed", "temporary_order", "hearing_set", "order_granted"], ["petition_filed"]],
    "criminal_case": [["charges_filed", "trial", "concluded"], ["charges_filed"]],
    "labour_claim": [["investigation", "awarded"], ["investigation"]],
    "record_relief": [["records_gathered", "motion_filed", "hearing", "granted"]],
    "civil_suit": [["complaint_filed", "discovery"]],
}
_ADULT_TYPES = ["t_visa", "t_visa", "continued_presence", "hhs_certification", "u_visa", "protective_order",
                "criminal_case", "labour_claim", "record_relief", "civil_suit"]  # fmt: skip
_MINOR_TYPES = ["minor_eligibility", "t_visa", "protective_order", "criminal_case"]
_MINOR_PATHS = [["interim_granted", "eligibility_letter_issued"], ["interim_granted"]]
# types whose cases usually meet law enforcement
_WITH_POLICE = {"t_visa", "continued_presence", "u_visa", "criminal_case", "hhs_certification"}
_HAND_DEADLINES = [
    ("hearing", "Hearing at the county court"),
    ("due", "Gather evidence of helpfulness to law enforcement"),
    ("filing", "File the supporting declaration"),
    ("due", "Send the fee waiver request"),
]
_CONTACT_KINDS = ["interview", "request_for_assistance", "declaration_request", "victim_witness_coordinator"]
_REQUESTS = [
    "Asked to describe how she was recruited.",
    "Asked to look at photos of the employer.",
    "Asked for a second interview with an interpreter.",
    "Declaration (Supplement B) requested for the T visa application.",
]
_RESPONSES = ["complied", "complied", "partly", "unable_trauma", "pending"]


def _staff(agency: Agency) -> tuple[User | None, User | None]:
    rows = {
        m.role: m.user
        for m in Membership.objects.filter(
            agency=agency, role__in=[Role.LEGAL_ADVOCATE, Role.CASE_MANAGER], is_active=True
        ).select_related("user")
    }
    return rows.get(Role.LEGAL_ADVOCATE), rows.get(Role.CASE_MANAGER)


def seed_legal(agencies: dict[str, Agency], *, seed: int) -> int:
    """Legal matters, notes and law-enforcement contacts for demo cases that have no matter yet. Returns
    the number of matters opened."""
    today = timezone.localdate()
    types = {t.code: t for t in MatterType.objects.filter(agency__isnull=True, jurisdiction="US", retired=False)}
    if not types:
        return 0
    police = _police(directory_organizations())
    opened = 0
    for slug, agency in agencies.items():
        advocate, manager = _staff(agency)
        if advocate is None or manager is None:
            continue
        numbers = (
            Case.objects.filter(agency=agency)
            .exclude(Exists(LegalMatter.objects.filter(case=OuterRef("pk"))))
            .order_by("number")
            .values_list("pk", "number")
        )
        picked = []
        for pk, number in list(numbers):
            rng = random.Random(f"{seed}:{slug}:legal:{number}")
            if rng.random() < LEGAL_SHARE:
                picked.append((pk, rng))
                if len(picked) == MAX_CASES_PER_AGENCY:
                    break
        # only the chosen cases as instances, with their survivors (each survivor's fields are decrypted)
        found = Case.objects.select_related("survivor").in_bulk([pk for pk, _rng in picked])
        chosen = [(found[pk], rng) for pk, rng in picked]
        with transaction.atomic():
            _assign(agency, advocate, [case for case, _rng in chosen])
            links: list[MatterNote] = []
            for case, rng in chosen:
                opened += _case_legal(
                    rng, case, types=types, advocate=advocate, manager=manager, police=police, today=today, links=links
                )
            MatterNote.objects.bulk_create(links, batch_size=1000)
    return opened


def _police(organizations: QuerySet[Organization]) -> Organization | None:
    return organizations.filter(org_type="LawEnforcement").order_by("name").first()


def _assign(agency: Agency, advocate: User, cases: list[Case]) -> None:
    """The advocate works every case with a matter (bulk; assignments already there are kept)."""
    have = set(
        CaseAssignment.objects.filter(user=advocate, case__in=[c.pk for c in cases]).values_list("case_id", flat=True)
    )
    CaseAssignment.objects.bulk_create(
        [CaseAssignment(agency=agency, case=case, user=advocate) for case in cases if case.pk not in have],
        batch_size=1000,
    )


def _start_day(rng: random.Random, case: Case, today: date) -> date:
    begin = case.identified_on or today - timedelta(days=200)
    return min(begin + timedelta(days=rng.randint(5, 40)), today)


def _case_legal(
    rng: random.Random,
    case: Case,
    *,
    types: dict[str, MatterType],
    advocate: User,
    manager: User,
    police: Organization | None,
    today: date,
    links: list[MatterNote],
) -> int:
    minor = bool(case.is_minor)
    codes = rng.sample(_MINOR_TYPES if minor else _ADULT_TYPES, rng.randint(1, 3 if not minor else 2))
    opened = 0
    for code in dict.fromkeys(codes):  # each type once per case
        matter_type = types.get(code)
        if matter_type is None:
            continue
        on = _start_day(rng, case, today)
        matter = do_open_matter(
            actor=advocate,
            case=case,
            matter_type=matter_type,
            opened_on=on,
            details=MatterDetails(advocate=advocate, summary=""),
        )
        opened += 1
        path = rng.choice(_MINOR_PATHS if code == "minor_eligibility" else _PATHS.get(code, [[]]))
        for step in path:
            day = on + timedelta(days=rng.randint(15, 120))
            if day > today:
                break
            on = day
            matter = do_advance_step(
                actor=advocate, matter=matter, to_step=step, on=on, expected_version=matter.version
            )
        if matter.is_open and rng.random() < 0.5:
            kind, title = rng.choice(_HAND_DEADLINES)
            # mostly in the next 90 days; now and then one already overdue
            due = (
                today + timedelta(days=rng.randint(5, 90))
                if rng.random() < 0.75
                else today - timedelta(days=rng.randint(2, 20))
            )
            do_add_deadline(actor=advocate, matter=matter, kind=kind, title=title, due_on=max(due, matter.opened_on))
        if rng.random() < 0.3:
            note = do_add_note(
                actor=advocate,
                case=case,
                confidentiality="legal",
                kind=NoteKind.OTHER,
                body=rng.choice(data.LEGAL_NOTES),
                occurred_on=on,
            )
            links.append(MatterNote(agency_id=case.agency_id, matter=matter, note=note))
        if code in _WITH_POLICE and rng.random() < 0.6:
            _contacts(rng, case, matter=matter, manager=manager, advocate=advocate, police=police, today=today)
    return opened


def _contacts(
    rng: random.Random,
    case: Case,
    *,
    matter: LegalMatter,
    manager: User,
    advocate: User,
    police: Organization | None,
    today: date,
) -> None:
    """One or two contacts with law enforcement; a disclosure names a consent given a few days before."""
    day = min(matter.opened_on + timedelta(days=rng.randint(3, 60)), today)
    consent = None
    if rng.random() < 0.65:
        starts = day - timedelta(days=rng.randint(1, 10))
        minor = bool(case.is_minor)
        consent = do_record_consent(
            actor=manager,
            survivor=case.survivor,
            case=case,
            data=ConsentInput(
                purpose="law_enforcement_disclosure",
                method="verbal",
                signer_name="Parent" if minor else "Survivor",
                witness_name="Case manager",
                recipient_kind="organisation",
                recipient_organization_id=police.pk if police else None,
                recipient_name="" if police else "Metro Police",
                data_classes=["identity", "trafficking_history"],
                informed_of=list(InformedOf.values),
                given_by="guardian" if minor else "survivor",
                second_signer_name="Young person" if minor else "",
                starts_on=starts,
                expires_on=starts + timedelta(days=365),
            ),
        )
    for n in range(rng.randint(1, 2)):
        on = min(day + timedelta(days=30 * n), today)
        do_record_le_contact(
            actor=advocate,
            case=case,
            data=LEContactInput(
                occurred_on=on,
                kind=rng.choice(_CONTACT_KINDS),
                response="unable_age" if case.is_minor else rng.choice(_RESPONSES),
                information_disclosed=consent is not None and consent.is_live_on(on),
                consent_id=consent.pk if consent is not None and consent.is_live_on(on) else None,
                matter_id=matter.pk,
                organization_id=police.pk if police else None,
                agency_name="" if police else "Metro Police",
                officer_name="Det. Jordan Reyes",
                request=rng.choice(_REQUESTS),
                notes="Interpreter present." if rng.random() < 0.5 else "",
            ),
        )
