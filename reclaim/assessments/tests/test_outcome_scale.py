"""The shipped outcome-domain scale, its idempotent loading, and agency customisation as new versions."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from conftest import login_client
from reclaim.assessments.models import OutcomeScale, OutcomeSubdomain
from reclaim.assessments.outcome_actions import ScaleChanges, do_customise_outcome_scale, do_rate_outcomes
from reclaim.assessments.outcome_data import DEFAULT_DOMAINS
from reclaim.assessments.outcome_selectors import current_scale_for, rating_result
from reclaim.assessments.tests.conftest import every
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.models import AuditEvent

pytestmark = pytest.mark.django_db

EXPECTED_DOMAINS = [
    "safety",
    "legal_protection",
    "mental_wellbeing",
    "economic_education",
    "social_support",
    "physical_wellbeing",
    "housing",
]


def test_the_default_scale_is_loaded_with_seven_domains(agency):
    scale = current_scale_for(agency.pk)
    assert scale.is_default and scale.version == 1
    assert [d.code for d in scale.domains.all()] == EXPECTED_DOMAINS
    assert all(2 <= len(d.subdomains.all()) <= 3 for d in scale.domains.all())
    assert scale.closure_min_score == Decimal("3.00") and scale.closure_every_domain is True
    codes = [s.code for d in scale.domains.all() for s in d.subdomains.all()]
    assert len(codes) == len(set(codes))  # the API addresses questions by code alone
    # our own wording, not the ASO's
    assert not any("ASO" in s.wording for d in scale.domains.all() for s in d.subdomains.all())


def test_loading_the_default_again_changes_nothing():
    migration = importlib.import_module("reclaim.assessments.migrations.0001_outcome_domains")
    before = OutcomeSubdomain.objects.count()
    migration.load_default_outcome_scale(django_apps, None)
    assert OutcomeScale.objects.filter(agency__isnull=True).count() == 1
    assert OutcomeSubdomain.objects.count() == before == sum(len(subs) for _c, _n, subs in DEFAULT_DOMAINS)


def _changes(scale, **overrides):
    base = {
        "closure_min_score": scale.closure_min_score,
        "closure_every_domain": scale.closure_every_domain,
        "wording": {},
        "retire": frozenset(),
        "additions": {},
    }
    return ScaleChanges(**{**base, **overrides})


def test_an_admin_customises_a_copy_and_old_ratings_keep_their_version(personas, agency, other_agency, case):
    default = current_scale_for(agency.pk)
    first = do_rate_outcomes(actor=personas["case_manager"], case=case, scores=every(3))
    # when the agency admin rewords one question, retires one, adds one and lowers the rule
    scale = do_customise_outcome_scale(
        actor=personas["agency_admin"],
        agency=agency,
        expected_scale_id=default.pk,
        changes=_changes(
            default,
            closure_min_score=Decimal("2.50"),
            wording={"income": "Has a steady income"},
            retire=frozenset({"affordable_home"}),
            additions={"housing": "Knows the neighbours"},
        ),
    )
    # then the agency rates with its own version 1, based on the default
    current = current_scale_for(agency.pk)
    assert current.pk == scale.pk and current.agency_id == agency.pk and current.based_on_id == default.pk
    housing = next(d for d in current.domains.all() if d.code == "housing")
    assert [s.code for s in housing.subdomains.all()] == ["stable_home", "safe_home", "knows_the_neighbours"]
    assert OutcomeSubdomain.objects.get(domain__scale=current, code="income").wording == "Has a steady income"
    # the default is untouched, and another agency still uses it
    assert current_scale_for(other_agency.pk).pk == default.pk
    assert OutcomeSubdomain.objects.get(domain__scale=default, code="income").wording != "Has a steady income"
    # the earlier rating keeps the scale it was made with
    assert rating_result(first).rating.scale_id == default.pk
    assert len(rating_result(first).scores_by_code()) == 19
    # the change is audited with codes only
    audit = AuditEvent.objects.get(action="assessments.outcome_scale_saved")
    assert audit.detail["retired"] == ["affordable_home"] and audit.detail["reworded"] == ["income"]
    # and a second save makes version 2
    again = do_customise_outcome_scale(
        actor=personas["agency_admin"], agency=agency, expected_scale_id=scale.pk, changes=_changes(current)
    )
    assert again.version == 2 and not OutcomeScale.objects.get(pk=scale.pk).is_current


def test_the_closure_rule_is_configurable(personas, agency, case):
    rating = do_rate_outcomes(actor=personas["case_manager"], case=case, scores={**every(3), "income": 2})
    assert rating_result(rating).readiness.ready is False  # economic domain at 2.67 < 3.00
    default = current_scale_for(agency.pk)
    do_customise_outcome_scale(
        actor=personas["agency_admin"],
        agency=agency,
        expected_scale_id=default.pk,
        changes=_changes(default, closure_min_score=Decimal("2.50")),
    )
    again = do_rate_outcomes(actor=personas["case_manager"], case=case, scores={**every(3), "income": 2})
    assert rating_result(again).readiness.ready is True
    assert rating_result(rating).readiness.ready is False  # judged by the rule of its own version


def test_a_stale_scale_save_is_a_conflict(personas, agency):
    default = current_scale_for(agency.pk)
    do_customise_outcome_scale(
        actor=personas["agency_admin"], agency=agency, expected_scale_id=default.pk, changes=_changes(default)
    )
    with pytest.raises(EditConflict):
        do_customise_outcome_scale(
            actor=personas["agency_admin"], agency=agency, expected_scale_id=default.pk, changes=_changes(default)
        )
    assert OutcomeScale.objects.filter(agency=agency).count() == 1


def test_bad_scale_changes_are_refused_and_nothing_is_saved(personas, agency):
    default = current_scale_for(agency.pk)
    for changes in (
        _changes(default, closure_min_score=Decimal("4.50")),
        _changes(default, retire=frozenset({"trusted_people", "belonging"})),
        _changes(default, wording={"income": "  "}),
        _changes(default, wording={"no_such_code": "x"}),
    ):
        with pytest.raises(DomainError):
            do_customise_outcome_scale(
                actor=personas["agency_admin"], agency=agency, expected_scale_id=default.pk, changes=changes
            )
    assert not OutcomeScale.objects.filter(agency=agency).exists()


def test_the_settings_page_saves_a_new_version(personas, agency):
    client = login_client(personas["agency_admin"])
    page = client.get(reverse("assessments:outcome_scale"))
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    data.update({"closure_min_score": "2.75", "closure_every_domain": "", "retire_belonging": "on"})
    response = client.post(reverse("assessments:outcome_scale"), data)
    assert response.status_code == 302
    scale = current_scale_for(agency.pk)
    assert scale.agency_id == agency.pk and scale.closure_min_score == Decimal("2.75")
    assert scale.closure_every_domain is False
    social = next(d for d in scale.domains.all() if d.code == "social_support")
    assert [s.code for s in social.subdomains.all()] == ["trusted_people"]
    # an out-of-range rule is a field error, nothing saved
    bad = client.post(
        reverse("assessments:outcome_scale"), {**data, "scale_id": str(scale.pk), "closure_min_score": "5"}
    )
    assert bad.status_code == 200 and bad.context["form"].errors["closure_min_score"]
    assert OutcomeScale.objects.filter(agency=agency).count() == 1


def test_case_workers_cannot_change_the_scale(personas):
    for persona in ("case_manager", "supervisor", "program_director"):
        assert login_client(personas[persona]).get(reverse("assessments:outcome_scale")).status_code == 403
