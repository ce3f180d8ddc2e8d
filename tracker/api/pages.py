"""List responses: one page of items, the total, and links to the other pages."""

from __future__ import annotations

import math
from collections.abc import Callable

from flask import request, url_for
from sqlalchemy import Select

from tracker.api.problems import ApiProblem
from tracker.extensions import db
from tracker.paging import whole_number

PER_PAGE, MAX_PER_PAGE = 25, 100


def _whole(name: str, default: int, largest: int) -> int:
    value = whole_number(request.args.get(name, str(default)))
    if value is None or not 1 <= value <= largest:
        raise ApiProblem(
            400,
            "A paging parameter is out of range.",
            {name: [f"must be a whole number from 1 to {largest}."]},
        )
    return value


def page_of(items: Select | list, represent: Callable[[object], dict]) -> dict:
    """``items`` (a query or a list) one page at a time: ?page=2&per_page=50."""
    page = _whole("page", 1, 10**6)
    per_page = _whole("per_page", PER_PAGE, MAX_PER_PAGE)
    if isinstance(items, Select):
        found = db.paginate(items, page=page, per_page=per_page, error_out=False)
        rows, total = found.items, found.total
    else:
        rows, total = items[(page - 1) * per_page : page * per_page], len(items)
    last = max(1, math.ceil(total / per_page))
    return {
        "items": [represent(row) for row in rows],
        "page": page,
        "per_page": per_page,
        "total": total,
        "links": {
            "self": _link(page, per_page),
            "first": _link(1, per_page),
            "last": _link(last, per_page),
            "next": _link(page + 1, per_page) if page < last else None,
            "prev": _link(min(page - 1, last), per_page) if page > 1 else None,
        },
    }


def _link(page: int, per_page: int) -> str:
    args = {**request.args.to_dict(), "page": page, "per_page": per_page}
    return url_for(request.endpoint, **(request.view_args or {}), **args)
