"""Fixtures shared by the attack tests (issue 13): the permission matrix's objects and personas, and agency B's twins."""

from __future__ import annotations

import pytest

from conftest import PASSWORD, STAFF_PERSONAS
from reclaim.accounts.actions import NewMember, do_add_members
from reclaim.accounts.models import User
from tests.test_permission_matrix import objects  # noqa: F401  (the matrix's objects of agency A, as a fixture)


@pytest.fixture
def twins(other_agency, other_team) -> dict[str, User]:
    """One member of agency B for every staff role of agency A, in B's team (the matrix itself only has B's case
    manager and B's admin)."""
    members = do_add_members(
        actor=None,
        agency=other_agency,
        members=[
            NewMember(f"twin-{name}@b.example", f"B {name}", role, PASSWORD, (other_team,))
            for name, role in STAFF_PERSONAS.items()
        ],
    )
    return {name: m.user for name, m in zip(STAFF_PERSONAS, members, strict=True)}
