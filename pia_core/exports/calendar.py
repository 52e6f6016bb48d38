"""The next review of an activity as a calendar entry: an `.ics` file (RFC 5545), written with the
`icalendar` package (never by hand: folding, escaping and line ends are its job).

One all-day event on the review date, with a reminder a week before. It holds the activity's name
and the explanation; the link to the scan only when the user chose to include it: the link is
secret (whoever has it opens the scan), so it is personal data and never added by default. The UID
is stable per scan, activity and date, so downloading the same entry again updates it in the
calendar instead of adding a second one; it is a hash, so it names neither the scan nor its link.
"""

from __future__ import annotations

import datetime as dt
import uuid

from icalendar import Alarm, Calendar, Event

PRODID = "-//Privacy Impact Analyse//Volgende beoordeling//NL"
UID_DOMAIN = "privacy-impact-analyse"
REMINDER = dt.timedelta(days=7)  # before the start of the day of the review
# A fixed namespace for the UIDs (uuid5 of the scan, activity and date within it).
_NAMESPACE = uuid.UUID("6f1d3c1e-9a4b-5c0e-8e57-3f2a1b7c9d42")


def review_uid(scope: str, activity_id: str, day: dt.date) -> str:
    """Stable for one scan (`scope`: anything that tells scans apart), activity and date."""
    name = f"{scope}\n{activity_id}\n{day.isoformat()}"
    return f"{uuid.uuid5(_NAMESPACE, name)}@{UID_DOMAIN}"


def review_ics(
    *,
    day: dt.date,
    summary: str,
    description: str,
    reminder: str,
    uid: str,
    stamp: dt.datetime,
    url: str | None = None,
    language: str = "nl",
) -> bytes:
    """The calendar file of one review: `summary` (with the activity's name), `description`, the
    reminder's text, and `url` only when given. `stamp` (DTSTAMP) is when the file was made, UTC."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", day)  # a DATE: an all-day event
    event.add("dtend", day + dt.timedelta(days=1))  # all-day events end the next day (exclusive)
    event.add("summary", summary, parameters={"LANGUAGE": language})
    event.add("description", description if url is None else f"{description}\n\n{url}")
    event.add("transp", "TRANSPARENT")  # a reminder to plan, not a busy day
    if url is not None:
        event.add("url", url)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", reminder)
    alarm.add("trigger", -REMINDER)
    event.add_component(alarm)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add_component(event)
    return bytes(cal.to_ical())
