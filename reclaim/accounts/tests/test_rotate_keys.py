from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from reclaim.accounts.models import AgencyKey
from reclaim.core import crypto
from reclaim.people.actions import do_create_survivor
from reclaim.people.models import Survivor


def _raw_given_name(pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT given_name FROM people_survivor WHERE id = %s",
            [Survivor._meta.pk.get_db_prep_value(pk, connection)],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_rotate_keys_reencrypts_everything_and_data_reads_back(agency, other_agency):
    # given survivors in two agencies
    people = [
        do_create_survivor(actor=None, agency=a, reference=f"R-{i}", given_name=f"Name{i}", family_name="Rotation")
        for i, a in enumerate([agency, other_agency, agency])
    ]
    before = {p.pk: crypto.ciphertext_key_id(_raw_given_name(p.pk)) for p in people}
    # when keys rotate with fresh data keys
    call_command("rotate_keys", "--new-data-keys", "--no-progress")
    # then every ciphertext is under the new active key of its agency, and reads back
    active = {k.agency_id: k.pk.hex for k in AgencyKey.objects.filter(is_active=True)}
    for person in people:
        key_id = crypto.ciphertext_key_id(_raw_given_name(person.pk))
        assert key_id != before[person.pk]
        assert key_id == active[person.agency_id]
        assert Survivor.objects.get(pk=person.pk).given_name == person.given_name
    assert AgencyKey.objects.filter(is_active=False).count() == 2


@pytest.mark.django_db
def test_rotate_keys_rewraps_under_a_new_master_key(settings, agency):
    # given a survivor encrypted under the current master key
    survivor = do_create_survivor(actor=None, agency=agency, reference="R-1", given_name="Wilhelmina")
    old = list(settings.RECLAIM_MASTER_KEYS)
    # when a new master key is put first and rotation runs
    settings.RECLAIM_MASTER_KEYS = [crypto.generate_key(), *old]
    crypto.master_keyring.cache_clear()
    crypto.KEY_CACHE.clear()
    try:
        call_command("rotate_keys", "--no-progress")
        # then the data key is wrapped by the new master key and data still reads with only the new key
        key = AgencyKey.objects.get(agency=agency, is_active=True)
        assert crypto.master_keyring().wrapped_with_current(key.wrapped_key)
        settings.RECLAIM_MASTER_KEYS = settings.RECLAIM_MASTER_KEYS[:1]
        crypto.master_keyring.cache_clear()
        crypto.KEY_CACHE.clear()
        assert Survivor.objects.get(pk=survivor.pk).given_name == "Wilhelmina"
    finally:
        settings.RECLAIM_MASTER_KEYS = old
        crypto.master_keyring.cache_clear()
        crypto.KEY_CACHE.clear()


@pytest.mark.django_db
def test_rotation_is_resumable(agency):
    do_create_survivor(actor=None, agency=agency, reference="R-1", given_name="Resume")
    call_command("rotate_keys", "--new-data-keys", "--no-progress")
    # a second run finds nothing left to do
    from io import StringIO

    out = StringIO()
    call_command("rotate_keys", "--no-progress", stdout=out)
    assert "re-encrypted 0 rows" in out.getvalue()


@pytest.mark.django_db
def test_plain_values_cannot_be_written_around_the_model(agency):
    do_create_survivor(actor=None, agency=agency, reference="R-1", given_name="Guarded")
    with pytest.raises(TypeError, match="encrypted"):
        Survivor.objects.filter(reference="R-1").update(given_name="Plain text")
