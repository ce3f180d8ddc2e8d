"""/search: agreements ranked by how well every text of theirs matches, with snippets."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.models import Agreement
from tracker.search.index import ranked, words

bp = Blueprint("search", __name__)
PER_PAGE = 25


@bp.get("/search")
def search():
    query = (request.args.get("q") or "").strip()[:200]
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    total, hits = ranked(db.session, query, PER_PAGE, (page - 1) * PER_PAGE)
    found = {
        agreement.id: agreement
        for agreement in db.session.scalars(
            select(Agreement)
            .where(Agreement.id.in_([hit.agreement_id for hit in hits]))
            .options(selectinload(Agreement.parties))
        )
    }
    results = [(found[hit.agreement_id], hit.snippet) for hit in hits if hit.agreement_id in found]
    pages = max((total + PER_PAGE - 1) // PER_PAGE, 1)
    return render_template(
        "search/results.html",
        query=query,
        searched=bool(words(query)),
        results=results,
        total=total,
        page=page,
        pages=pages,
    )
