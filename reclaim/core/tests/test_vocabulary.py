"""Reference vocabularies: the HTCDS v2.0 load, agency extensions, the validator and the form field."""

from __future__ import annotations

import pytest

from reclaim.accounts.actions import do_add_agency_term, do_retire_agency_term
from reclaim.core import htcds
from reclaim.core import vocabulary as vocab
from reclaim.core.errors import DomainError
from reclaim.core.models import Term, Vocabulary

pytestmark = pytest.mark.django_db


def test_the_migration_loads_every_htcds_term_as_written():
    # given the database after migrations; then every vocabulary and code of the data module is there, global
    for spec in htcds.VOCABULARIES:
        vocabulary = Vocabulary.objects.get(code=spec.code)
        assert (vocabulary.standard, vocabulary.standard_version, vocabulary.multiple) == (
            "HTCDS",
            "2.0",
            spec.multiple,
        )
        stored = list(
            Term.objects.filter(vocabulary=vocabulary, agency__isnull=True)
            .order_by("sort")
            .values_list("code", flat=True)
        )
        assert stored == [code for code, _label in spec.terms]
    assert Term.objects.filter(agency__isnull=True).exclude(introduced_in="2.0").count() == 0


def test_the_load_keeps_the_domain_specifics():
    control = set(vocab.terms(htcds.METHODS_OF_CONTROL, None).values_list("code", flat=True))
    assert {"RestrictsMovement", "UsesChildren", "DebtBondage"} <= control
    relationship = set(vocab.terms(htcds.RELATIONSHIP_TO_TRAFFICKER, None).values_list("code", flat=True))
    assert relationship == {"Familial", "Acquainted", "Unaquainted"}  # the standard's spelling
    industries = list(vocab.terms(htcds.FORCED_LABOUR_INDUSTRY, None).values_list("code", flat=True))
    assert industries == [chr(c) for c in range(ord("A"), ord("U") + 1)]
    assert [c for c, _ in vocab.choices(htcds.HISTORIC_EVENT_TYPE, None)] == ["Recruitment", "Transit", "Exploitation"]


def test_an_agency_term_is_seen_only_by_its_agency(personas, agency, other_agency):
    # given agency A extends the exploitation types
    vocabulary = vocab.vocabulary_by_code(htcds.TYPE_OF_EXPLOITATION)
    do_add_agency_term(
        actor=personas["agency_admin"], agency=agency, vocabulary=vocabulary, code="x_Fishing", label="Fishing boats"
    )
    # then A sees it after the standard's terms, B and the standard alone do not
    codes_a = [c for c, _ in vocab.choices(htcds.TYPE_OF_EXPLOITATION, agency)]
    assert codes_a[-1] == "x_Fishing"
    assert "x_Fishing" not in [c for c, _ in vocab.choices(htcds.TYPE_OF_EXPLOITATION, other_agency)]
    assert "x_Fishing" not in [c for c, _ in vocab.choices(htcds.TYPE_OF_EXPLOITATION, None)]
    assert vocab.validate_codes(htcds.TYPE_OF_EXPLOITATION, ["x_Fishing"], agency.pk, field="f") == ["x_Fishing"]
    with pytest.raises(DomainError) as refused:
        vocab.validate_codes(htcds.TYPE_OF_EXPLOITATION, ["x_Fishing"], other_agency, field="exploitation_types")
    assert list(refused.value.fields) == ["exploitation_types"]


def test_unknown_and_retired_codes_are_field_errors(personas, agency):
    vocabulary = vocab.vocabulary_by_code(htcds.TYPE_OF_EXPLOITATION)
    term = do_add_agency_term(
        actor=personas["agency_admin"], agency=agency, vocabulary=vocabulary, code="x_Old", label="Old"
    )
    do_retire_agency_term(actor=personas["agency_admin"], term=term)
    for bad in (["NotACode"], ["x_Old"], ["ForcedLabour", "forcedlabour"]):
        with pytest.raises(DomainError) as refused:
            vocab.validate_codes(htcds.TYPE_OF_EXPLOITATION, bad, agency, field="exploitation_types")
        assert refused.value.code == "vocabulary.unknown_code"
        assert refused.value.fields["exploitation_types"]
    # a retired term is no longer offered, but old records still show its label
    assert "x_Old" not in dict(vocab.choices(htcds.TYPE_OF_EXPLOITATION, agency))
    assert vocab.labels([htcds.TYPE_OF_EXPLOITATION], agency)[(htcds.TYPE_OF_EXPLOITATION, "x_Old")] == "Old"
    assert vocab.validate_code(htcds.HISTORIC_EVENT_TYPE, "", agency, field="type") == ""


def test_the_form_field_helper_offers_checkboxes_and_rejects_unknown_codes(agency):
    field = vocab.vocabulary_field(htcds.METHODS_OF_CONTROL, agency, label="Means of control")
    assert field.widget.__class__.__name__ == "CheckboxSelectMultiple"
    assert field.clean(["DebtBondage", "UsesChildren"]) == ["DebtBondage", "UsesChildren"]
    assert field.clean([]) == []  # skippable
    with pytest.raises(Exception, match="valid choice"):
        field.clean(["Invented"])
    single = vocab.vocabulary_field(htcds.RELATIONSHIP_TO_TRAFFICKER, agency, multiple=False)
    assert isinstance(single, vocab.VocabularyChoiceField)
    assert next(iter(single.choices)) == ("", "Prefer not to say / not known")
