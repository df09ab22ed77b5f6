"""Writes of legal matters: open a matter, move it along its steps, close it, change its details.

Entering a step follows its definition: it may open a deadline (`due_in_days`, or a date the worker gives)
and an expiry (`expiry_months` / `expiry_days`, or a date given); leaving a step marks that step's open
non-expiry deadlines done; a new expiry supersedes the matter's earlier open expiry. A step with an outcome
sets the matter's outcome; a final step closes the matter. Every write is one transaction with its
timeline event and audit row; a stale version is an EditConflict.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.cases.selectors import cases_for_user
from reclaim.consent.models import ConsentRecord, ConsentStatus
from reclaim.consent.models import Purpose as ConsentPurpose
from reclaim.consent.selectors import consent_for_survivor, directory_organizations
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, InvalidTransition, check_version
from reclaim.legal import events
from reclaim.legal.access import can_grant_privileged_access
from reclaim.legal.models import (
    ContactKind,
    ContactResponse,
    DeadlineKind,
    LawEnforcementContact,
    LegalAccessGrant,
    LegalDeadline,
    LegalMatter,
    MatterDocument,
    MatterNote,
    MatterStatus,
    MatterStepChange,
    MatterType,
    RightsArticle,
    RightsShare,
    StepDefinition,
    StepOutcome,
)
from reclaim.legal.rights_selectors import key_of, live_share_for_key
from reclaim.legal.selectors import policy_for, step_by_code

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, CaseNote
    from reclaim.documents.models import Document
    from reclaim.referrals.models import Organization

MAX_NOTE = 5000
MAX_TEXT = 500


def _check_day(on: datetime.date, field: str) -> None:
    if on > timezone.localdate():
        raise DomainError(
            _("This date is in the future."), code="legal.future_date", fields={field: [_("Not later than today.")]}
        )


def _check_length(values: dict[str, str], limit: int = MAX_TEXT) -> None:
    errors = {
        name: [_("Keep this under %(n)s characters.") % {"n": limit}] for name, v in values.items() if len(v) > limit
    }
    if errors:
        raise DomainError(_("Some answers are too long."), code="legal.too_long", fields=errors)


def _check_advocate(advocate: User | None, agency_id: Any) -> None:
    if advocate is None:
        return
    if not advocate.memberships.filter(agency_id=agency_id, is_active=True).exists():
        raise DomainError(
            _("Choose a member of your agency."),
            code="legal.advocate_not_member",
            fields={"advocate": [_("Not in your agency.")]},
        )


MAX_OFFSET_DAYS = 3650
MAX_OFFSETS = 10


def clean_offsets(offsets: list[int]) -> list[int]:
    """Reminder offsets as stored: distinct whole days from 0 to 3650, latest reminder last; else a field error."""
    if len(offsets) > MAX_OFFSETS or any(
        not isinstance(n, int) or isinstance(n, bool) or n < 0 or n > MAX_OFFSET_DAYS for n in offsets
    ):
        raise DomainError(
            _("Reminders are up to ten whole numbers of days before the date, from 0 to 3650."),
            code="legal.invalid_offsets",
            fields={"reminder_offsets": [_("Use whole numbers of days.")]},
        )
    return sorted(set(offsets), reverse=True)


def create_deadline(
    *,
    actor: User | None,
    matter: LegalMatter,
    kind: str,
    title: str,
    due_on: datetime.date,
    step: StepDefinition | None = None,
    reminder_offsets: list[int] | None = None,
) -> LegalDeadline:
    """A deadline with the agency's reminder offsets unless given; callers hold the transaction."""
    if kind not in DeadlineKind.values:
        raise DomainError(
            _("Choose a kind of deadline."), code="legal.invalid_kind", fields={"kind": [_("Not a choice.")]}
        )
    offsets = clean_offsets(
        reminder_offsets if reminder_offsets is not None else list(policy_for(matter.agency_id).reminder_offsets)
    )
    deadline = LegalDeadline.objects.create(
        agency_id=matter.agency_id,
        matter=matter,
        step=step,
        kind=kind,
        title=title,
        due_on=due_on,
        reminder_offsets=offsets,
        created_by=actor,
    )
    events.deadline_set(
        case=matter.case, actor=actor, matter_id=str(matter.pk), deadline_id=str(deadline.pk), kind=kind
    )
    return deadline


def _expiry_date(step: StepDefinition, on: datetime.date) -> datetime.date | None:
    if step.expiry_months:
        expires: datetime.date = on + relativedelta(months=step.expiry_months)
        return expires
    if step.expiry_days:
        return on + datetime.timedelta(days=step.expiry_days)
    return None


