"""One gate for NUL characters in the address, the query string and form fields.

PostgreSQL cannot store a NUL (\\x00) in text and fails the whole request
when one reaches a query; SQLite would store it. No real input has one, so
every request carrying one is refused here, the same on both databases,
with a 400 that names where it was. JSON bodies are checked where they are
read (tracker.json_input).
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Flask, abort, request

NUL = "\x00"
# The login form records such an attempt as a failed login instead.
EXEMPT_ENDPOINTS = {"auth.login"}
LONGEST_NAME_SHOWN = 60


def _shown(name: str) -> str:
    """A parameter name as the message quotes it: NUL written \\0, kept short."""
    name = name.replace(NUL, "\\0")
    return name if len(name) <= LONGEST_NAME_SHOWN else name[:LONGEST_NAME_SHOWN] + "…"


def _places_with_nul() -> Iterator[str]:
    """Where the request carries a NUL, in words, first the address then each parameter."""
    if NUL in request.path:
        yield "address"
    for where, values in (("query parameter", request.args), ("form field", request.form)):
        for name, value in values.items(multi=True):
            if NUL in name or NUL in value:
                yield f"{where} “{_shown(name)}”"
    for name, upload in request.files.items(multi=True):
        if NUL in name or NUL in (upload.filename or ""):
            yield f"form field “{_shown(name)}”"


def refuse_nul_characters() -> None:
    if request.endpoint in EXEMPT_ENDPOINTS:
        return
    place = next(_places_with_nul(), None)
    if place is not None:
        abort(
            400,
            description=(
                f"The {place} contains a NUL character (\\0), which the tracker does not accept. "
                "Remove it and send the request again."
            ),
        )


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul_characters)
