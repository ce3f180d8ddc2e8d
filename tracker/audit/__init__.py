"""The audit trail: who changed which record, when, and each field's old and new value.

Entries are written by one session hook (hook.py), never by views, and are
never changed afterwards: no route edits or deletes them, and the database
refuses UPDATE and DELETE on their table.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.audit.hook import listen_to_the_session
    from tracker.audit.views import bp

    app.register_blueprint(bp)
    listen_to_the_session()
