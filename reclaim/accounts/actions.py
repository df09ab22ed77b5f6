"""Every write in accounts: one transaction, an audit row, side effects on commit."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reclaim.accounts import selectors
from reclaim.accounts.models import (
    Agency,
    AgencyAlert,
    AgencyKey,
    AlertKind,
    ApiToken,
    BreakGlassGrant,
    Invitation,
    Membership,
    SetupStepMark,
    Team,
    TeamMember,
    User,
)
from reclaim.accounts.roles import Role
from reclaim.accounts.selectors import forget_membership
from reclaim.core import crypto
from reclaim.core.audit import AuditEntry, write_audit, write_audit_many
from reclaim.core.errors import DomainError, check_version
from reclaim.core.models import Term, Vocabulary
from reclaim.core.vocabulary import AGENCY_CODE_PATTERN

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from uuid import UUID

TOKEN_PREFIX = "rcl_"  # noqa: S105 — a public prefix, not a secret


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _actor_id(actor: User | None) -> UUID | None:
    return actor.pk if actor is not None else None


@transaction.atomic
def do_create_agency(*, actor: User | None, name: str, slug: str, org_type: str, country: str = "") -> Agency:
    """Create a tenant with its own data key."""
    agency = Agency(name=name, slug=slug, org_type=org_type, country=country)
    agency.full_clean()
    agency.save()
    AgencyKey.objects.create(agency=agency, wrapped_key=crypto.master_keyring().wrap(crypto.new_data_key()))
    write_audit(
        AuditEntry(
            "agency.created",
            actor_id=_actor_id(actor),
            agency_id=agency.pk,
            object_type="agency",
            object_id=str(agency.pk),
        )
    )
    return agency


@transaction.atomic
def do_create_team(*, actor: User | None, agency: Agency, name: str) -> Team:
    if Team.objects.filter(agency=agency, name=name).exists():
        raise DomainError(
            _("The team was not created."),
            code="accounts.duplicate_team",
            fields={"name": [_("Your agency already has a team with this name.")]},
        )
    team = Team(agency=agency, name=name)
    team.full_clean()
    team.save()
    write_audit(
        AuditEntry(
            "team.created", actor_id=_actor_id(actor), agency_id=agency.pk, object_type="team", object_id=str(team.pk)
        )
    )
    return team


def _set_teams(membership: Membership, teams: list[Team]) -> None:
    if any(team.agency_id != membership.agency_id for team in teams):
        raise DomainError(_("A team of another agency cannot be chosen."), code="accounts.foreign_team")
    TeamMember.objects.filter(membership=membership).exclude(team__in=teams).delete()
    existing = set(TeamMember.objects.filter(membership=membership).values_list("team_id", flat=True))
    TeamMember.objects.bulk_create(
        [
            TeamMember(agency_id=membership.agency_id, team=team, membership=membership)
            for team in teams
            if team.pk not in existing
        ]
    )


@transaction.atomic
def do_add_member(
    *,
    actor: User | None,
    agency: Agency,
    email: str,
    display_name: str,
    role: str,
    password: str | None,
    teams: list[Team] | None = None,
) -> Membership:
    """Create a staff user with a role (seeding and invitation acceptance use this)."""
    member = NewMember(email=email, display_name=display_name, role=role, password=password, teams=tuple(teams or []))
    return do_add_members(actor=actor, agency=agency, members=[member])[0]


@dataclass(frozen=True)
class NewMember:
    email: str
    display_name: str
    role: str
    password: str | None  # None: no password (the user sets one through an invitation or a reset)
    teams: tuple[Team, ...] = ()


@transaction.atomic
def do_add_members(*, actor: User | None, agency: Agency, members: Sequence[NewMember]) -> list[Membership]:
    """Create staff users with their roles and teams, all or none: the same rows as one `do_add_member` each,
    in one statement per kind of row (users, memberships, team places, audit rows)."""
    emails = [User.objects.normalize_email(m.email).lower() for m in members]
    if len(set(emails)) < len(emails) or User.objects.filter(email__in=emails).exists():
        raise DomainError(
            _("A user with this email already exists."),
            code="accounts.email_taken",
            fields={"email": [_("Already in use.")]},
        )
    if any(team.agency_id != agency.pk for m in members for team in m.teams):
        raise DomainError(_("A team of another agency cannot be chosen."), code="accounts.foreign_team")
    users = []
    for member, email in zip(members, emails, strict=True):
        user = User(email=email, display_name=member.display_name)
        user.set_password(member.password)  # None makes it unusable, as create_user does
        users.append(user)
    memberships = [Membership(agency=agency, user=u, role=m.role) for u, m in zip(users, members, strict=True)]
    for membership in memberships:
        # The users are new (no membership of theirs can clash) and the agency is the one given: only the other
        # fields are checked, with no query per person.
        membership.full_clean(exclude=["user", "agency"], validate_unique=False, validate_constraints=False)
    User.objects.bulk_create(users)
    Membership.objects.bulk_create(memberships)
    TeamMember.objects.bulk_create(
        TeamMember(agency_id=agency.pk, team=team, membership=membership)
        for membership, member in zip(memberships, members, strict=True)
        for team in dict.fromkeys(member.teams)
    )
    write_audit_many(
        AuditEntry(
            "membership.created",
            actor_id=_actor_id(actor),
            agency_id=agency.pk,
            object_type="membership",
            object_id=str(membership.pk),
            detail={"role": membership.role},
        )
        for membership in memberships
    )
    return memberships


@transaction.atomic
def do_invite_staff(
    *, actor: User | None, agency: Agency, email: str, display_name: str, role: str, team: Team | None
) -> tuple[Invitation, str]:
    """Record an invitation and email its one-time link; returns the raw secret (shown once in dev)."""
    if role not in Role.values:
        raise DomainError(_("Choose a role."), code="accounts.bad_role", fields={"role": [_("Unknown role.")]})
    if team is not None and team.agency_id != agency.pk:
        raise DomainError(_("A team of another agency cannot be chosen."), code="accounts.foreign_team")
    secret = secrets.token_urlsafe(32)
    invitation = Invitation(
        agency=agency,
        email=email.lower(),
        display_name=display_name,
        role=role,
        team=team,
        token_hash=_sha256(secret),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.RECLAIM_INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    write_audit(
        AuditEntry(
            "invitation.created",
            actor_id=_actor_id(actor),
            agency_id=agency.pk,
            object_type="invitation",
            object_id=str(invitation.pk),
            detail={"role": role},
        )
    )
    invitation_id = invitation.pk
    transaction.on_commit(lambda: send_invitation_email(invitation_id=invitation_id, secret=secret))
    return invitation, secret


def send_invitation_email(*, invitation_id: UUID, secret: str) -> None:
    invitation = Invitation.objects.select_related("agency").get(pk=invitation_id)
    base = settings.RECLAIM_PUBLIC_URL.rstrip("/")
    send_mail(
        subject=_("You have been invited to Reclaim"),
        message=_(
            "Open this link to choose your password and join your organisation's workspace:\n\n%(link)s\n\nThe link expires in %(days)s days."
        )
        % {"link": f"{base}/invitations/{secret}/", "days": settings.RECLAIM_INVITATION_DAYS},
        from_email=None,
        recipient_list=[invitation.email],
    )


def find_pending_invitation(secret: str) -> Invitation | None:
    invitation = Invitation.objects.select_related("agency", "team").filter(token_hash=_sha256(secret)).first()
    if invitation is None or not invitation.is_pending:
        return None
    return invitation


# Domains that tie an invitation to a record of theirs (outreach: a volunteer's sign-in) register a hook from their
# AppConfig.ready(); it runs inside the acceptance transaction with the new user (accounts may not import them).
_acceptance_hooks: list[Callable[[Invitation, User], None]] = []


def register_invitation_acceptance_hook(hook: Callable[[Invitation, User], None]) -> None:
    if hook not in _acceptance_hooks:
        _acceptance_hooks.append(hook)


@transaction.atomic
def do_accept_invitation(*, invitation: Invitation, password: str) -> User:
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("agency", "team").get(pk=invitation.pk)
    )
    if not invitation.is_pending:
        raise DomainError(_("This invitation is no longer valid."), code="accounts.invitation_invalid")
    validate_password(password, User(email=invitation.email, display_name=invitation.display_name))
    membership = do_add_member(
        actor=None,
        agency=invitation.agency,
        email=invitation.email,
        display_name=invitation.display_name,
        role=invitation.role,
        password=password,
        teams=[invitation.team] if invitation.team else [],
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    for hook in _acceptance_hooks:
        hook(invitation, membership.user)
    write_audit(
        AuditEntry(
            "invitation.accepted",
            actor_id=membership.user_id,
            agency_id=invitation.agency_id,
            object_type="invitation",
            object_id=str(invitation.pk),
        )
    )
    return membership.user


@transaction.atomic
def do_revoke_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    write_audit(
        AuditEntry(
            "invitation.revoked",
            actor_id=actor.pk,
            agency_id=invitation.agency_id,
            object_type="invitation",
            object_id=str(invitation.pk),
        )
    )
    return invitation


@transaction.atomic
def do_change_membership(
    *, actor: User, membership: Membership, role: str, teams: list[Team], is_active: bool
) -> Membership:
    if membership.user_id == actor.pk and (not is_active or role != membership.role):
        raise DomainError(_("You cannot change your own role or deactivate yourself."), code="accounts.self_change")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.role, membership.is_active = role, is_active
    membership.full_clean()
    membership.save()
    _set_teams(membership, teams)
    if not is_active:
        ApiToken.objects.filter(membership=membership, revoked_at__isnull=True).update(revoked_at=timezone.now())
    forget_membership(membership.user)
    write_audit(
        AuditEntry(
            "membership.changed",
            actor_id=actor.pk,
            agency_id=membership.agency_id,
            object_type="membership",
            object_id=str(membership.pk),
            detail={"role": role, "active": is_active, "teams": sorted(str(t.pk) for t in teams)},
        )
    )
    return membership


def staff_languages() -> dict[str, str]:
    """The languages a staff member may choose: code -> name in that language ("Español")."""
    return {code: translation.get_language_info(code)["name_local"] for code, _name in settings.LANGUAGES}


@transaction.atomic
def do_set_language(*, actor: User, language: str) -> User:
    """Set the actor's own interface language ("" = follow the browser); audited when it changes."""
    if language and language not in staff_languages():
        raise DomainError(_("Choose one of the languages offered."), code="accounts.unknown_language")
    user = User.objects.select_for_update().get(pk=actor.pk)
    if user.language == language:
        return user
    previous, user.language = user.language, language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language"])
    membership = selectors.active_membership(actor)
    write_audit(
        AuditEntry(
            "user.language_changed",
            actor_id=user.pk,
            agency_id=membership.agency_id if membership else None,
            object_type="user",
            object_id=str(user.pk),
            detail={"from": previous, "to": language},
        )
    )
    return user


