"""Writes of survivors' stories (issue 10 item 4): draft, edit, send for review, record the survivor's review,
withdraw, and use in a campaign. One transaction each, with an audit row, and a timeline event on the case for
drafting, review and withdrawal.

Rules:
- A story stands on a live media consent of the case's survivor; without one nothing can be drafted.
- Credit: anonymous by default. A name (first name, the name they use, full name) only when that consent covers
  the survivor's identity (its data classes include `identity`): the consent record is where the survivor said
  whether they may be named, so it is the one thing we read.
- De-identified by default: a text, title or quote carrying the survivor's names or birth date is refused unless
  the worker confirms those details stay (checked case-insensitively, accents folded, whole words).
- Shown to outreach staff only once the survivor approved it; any edit sends it back to draft for a new review.
- Withdrawn everywhere the moment the consent is taken back (do_revoke_consent calls
  `withdraw_stories_for_consent` in its own transaction), and by the daily job once it has expired; every use in a
  campaign ends with it.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from reclaim.consent.models import DataClass
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version
from reclaim.outreach import stories_events as events
from reclaim.outreach.models import (
    Attribution,
    Story,
    StoryReviewHow,
    StoryReviewOutcome,
    StoryStatus,
    StoryUse,
    StoryWithdrawReason,
)
from reclaim.outreach.stories_selectors import (
    campaigns_for_stories,
    live_media_consents_for_case,
    stories_on_ended_consents,
)
from reclaim.people.selectors import identifying_details

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.consent.models import ConsentRecord
    from reclaim.outreach.models import Campaign
    from reclaim.people.models import Survivor

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 20_000
QUOTE_MAX_LENGTH = 600
NOTE_MAX_LENGTH = 2000
MIN_NAME_PART = 2  # one-letter initials are not searched for
EDITABLE_STATUSES = frozenset(
    {StoryStatus.DRAFT, StoryStatus.AWAITING_REVIEW, StoryStatus.APPROVED, StoryStatus.CHANGES_REQUESTED}
)
REVIEWABLE_STATUSES = frozenset({StoryStatus.DRAFT, StoryStatus.AWAITING_REVIEW, StoryStatus.CHANGES_REQUESTED})
# Checked for identifying details, in this order.
CHECKED_FIELDS = ("title", "text", "quote")
ENGLISH_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


@dataclass
class StoryInput:
    title: str
    text: str
    quote: str = ""
    attribution: str = Attribution.ANONYMOUS
    consent_id: Any = None  # drafting only: which live media consent (default: the newest)
    confirm_identifying: bool = False


def identity_allowed(consent: ConsentRecord) -> bool:
    """Whether this media consent lets the survivor be named: it covers the data class `identity`."""
    return DataClass.IDENTITY in (consent.data_classes or [])


def _add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _fold(text: str) -> str:
    """Case- and accent-folded, whitespace collapsed: "José  GARCÍA" -> "jose garcia"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


def _contains(folded_text: str, folded_term: str) -> bool:
    """The term as a whole word (or words) of the text."""
    return bool(re.search(rf"(?<!\w){re.escape(folded_term)}(?!\w)", folded_text))


def _name_terms(value: str) -> set[str]:
    folded = _fold(value)
    parts = {part for part in re.split(r"[\s\-]+", folded) if len(part) >= MIN_NAME_PART}
    return parts | {folded}


def _date_terms(iso: str) -> set[str]:
    """A birth date written the usual ways: ISO, day/month/year and month/day/year with / . or -, with and
    without leading zeros, "17 April 1996", "April 17, 1996", and the date format of the current language."""
    day = datetime.date.fromisoformat(iso)
    terms = {iso}
    for d, m in ((f"{day.day:02d}", f"{day.month:02d}"), (str(day.day), str(day.month))):
        for separator in ("/", ".", "-"):
            terms.add(f"{d}{separator}{m}{separator}{day.year}")
            terms.add(f"{m}{separator}{d}{separator}{day.year}")
    month = ENGLISH_MONTHS[day.month - 1]
    terms |= {
        f"{day.day} {month} {day.year}",
        f"{month} {day.day} {day.year}",
        f"{month} {day.day}, {day.year}",
        formats.date_format(day, "DATE_FORMAT"),
        formats.date_format(day, "SHORT_DATE_FORMAT"),
    }
    return {_fold(term) for term in terms}