def _enter_step(
    *,
    actor: User | None,
    matter: LegalMatter,
    step: StepDefinition,
    on: datetime.date,
    deadline_on: datetime.date | None,
    expiry_on: datetime.date | None,
) -> None:
    """The deadlines a step brings with it; `deadline_on` / `expiry_on` override the set's durations."""
    due = deadline_on or (on + datetime.timedelta(days=step.due_in_days) if step.due_in_days else None)
    if due is not None:
        if due < on:
            raise DomainError(
                _("A deadline cannot fall before the step it belongs to."),
                code="legal.deadline_before_step",
                fields={"deadline_on": [_("On or after the step's date.")]},
            )
        create_deadline(
            actor=actor,
            matter=matter,
            kind=step.deadline_kind or DeadlineKind.DUE,
            title=step.deadline_label or step.label,
            due_on=due,
            step=step,
        )
    expires = expiry_on or _expiry_date(step, on)
    if expires is not None:
        if expires < on:
            raise DomainError(
                _("An expiry cannot fall before the step it belongs to."),
                code="legal.expiry_before_step",
                fields={"expiry_on": [_("On or after the step's date.")]},
            )
        LegalDeadline.objects.filter(matter=matter, kind=DeadlineKind.EXPIRY, done_on__isnull=True).update(
            done_on=on, done_by=actor
        )
        create_deadline(
            actor=actor,
            matter=matter,
            kind=DeadlineKind.EXPIRY,
            title=step.expiry_label or step.label,
            due_on=expires,
            step=step,
        )


@dataclass(frozen=True)
class MatterDetails:
    """What a worker may change on a matter besides its step."""

    advocate: User | None = None
    counsel_organization: Organization | None = None
    counsel_name: str = ""
    reference: str = ""
    court_or_body: str = ""
    summary: str = ""


def _apply_details(matter: LegalMatter, details: MatterDetails) -> list[str]:
    _check_length(
        {"counsel_name": details.counsel_name, "reference": details.reference, "court_or_body": details.court_or_body}
    )
    _check_length({"summary": details.summary}, MAX_NOTE)
    _check_advocate(details.advocate, matter.agency_id)
    changed = []
    for field in fields(details):
        value = getattr(details, field.name)
        if getattr(matter, field.name) != value:
            setattr(matter, field.name, value)
            changed.append(field.name)
    return changed


@transaction.atomic
def do_open_matter(
    *,
    actor: User,
    case: Case,
    matter_type: MatterType,
    opened_on: datetime.date,
    details: MatterDetails | None = None,
    start_step: str = "",
    deadline_on: datetime.date | None = None,
    expiry_on: datetime.date | None = None,
) -> LegalMatter:
    """Open a matter on a case at its type's first step (or `start_step`, for a matter already under way)."""
    if matter_type.retired or matter_type.agency_id not in (None, case.agency_id):
        raise DomainError(
            _("Choose a type of matter."), code="legal.invalid_type", fields={"matter_type": [_("Not a choice.")]}
        )
    _check_day(opened_on, "opened_on")
    step = step_by_code(matter_type, start_step) if start_step else matter_type.steps.order_by("position").first()
    if step is None:
        raise DomainError(
            _("Choose a step of this matter."),
            code="legal.invalid_step",
            fields={"start_step": [_("Not a step of this matter.")]},
        )
    matter = LegalMatter(
        agency_id=case.agency_id,
        case=case,
        survivor_id=case.survivor_id,
        matter_type=matter_type,
        jurisdiction=matter_type.jurisdiction,
        current_step=step,
        opened_on=opened_on,
        created_by=actor,
    )
    _apply_details(matter, details or MatterDetails())
    matter.save()
    MatterStepChange.objects.create(
        agency_id=case.agency_id, matter=matter, from_step=None, to_step=step, on=opened_on, by=actor
    )
    events.matter_opened(case=case, actor=actor, matter_id=str(matter.pk), matter_type=matter_type.code, step=step.code)
    _enter_step(actor=actor, matter=matter, step=step, on=opened_on, deadline_on=deadline_on, expiry_on=expiry_on)
    if step.outcome:
        _settle(actor, matter, step, opened_on)
    return matter


def _settle(actor: User | None, matter: LegalMatter, step: StepDefinition, on: datetime.date) -> None:
    """Apply a step's outcome; a final step closes the matter and its open non-expiry deadlines."""
    matter.outcome = step.outcome
    if step.is_final:
        _close(actor, matter, on)
    matter.save()


def _close(actor: User | None, matter: LegalMatter, on: datetime.date) -> None:
    matter.status = MatterStatus.CLOSED
    matter.closed_on = on
    LegalDeadline.objects.filter(matter=matter, done_on__isnull=True).exclude(kind=DeadlineKind.EXPIRY).update(
        done_on=on, done_by=actor
    )
    events.matter_closed(
        case=matter.case,
        actor=actor,
        matter_id=str(matter.pk),
        matter_type=matter.matter_type.code,
        outcome=matter.outcome,
    )


