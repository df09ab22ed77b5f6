"""Every write to outcome-domain scales and ratings: one transaction with its timeline event and audit row."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reclaim.accounts.models import Agency, User
from reclaim.assessments import outcome_scoring as scoring
from reclaim.assessments import schedule_actions
from reclaim.assessments.models import (
    OUTCOME_NOTE_MAX_LENGTH,
    OutcomeDomain,
    OutcomeRating,
    OutcomeScale,
    OutcomeScore,
    OutcomeSubdomain,
)
from reclaim.assessments.outcome_selectors import current_scale_for, scale_by_id
from reclaim.cases import events
from reclaim.cases.models import Case
from reclaim.cases.state import CaseStatus
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, EditConflict, check_version

if TYPE_CHECKING:
    import datetime
    from collections.abc import Mapping

SUBDOMAIN_WORDING_MAX = 300


class OutcomeScoresInvalid(DomainError):
    """Unknown subdomain codes or values outside 1-4; `fields` names each one as `scores.<code>`."""

    code = "assessments.outcome_scores_invalid"


def _subdomains_of(scale: OutcomeScale) -> dict[str, OutcomeSubdomain]:
    return {sub.code: sub for domain in scale.domains.all() for sub in domain.subdomains.all()}


def _clean_scores(scale: OutcomeScale, scores: Mapping[str, Any]) -> dict[str, int | None]:
    """Every subdomain of the scale -> its score or None (skipped); refuse unknown codes and bad values."""
    subdomains = _subdomains_of(scale)
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, int | None] = dict.fromkeys(subdomains)
    for code, value in scores.items():
        if code not in subdomains:
            errors[f"scores.{code}"] = [_("There is no question with this code on the current scale.")]
        elif value is None or value == "":
            cleaned[code] = None
        elif isinstance(value, bool) or not isinstance(value, int) or value not in scoring.VALID_SCORES:
            errors[f"scores.{code}"] = [_("A score is 1, 2, 3 or 4, or left out to skip the question.")]
        else:
            cleaned[code] = value
    if errors:
        raise OutcomeScoresInvalid(_("The rating was not saved."), fields=errors)
    return cleaned


def _clean_details(*, rated_on: datetime.date | None, note: str) -> tuple[datetime.date, str]:
    errors: dict[str, list[str]] = {}
    rated_on = rated_on or timezone.localdate()
    if rated_on > timezone.localdate():
        errors["rated_on"] = [_("The date of the rating cannot be in the future.")]
    note = (note or "").strip()
    if len(note) > OUTCOME_NOTE_MAX_LENGTH:
        errors["note"] = [_("A note can be at most %(limit)d characters.") % {"limit": OUTCOME_NOTE_MAX_LENGTH}]
    if errors:
        raise DomainError(_("The rating was not saved."), code="assessments.outcome_rating_invalid", fields=errors)
    return rated_on, note


@transaction.atomic
def do_rate_outcomes(
    *,
    actor: User,
    case: Case,
    scores: Mapping[str, Any],
    rated_on: datetime.date | None = None,
    with_survivor: bool = True,
    note: str = "",
) -> OutcomeRating:
    """Record a rating of the case's outcome domains on the agency's current scale. Every question may be
    skipped; unknown codes or values outside 1-4 refuse the whole rating (nothing is stored)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise DomainError(_("This case is closed: reopen it to rate outcomes."), code="assessments.case_closed")
    scale = current_scale_for(case.agency_id)
    cleaned = _clean_scores(scale, scores)
    rated_on, note = _clean_details(rated_on=rated_on, note=note)
    rating = OutcomeRating(
        agency_id=case.agency_id,
        case=case,
        scale=scale,
        rated_on=rated_on,
        rated_by=actor,
        with_survivor=with_survivor,
        note=note or None,
    )
    rating.full_clean()
    rating.save()
    subdomains = _subdomains_of(scale)
    OutcomeScore.objects.bulk_create(
        OutcomeScore(agency_id=case.agency_id, rating=rating, subdomain=subdomains[code], score=value)
        for code, value in cleaned.items()
    )
    events.outcomes_rated(case=case, actor=actor, rating_id=str(rating.pk), scale_id=str(scale.pk))
    schedule_actions.refresh_due([case.pk])  # the outcome rating's next due date moves on
    return rating


def rating_values(rating: OutcomeRating) -> dict[str, Any]:
    """What the conflict screen shows: the saved scores by code, the date and "with the person" (no note text)."""
    scores = {s.subdomain.code: s.score for s in OutcomeScore.objects.filter(rating=rating).select_related("subdomain")}
    return {"rated_on": rating.rated_on.isoformat(), "with_survivor": rating.with_survivor, "scores": scores}


@transaction.atomic
def do_edit_outcome_rating(
    *,
    actor: User,
    rating: OutcomeRating,
    expected_version: int,
    scores: Mapping[str, Any],
    rated_on: datetime.date | None,
    with_survivor: bool,
    note: str = "",
) -> OutcomeRating:
    """Correct a rating, on the scale version it was made with; a stale version raises EditConflict."""
    rating = OutcomeRating.objects.select_for_update().select_related("case").get(pk=rating.pk)
    check_version(rating.version, expected_version, rating_values(rating))
    cleaned = _clean_scores(scale_by_id(rating.scale_id), scores)
    rated_on, note = _clean_details(rated_on=rated_on, note=note)
    rating.rated_on, rating.with_survivor, rating.note = rated_on, with_survivor, note or None
    rating.version += 1
    rating.full_clean()
    rating.save()
    rows = {s.subdomain.code: s for s in OutcomeScore.objects.filter(rating=rating).select_related("subdomain")}
    changed = [rows[code] for code, value in cleaned.items() if rows[code].score != value]
    for row in changed:
        row.score = cleaned[row.subdomain.code]
    OutcomeScore.objects.bulk_update(changed, ["score", "updated_at"])
    events.outcomes_rating_edited(case=rating.case, actor=actor, rating_id=str(rating.pk))
    schedule_actions.refresh_due([rating.case_id])  # a corrected date may move the next one
    return rating


