"""Network-wide unduplicated counts for a coalition (DOMAIN.md §11; issue 8 item 6).

Agencies of a coalition want to know how many DIFFERENT people they served between them, without any of
them learning who the others serve. Inside the platform, each member agency's survivors served in a period
become network tokens: a keyed HMAC of the normalised given name, family name and birth date under a
NETWORK sub-key (core/blind.py, HKDF of the index key with the network id as context, purpose
"network-count"), so the same person gives the same token in every member agency, and nothing that matches
any agency's own blind indexes. A survivor without a full name and birth date gets a token that only
they can have (under the same key, from their record's id), so they are counted once and never merged.

The count is the number of distinct tokens of the agencies that are members now. It is released only as a
suppressed aggregate, under the largest k of the member agencies: a count under k reads "fewer than k", and
so does any count from which a member could work out a small number by taking away its own people (the
network count minus one member's own count between 1 and k-1). Tokens are never shown, exported or sent,
and an agency's tokens are deleted when it leaves.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.blind import blind_index, normalise_date, normalise_text
from reclaim.core.errors import DomainError
from reclaim.people.models import Survivor
from reclaim.reporting.exports.data import served_survivor_ids
from reclaim.reporting.jobs import do_start_job
from reclaim.reporting.models import Network, NetworkCount, NetworkMembership, NetworkToken
from reclaim.reporting.periods import PeriodError, parse
from reclaim.reporting.selectors import policy_for, small_cell_k

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from reclaim.accounts.models import Agency, User
    from reclaim.reporting.jobs import Progress
    from reclaim.reporting.models import ReportJob

KIND = "network_count"
TOKEN_PURPOSE = "network-count"  # noqa: S105 (a key-derivation context, not a secret)
NAME_MAX = 120


# --- who may do what -------------------------------------------------------------------------------------


def can_manage_networks(user: User) -> bool:
    """Agency admins join and leave networks for their agency, and see the counts."""
    return active_membership(user) is not None and capabilities(user).manages_staff


def can_see_network_page(user: User) -> bool:
    return can_manage_networks(user) or bool(getattr(user, "is_platform_operator", False))


def require_network_page(user: User) -> None:
    if not can_see_network_page(user):
        raise PermissionDenied


def require_network_manager(user: User) -> Agency:
    membership = active_membership(user)
    if membership is None or not can_manage_networks(user):
        raise PermissionDenied
    return membership.agency


# --- reads -----------------------------------------------------------------------------------------------


def all_networks() -> QuerySet[Network]:
    return Network.objects.order_by("name")


def network_by_id(network_id: Any) -> Network:
    """A network by id (networks are not secret from agency admins: they choose which to join); 404 if none."""
    try:
        key = uuid.UUID(str(network_id))
    except ValueError:
        raise Http404 from None
    network = Network.objects.filter(pk=key).first()
    if network is None:
        raise Http404
    return network


def member_agency_ids(network: Network) -> set[Any]:
    return set(
        NetworkMembership.objects.filter(network=network, left_at__isnull=True).values_list("agency_id", flat=True)
    )


def memberships_of(agency_id: Any) -> set[Any]:
    """The networks this agency is a member of now."""
    return set(
        NetworkMembership.objects.filter(agency_id=agency_id, left_at__isnull=True).values_list("network_id", flat=True)
    )


def last_counts(network_ids: set[Any]) -> dict[Any, NetworkCount]:
    """The latest released count of each network (one query)."""
    latest: dict[Any, NetworkCount] = {}
    for count in NetworkCount.objects.filter(network_id__in=network_ids).order_by("network_id", "-created_at"):
        latest.setdefault(count.network_id, count)
    return latest


def count_text(count: NetworkCount) -> str:
    if count.shown is None:
        return _("fewer than %(k)s, or not shown") % {"k": count.k}
    return str(count.shown)


# --- writes ----------------------------------------------------------------------------------------------


def _audit(action: str, actor: User, agency_id: Any, network: Network, **detail: Any) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk,
            agency_id=agency_id,
            object_type="network",
            object_id=str(network.pk),
            detail=detail,
        )
    )


@transaction.atomic
def do_create_network(*, actor: User, name: str) -> Network:
    """A platform operator or an agency admin names a new network (no agency joins by this)."""
    if not can_see_network_page(actor):
        raise PermissionDenied
    name = " ".join((name or "").split())
    if not name or len(name) > NAME_MAX:
        raise DomainError(
            _("Give the network a name (at most %(max)s characters).") % {"max": NAME_MAX},
            code="reporting.invalid_network",
            fields={"name": [_("Give the network a name.")]},
        )
    if Network.objects.filter(name__iexact=name).exists():
        raise DomainError(
            _("There is already a network with this name."),
            code="reporting.duplicate_network",
            fields={"name": [_("There is already a network with this name.")]},
        )
    membership = active_membership(actor)
    network = Network.objects.create(
        name=name, created_by=actor, created_by_agency=membership.agency if membership else None
    )
    _audit("reporting.network_created", actor, membership.agency_id if membership else None, network)
    return network


@transaction.atomic
def do_set_network_membership(*, actor: User, network: Network, member: bool) -> bool:
    """The actor's agency joins (member=True) or leaves the network, explicitly, by its admin; audited.
    Leaving deletes every token the agency had in it. Doing what is already so changes nothing."""
    agency = require_network_manager(actor)
    live = NetworkMembership.objects.select_for_update().filter(network=network, agency=agency, left_at__isnull=True)
    current = live.first()
    if member and current is None:
        try:
            with transaction.atomic():
                NetworkMembership.objects.create(network=network, agency=agency, joined_by=actor)
        except IntegrityError:  # joined at the same moment by another admin
            return True
        _audit("reporting.network_joined", actor, agency.pk, network)
    elif not member and current is not None:
        current.left_at, current.left_by = timezone.now(), actor
        current.save(update_fields=["left_at", "left_by", "updated_at"])
        deleted, _counts = NetworkToken.objects.filter(network=network, agency=agency).delete()
        _audit("reporting.network_left", actor, agency.pk, network, tokens_deleted=deleted)
    return member


def start_network_count(*, actor: User, network: Network, period: str) -> ReportJob:
    """Queue the count for a period: only an admin of a member agency may ask; bad periods name the field."""
    agency = require_network_manager(actor)
    if network.pk not in memberships_of(agency.pk):
        raise DomainError(
            _("Your agency is not a member of this network. Join it first."),
            code="reporting.not_a_network_member",
            fields={"network_id": [_("Join this network first.")]},
        )
    try:
        chosen = parse(period, policy_for(agency.pk).fiscal_year_start_month)
    except PeriodError as exc:
        raise DomainError(str(exc), code="reporting.invalid_period", fields={"period": [str(exc)]}) from exc
    return do_start_job(
        actor=actor, agency=agency, kind=KIND, spec={"network": str(network.pk), "period": chosen.label}
    )


# --- tokens and the count --------------------------------------------------------------------------------


def identity_token(survivor: Survivor, network_id: Any) -> str:
    """The person's network token: equal across agencies for the same normalised name and birth date."""
    given, family = normalise_text(survivor.given_name or ""), normalise_text(survivor.family_name or "")
    if given and family and survivor.date_of_birth is not None:
        value = f"person|{given}|{family}|{normalise_date(survivor.date_of_birth)}"
    else:
        value = f"record|{survivor.pk}"  # cannot be matched: counted once, never merged
    return blind_index(value, scope_id=network_id, purpose=TOKEN_PURPOSE)