@transaction.atomic
def do_advance_step(
    *,
    actor: User,
    matter: LegalMatter,
    to_step: str,
    on: datetime.date,
    expected_version: int,
    note: str = "",
    deadline_on: datetime.date | None = None,
    expiry_on: datetime.date | None = None,
) -> LegalMatter:
    """Move an open matter to one of its current step's next steps."""
    matter = (
        LegalMatter.objects.select_for_update(of=("self",))
        .select_related("matter_type", "current_step", "case")
        .get(pk=matter.pk)
    )
    check_version(matter.version, expected_version, {"current_step": matter.current_step.code})
    if not matter.is_open:
        raise InvalidTransition(_("This matter is closed."), code="legal.closed")
    step = step_by_code(matter.matter_type, to_step)
    if step is None or to_step not in matter.current_step.next_steps:
        raise InvalidTransition(
            _("This matter cannot move to that step from where it is."),
            code="legal.invalid_transition",
            fields={"to_step": [_("Choose one of the next steps.")]},
        )
    _check_day(on, "on")
    if on < matter.opened_on:
        raise DomainError(
            _("A step cannot come before the matter was opened."),
            code="legal.before_opening",
            fields={"on": [_("On or after the opening date.")]},
        )
    _check_length({"note": note}, MAX_NOTE)
    old = matter.current_step
    LegalDeadline.objects.filter(matter=matter, step=old, done_on__isnull=True).exclude(
        kind=DeadlineKind.EXPIRY
    ).update(done_on=on, done_by=actor)
    MatterStepChange.objects.create(
        agency_id=matter.agency_id, matter=matter, from_step=old, to_step=step, on=on, by=actor, note=note
    )
    matter.current_step = step
    matter.version += 1
    events.step_changed(
        case=matter.case,
        actor=actor,
        matter_id=str(matter.pk),
        matter_type=matter.matter_type.code,
        old=old.code,
        new=step.code,
    )
    _enter_step(actor=actor, matter=matter, step=step, on=on, deadline_on=deadline_on, expiry_on=expiry_on)
    if step.outcome:
        _settle(actor, matter, step, on)
    else:
        matter.save()
    return matter


CLOSING_OUTCOMES = (StepOutcome.GRANTED, StepOutcome.DENIED, StepOutcome.WITHDRAWN, StepOutcome.CLOSED)


@transaction.atomic
def do_close_matter(
    *, actor: User, matter: LegalMatter, outcome: str, on: datetime.date, expected_version: int, note: str = ""
) -> LegalMatter:
    """Close a matter from any step (withdrawn, closed without a decision, or a decision the steps do not
    list). The step stays where it was; the outcome says how it ended."""
    matter = (
        LegalMatter.objects.select_for_update(of=("self",))
        .select_related("matter_type", "current_step", "case")
        .get(pk=matter.pk)
    )
    check_version(matter.version, expected_version, {"status": matter.status})
    if not matter.is_open:
        raise InvalidTransition(_("This matter is already closed."), code="legal.closed")
    if outcome not in CLOSING_OUTCOMES:
        raise DomainError(
            _("Choose how the matter ended."), code="legal.invalid_outcome", fields={"outcome": [_("Not a choice.")]}
        )
    _check_day(on, "on")
    if on < matter.opened_on:
        raise DomainError(
            _("A matter cannot close before it was opened."),
            code="legal.before_opening",
            fields={"on": [_("On or after the opening date.")]},
        )
    _check_length({"note": note}, MAX_NOTE)
    matter.outcome = outcome
    matter.outcome_note = note
    matter.version += 1
    _close(actor, matter, on)
    matter.save()
    return matter


@transaction.atomic
def do_update_matter(*, actor: User, matter: LegalMatter, details: MatterDetails, expected_version: int) -> LegalMatter:
    matter = LegalMatter.objects.select_for_update(of=("self",)).select_related("case").get(pk=matter.pk)
    current = {f.name: getattr(matter, f.name) for f in fields(MatterDetails)}
    check_version(matter.version, expected_version, current)
    changed = _apply_details(matter, details)
    if changed:
        matter.version += 1
        matter.save()
        events.matter_updated(case=matter.case, actor=actor, matter_id=str(matter.pk), fields=changed)
    return matter


@transaction.atomic
def do_add_deadline(
    *,
    actor: User,
    matter: LegalMatter,
    kind: str,
    title: str,
    due_on: datetime.date,
    reminder_offsets: list[int] | None = None,
) -> LegalDeadline:
    """A deadline the worker adds by hand (a hearing, a filing deadline, an expiry from an order)."""
    if not title.strip():
        raise DomainError(_("Say what is due."), code="legal.title_required", fields={"title": [_("Required.")]})
    _check_length({"title": title})
    if due_on < matter.opened_on:
        raise DomainError(
            _("A deadline cannot fall before the matter was opened."),
            code="legal.before_opening",
            fields={"due_on": [_("On or after the opening date.")]},
        )
    return create_deadline(
        actor=actor,
        matter=matter,
        kind=kind,
        title=title.strip(),
        due_on=due_on,
        reminder_offsets=reminder_offsets,
    )


