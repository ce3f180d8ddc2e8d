"""Showing entries to people: UTC times, and field values in words."""

from __future__ import annotations

import datetime as dt

from flask_login import current_user

from tracker.dates import InvalidDate, describe
from tracker.declaration import date_fields

HIDDEN_ACTOR = "—"


def visible_actor(name: str) -> str:
    """Who made a change, for signed-in readers only: with public read, anonymous visitors
    see the record's history but no account names."""
    return name if current_user.is_authenticated else HIDDEN_ACTOR


def as_utc(moment: dt.datetime) -> dt.datetime:
    """Entries are stamped in UTC; SQLite hands the time back without its zone."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def utc_time(moment: dt.datetime) -> str:
    return as_utc(moment).strftime("%-d %b %Y %H:%M:%S")


def value_words(field: str, value) -> str:
    """A recorded value for a reader: "2026-21 (spring 2026)", "NOR, UKR", "yes", "—"."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field in date_fields() and isinstance(value, str):
        try:
            return f"{value} ({describe(value)})"
        except InvalidDate:
            return value
    return str(value)
