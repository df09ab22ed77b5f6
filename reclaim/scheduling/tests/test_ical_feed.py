from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conftest import login_client
from reclaim.scheduling import selectors
from reclaim.scheduling.actions import do_cancel_appointment, do_create_feed_token, do_revoke_feed_token
from reclaim.scheduling.models import Appointment, CalendarFeedToken

pytestmark = pytest.mark.django_db


def _feed(client, secret):
    return client.get(reverse("scheduling:ical_feed", args=[secret]))


def _events(response):
    return [c for c in Calendar.from_ical(response.content).walk() if c.name == "VEVENT"]


def test_feed_is_neutral_private_and_in_utc(case, book, personas, client):
    # given two appointments, one at a confidential shelter address, and a feed with places turned on
    open_place = book(case, purpose="Trafficking-related court prep", place="Community centre, Elm Road")
    hidden = book(
        case,
        starts_at=open_place.starts_at + timedelta(hours=3),
        place="Safe house, 9 Secret Street",
        place_confidential=True,
    )
    _token, secret = do_create_feed_token(actor=personas["case_manager"], include_places=True)
    # when a calendar app reads the feed without signing in
    response = _feed(client, secret)
    # then it is text/calendar, every event is "Appointment", private, with a random UID and UTC times
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response)
    assert len(events) == 2
    by_uid = {str(e["UID"]): e for e in events}
    assert set(by_uid) == {open_place.ical_uid, hidden.ical_uid}
    for event in events:
        assert str(event["SUMMARY"]) == "Appointment"
        assert str(event["CLASS"]) == "PRIVATE"
        assert "DESCRIPTION" not in event
        assert "DTSTAMP" in event
        assert event.decoded("DTSTART").tzinfo in (UTC, event.decoded("DTSTART").tzinfo)
        assert event.decoded("DTSTART").utcoffset() == timedelta(0)
        assert str(event["UID"]).split("@")[0] not in (str(open_place.pk).replace("-", ""), str(case.pk))
    assert event.decoded("DTSTART") in (open_place.starts_at, hidden.starts_at)
    # the non-confidential place is shown (opted in); the shelter address never is
    assert str(by_uid[open_place.ical_uid]["LOCATION"]) == "Community centre, Elm Road"
    assert "LOCATION" not in by_uid[hidden.ical_uid]
    text = response.content.decode()
    for secret_text in (case.number, "Marisol", "Quintanilla", "Secret Street", "Safe house", "rafficking"):
        assert secret_text not in text


def test_places_are_off_by_default(case, book, personas, client):
    book(case, place="Community centre, Elm Road")
    _token, secret = do_create_feed_token(actor=personas["case_manager"])
    (event,) = _events(_feed(client, secret))
    assert "LOCATION" not in event
    assert b"Elm Road" not in _feed(client, secret).content


def test_cancelled_appointments_are_marked_cancelled(case, book, personas, client):
    appointment = book(case)
    do_cancel_appointment(actor=personas["case_manager"], appointment=appointment, expected_version=1, by="agency")
    _token, secret = do_create_feed_token(actor=personas["case_manager"])
    (event,) = _events(_feed(client, secret))
    assert str(event["STATUS"]) == "CANCELLED"


def test_only_the_hash_is_stored_and_revoking_makes_the_address_404_at_once(case, book, personas, client):
    book(case)
    token, secret = do_create_feed_token(actor=personas["case_manager"])
    assert secret not in token.token_hash
    assert not CalendarFeedToken.objects.filter(token_hash=secret).exists()
    assert _feed(client, secret).status_code == 200
    do_revoke_feed_token(actor=personas["case_manager"])
    assert _feed(client, secret).status_code == 404


def test_a_new_address_replaces_the_old_one(personas, client):
    _t, old = do_create_feed_token(actor=personas["case_manager"])
    _t, new = do_create_feed_token(actor=personas["case_manager"])
    assert _feed(client, old).status_code == 404
    assert _feed(client, new).status_code == 200


def test_feed_of_someone_who_left_the_agency_is_404(personas, client):
    from reclaim.accounts.models import Membership

    _t, secret = do_create_feed_token(actor=personas["case_manager"])
    Membership.objects.filter(user=personas["case_manager"]).update(is_active=False)
    assert _feed(client, secret).status_code == 404


def test_feed_shows_only_the_users_own_appointments(case, book, personas, client):
    book(case)  # the case manager's
    _t, secret = do_create_feed_token(actor=personas["clinician"])
    assert _events(_feed(client, secret)) == []


def test_settings_page_creates_shows_once_and_revokes(personas):
    client = login_client(personas["case_manager"])
    url = reverse("scheduling:feed_settings")
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "create"})
    assert response.status_code == 200
    feed_url = response.context["feed_url"]
    assert "/calendar/ical/" in feed_url
    secret = feed_url.rsplit("/", 1)[1].removesuffix(".ics")
    assert _feed(client, secret).status_code == 200
    # the address is not shown again
    assert client.get(url).context["feed_url"] is None
    # turning places on keeps the address
    client.post(url, {"action": "save", "include_places": "on"})
    assert CalendarFeedToken.objects.get(user=personas["case_manager"], revoked_at__isnull=True).include_places
    client.post(reverse("scheduling:feed_revoke"))
    assert _feed(login_client(None), secret).status_code == 404


def test_volunteers_have_no_feed(personas):
    client = login_client(personas["volunteer"])
    assert client.get(reverse("scheduling:feed_settings")).status_code == 403
    assert client.post(reverse("scheduling:feed_settings"), {"action": "create"}).status_code == 403


def _moved(appointment, starts_at):
    """The appointment put at a past time, as if it had been booked then (booking refuses a past time)."""
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))
    return appointment


def test_a_full_feed_keeps_the_appointments_nearest_to_now(case, book, personas, client, monkeypatch):
    # given a feed of at most three events, two past appointments in its window and three coming ones
    monkeypatch.setattr(selectors, "FEED_LIMIT", 3)
    now = timezone.now().replace(microsecond=0)
    long_ago, lately = (
        _moved(book(case, starts_at=now + timedelta(days=300 + n)), now - timedelta(days=d))
        for n, d in ((1, 20), (2, 2))
    )
    soonest = book(case, starts_at=now + timedelta(days=1))
    later = book(case, starts_at=now + timedelta(days=5))
    far = book(case, starts_at=now + timedelta(days=200))
    _token, secret = do_create_feed_token(actor=personas["case_manager"])
    # then the coming ones fill it, and the past ones are left out
    assert {str(e["UID"]) for e in _events(_feed(client, secret))} == {a.ical_uid for a in (soonest, later, far)}
    # and with room for four, the latest past one comes back, not the older one
    monkeypatch.setattr(selectors, "FEED_LIMIT", 4)
    events = _events(_feed(client, secret))
    assert [str(e["UID"]) for e in events] == [a.ical_uid for a in (lately, soonest, later, far)]
    assert long_ago.ical_uid not in {str(e["UID"]) for e in events}
