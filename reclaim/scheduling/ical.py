"""A staff member's appointments as an iCalendar feed (RFC 5545), private by construction (DOMAIN.md §12.3):
every event is called "Appointment", has no description, is CLASS:PRIVATE and carries a random stored UID.
A place appears only when the person asked for places and the place is not confidential."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from icalendar import Calendar, Event

from reclaim.scheduling import selectors
from reclaim.scheduling.models import CANCELLED_STATUSES

if TYPE_CHECKING:
    from reclaim.scheduling.models import CalendarFeedToken

SUMMARY = "Appointment"


def feed_bytes(token: CalendarFeedToken, now: datetime.datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Reclaim//Staff calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Appointments")
    stamp = now.astimezone(datetime.UTC)
    for appointment in selectors.feed_appointments(token.user, now):
        event = Event()
        event.add("uid", appointment.ical_uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", appointment.starts_at.astimezone(datetime.UTC))
        event.add("dtend", appointment.ends_at.astimezone(datetime.UTC))
        event.add("summary", SUMMARY)
        event.add("class", "PRIVATE")
        event.add("status", "CANCELLED" if appointment.status in CANCELLED_STATUSES else "CONFIRMED")
        event.add("sequence", appointment.version)
        if token.include_places and not appointment.place_confidential and appointment.place:
            event.add("location", appointment.place)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
