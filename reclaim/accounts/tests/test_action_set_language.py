from __future__ import annotations

import pytest

from reclaim.accounts.actions import do_set_language
from reclaim.core.errors import DomainError
from reclaim.core.models import AuditEvent


def test_setting_a_language_saves_it_and_audits_the_change(personas):
    # given a case manager who has never chosen a language
    user = personas["case_manager"]
    assert user.language == ""
    # when they choose Arabic
    do_set_language(actor=user, language="ar")
    # then it is saved, and one audit row records the change (codes only)
    user.refresh_from_db()
    assert user.language == "ar"
    row = AuditEvent.objects.get(action="user.language_changed")
    assert row.actor_id == user.pk
    assert row.object_id == str(user.pk)
    assert row.detail == {"from": "", "to": "ar"}
    assert row.agency_id == user.memberships.get().agency_id


def test_choosing_the_same_language_again_writes_nothing(personas):
    # given a user who chose Spanish
    user = personas["supervisor"]
    do_set_language(actor=user, language="es")
    # when they choose it again
    do_set_language(actor=user, language="es")
    # then there is still one audit row
    assert AuditEvent.objects.filter(action="user.language_changed").count() == 1


def test_blank_hands_the_choice_back_to_the_browser(personas):
    # given a user who chose French
    user = personas["clinician"]
    do_set_language(actor=user, language="fr")
    # when they clear it
    do_set_language(actor=user, language="")
    # then no language is stored
    user.refresh_from_db()
    assert user.language == ""


@pytest.mark.parametrize("language", ["de", "en-gb", "xx", "<script>"])
def test_a_language_not_offered_is_refused(personas, language):
    # given a user
    user = personas["case_manager"]
    # when they ask for a language Reclaim does not offer
    with pytest.raises(DomainError) as refused:
        do_set_language(actor=user, language=language)
    # then nothing is saved
    assert refused.value.code == "accounts.unknown_language"
    user.refresh_from_db()
    assert user.language == ""
    assert not AuditEvent.objects.filter(action="user.language_changed").exists()