def identifying_findings(survivor: Survivor, values: dict[str, str]) -> dict[str, list[str]]:
    """For each checked field, the kinds of identifying detail it contains ("given_name", "date_of_birth", ...),
    never the values themselves. Empty when the text is de-identified as far as we can tell."""
    details = identifying_details(survivor)
    terms: dict[str, set[str]] = {}
    for kind, found in details.items():
        for value in found:
            terms.setdefault(kind, set()).update(_date_terms(value) if kind == "date_of_birth" else _name_terms(value))
    findings: dict[str, list[str]] = {}
    for field in CHECKED_FIELDS:
        text = _fold(values.get(field) or "")
        if not text:
            continue
        kinds = [kind for kind, kind_terms in terms.items() if any(_contains(text, term) for term in kind_terms)]
        if kinds:
            findings[field] = kinds
    return findings


def _identifying_messages(findings: dict[str, list[str]]) -> dict[str, list[str]]:
    labels = {
        "given_name": _("their given name"),
        "family_name": _("their family name"),
        "chosen_name": _("the name they use"),
        "date_of_birth": _("their date of birth"),
    }
    return {
        field: [
            _(
                "This seems to contain %(details)s. Stories are de-identified by default: take it out, or tick "
                "the box to confirm it stays (the survivor will review it)."
            )
            % {"details": ", ".join(str(labels[kind]) for kind in kinds)}
        ]
        for field, kinds in findings.items()
    }


def credit_name_for(survivor: Survivor, attribution: str) -> str:
    """The name a story is credited under, from the survivor's record; "" when anonymous. Raises DomainError
    when the record has no such name."""
    given = (survivor.given_name or "").strip()
    family = (survivor.family_name or "").strip()
    chosen = (survivor.chosen_name or "").strip()
    name = ""
    if attribution == Attribution.FIRST_NAME:
        name = given.split()[0] if given else ""
    elif attribution == Attribution.CHOSEN_NAME:
        name = chosen
    elif attribution == Attribution.FULL_NAME:
        name = " ".join(part for part in (given, family) if part)
    elif attribution == Attribution.ANONYMOUS:
        return ""
    if not name:
        raise DomainError(
            _("The story was not saved."),
            code="story.invalid",
            fields={"attribution": [_("That name is not on the person's record. Choose another way to credit it.")]},
        )
    return name


def _check_values(consent: ConsentRecord, data: StoryInput, errors: dict[str, list[str]]) -> None:
    if not data.title.strip():
        _add(errors, "title", _("Give the story a title (it is shown in the campaign library)."))
    elif len(data.title) > TITLE_MAX_LENGTH:
        _add(errors, "title", _("Keep the title under %(n)s characters.") % {"n": TITLE_MAX_LENGTH})
    if not data.text.strip():
        _add(errors, "text", _("Write the story, in the survivor's words where you can."))
    elif len(data.text) > TEXT_MAX_LENGTH:
        _add(errors, "text", _("Keep the story under %(n)s characters.") % {"n": TEXT_MAX_LENGTH})
    if len(data.quote) > QUOTE_MAX_LENGTH:
        _add(errors, "quote", _("Keep the quote under %(n)s characters.") % {"n": QUOTE_MAX_LENGTH})
    if data.attribution not in Attribution.values:
        _add(errors, "attribution", _("Choose how the story is credited."))
    elif data.attribution != Attribution.ANONYMOUS and not identity_allowed(consent):
        _add(
            errors,
            "attribution",
            _(
                "The media consent does not cover the person's name and identity, so the story stays anonymous. "
                "To credit it by name, record a new media consent that covers their identity."
            ),
        )


def _validated(survivor: Survivor, consent: ConsentRecord, data: StoryInput) -> str:
    """Check everything; return the credit name. Raises one DomainError with every field's message."""
    errors: dict[str, list[str]] = {}
    _check_values(consent, data, errors)
    credit = ""
    if not errors:
        try:
            credit = credit_name_for(survivor, data.attribution)
        except DomainError as exc:
            errors.update(exc.fields)
    if errors:
        raise DomainError(_("The story was not saved."), code="story.invalid", fields=errors)
    findings = identifying_findings(survivor, {"title": data.title, "text": data.text, "quote": data.quote})
    if findings and not data.confirm_identifying:
        raise DomainError(
            _("The story may identify the survivor. Check the highlighted parts."),
            code="story.identifying",
            fields=_identifying_messages(findings),
        )
    return credit


def _audit(actor: User | None, story: Story, action: str, **detail: Any) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk if actor else None,
            agency_id=story.agency_id,
            object_type="story",
            object_id=str(story.pk),
            detail=detail,
        )
    )