def _locked_deadline(deadline: LegalDeadline, expected_version: int) -> LegalDeadline:
    locked = LegalDeadline.objects.select_for_update(of=("self",)).select_related("matter__case").get(pk=deadline.pk)
    check_version(locked.version, expected_version, {"due_on": locked.due_on, "done_on": locked.done_on})
    return locked


@transaction.atomic
def do_complete_deadline(
    *, actor: User, deadline: LegalDeadline, on: datetime.date, expected_version: int
) -> LegalDeadline:
    """Mark a deadline met (or handled, for an expiry that was renewed or is no longer relevant)."""
    deadline = _locked_deadline(deadline, expected_version)
    if deadline.done_on is not None:
        raise InvalidTransition(_("This deadline is already marked done."), code="legal.deadline_done")
    _check_day(on, "on")
    deadline.done_on = on
    deadline.done_by = actor
    deadline.version += 1
    deadline.save()
    events.deadline_done(
        case=deadline.matter.case,
        actor=actor,
        matter_id=str(deadline.matter_id),
        deadline_id=str(deadline.pk),
        kind=deadline.kind,
    )
    return deadline


@transaction.atomic
def do_change_deadline(
    *,
    actor: User,
    deadline: LegalDeadline,
    due_on: datetime.date,
    expected_version: int,
    title: str | None = None,
    reminder_offsets: list[int] | None = None,
) -> LegalDeadline:
    """Move a deadline (a hearing adjourned, an expiry corrected from the document) or change its reminders."""
    deadline = _locked_deadline(deadline, expected_version)
    if deadline.done_on is not None:
        raise InvalidTransition(_("This deadline is already marked done."), code="legal.deadline_done")
    if due_on < deadline.matter.opened_on:
        raise DomainError(
            _("A deadline cannot fall before the matter was opened."),
            code="legal.before_opening",
            fields={"due_on": [_("On or after the opening date.")]},
        )
    if title is not None:
        if not title.strip():
            raise DomainError(_("Say what is due."), code="legal.title_required", fields={"title": [_("Required.")]})
        _check_length({"title": title})
        deadline.title = title.strip()
    if reminder_offsets is not None:
        deadline.reminder_offsets = clean_offsets(reminder_offsets)
    deadline.due_on = due_on
    deadline.version += 1
    deadline.save()
    events.deadline_set(
        case=deadline.matter.case,
        actor=actor,
        matter_id=str(deadline.matter_id),
        deadline_id=str(deadline.pk),
        kind=deadline.kind,
        changed=True,
    )
    return deadline


# ---- Rights pages, and sharing them with a survivor ------------------------------------------------------
# An agency edits a shipped page by making its own copy (`based_on`), which then replaces the shipped one for
# its staff and survivors; "restore the shipped text" unpublishes that copy (kept, with its history and any
# shares that point at it). A page is shared on a case, at most once live per case and page.


ARTICLE_TITLE_MAX = 200
ARTICLE_BODY_MAX = 20000
_JURISDICTION_RE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")
_TOPIC_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


def _clean_article_text(title: str, body: str) -> tuple[str, str]:
    """Title and text as stored (trimmed, one newline style), or every field error at once."""
    title = " ".join(title.split())
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Give the page a title.")]
    elif len(title) > ARTICLE_TITLE_MAX:
        errors["title"] = [_("Keep this under %(n)s characters.") % {"n": ARTICLE_TITLE_MAX}]
    if not body:
        errors["body"] = [_("Write the text of the page.")]
    elif len(body) > ARTICLE_BODY_MAX:
        errors["body"] = [_("Keep this under %(n)s characters.") % {"n": ARTICLE_BODY_MAX}]
    if errors:
        raise DomainError(_("The page cannot be saved yet."), code="legal.article_invalid", fields=errors)
    return title, body


def _clean_article_key(jurisdiction: str, language: str, topic: str) -> tuple[str, str, str]:
    jurisdiction, language, topic = jurisdiction.strip().upper(), language.strip(), topic.strip().lower()
    errors: dict[str, list[str]] = {}
    if not _JURISDICTION_RE.match(jurisdiction):
        errors["jurisdiction"] = [_("Use a country code, or a country and region code: US, US-CA, GB.")]
    if not _LANGUAGE_RE.match(language):
        errors["language"] = [_("Use a language code such as en, es or pt-BR.")]
    if not _TOPIC_RE.match(topic):
        errors["topic"] = [_("Use lower-case letters, digits and underscores, starting with a letter: t_visa.")]
    if errors:
        raise DomainError(_("The page cannot be saved yet."), code="legal.article_invalid", fields=errors)
    return jurisdiction, language, topic


def _article_audit(action: str, actor: User, article: RightsArticle, **detail: str) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk,
            agency_id=article.agency_id,
            object_type="rights_article",
            object_id=str(article.pk),
            detail={"topic": article.topic, "language": article.language, "jurisdiction": article.jurisdiction}
            | detail,
        )
    )


