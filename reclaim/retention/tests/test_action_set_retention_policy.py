from __future__ import annotations

import pytest

from reclaim.core.errors import DomainError, EditConflict
from reclaim.retention.actions import do_set_retention_policy
from reclaim.retention.models import DEFAULT_CASE_MONTHS, DEFAULT_DOCUMENT_MONTHS
from reclaim.retention.selectors import policy_for
from reclaim.retention.tests.support import audit_mark, audit_since


def test_an_agency_without_a_policy_gets_the_defaults(agency):
    # when the policy is read before anyone saved one
    policy = policy_for(agency.pk)
    # then it carries the defaults, version 0
    assert (policy.case_months, policy.document_months, policy.version) == (
        DEFAULT_CASE_MONTHS,
        DEFAULT_DOCUMENT_MONTHS,
        0,
    )


def test_the_admin_sets_the_policy_and_the_change_is_audited(agency, personas):
    # given
    mark = audit_mark()
    # when
    policy = do_set_retention_policy(
        actor=personas["agency_admin"], agency=agency, case_months=120, document_months=48, expected_version=0
    )
    # then
    assert (policy.case_months, policy.document_months, policy.version) == (120, 48, 1)
    (row,) = audit_since(mark)
    assert row.action == "retention.policy_changed"
    assert row.detail == {
        "before": {"case_months": DEFAULT_CASE_MONTHS, "document_months": DEFAULT_DOCUMENT_MONTHS},
        "after": {"case_months": 120, "document_months": 48},
    }


@pytest.mark.parametrize(
    ("case_months", "document_months", "field"),
    [(35, 36, "case_months"), (601, 36, "case_months"), (60, 35, "document_months"), (60, 61, "document_months")],
)
def test_periods_outside_the_bounds_are_refused(agency, personas, case_months, document_months, field):
    # when a period below the three-year floor, above the ceiling, or documents longer than cases is saved
    with pytest.raises(DomainError) as caught:
        do_set_retention_policy(
            actor=personas["agency_admin"],
            agency=agency,
            case_months=case_months,
            document_months=document_months,
            expected_version=0,
        )
    # then the field is named and nothing is saved
    assert caught.value.code == "retention.policy_invalid"
    assert field in caught.value.fields
    assert policy_for(agency.pk).version == 0


def test_a_stale_version_is_a_conflict(agency, personas):
    # given someone saved first
    do_set_retention_policy(
        actor=personas["agency_admin"], agency=agency, case_months=96, document_months=96, expected_version=0
    )
    # when a second save sends the version it loaded before that
    with pytest.raises(EditConflict) as caught:
        do_set_retention_policy(
            actor=personas["agency_admin"], agency=agency, case_months=60, document_months=60, expected_version=0
        )
    # then the other person's values come back and the first save stands
    assert caught.value.current == {"case_months": "96", "document_months": "96"}
    assert policy_for(agency.pk).case_months == 96