def release(total: int, own_counts: list[int], k: int) -> int | None:
    """The count to show, or None: under k, or leaving a member a small difference between it and its own."""
    if total < k:
        return None
    for own in own_counts:
        if 0 < total - own < k:
            return None
    return total


def run_network_count(job: ReportJob, progress: Progress) -> dict[str, Any]:
    network = Network.objects.filter(pk=job.spec.get("network")).first()
    if network is None or network.pk not in memberships_of(job.agency_id):
        raise DomainError(
            _("Your agency is no longer a member of this network."), code="reporting.not_a_network_member"
        )
    period = parse(str(job.spec.get("period", "")), policy_for(job.agency_id).fiscal_year_start_month)
    progress(0, 3, _("Finding the people your agency served"))
    ids = served_survivor_ids(job.agency_id, period)
    survivors = Survivor.objects.filter(agency_id=job.agency_id, pk__in=ids).only(
        "pk", "given_name", "family_name", "date_of_birth"
    )
    tokens = {identity_token(survivor, network.pk) for survivor in survivors}
    progress(1, 3, _("Updating your agency's part"))
    with transaction.atomic():
        NetworkToken.objects.filter(network=network, agency_id=job.agency_id, period=period.label).delete()
        NetworkToken.objects.bulk_create(
            NetworkToken(network=network, agency_id=job.agency_id, period=period.label, token=token) for token in tokens
        )
    progress(2, 3, _("Counting across the network"))
    members = member_agency_ids(network)
    rows = NetworkToken.objects.filter(network=network, period=period.label, agency_id__in=members)
    total = rows.values("token").distinct().count()
    own = list(rows.values("agency_id").annotate(n=Count("token")).values_list("n", flat=True))
    k = max([small_cell_k(agency_id) for agency_id in members] or [small_cell_k(job.agency_id)])
    count = NetworkCount.objects.create(
        network=network,
        period=period.label,
        k=k,
        shown=release(total, own, k),
        agencies=len(own),
        computed_by_agency_id=job.agency_id,
    )
    write_audit(
        AuditEntry(
            "reporting.network_count_released",
            actor_id=job.created_by_id,
            agency_id=job.agency_id,
            object_type="network",
            object_id=str(network.pk),
            detail={"period": period.label, "shown": count.shown is not None},
        )
    )
    return {
        "network": network.name,
        "period": period.label,
        "count": count_text(count),
        "k": k,
        "agencies": len(own),
    }