@transaction.atomic
def do_add_rights_article(
    *, actor: User, agency_id: Any, jurisdiction: str, language: str, topic: str, title: str, body: str
) -> RightsArticle:
    """A page of the agency's own: a new topic, or a topic in another language (a translation)."""
    jurisdiction, language, topic = _clean_article_key(jurisdiction, language, topic)
    title, body = _clean_article_text(title, body)
    key = (jurisdiction, language, topic)
    if RightsArticle.objects.filter(
        agency__isnull=True, jurisdiction=jurisdiction, language=language, topic=topic
    ).exists():
        raise DomainError(
            _("This topic already has a page in this language. Open it and edit it instead."),
            code="legal.article_exists",
            fields={"topic": [_("Already written in this language.")]},
        )
    try:
        with transaction.atomic():
            article = RightsArticle.objects.create(
                agency_id=agency_id,
                jurisdiction=key[0],
                language=key[1],
                topic=key[2],
                title=title,
                body=body,
                updated_by=actor,
            )
    except IntegrityError:
        raise DomainError(
            _("Your agency already has a page on this topic in this language. Open it and edit it instead."),
            code="legal.article_exists",
            fields={"topic": [_("Already written in this language.")]},
        ) from None
    _article_audit("legal.rights_article_added", actor, article)
    return article


@transaction.atomic
def do_edit_rights_article(
    *, actor: User, agency_id: Any, article: RightsArticle, title: str, body: str, expected_version: int
) -> RightsArticle:
    """Change a page for the agency. A shipped page gets the agency's own copy (the first time) or updates
    it (later, publishing it again if the shipped text had been restored); `expected_version` is the version
    of the record the editor loaded (the copy's, or the shipped page's before a copy exists)."""
    title, body = _clean_article_text(title, body)
    if article.agency_id not in (None, agency_id):
        raise DomainError(_("Choose a page of your agency."), code="legal.invalid_article")
    target = RightsArticle.objects.select_for_update().get(pk=article.pk)
    if target.agency_id is None:
        own = (
            RightsArticle.objects.select_for_update()
            .filter(agency_id=agency_id, jurisdiction=target.jurisdiction, language=target.language, topic=target.topic)
            .first()
        )
        if own is None:
            check_version(target.version, expected_version, {"title": target.title, "body": target.body})
            copy = RightsArticle.objects.create(
                agency_id=agency_id,
                based_on=target,
                jurisdiction=target.jurisdiction,
                language=target.language,
                topic=target.topic,
                title=title,
                body=body,
                updated_by=actor,
                # the copy's versions continue the shipped page's, so a second editor who loaded the
                # shipped page before the copy existed gets a conflict, not a silent overwrite
                version=target.version + 1,
            )
            _article_audit("legal.rights_article_copied", actor, copy, based_on=str(target.pk))
            return copy
        target = own
    check_version(target.version, expected_version, {"title": target.title, "body": target.body})
    target.title, target.body = title, body
    target.published = True
    target.updated_by = actor
    target.version += 1
    target.save()
    _article_audit("legal.rights_article_changed", actor, target)
    return target


@transaction.atomic
def do_unpublish_rights_article(*, actor: User, article: RightsArticle, expected_version: int) -> RightsArticle:
    """Stop showing one of the agency's own pages: for a copy, staff and survivors see the shipped text
    again ("restore the shipped text"); a page of the agency's own is archived. The row and its history
    stay, and so do the shares that point at it (they show the shipped text, or nothing once archived)."""
    if article.agency_id is None:
        raise DomainError(_("The shipped text is already shown."), code="legal.article_shipped")
    target = RightsArticle.objects.select_for_update().get(pk=article.pk)
    check_version(target.version, expected_version, {"title": target.title, "body": target.body})
    if not target.published:
        raise InvalidTransition(_("This page is already not shown."), code="legal.article_unpublished")
    target.published = False
    target.updated_by = actor
    target.version += 1
    target.save()
    _article_audit(
        "legal.rights_article_restored" if target.based_on_id else "legal.rights_article_archived", actor, target
    )
    return target


@transaction.atomic
def do_share_rights(*, actor: User, case: Case, article: RightsArticle) -> RightsShare:
    """Share a page with the case's survivor (the portal lists it); the same page only once live per case."""
    if article.agency_id not in (None, case.agency_id) or not article.published:
        raise DomainError(
            _("Choose a page from your agency's rights information."),
            code="legal.invalid_article",
            fields={"article": [_("Not a choice.")]},
        )
    already = _("This page is already shared with the survivor on this case.")
    if live_share_for_key(case, key_of(article)) is not None:
        raise DomainError(already, code="legal.already_shared", fields={"article": [already]})
    try:
        with transaction.atomic():
            share = RightsShare.objects.create(
                agency_id=case.agency_id, case=case, survivor_id=case.survivor_id, article=article, shared_by=actor
            )
    except IntegrityError:
        raise DomainError(already, code="legal.already_shared", fields={"article": [already]}) from None
    events.rights_shared(case=case, actor=actor, share_id=str(share.pk), topic=article.topic, language=article.language)
    return share


