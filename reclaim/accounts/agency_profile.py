"""The agency profile page (accounts:agency_profile, issue 14 item 4): what an agency admin checks first.

The page edits what accounts owns (the agency's display name) and shows, read-only, what other domains own
about the agency, each with a link to the one page that edits it. The partner directory (referrals) already
holds the agency's public email, phone, website, description and addresses in its entry for the agency; those
are not copied here. Accounts may not import those domains, so each registers a section provider from its
AppConfig.ready(), as the set-up guide's steps do (accounts/setup_guide.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from reclaim.accounts.models import Agency


@dataclass(frozen=True)
class ProfileSection:
    code: str  # stable, lowercase: the section's anchor on the page
    order: int
    title: Any  # a lazy translated string
    text: Any  # where these details come from and who sees them
    rows: list[tuple[Any, str]] = field(default_factory=list)  # (label, value); an empty value reads "Not given"
    url: str = ""  # the page that edits them (a GET link)
    link_label: Any = ""
    post_url: str = ""  # or a POST button that first creates what is edited (e.g. a missing directory entry)
    post_label: Any = ""


_providers: list[Callable[[Agency], ProfileSection | None]] = []


def register_profile_section(provider: Callable[[Agency], ProfileSection | None]) -> None:
    """Add a provider once (ready() may run more than once in tests). A provider costs a constant number of queries."""
    if provider not in _providers:
        _providers.append(provider)


def profile_sections(agency: Agency) -> list[ProfileSection]:
    sections = [section for provider in _providers if (section := provider(agency)) is not None]
    return sorted(sections, key=lambda section: section.order)