@dataclass(frozen=True)
class ScaleChanges:
    """What an agency admin changes on the settings page; subdomains not named keep their wording."""

    closure_min_score: Any
    closure_every_domain: bool
    wording: dict[str, str] = field(default_factory=dict)  # subdomain code -> new wording
    retire: frozenset[str] = frozenset()  # subdomain codes to leave out of the new version
    additions: dict[str, str] = field(default_factory=dict)  # domain code -> wording of a new subdomain


def _new_code(wording: str, taken: set[str]) -> str:
    base = slugify(wording).replace("-", "_")[:40].strip("_") or "question"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


def _check_rule(value: Any) -> Decimal:
    try:
        minimum = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        minimum = Decimal(-1)
    if not Decimal(scoring.SCORE_MIN) <= minimum <= Decimal(scoring.SCORE_MAX):
        raise DomainError(
            _("The scale was not saved."),
            code="assessments.outcome_scale_invalid",
            fields={"closure_min_score": [_("Choose a score from 1.00 to 4.00.")]},
        )
    return minimum


def _scale_change_errors(current: OutcomeScale, changes: ScaleChanges, all_codes: set[str]) -> dict[str, list[str]]:
    """Field errors for a scale change (named `wording.<code>` and `add.<domain code>`); empty when it is fine."""
    errors: dict[str, list[str]] = {}
    for code in set(changes.wording) | set(changes.retire):
        if code not in all_codes:
            errors[f"wording.{code}"] = [_("There is no question with this code on the current scale.")]
    for code, text in changes.wording.items():
        if code not in changes.retire and not (text or "").strip():
            errors[f"wording.{code}"] = [_("Write the question, or retire it.")]
        elif len((text or "").strip()) > SUBDOMAIN_WORDING_MAX:
            errors[f"wording.{code}"] = [_("At most %(limit)d characters.") % {"limit": SUBDOMAIN_WORDING_MAX}]
    domain_codes = {d.code for d in current.domains.all()}
    for code, text in changes.additions.items():
        if code not in domain_codes:
            errors[f"add.{code}"] = [_("There is no domain with this code on the current scale.")]
        elif len(text.strip()) > SUBDOMAIN_WORDING_MAX:
            errors[f"add.{code}"] = [_("At most %(limit)d characters.") % {"limit": SUBDOMAIN_WORDING_MAX}]
    for domain in current.domains.all():
        kept = [s for s in domain.subdomains.all() if s.code not in changes.retire]
        if not kept and not (changes.additions.get(domain.code) or "").strip():
            errors[f"add.{domain.code}"] = [_("A domain needs at least one question.")]
    return errors


@transaction.atomic
def do_customise_outcome_scale(
    *, actor: User, agency: Agency, expected_scale_id: Any, changes: ScaleChanges
) -> OutcomeScale:
    """Save the agency's scale as a new version (copying Reclaim's default the first time). Ratings already
    made keep the version they used. Refused when someone saved a newer version since the form was loaded."""
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # serialise saves per agency
    current = current_scale_for(agency.pk)
    if str(current.pk) != str(expected_scale_id):
        raise EditConflict(
            current_version=current.version,
            current={"closure_min_score": str(current.closure_min_score), "version": current.version},
        )
    minimum = _check_rule(changes.closure_min_score)
    all_codes = {sub.code for d in current.domains.all() for sub in d.subdomains.all()}
    errors = _scale_change_errors(current, changes, all_codes)
    if errors:
        raise DomainError(_("The scale was not saved."), code="assessments.outcome_scale_invalid", fields=errors)

    own_versions = OutcomeScale.objects.filter(agency=agency, code=current.code)
    version = (max((s.version for s in own_versions), default=0)) + 1
    own_versions.filter(is_current=True).update(is_current=False)
    scale = OutcomeScale(
        agency=agency,
        code=current.code,
        name=current.name,
        version=version,
        is_current=True,
        based_on=current,
        closure_min_score=minimum,
        closure_every_domain=changes.closure_every_domain,
        created_by=actor,
    )
    scale.full_clean()
    scale.save()
    taken = set(all_codes)
    added: list[str] = []
    reworded: list[str] = []
    for domain in current.domains.all():
        copy = OutcomeDomain.objects.create(scale=scale, code=domain.code, name=domain.name, order=domain.order)
        order = 0
        for sub in domain.subdomains.all():
            if sub.code in changes.retire:
                continue
            wording = (changes.wording.get(sub.code) or sub.wording).strip()
            if wording != sub.wording:
                reworded.append(sub.code)
            OutcomeSubdomain.objects.create(domain=copy, code=sub.code, wording=wording, order=order)
            order += 1
        new_wording = (changes.additions.get(domain.code) or "").strip()
        if new_wording:
            code = _new_code(new_wording, taken)
            taken.add(code)
            added.append(code)
            OutcomeSubdomain.objects.create(domain=copy, code=code, wording=new_wording, order=order)
    write_audit(
        AuditEntry(
            "assessments.outcome_scale_saved",
            actor_id=actor.pk,
            agency_id=agency.pk,
            object_type="outcome_scale",
            object_id=str(scale.pk),
            detail={
                "version": version,
                "based_on": str(current.pk),
                "closure_min_score": str(minimum),
                "closure_every_domain": changes.closure_every_domain,
                "retired": sorted(changes.retire),
                "added": added,
                "reworded": reworded,
            },
        )
    )
    return scale
