"""Milestones and agreement ends as an iCalendar feed: pure functions from plain values to
.ics bytes.

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
    agreement: str
    status: str
    pillar: str
    updated_at: dt.datetime
    agreement_key: str = ""
    milestone_key: str = ""
    url: str = ""  # the milestone's page, added by the view


@dataclass(frozen=True)
class EndEvent:
    """An agreement's end: its window (derived on save) and that window in words."""

    agreement_id: int
    title: str
    earliest: dt.date | None
    latest: dt.date | None
    words: str
    status: str
    updated_at: dt.datetime
    agreement_key: str = ""
    url: str = ""  # the agreement's page, added by the view


def milestone_uid(milestone_id: int) -> str:
    """The milestone's id never changes on edit or re-import, so neither does its UID."""
    return f"milestone-{milestone_id}@{UID_DOMAIN}"


def end_uid(agreement_id: int) -> str:
    """One end per agreement; its id never changes, so neither does the end's UID."""
    return f"agreement-{agreement_id}-end@{UID_DOMAIN}"


def event_span(due: ApproximateDate) -> tuple[dt.date, dt.date]:
    """First day and the exclusive end day; an open-ended window keeps its known bound only."""
    return window_span(due.earliest, due.latest)


def window_span(earliest: dt.date | None, latest: dt.date | None) -> tuple[dt.date, dt.date]:
    first = earliest or latest
    last = latest or earliest
    return first, last + ONE_DAY


def event_summary(title: str, due: ApproximateDate) -> str:
    return title if due.is_exact else f"{title} (approximate: {due.words()})"


def _utc(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; the app writes them in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _all_day_event(
    uid: str,
    span: tuple[dt.date, dt.date],
    summary: str,
    lines: list[str],
    url: str,
    updated_at: dt.datetime,
) -> Event:
    event = Event()
    event.add("uid", uid)
    # The last edit, not the time of the fetch: an unchanged record is an unchanged event.
    event.add("dtstamp", _utc(updated_at))
    event.add("last-modified", _utc(updated_at))
    event.add("dtstart", span[0])
    event.add("dtend", span[1])
    event.add("summary", summary)
    event.add("description", "\n".join([*lines, url]))
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a due date does not make anyone busy
    return event


def milestone_event(item: FeedEvent) -> Event:
    lines = [
        f"Agreement: {item.agreement}",
        f"Status: {item.status}",
        f"Due: {item.due.words()} ({item.due.text})",
    ]
    if item.pillar:
        lines.append(f"Focus area: {item.pillar}")
    event = _all_day_event(
        milestone_uid(item.milestone_id),
        event_span(item.due),
        event_summary(item.title, item.due),
        lines,
        item.url,
        item.updated_at,
    )
    if item.pillar:
        event.add("categories", [item.pillar])
    return event


def end_event(item: EndEvent) -> Event:
    lines = [f"Agreement: {item.title}", f"Status: {item.status}", f"Ends: {item.words}"]
    return _all_day_event(
        end_uid(item.agreement_id),
        window_span(item.earliest, item.latest),
        f"Ends: {item.title}",
        lines,
        item.url,
        item.updated_at,
    )


def milestone_calendar(
    items: list[FeedEvent], name: str, note: str = "", ends: list[EndEvent] = ()
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Defense Cooperation Tracker//Milestones//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    if note:
        calendar.add("x-wr-caldesc", note)
    for item in items:
        calendar.add_component(milestone_event(item))
    for end in ends:
        calendar.add_component(end_event(end))
    return calendar.to_ical()
