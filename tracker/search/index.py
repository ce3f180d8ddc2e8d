"""The search index, in the database's own engine: SQLite FTS5 or PostgreSQL tsvector.

One row per agreement (its id), holding its search text (document.py) and the other
spellings of its words (tracker/spelling.py). SQLite: the FTS5 table ``agreement_search``,
porter-stemmed. PostgreSQL: the table ``agreement_search`` with a stored tsvector
(English stemming) under a GIN index. The migration 0020 makes both; listeners.py
keeps the rows current in the transaction of each write.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from markupsafe import Markup, escape
from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from tracker.search.document import agreements_with_parts, body
from tracker.spelling import variants

TABLE = "agreement_search"  # the statements below name it
WORD = re.compile(r"\w+")
# Snippet marks that no typed text contains: the snippet is escaped, then they become <mark>.
START, STOP = "\x02", "\x03"
BATCH = 500


def is_index_table(name: str) -> bool:
    """The index and FTS5's own shadow tables: not models, so schema checks pass them by."""
    return name == TABLE or name.startswith(f"{TABLE}_")


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


MOST_TERMS = 20


def words(query: str) -> list[str]:
    """The query's words; operators and quotes are not syntax here, every word must match."""
    return WORD.findall(query.lower())[:MOST_TERMS]


def _fts5_query(query: str) -> str:
    """Each space-separated term a quoted FTS5 phrase: "0.25" stays one number and "Art. 9"
    two words, and no character is read as FTS5 syntax (AND, NEAR, *, column:)."""
    terms = [" ".join(WORD.findall(term.lower())) for term in query.split()]
    return " ".join(f'"{term}"' for term in terms if term)


def refresh(session: Session, agreement_ids: Iterable[int]) -> None:
    """Rewrite the index rows of these agreements from what the session holds now; an id
    whose agreement is gone loses its row."""
    ids = sorted(set(agreement_ids))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = [
            {"id": agreement.id, "body": (text_ := body(agreement)), "variants": variants(text_)}
            for agreement in agreements_with_parts(chunk)
        ]
        _delete(session, chunk)
        if rows:
            _insert(session, rows)


def _key_column(session: Session) -> str:
    return "rowid" if _dialect(session) == "sqlite" else "agreement_id"


DELETE = {
    "rowid": "DELETE FROM agreement_search WHERE rowid IN :ids",
    "agreement_id": "DELETE FROM agreement_search WHERE agreement_id IN :ids",
}
INSERT = {
    "rowid": "INSERT INTO agreement_search (rowid, body, variants) VALUES (:id, :body, :variants)",
    "agreement_id": "INSERT INTO agreement_search (agreement_id, body, variants) "
    "VALUES (:id, :body, :variants)",
}
MISSING = {
    "rowid": "SELECT id FROM agreement WHERE id NOT IN (SELECT rowid FROM agreement_search)",
    "agreement_id": "SELECT id FROM agreement "
    "WHERE id NOT IN (SELECT agreement_id FROM agreement_search)",
}


def _delete(session: Session, ids: list[int]) -> None:
    statement = text(DELETE[_key_column(session)]).bindparams(bindparam("ids", expanding=True))
    session.execute(statement, {"ids": ids})


def _insert(session: Session, rows: list[dict]) -> None:
    session.execute(text(INSERT[_key_column(session)]), rows)


def missing(session: Session) -> list[int]:
    """Agreements without an index row: after an upgrade, or rows written around the ORM."""
    return list(session.scalars(text(MISSING[_key_column(session)])))


class Hit(NamedTuple):
    agreement_id: int
    snippet: Markup


# SQLite: FTS5 ranks by bm25 and cuts a snippet of the body (column 0).
FTS5_IDS = "SELECT rowid FROM agreement_search WHERE agreement_search MATCH :match"
FTS5_COUNT = "SELECT count(*) FROM agreement_search WHERE agreement_search MATCH :match"
FTS5_PAGE = (
    "SELECT rowid, snippet(agreement_search, 0, :start, :stop, '…', 16) FROM agreement_search "
    "WHERE agreement_search MATCH :match ORDER BY bm25(agreement_search), rowid "
    "LIMIT :limit OFFSET :offset"
)
# PostgreSQL: the stored tsvector under its GIN index; headlines only for the page shown.
TS_IDS = (
    "SELECT agreement_id FROM agreement_search WHERE document @@ plainto_tsquery('english', :words)"
)
TS_COUNT = (
    "SELECT count(*) FROM agreement_search WHERE document @@ plainto_tsquery('english', :words)"
)
TS_PAGE = (
    "SELECT agreement_id, ts_headline('english', body, query, :options) FROM ("
    "SELECT agreement_id, body, query, ts_rank(document, query) AS rank "
    "FROM agreement_search, plainto_tsquery('english', :words) AS query "
    "WHERE document @@ query ORDER BY rank DESC, agreement_id LIMIT :limit OFFSET :offset"
    ") AS hits ORDER BY rank DESC, agreement_id"
)


def matching_ids(session: Session, query: str):
    """A SELECT of the ids of the agreements matching every word of ``query``, for
    ``Agreement.id.in_(...)``; None when the query has no words."""
    found = words(query)
    if not found:
        return None
    if _dialect(session) == "sqlite":
        return text(FTS5_IDS).bindparams(match=_fts5_query(query))
    return text(TS_IDS).bindparams(words=_ts_query(query))


def ranked(session: Session, query: str, limit: int, offset: int) -> tuple[int, list[Hit]]:
    """(how many match, this page of them best first, each with a highlighted snippet)."""
    found = words(query)
    if not found:
        return 0, []
    page = {"limit": limit, "offset": offset}
    if _dialect(session) == "sqlite":
        match = {"match": _fts5_query(query)}
        total = session.scalar(text(FTS5_COUNT), match)
        rows = session.execute(text(FTS5_PAGE), {**match, **page, "start": START, "stop": STOP})
    else:
        terms = {"words": _ts_query(query)}
        options = f"StartSel={START}, StopSel={STOP}, MaxWords=24, MinWords=10"
        total = session.scalar(text(TS_COUNT), terms)
        rows = session.execute(text(TS_PAGE), {**terms, **page, "options": options})
    return total, [Hit(agreement_id, _marked(snippet)) for agreement_id, snippet in rows]


def _ts_query(query: str) -> str:
    """The query as typed, for plainto_tsquery, which reads no operators: PostgreSQL's own
    parser then keeps "0.25" and a host name whole, as it did in the document."""
    return " ".join(query.split()[:MOST_TERMS])


def _marked(snippet: str | None) -> Markup:
    """The snippet as safe HTML: its text escaped, the matches in <mark>."""
    marked = Markup("")
    pieces = re.split(f"[{START}{STOP}]", (snippet or "").replace("\n", " · "))
    for index, piece in enumerate(pieces):
        marked += Markup("<mark>{}</mark>").format(piece) if index % 2 else escape(piece)
    return marked