AGENCY_NAME_MAX_LENGTH = 200


@transaction.atomic
def do_update_agency_profile(*, actor: User, agency: Agency, name: str, expected_version: int) -> Agency:
    """Save the agency's profile (its display name), as an agency admin of that agency; the caller checked the
    role. Always bumps the version and writes an audit row naming the changed fields (none: the admin checked
    and confirmed the profile, which the set-up guide's first step reads)."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    check_version(agency.version, expected_version, {"name": agency.name})
    name = " ".join(name.split())
    if not name:
        raise DomainError(
            _("The profile was not saved."),
            code="accounts.invalid_profile",
            fields={"name": [_("Enter the name partners and staff know your agency by.")]},
        )
    if len(name) > AGENCY_NAME_MAX_LENGTH:
        raise DomainError(
            _("The profile was not saved."),
            code="accounts.invalid_profile",
            fields={"name": [_("Keep this under %(n)s characters.") % {"n": AGENCY_NAME_MAX_LENGTH}]},
        )
    changed = ["name"] if name != agency.name else []
    agency.name = name
    agency.version += 1
    agency.full_clean()
    agency.save(update_fields=["name", "version", "updated_at"])
    write_audit(
        AuditEntry(
            "agency.profile_saved",
            actor_id=actor.pk,
            agency_id=agency.pk,
            object_type="agency",
            object_id=str(agency.pk),
            detail={"changed": changed},
        )
    )
    return agency


@transaction.atomic
def do_set_setup_guide_hidden(*, actor: User, membership: Membership, hidden: bool) -> Membership:
    """Hide the set-up guide from this admin's home page, or show it there again (accounts/setup_guide.py)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.setup_guide_hidden_at = timezone.now() if hidden else None
    membership.save(update_fields=["setup_guide_hidden_at", "updated_at"])
    forget_membership(membership.user)
    write_audit(
        AuditEntry(
            "setup_guide.hidden" if hidden else "setup_guide.shown",
            actor_id=actor.pk,
            agency_id=membership.agency_id,
            object_type="membership",
            object_id=str(membership.pk),
        )
    )
    return membership


