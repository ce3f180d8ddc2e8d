"""What the lane queries return and the lane charts draw: plain rows, no links until a
view adds them (tracker/views_common.linked)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tracker.dates import ApproximateDate


@dataclass(frozen=True)
class Lane:
    key: str
    label: str
    group: str = ""
    url: str = ""  # the agreement's page, added by the view
    # Only agreement lanes have a bar of their own:
    status: str | None = None
    status_label: str = ""
    start: ApproximateDate | None = None
    end: tuple[dt.date | None, dt.date | None] | None = None
    end_estimate: dt.date | None = None
    end_words: str = ""  # "31 May 2034", "2034": shown beside the end marker
    parties: str = ""


@dataclass(frozen=True)
class Point:
    lane: str
    key: str
    title: str
    status: str
    status_label: str
    due: ApproximateDate
    due_as_stated: str = ""  # the source's own words, shown beside the window
    pillar: str = ""
    context: str = ""
    url: str = ""  # the milestone's page, added by the view
    agreement_key: str = ""
    depends_on: tuple[str, ...] = field(default_factory=tuple)
    milestone_id: int | None = None
    completed: ApproximateDate | None = None  # when it was done, if it is

    @property
    def drawn(self) -> ApproximateDate:
        """Where the chart puts it: a done milestone at its completion, others at their due."""
        return self.completed if self.status == "done" and self.completed else self.due


@dataclass(frozen=True)
class Connector:
    """A link between two agreements' lanes: "source relation target", on a day or not."""

    source: str
    target: str
    relation: str  # its label: "Implements"
    on: ApproximateDate | None = None
