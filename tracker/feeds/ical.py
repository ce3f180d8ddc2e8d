"""Milestones as an iCalendar feed: pure functions from plain values to .ics bytes.

Every event is all-day: an exact date covers its day, an approximate one its
whole window, from the earliest to the latest possible day. DTEND is
exclusive in iCalendar, hence the day added to both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from icalendar import Calendar, Event

from tracker.dates import ApproximateDate

# Fixed rather than the request's host, so a UID stays the same whichever
# address (or proxy) the feed is fetched through.
UID_DOMAIN = "defense-cooperation-tracker"
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class FeedEvent:
    milestone_id: int
    title: str
    due: ApproximateDate
    url: str
    agreement: str
    status: str
    pillar: str
    updated_at: dt.datetime


def milestone_uid(milestone_id: int) -> str:
    """The milestone's id never changes on edit or re-import, so neither does its UID."""
    return f"milestone-{milestone_id}@{UID_DOMAIN}"


def event_span(due: ApproximateDate) -> tuple[dt.date, dt.date]:
    """First day and the exclusive end day; an open-ended window keeps its known bound only."""
    first = due.earliest or due.latest
    last = due.latest or due.earliest
    return first, last + ONE_DAY


def event_summary(title: str, due: ApproximateDate) -> str:
    return title if due.is_exact else f"{title} (approximate: {due.words()})"


def _utc(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; the app writes them in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def milestone_event(item: FeedEvent) -> Event:
    start, end = event_span(item.due)
    event = Event()
    event.add("uid", milestone_uid(item.milestone_id))
    # The last edit, not the time of the fetch: an unchanged milestone is an unchanged event.
    event.add("dtstamp", _utc(item.updated_at))
    event.add("last-modified", _utc(item.updated_at))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", event_summary(item.title, item.due))
    lines = [f"Agreement: {item.agreement}", f"Status: {item.status}",
             f"Due: {item.due.words()} ({item.due.text})"]
    if item.pillar:
        lines.append(f"Focus area: {item.pillar}")
    lines.append(item.url)
    event.add("description", "\n".join(lines))
    event.add("url", item.url)
    event.add("transp", "TRANSPARENT")  # a due date does not make anyone busy
    if item.pillar:
        event.add("categories", [item.pillar])
    return event


def milestone_calendar(items: list[FeedEvent], name: str, note: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Defense Cooperation Tracker//Milestones//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    if note:
        calendar.add("x-wr-caldesc", note)
    for item in items:
        calendar.add_component(milestone_event(item))
    return calendar.to_ical()
