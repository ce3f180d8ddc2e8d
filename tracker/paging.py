"""Page numbers from the query string, for every paged list of the web pages.

A page number is a whole number. Page 0 shows the first page, and a page
past the last shows the last, however large the number: it never reaches
the database as an offset it cannot hold. Anything else ("abc", "-1", "2.5")
is refused with a 400.
"""

from __future__ import annotations

from flask import abort, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select

from tracker.extensions import db

# Longer numbers are past the last page of any list, so they need not be read exactly
# (and Python refuses to read numbers of more than 4,300 digits).
LONGEST_NUMBER = 9


def whole_number(text: str) -> int | None:
    """ASCII digits as a number, or None. A number of more than LONGEST_NUMBER digits
    comes back as 10**LONGEST_NUMBER, past any page number or page size."""
    if not (text.isascii() and text.isdigit()):
        return None
    digits = text.lstrip("0") or "0"
    return int(digits) if len(digits) <= LONGEST_NUMBER else 10**LONGEST_NUMBER


def requested_page() -> int:
    """The ``page`` argument, 1 when absent; a 400 when it is not a whole number."""
    number = whole_number(request.args.get("page") or "1")
    if number is None:
        abort(400, description="The page number (page) must be a whole number, such as page=2.")
    return max(number, 1)


def last_page(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def within_pages(page: int, total: int, per_page: int) -> int:
    """``page``, or the last page when it is past it."""
    return min(page, last_page(total, per_page))


def paginate(query: Select, per_page: int) -> Pagination:
    """The requested page of ``query``'s rows (the last page, when asked for one past it)."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page = within_pages(requested_page(), total, per_page)
    # Counted first, to know the last page; Flask-SQLAlchemy takes a total set afterwards.
    found = db.paginate(query, page=page, per_page=per_page, error_out=False, count=False)
    found.total = total
    return found