@transaction.atomic
def do_draft_story(*, actor: User, case: Case, data: StoryInput) -> Story:
    """Draft a story on a live media consent of the case's survivor. The caller has write access to the case."""
    consents = live_media_consents_for_case(case)
    consent = consents.filter(pk=data.consent_id).first() if data.consent_id else consents.first()
    if consent is None:
        if data.consent_id and consents.exists():
            raise DomainError(
                _("The story was not saved."),
                code="story.invalid",
                fields={"consent": [_("Choose one of the person's media consents in force.")]},
            )
        raise DomainError(
            _(
                "A story can only be drafted while the person has a media consent in force (photos, video or "
                "media). Record one with them on the Consent tab first."
            ),
            code="story.no_media_consent",
        )
    credit = _validated(case.survivor, consent, data)
    story = Story(
        agency_id=case.agency_id,
        case=case,
        consent=consent,
        title=data.title.strip(),
        text=data.text.strip(),
        quote=data.quote.strip(),
        attribution=data.attribution,
        credit_name=credit,
        status=StoryStatus.DRAFT,
        created_by=actor,
    )
    story.full_clean()
    story.save()
    events.story_drafted(
        case=case, actor=actor, story_id=str(story.pk), consent_id=str(consent.pk), attribution=story.attribution
    )
    if data.confirm_identifying:
        _audit(actor, story, "story.identifying_confirmed")
    return story


def _locked(story: Story, expected_version: int) -> Story:
    story = Story.objects.select_for_update().select_related("consent", "case__survivor").get(pk=story.pk)
    check_version(story.version, expected_version, {"status": story.status})
    if story.status == StoryStatus.WITHDRAWN:
        raise DomainError(_("This story was withdrawn; it cannot be changed."), code="story.withdrawn")
    return story


@transaction.atomic
def do_edit_story(*, actor: User, story: Story, data: StoryInput, expected_version: int) -> Story:
    """Change the story. It goes back to draft: the survivor reviews every version that is used."""
    story = _locked(story, expected_version)
    if not story.consent.is_live_on(timezone.localdate()):
        raise DomainError(
            _("The media consent this story stands on is no longer in force."), code="story.consent_not_live"
        )
    credit = _validated(story.case.survivor, story.consent, data)
    story.title, story.text, story.quote = data.title.strip(), data.text.strip(), data.quote.strip()
    story.attribution, story.credit_name = data.attribution, credit
    story.status = StoryStatus.DRAFT
    story.version += 1
    story.save()
    _audit(actor, story, "story.edited", identifying_confirmed=data.confirm_identifying)
    return story


@transaction.atomic
def do_send_story_for_review(*, actor: User, story: Story, expected_version: int) -> Story:
    """Mark a draft as given to the survivor to read (in person, in the portal or by phone)."""
    story = _locked(story, expected_version)
    if story.status not in (StoryStatus.DRAFT, StoryStatus.CHANGES_REQUESTED):
        raise DomainError(_("Only a draft can be sent for review."), code="story.not_draft")
    story.status = StoryStatus.AWAITING_REVIEW
    story.version += 1
    story.save()
    _audit(actor, story, "story.sent_for_review")
    return story


@transaction.atomic
def do_record_story_review(
    *,
    actor: User,
    story: Story,
    outcome: str,
    how: str,
    reviewed_on: datetime.date | None = None,
    note: str = "",
    expected_version: int,
) -> Story:
    """Record what the survivor said about this version: approved (it enters the campaign library) or changes
    asked for (it goes back to the case worker)."""
    story = _locked(story, expected_version)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if story.status not in REVIEWABLE_STATUSES:
        raise DomainError(
            _("The survivor already approved this version. Edit it to ask them again."), code="story.already_approved"
        )
    if outcome not in StoryReviewOutcome.values:
        _add(errors, "outcome", _("Choose what the survivor said."))
    if how not in StoryReviewHow.values:
        _add(errors, "how", _("Choose how they reviewed it."))
    if reviewed_on is not None and reviewed_on > today:
        _add(errors, "reviewed_on", _("The review date cannot be in the future."))
    if len(note) > NOTE_MAX_LENGTH:
        _add(errors, "note", _("Keep the note under %(n)s characters.") % {"n": NOTE_MAX_LENGTH})
    if outcome == StoryReviewOutcome.APPROVED and not story.consent.is_live_on(today):
        _add(errors, "outcome", _("The media consent is no longer in force, so the story cannot be approved."))
    if errors:
        raise DomainError(_("The review was not recorded."), code="story.invalid_review", fields=errors)
    story.review_outcome, story.review_how = outcome, how
    story.reviewed_on = reviewed_on or today
    story.review_note = note.strip()
    story.reviewed_by = actor
    story.status = StoryStatus.APPROVED if outcome == StoryReviewOutcome.APPROVED else StoryStatus.CHANGES_REQUESTED
    story.version += 1
    story.save()
    events.story_reviewed(case=story.case, actor=actor, story_id=str(story.pk), outcome=outcome, how=how)
    return story