@transaction.atomic
def do_withdraw_rights_share(*, actor: User, share: RightsShare) -> RightsShare:
    """The survivor no longer sees the page (the share stays in the case's list, marked withdrawn)."""
    share = RightsShare.objects.select_for_update(of=("self",)).select_related("article", "case").get(pk=share.pk)
    if share.withdrawn_at is not None:
        raise InvalidTransition(_("This page was already withdrawn."), code="legal.share_withdrawn")
    share.withdrawn_at = timezone.now()
    share.withdrawn_by = actor
    share.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    events.rights_withdrawn(
        case=share.case,
        actor=actor,
        share_id=str(share.pk),
        topic=share.article.topic,
        language=share.article.language,
    )
    return share


# --- Privileged access: the legal team lets one colleague read a case's legal notes and documents ---

MAX_GRANT_REASON = 1000


def _refuse_grant(message: str, code: str, field: str, error: str) -> DomainError:
    return DomainError(message, code=code, fields={field: [error]})


@transaction.atomic
def do_grant_privileged_access(*, actor: User, case: Case, user: User | None, reason: str) -> LegalAccessGrant:
    """Let `user` read this case's legal notes and documents (never write them) until revoked.

    Only the legal team working the case grants (PermissionDenied otherwise). The grantee must be an active
    member of the case's agency who reads the case and is not on the legal team already; the reason is
    required (stored encrypted); one live grant per person and case."""
    if not can_grant_privileged_access(actor, case):
        raise PermissionDenied
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if user is None:
        errors["user"] = [_("Choose who may read the legal notes and documents.")]
    else:
        membership = active_membership(user)
        if membership is None or membership.agency_id != case.agency_id:
            errors["user"] = [_("Choose a colleague in your agency.")]
        elif capabilities(user).sees_legal:
            errors["user"] = [_("They are on the legal team and already see privileged material.")]
        elif not cases_for_user(user).filter(pk=case.pk).exists():
            errors["user"] = [_("They do not work on this case. Assign them to it first.")]
    if not reason:
        errors["reason"] = [_("Say why they need to read privileged material.")]
    elif len(reason) > MAX_GRANT_REASON:
        errors["reason"] = [_("Keep this under %(n)s characters.") % {"n": MAX_GRANT_REASON}]
    if errors:
        raise DomainError(_("Access was not given."), code="legal.grant_invalid", fields=errors)
    assert user is not None  # noqa: S101 — checked above
    # One live grant per person and case: say so plainly rather than failing on the constraint.
    if LegalAccessGrant.objects.select_for_update().filter(case=case, user=user, revoked_at__isnull=True).exists():
        raise _refuse_grant(
            _("This person already has access to this case's privileged material."),
            "legal.grant_exists",
            "user",
            _("Already has access."),
        )
    try:
        with transaction.atomic():
            grant = LegalAccessGrant.objects.create(
                agency_id=case.agency_id, case=case, user=user, reason=reason, granted_by=actor
            )
    except IntegrityError:  # a grant made at the same moment by a colleague
        raise _refuse_grant(
            _("This person already has access to this case's privileged material."),
            "legal.grant_exists",
            "user",
            _("Already has access."),
        ) from None
    events.access_granted(case=case, actor=actor, grant_id=str(grant.pk), user_id=str(user.pk))
    return grant


@transaction.atomic
def do_revoke_privileged_access(*, actor: User, grant: LegalAccessGrant) -> LegalAccessGrant:
    """End a grant: from now on its holder no longer sees the case's legal notes and documents."""
    locked = LegalAccessGrant.objects.select_for_update().select_related("case", "user").get(pk=grant.pk)
    if not can_grant_privileged_access(actor, locked.case):
        raise PermissionDenied
    if locked.revoked_at is not None:
        raise InvalidTransition(_("This access was already ended."), code="legal.grant_revoked")
    locked.revoked_at, locked.revoked_by = timezone.now(), actor
    locked.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    events.access_revoked(case=locked.case, actor=actor, grant_id=str(locked.pk), user_id=str(locked.user_id))
    return locked


# --- Documents and notes of a matter (helper "matters") ---------------------------------------------------------

MATTER_DOCUMENT_LEVELS = ("legal", "general")  # privileged by default; "general" when everyone on the case may read
MATTER_NOTE_LEVELS = ("legal", "general")


def _audit_link(actor: User, matter: LegalMatter, action: str, **detail: str) -> None:
    from reclaim.core.audit import AuditEntry, write_audit

    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk,
            agency_id=matter.agency_id,
            object_type="legal_matter",
            object_id=str(matter.pk),
            detail={"case_id": str(matter.case_id), **detail},
        )
    )


