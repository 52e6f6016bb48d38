"""The next review as a calendar entry (.ics, RFC 5545): read back with the `icalendar` parser."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from pia_core.exports.calendar import REMINDER, review_ics, review_uid

DAY = dt.date(2027, 6, 15)
STAMP = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)
SECRET = "https://pia.example.nl/?scan=geheim-token-123"


def entry(url: str | None = None, day: dt.date = DAY, activity: str = "Aanvraag verhuizen") -> bytes:
    return review_ics(
        day=day,
        summary=f"Privacyscan herhalen: {activity}",
        description="Tijd om de scan opnieuw te doorlopen (AVG art. 24 lid 1, 32 lid 1 onder d, 35 lid 11).",
        reminder=f"Over een week: privacyscan herhalen voor {activity}",
        uid=review_uid("scan-key", "aanvraag-verhuizen", day),
        stamp=STAMP,
        url=url,
    )


def parsed(raw: bytes) -> Calendar:
    calendar = Calendar.from_ical(raw)
    assert isinstance(calendar, Calendar)
    return calendar


def test_the_entry_is_an_all_day_event_on_the_review_date_with_the_activity() -> None:
    calendar = parsed(entry())
    assert str(calendar["version"]) == "2.0" and str(calendar["prodid"])
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == DAY and not isinstance(start, dt.datetime), "a DATE, not a date-time"
    assert event.decoded("dtend") == DAY + dt.timedelta(days=1)
    assert str(event["summary"]) == "Privacyscan herhalen: Aanvraag verhuizen"
    assert "art. 24 lid 1" in str(event["description"])
    assert event.decoded("dtstamp") == STAMP
    assert b"\r\n" in entry(), "RFC 5545 lines end in CRLF"


def test_no_link_unless_chosen() -> None:
    raw = entry()
    (event,) = parsed(raw).walk("VEVENT")
    assert "url" not in event
    assert b"scan=" not in raw and b"http" not in raw and b"scan-key" not in raw
    with_link = entry(SECRET)
    (event,) = parsed(with_link).walk("VEVENT")
    assert str(event["url"]) == SECRET
    assert SECRET in str(event["description"])


def test_a_reminder_one_week_before() -> None:
    (event,) = parsed(entry()).walk("VEVENT")
    (alarm,) = event.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == -REMINDER == -dt.timedelta(days=7)
    assert "Aanvraag verhuizen" in str(alarm["description"])


def test_the_uid_is_stable_per_scan_activity_and_date_and_names_none_of_them() -> None:
    (first,) = parsed(entry()).walk("VEVENT")
    (again,) = parsed(entry()).walk("VEVENT")
    assert str(first["uid"]) == str(again["uid"])
    (later,) = parsed(entry(day=DAY + dt.timedelta(days=1))).walk("VEVENT")
    assert str(later["uid"]) != str(first["uid"])
    assert review_uid("another-scan", "aanvraag-verhuizen", DAY) != str(first["uid"])
    assert review_uid("scan-key", "other-activity", DAY) != str(first["uid"])
    assert "verhuizen" not in str(first["uid"]) and "scan-key" not in str(first["uid"])


def test_user_text_is_escaped_not_written_as_properties() -> None:
    raw = entry(activity="A, B; C\nURL:https://evil.example")
    (event,) = parsed(raw).walk("VEVENT")
    assert "url" not in event
    assert str(event["summary"]).startswith("Privacyscan herhalen: A, B; C")
