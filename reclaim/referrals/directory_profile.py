"""The partner directory's section of the agency profile page (accounts/agency_profile.py): what partners see
of the agency, read from the agency's own directory entry, and the link to the one page that edits it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.agency_profile import ProfileSection
from reclaim.referrals.models import Location, Organization

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency


def _address(location: Location) -> str:
    area = ", ".join(part for part in (location.city, location.region, location.country) if part)
    return "\n".join([*location.street_lines, area] if area else location.street_lines)


def directory_profile_section(agency: Agency) -> ProfileSection:
    """Two queries: the entry and its public locations (a confidential one, a shelter, is never shown to
    partners, so it is not listed here either)."""
    entry = (
        Organization.objects.filter(platform_agency=agency)
        .prefetch_related(
            Prefetch("locations", queryset=Location.objects.filter(confidential=False).order_by("name", "city"))
        )
        .first()
    )
    title = _("What partners see in the directory")
    if entry is None:
        return ProfileSection(
            code="directory",
            order=10,
            title=title,
            text=_(
                "Your agency has no entry in the partner directory yet. Add one so partners can find your "
                "services and know how to reach you: a public email and phone, a short description and, if you "
                "wish, an address that is not confidential."
            ),
            post_url=reverse("referrals:directory_own_entry"),
            post_label=_("Add your agency to the directory"),
        )
    addresses = "\n\n".join(_address(location) for location in entry.locations.all())
    return ProfileSection(
        code="directory",
        order=10,
        title=title,
        text=_(
            "Partners read these details in the partner directory. They are kept in one place, your agency's "
            "directory entry; change them there (addresses and services too). Never put a shelter's address here."
        ),
        rows=[
            (_("Listed as"), entry.name),
            (_("Public email"), entry.email),
            (_("Public phone"), entry.phone),
            (_("Website"), entry.website),
            (_("What you do"), entry.description),
            (_("Addresses partners see"), addresses),
        ],
        url=reverse("referrals:directory_organization", args=[entry.pk]),
        link_label=_("Open your directory entry"),
    )