def _check_level(level: str, allowed: tuple[str, ...]) -> None:
    if level not in allowed:
        raise DomainError(
            _("Choose who may see it."), code="legal.invalid_level", fields={"confidentiality": [_("Not a choice.")]}
        )


def do_add_matter_document(
    *,
    actor: User,
    matter: LegalMatter,
    upload: UploadedFile | None,
    kind: str = "legal_filing",
    confidentiality: str = "legal",
    title: str = "",
) -> Document:
    """Upload a document to the matter's case (encrypted, versioned, audited downloads: the documents app) and
    link it to the matter. Privileged ("legal") by default. The documents app holds the one durable transaction
    (so a refused or failed upload leaves no stored file behind); the link is written inside it, so the
    document and its link are saved together or not at all."""
    from reclaim.documents.actions import do_upload_document

    _check_level(confidentiality, MATTER_DOCUMENT_LEVELS)

    def link(document: Document) -> None:
        MatterDocument.objects.create(agency_id=matter.agency_id, matter=matter, document=document)
        _audit_link(actor, matter, "legal_matter.document_linked", document_id=str(document.pk))

    return do_upload_document(
        actor=actor,
        survivor=matter.case.survivor,
        case=matter.case,
        kind=kind,
        confidentiality=confidentiality,
        title=title,
        upload=upload,
        within=link,
    )


@transaction.atomic
def do_add_matter_note(
    *,
    actor: User,
    matter: LegalMatter,
    body: str,
    confidentiality: str = "legal",
    kind: str = "other",
    occurred_on: datetime.date | None = None,
) -> CaseNote:
    """A case note about this matter, privileged ("legal") by default: the notes rule of the case applies to
    it everywhere (notes tab, API, timeline)."""
    from reclaim.cases.actions import do_add_note

    _check_level(confidentiality, MATTER_NOTE_LEVELS)
    note = do_add_note(
        actor=actor, case=matter.case, confidentiality=confidentiality, kind=kind, body=body, occurred_on=occurred_on
    )
    MatterNote.objects.create(agency_id=matter.agency_id, matter=matter, note=note)
    _audit_link(actor, matter, "legal_matter.note_linked", note_id=str(note.pk))
    return note


# --- Law-enforcement contact log (DOMAIN.md §7, §9) -------------------------------------------------------
# Anything disclosed about the survivor names a consent of purpose law_enforcement_disclosure, given by this
# survivor and live (ConsentRecord.is_live_on, the consent app's one definition) on the date of the contact.

LE_PRIVILEGED_FIELDS = ("officer_name", "request", "notes")


@dataclass(frozen=True)
class LEContactInput:
    """A law-enforcement contact as entered. On an update, a privileged field left as None keeps its stored
    value (a worker without privileged access never sees, so never sends, the officer, request or notes)."""

    occurred_on: datetime.date
    kind: str
    response: str = ""
    information_disclosed: bool = False
    consent_id: Any = None
    matter_id: Any = None
    organization_id: Any = None
    agency_name: str = ""
    officer_name: str | None = ""
    request: str | None = ""
    notes: str | None = ""


def _le_consent(case: Case, data: LEContactInput, organization_id: Any) -> ConsentRecord | None:
    """The consent that allows the disclosure, or a field error naming what is wrong with it."""
    if not data.information_disclosed:
        return None
    if not data.consent_id:
        raise DomainError(
            _("Information was shared with law enforcement, so choose the consent that allowed it."),
            code="legal.consent_required",
            fields={
                "consent": [
                    _(
                        "Choose a consent to share with police or prosecutors. If there is none, record the "
                        "person's consent first; nothing was saved."
                    )
                ]
            },
        )
    consent = consent_for_survivor(case.survivor, data.consent_id)
    if consent is None or consent.purpose != ConsentPurpose.LAW_ENFORCEMENT:
        raise DomainError(
            _("That is not a consent of this person to share with police or prosecutors."),
            code="legal.consent_invalid",
            fields={"consent": [_("Choose one of this person's consents to share with police or prosecutors.")]},
        )
    if not consent.is_live_on(data.occurred_on):
        status = consent.status_on(data.occurred_on)
        message = (
            _("This consent was taken back, so it does not allow sharing.")
            if status == ConsentStatus.REVOKED
            else _("This consent was not in force on the date of the contact (it runs from %(start)s to %(end)s).")
            % {"start": consent.starts_on.isoformat(), "end": consent.expires_on.isoformat()}
        )
        raise DomainError(message, code="legal.consent_not_live", fields={"consent": [message]})
    if consent.recipient_organization_id and organization_id and consent.recipient_organization_id != organization_id:
        message = _("This consent names another organisation; it does not allow sharing with this one.")
        raise DomainError(message, code="legal.consent_other_recipient", fields={"consent": [message]})
    return consent


