"""PostgreSQL's id sequences, moved past ids that an insert chose itself.

A bulk insert that writes its own ids (`tracker generate`) leaves each
table's sequence where it was, and the next ordinary insert would draw an id
already taken. SQLite needs nothing: it takes the highest id plus one.
"""

from __future__ import annotations

from sqlalchemy import Integer, func, select

from tracker.extensions import db


def advance_id_sequences() -> None:
    """Move every id sequence past its table's highest id, on PostgreSQL.

    Never backwards: the audit trail keeps the ids of deleted records, and a
    new record must not take one over. Taking the next value first costs at
    most one unused id per table.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or key[0].name != "id" or not isinstance(key[0].type, Integer):
            continue
        sequence = func.pg_get_serial_sequence(table.name, "id")
        db.session.execute(
            select(func.setval(sequence, func.greatest(func.max(key[0]), func.nextval(sequence))))
        )
