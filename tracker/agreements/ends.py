"""An agreement's end in words, from what is stored: the end as typed, else its derived window.

The window (``end_earliest``, ``end_latest``) is derived on every save from
``ends_on``, or the start plus ``duration_years`` (tracker/models/agreement.py).
"""

from __future__ import annotations

import datetime as dt

from tracker.dates import ApproximateDate, describe

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