@transaction.atomic
def do_mark_setup_step(*, actor: User, agency: Agency, code: str, done: bool) -> None:
    """Tick a set-up step by hand, or take the tick back. Only steps that offer a tick by hand (the caller
    checks with setup_guide.markable_codes) may be marked: a step whose state can be read is never ticked."""
    marks = SetupStepMark.objects.filter(agency=agency, code=code)
    if marks.exists() == done:
        return  # already so: nothing changes, nothing to record
    if done:
        mark = SetupStepMark(agency=agency, code=code, marked_by=actor)
        mark.full_clean()
        mark.save()
    else:
        marks.delete()
    write_audit(
        AuditEntry(
            "setup_guide.step_marked" if done else "setup_guide.step_unmarked",
            actor_id=actor.pk,
            agency_id=agency.pk,
            object_type="setup_step",
            object_id=code,
        )
    )


@transaction.atomic
def do_create_api_token(
    *, actor: User, membership: Membership | None, name: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a personal token; the raw value is returned once and never stored."""
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=actor,
        membership=membership,
        name=name,
        prefix=prefix,
        token_hash=_sha256(raw),
        expires_at=timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    token.full_clean()
    token.save()
    write_audit(
        AuditEntry(
            "token.created",
            actor_id=actor.pk,
            agency_id=membership.agency_id if membership else None,
            object_type="api_token",
            object_id=str(token.pk),
        )
    )
    return token, raw


def authenticate_token(raw: str) -> ApiToken | None:
    """The live token for this raw value, with its user and membership, or None."""
    if not raw.startswith(TOKEN_PREFIX) or raw.count("_") < 2:  # noqa: PLR2004 — rcl_<prefix>_<secret>
        return None
    prefix = raw[len(TOKEN_PREFIX) :].split("_", 1)[0]
    token = ApiToken.objects.select_related("user", "membership", "membership__agency").filter(prefix=prefix).first()
    if token is None or not secrets.compare_digest(token.token_hash, _sha256(raw)):
        return None
    now = timezone.now()
    if (
        token.revoked_at is not None
        or (token.expires_at is not None and token.expires_at <= now)
        or not token.user.is_active
    ):
        return None
    if token.membership is not None and (not token.membership.is_active or not token.membership.agency.is_active):
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def do_revoke_api_token(*, actor: User, token: ApiToken) -> ApiToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    write_audit(AuditEntry("token.revoked", actor_id=actor.pk, object_type="api_token", object_id=str(token.pk)))
    return token


@transaction.atomic
def do_start_break_glass(*, actor: User, agency: Agency, reason: str, hours: int) -> BreakGlassGrant:
    """Open emergency access: requires a stated reason and a time limit; alerts the agency's admins."""
    if not actor.is_platform_operator:
        raise DomainError(_("Only a platform operator can use emergency access."), code="break_glass.not_operator")
    reason = reason.strip()
    if len(reason) < 20:  # noqa: PLR2004 — a sentence, not "x"
        raise DomainError(
            _("Explain why emergency access is needed (at least 20 characters)."),
            code="break_glass.reason_required",
            fields={"reason": [_("Give a reason of at least 20 characters.")]},
        )
    if not 1 <= hours <= settings.RECLAIM_BREAK_GLASS_MAX_HOURS:
        raise DomainError(
            _("Choose between 1 and %(max)s hours.") % {"max": settings.RECLAIM_BREAK_GLASS_MAX_HOURS},
            code="break_glass.bad_duration",
            fields={"hours": [_("Out of range.")]},
        )
    grant = BreakGlassGrant(
        agency=agency, operator=actor, reason=reason, expires_at=timezone.now() + timedelta(hours=hours)
    )
    grant.full_clean()
    grant.save()
    AgencyAlert.objects.create(agency=agency, kind=AlertKind.BREAK_GLASS, grant=grant)
    write_audit(
        AuditEntry(
            "break_glass.started",
            actor_id=actor.pk,
            agency_id=agency.pk,
            object_type="break_glass",
            object_id=str(grant.pk),
            purpose=reason[:200],
            detail={"hours": hours},
        )
    )
    grant_id = grant.pk
    transaction.on_commit(lambda: send_break_glass_alert(grant_id=grant_id))
    return grant


def send_break_glass_alert(*, grant_id: UUID) -> None:
    grant = BreakGlassGrant.objects.get(pk=grant_id)
    admins = list(
        Membership.objects.filter(agency_id=grant.agency_id, role=Role.AGENCY_ADMIN, is_active=True).values_list(
            "user__email", flat=True
        )
    )
    if admins:
        send_mail(
            subject=_("Reclaim: emergency access to your agency was opened"),
            message=_(
                "A platform operator opened emergency access to your agency until %(until)s. Review it under Emergency access in Reclaim."
            )
            % {"until": grant.expires_at.isoformat(timespec="minutes")},
            from_email=None,
            recipient_list=admins,
        )


@transaction.atomic
def do_end_break_glass(*, actor: User, grant: BreakGlassGrant) -> BreakGlassGrant:
    grant = BreakGlassGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.ended_at is None:
        grant.ended_at = timezone.now()
        grant.save(update_fields=["ended_at", "updated_at"])
        write_audit(
            AuditEntry(
                "break_glass.ended",
                actor_id=actor.pk,
                agency_id=grant.agency_id,
                object_type="break_glass",
                object_id=str(grant.pk),
            )
        )
    return grant


@transaction.atomic
def do_review_break_glass(*, actor: User, grant: BreakGlassGrant) -> BreakGlassGrant:
    """An agency admin has read the grant and its audit rows; its alerts close."""
    grant = BreakGlassGrant.objects.select_for_update().get(pk=grant.pk)
    now = timezone.now()
    grant.reviewed_by, grant.reviewed_at = actor, now
    grant.save(update_fields=["reviewed_by", "reviewed_at", "updated_at"])
    AgencyAlert.objects.filter(grant=grant, acknowledged_at__isnull=True).update(
        acknowledged_by=actor, acknowledged_at=now
    )
    write_audit(
        AuditEntry(
            "break_glass.reviewed",
            actor_id=actor.pk,
            agency_id=grant.agency_id,
            object_type="break_glass",
            object_id=str(grant.pk),
        )
    )
    return grant


@transaction.atomic
def do_add_agency_term(*, actor: User, agency: Agency, vocabulary: Vocabulary, code: str, label: str) -> Term:
    """Extend a vocabulary with one of the agency's own terms; only its staff will see it."""
    code, label = code.strip(), label.strip()
    errors: dict[str, list[str]] = {}
    if not AGENCY_CODE_PATTERN.match(code):
        errors["code"] = [
            _("Start with x_ then a letter; use only letters, digits and underscores (e.g. x_FishingVessel).")
        ]
    if not label:
        errors["label"] = [_("Give the term a label people will read.")]
    if errors:
        raise DomainError(_("The term was not added."), code="vocabulary.invalid_term", fields=errors)
    Vocabulary.objects.select_for_update().filter(pk=vocabulary.pk).first()  # serialise additions per vocabulary
    taken = Term.objects.filter(vocabulary=vocabulary, code=code, agency__isnull=True).exists() or (
        Term.objects.filter(vocabulary=vocabulary, code=code, agency=agency).exists()
    )
    if taken:
        raise DomainError(
            _("The term was not added."),
            code="vocabulary.duplicate_code",
            fields={"code": [_("This code is already used in this list (perhaps by a retired term).")]},
        )
    last = Term.objects.filter(vocabulary=vocabulary, agency=agency).order_by("-sort").values_list("sort", flat=True)
    term = Term(
        vocabulary=vocabulary,
        agency=agency,
        code=code,
        label=label,
        sort=max(1000, (last.first() or 999) + 1),  # after the standard's terms
        introduced_in="",
    )
    term.full_clean()
    term.save()
    write_audit(
        AuditEntry(
            "vocabulary.term_added",
            actor_id=actor.pk,
            agency_id=agency.pk,
            object_type="term",
            object_id=str(term.pk),
            detail={"vocabulary": vocabulary.code, "code": code},
        )
    )
    return term


@transaction.atomic
def do_retire_agency_term(*, actor: User, term: Term) -> Term:
    """Retire an agency term: no longer offered, still shown on records that use it. Never the standard's."""
    term = Term.objects.select_for_update().select_related("vocabulary").get(pk=term.pk)
    if term.agency_id is None:
        raise DomainError(_("Terms of the standard cannot be changed."), code="vocabulary.standard_term")
    if term.retired:
        return term
    term.retired = True
    term.save(update_fields=["retired", "updated_at"])
    write_audit(
        AuditEntry(
            "vocabulary.term_retired",
            actor_id=actor.pk,
            agency_id=term.agency_id,
            object_type="term",
            object_id=str(term.pk),
            detail={"vocabulary": term.vocabulary.code, "code": term.code},
        )
    )
    return term