def _le_checked(case: Case, data: LEContactInput) -> tuple[LegalMatter | None, Organization | None]:
    errors: dict[str, list[str]] = {}
    if data.kind not in ContactKind.values:
        errors["kind"] = [_("Choose a kind of contact.")]
    if data.response not in ContactResponse.values:
        errors["response"] = [_("Choose a response from the list.")]
    if data.occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("Not later than today.")]
    matter = None
    if data.matter_id:
        matter = LegalMatter.objects.filter(agency_id=case.agency_id, case=case, pk=data.matter_id).first()
        if matter is None:
            errors["matter"] = [_("Choose a legal matter of this case.")]
    organization = None
    if data.organization_id:
        organization = directory_organizations().filter(pk=data.organization_id).first()
        if organization is None:
            errors["organization"] = [_("Choose an organisation from the directory.")]
    for name, limit in (
        ("agency_name", MAX_TEXT),
        ("officer_name", MAX_TEXT),
        ("request", MAX_NOTE),
        ("notes", MAX_NOTE),
    ):
        value = getattr(data, name)
        if value is not None and len(value) > limit:
            errors[name] = [_("Keep this under %(n)s characters.") % {"n": limit}]
    if errors:
        raise DomainError(_("The contact was not saved."), code="legal.invalid_contact", fields=errors)
    return matter, organization


@transaction.atomic
def do_record_le_contact(*, actor: User, case: Case, data: LEContactInput) -> LawEnforcementContact:
    """Log a contact with police, prosecutors or a victim-witness coordinator on a case."""
    matter, organization = _le_checked(case, data)
    consent = _le_consent(case, data, organization.pk if organization else None)
    contact = LawEnforcementContact(
        agency_id=case.agency_id,
        case=case,
        matter=matter,
        occurred_on=data.occurred_on,
        kind=data.kind,
        organization=organization,
        agency_name=data.agency_name.strip(),
        officer_name=(data.officer_name or "").strip(),
        request=(data.request or "").strip(),
        response=data.response,
        information_disclosed=data.information_disclosed,
        consent=consent,
        notes=(data.notes or "").strip(),
        recorded_by=actor,
    )
    contact.save()
    events.law_enforcement_contact(
        case=case,
        actor=actor,
        contact_id=str(contact.pk),
        kind=contact.kind,
        disclosed=contact.information_disclosed,
        consent_id=str(contact.consent_id or ""),
    )
    return contact


def le_contact_values(contact: LawEnforcementContact, *, privileged: bool) -> dict[str, Any]:
    """The stored values of a contact for a conflict screen; privileged text only for the legal team."""
    values: dict[str, Any] = {
        "occurred_on": contact.occurred_on,
        "kind": contact.kind,
        "response": contact.response,
        "information_disclosed": contact.information_disclosed,
        "consent": contact.consent_id,
        "matter": contact.matter_id,
        "organization": contact.organization_id,
        "agency_name": contact.agency_name,
    }
    if privileged:
        values |= {name: getattr(contact, name) for name in LE_PRIVILEGED_FIELDS}
    return values


@transaction.atomic
def do_update_le_contact(
    *, actor: User, contact: LawEnforcementContact, data: LEContactInput, expected_version: int, privileged: bool
) -> LawEnforcementContact:
    """Correct a contact. The consent is checked again when the disclosure, the consent, the date or the
    organisation changes (a consent taken back later does not undo a disclosure it allowed at the time).
    `privileged` says whether the actor may read (and so change) the officer, request and notes."""
    contact = (
        LawEnforcementContact.objects.select_for_update(of=("self",))
        .select_related("case__survivor")
        .get(pk=contact.pk)
    )
    check_version(contact.version, expected_version, le_contact_values(contact, privileged=privileged))
    if not privileged and any(getattr(data, name) is not None for name in LE_PRIVILEGED_FIELDS):
        raise PermissionDenied
    case = contact.case
    matter, organization = _le_checked(case, data)
    organization_id = organization.pk if organization else None
    recheck = (
        data.information_disclosed != contact.information_disclosed
        or str(data.consent_id or "") != str(contact.consent_id or "")
        or data.occurred_on != contact.occurred_on
        or organization_id != contact.organization_id
    )
    consent = _le_consent(case, data, organization_id) if recheck else contact.consent
    new = {
        "occurred_on": data.occurred_on,
        "kind": data.kind,
        "response": data.response,
        "information_disclosed": data.information_disclosed,
        "consent": consent,
        "matter": matter,
        "organization": organization,
        "agency_name": data.agency_name.strip(),
    }
    for name in LE_PRIVILEGED_FIELDS:
        value = getattr(data, name)
        if value is not None:
            new[name] = value.strip()
    changed = []
    for name, value in new.items():
        if getattr(contact, name) != value:
            setattr(contact, name, value)
            changed.append(name)
    if changed:
        contact.version += 1
        contact.save()
        events.law_enforcement_contact_updated(
            case=case,
            actor=actor,
            contact_id=str(contact.pk),
            fields=changed,
            disclosed=contact.information_disclosed,
            consent_id=str(contact.consent_id or ""),
        )
    return contact
