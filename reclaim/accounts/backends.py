"""Django's and allauth's authentication backends, reading the session's user together with their membership
(selectors.signed_in_user): every staff request needs both, and one query gives them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from reclaim.accounts.selectors import signed_in_user

if TYPE_CHECKING:
    from uuid import UUID

    from reclaim.accounts.models import User


class _ReadsTheMembership(ModelBackend):
    def get_user(self, user_id: UUID | str) -> User | None:
        user = signed_in_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class MemberModelBackend(_ReadsTheMembership):
    """django.contrib.auth.backends.ModelBackend (sign-in after accepting an invitation, tests' force_login)."""


class MemberAuthenticationBackend(_ReadsTheMembership, AuthenticationBackend):  # type: ignore[misc]
    """allauth's backend (the sign-in form)."""
