from __future__ import annotations

import datetime

from reclaim.core import blind


def test_normalise_text_folds_case_accents_punctuation_and_spaces():
    assert blind.normalise_text("  José  Núñez-Ruiz ") == "jose nunez ruiz"


def test_normalise_phone_keeps_digits():
    assert blind.normalise_phone("+1 (555) 010-4477") == "15550104477"


def test_text_index_is_stable_under_normalisation(agency):
    a = blind.text_index("MARÍA lópez", scope_id=agency.pk, purpose="survivor.name")
    b = blind.text_index("maria  Lopez", scope_id=agency.pk, purpose="survivor.name")
    assert a == b
    assert len(a) == blind.INDEX_HEX_CHARS


def test_indexes_differ_between_agencies_and_purposes(agency, other_agency):
    base = blind.text_index("Maria Lopez", scope_id=agency.pk, purpose="survivor.name")
    assert base != blind.text_index("Maria Lopez", scope_id=other_agency.pk, purpose="survivor.name")
    assert base != blind.text_index("Maria Lopez", scope_id=agency.pk, purpose="survivor.alias")


def test_date_index_and_empty_values(agency):
    assert blind.date_index(datetime.date(1999, 3, 2), scope_id=agency.pk, purpose="dob")
    assert blind.date_index(None, scope_id=agency.pk, purpose="dob") == ""
    assert blind.text_index("  ", scope_id=agency.pk, purpose="n") == ""


def test_phonetic_codes_match_spelling_variants():
    assert blind.phonetic_codes("Mohammed") & blind.phonetic_codes("Mohamed")
    assert blind.phonetic_codes("Katherine") & blind.phonetic_codes("Catherine")


def test_blind_keys_are_64_bit_integers_scoped_to_the_agency(agency, other_agency):
    # given one string indexed for two agencies
    ours = blind.blind_key("p:haddad|mohammed", scope_id=agency.pk, purpose="t")
    theirs = blind.blind_key("p:haddad|mohammed", scope_id=other_agency.pk, purpose="t")
    # then each is a signed 64-bit integer, stable for an agency, unrelated between agencies
    assert -(2**63) <= ours < 2**63
    assert ours == blind.blind_key("p:haddad|mohammed", scope_id=agency.pk, purpose="t")
    assert ours != theirs


def test_indexes_and_keys_are_the_hmac_sha256_of_the_value_under_the_agency_sub_key(agency):
    import hashlib
    import hmac

    # given the agency's sub-key for a purpose (the stored indexes and keys of every database depend on this form)
    sub_key = blind._sub_key(agency.pk, "survivor.match_key")
    for value in ("p:maria|quintanila", "x:olena", "ñandú", ""):
        expected = hmac.new(sub_key, value.encode("utf-8"), hashlib.sha256).digest()
        # then the hex index is the digest's first 128 bits, and the key (one at a time or from a bulk keyer) its
        # first 64 bits as a signed big-endian integer
        assert blind.blind_index(value, scope_id=agency.pk, purpose="survivor.match_key") == expected.hex()[:32]
        as_key = int.from_bytes(expected[:8], "big", signed=True)
        assert blind.blind_key(value, scope_id=agency.pk, purpose="survivor.match_key") == as_key
        assert blind.blind_keyer(scope_id=agency.pk, purpose="survivor.match_key")(value) == as_key
