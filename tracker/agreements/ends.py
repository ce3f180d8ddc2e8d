"""An agreement's end in words, from what is stored: the end as typed, else its derived window.

The window (``end_earliest``, ``end_latest``) is derived on every save from
``ends_on``, or the start plus ``duration_years`` (tracker/models/agreement.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_

from tracker.dates import ApproximateDate, describe
from tracker.models import Agreement, AgreementStatus

OPEN_ENDED = "open-ended"


def end_words(
    ends_on: ApproximateDate | str | None, earliest: dt.date | None, latest: dt.date | None
) -> str:
    """ "31 May 2034", "2034", "about May 2035"; "open-ended" when there is no end."""
    if ends_on:
        return describe(str(ends_on))
    if earliest is None and latest is None:
        return OPEN_ENDED
    # The window said as an EDTF interval, so its words match every other date's.
    return describe(f"{earliest or '..'}/{latest or '..'}")


ENDING_SOON_DAYS = 365
ENDED_STATUSES = (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)


def ending_soon_clause(today: dt.date, horizon_days: int = ENDING_SOON_DAYS):
    """Not expired or terminated, and the best estimate of the end from today to the horizon."""
    return and_(
        Agreement.status.not_in(ENDED_STATUSES),
        Agreement.end_estimate.between(today, today + dt.timedelta(days=horizon_days)),
    )