def _withdraw(story: Story, *, actor: User | None, reason: str, note: str = "") -> Story:
    """Withdraw a locked story and end its uses in campaigns (inside the caller's transaction)."""
    now = timezone.now()
    story.status = StoryStatus.WITHDRAWN
    story.withdrawn_at = now
    story.withdrawn_reason = reason
    story.withdrawn_note = note.strip()
    story.version += 1
    story.save()
    ended = StoryUse.objects.filter(story=story, ended_at__isnull=True).update(
        ended_at=now, ended_by=actor, updated_at=now
    )
    events.story_withdrawn(case=story.case, actor=actor, story_id=str(story.pk), reason=reason, uses_ended=ended)
    return story


@transaction.atomic
def do_withdraw_story(*, actor: User, story: Story, reason: str, note: str = "", expected_version: int) -> Story:
    """Withdraw a story at the survivor's request or the team's decision: it leaves the library and every campaign
    at once, for good (a new story can be drafted)."""
    story = _locked(story, expected_version)
    errors: dict[str, list[str]] = {}
    if reason not in (StoryWithdrawReason.SURVIVOR_ASKED, StoryWithdrawReason.STAFF_DECISION):
        _add(errors, "reason", _("Choose why the story is withdrawn."))
    if len(note) > NOTE_MAX_LENGTH:
        _add(errors, "note", _("Keep the note under %(n)s characters.") % {"n": NOTE_MAX_LENGTH})
    if errors:
        raise DomainError(_("The story was not withdrawn."), code="story.invalid_withdrawal", fields=errors)
    return _withdraw(story, actor=actor, reason=reason, note=note)


@transaction.atomic
def withdraw_stories_for_consent(*, consent: ConsentRecord, actor: User | None) -> int:
    """Called by consent.actions.do_revoke_consent, in its transaction, for a media consent just taken back (by
    staff or by the survivor in the portal): every story standing on it is withdrawn now."""
    stories = (
        Story.objects.select_for_update()
        .select_related("case")
        .filter(consent_id=consent.pk, withdrawn_at__isnull=True)
    )
    count = 0
    for story in stories:
        _withdraw(story, actor=actor, reason=StoryWithdrawReason.CONSENT_REVOKED)
        count += 1
    return count


@transaction.atomic
def withdraw_stories_on_ended_consents(*, on: datetime.date | None = None) -> int:
    """The daily job: stories whose media consent expired (or was taken back) are marked withdrawn. The library
    hid them already, from the first day their consent was not live."""
    stories = stories_on_ended_consents(on=on).select_for_update().select_related("case", "consent")
    count = 0
    for story in stories:
        reason = (
            StoryWithdrawReason.CONSENT_REVOKED
            if story.consent.revoked_at is not None
            else StoryWithdrawReason.CONSENT_ENDED
        )
        _withdraw(story, actor=None, reason=reason)
        count += 1
    return count


@transaction.atomic
def do_use_story_in_campaign(*, actor: User, story: Story, campaign_id: Any) -> StoryUse:
    """Put a library story (the caller passed access_library_story for write) in a campaign of the agency."""
    campaign: Campaign | None = campaigns_for_stories(actor).filter(pk=campaign_id).first() if campaign_id else None
    if campaign is None:
        raise DomainError(
            _("The story was not added."),
            code="story.invalid_use",
            fields={"campaign": [_("Choose a planned or running campaign of your agency.")]},
        )
    story = Story.objects.select_for_update().get(pk=story.pk)
    if StoryUse.objects.filter(story=story, campaign=campaign, ended_at__isnull=True).exists():
        raise DomainError(
            _("The story was not added."),
            code="story.already_used",
            fields={"campaign": [_("This story is already used in that campaign.")]},
        )
    use = StoryUse.objects.create(agency_id=story.agency_id, story=story, campaign=campaign, added_by=actor)
    _audit(actor, story, "story.used", use_id=str(use.pk), campaign_id=str(campaign.pk))
    return use


@transaction.atomic
def do_end_story_use(*, actor: User, use: StoryUse) -> StoryUse:
    """Take a story out of a campaign. Idempotent: a use already ended is returned as it is."""
    use = StoryUse.objects.select_for_update().select_related("campaign").get(pk=use.pk)
    if use.ended_at is not None:
        return use
    use.ended_at, use.ended_by = timezone.now(), actor
    use.save()
    write_audit(
        AuditEntry(
            "story.use_ended",
            actor_id=actor.pk,
            agency_id=use.agency_id,
            object_type="story",
            object_id=str(use.story_id),
            detail={"use_id": str(use.pk), "campaign_id": str(use.campaign_id)},
        )
    )
    return use
