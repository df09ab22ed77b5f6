"""Reporting settings API: GET/PUT /reporting-policy (k, the smallest count any aggregate shows, and the fiscal
year start month), for agency admins and program directors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from reclaim.accounts.http import request_user
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.reporting import actions
from reclaim.reporting.models import ReportingPolicy
from reclaim.reporting.selectors import policy_for

router = Router(tags=["reporting"])


class ReportingPolicyOut(Schema):
    k: int = Field(description="Counts from 1 to k-1 are suppressed in every aggregate output (default 11, at least 5)")
    fiscal_year_start_month: int = Field(description="1-12; fiscal years are named by the year they end in")
    version: int = Field(description="Send it back on PUT")

    @staticmethod
    def build(policy: ReportingPolicy) -> ReportingPolicyOut:
        return ReportingPolicyOut(
            k=policy.k, fiscal_year_start_month=policy.fiscal_year_start_month, version=policy.version
        )


class ReportingPolicyIn(Schema):
    k: int
    fiscal_year_start_month: int
    version: int


@router.get(
    "/reporting-policy",
    response={200: ReportingPolicyOut, 403: ErrorOut},
    summary="Your agency's reporting settings (k, fiscal year start): agency admins and directors",
)
def get_reporting_policy(request: HttpRequest) -> ReportingPolicyOut:
    membership = actions.require_policy_manager(request_user(request))
    return ReportingPolicyOut.build(policy_for(membership.agency_id))


@router.put(
    "/reporting-policy",
    response={200: ReportingPolicyOut, 400: ErrorOut, 403: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Set the reporting settings; 400 naming the field on bad values (k under 5), 409 on a stale version",
)
def put_reporting_policy(request: HttpRequest, payload: ReportingPolicyIn) -> Any:
    user = request_user(request)
    membership = actions.require_policy_manager(user)
    policy = actions.do_save_reporting_policy(
        actor=user,
        agency=membership.agency,
        k=payload.k,
        fiscal_year_start_month=payload.fiscal_year_start_month,
        expected_version=payload.version,
    )
    return ReportingPolicyOut.build(policy)
