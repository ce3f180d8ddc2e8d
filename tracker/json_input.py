"""JSON text from outside (an import file, an API body), read so that none can bring us down.

Python's parser takes more than the tracker can hold, or fails in ways no
one can act on: it recurses once per level, so 100,000 ``[`` raise
RecursionError; an integer of more than 4,300 digits raises ValueError;
``1e999`` and ``NaN`` become numbers no column stores; and text may hold a
lone surrogate (``"\\ud800"``, half of a character, which cannot be encoded
for the database) or a NUL, which PostgreSQL refuses where SQLite stores
it. Each is refused here, the same on every database, with a message that
says what and where.
"""

from __future__ import annotations

import json
import math

MAX_DEPTH = 64  # an interchange document nests five levels
MAX_DIGITS = 100  # the codebook's largest numbers, amounts below 10^17, have 18
NUL = "\x00"
LONGEST_NAME_SHOWN = 60


class RefusedJSON(ValueError):
    """Why JSON text is refused: ``message`` continues a subject ("The body …"), ``path`` is
    where in the document, e.g. ``agreements[0].title`` (empty for the text as a whole)."""

    def __init__(self, message: str, path: str = ""):
        super().__init__(f"{path}: {message}" if path else message)
        self.message, self.path = message, path


class _Refused:
    """A number the parser met, kept with its reason until the walk knows where it was."""

    def __init__(self, message: str):
        self.message = message


def load_untrusted_json(data: bytes | str) -> object:
    """The JSON value of ``data`` (UTF-8 bytes, a byte-order mark allowed, or text)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise RefusedJSON(f"is not UTF-8 text: {error}") from None
    try:
        value = json.loads(data, parse_int=_integer, parse_float=_number, parse_constant=_constant)
    except RecursionError:
        raise RefusedJSON(f"nests more than {MAX_DEPTH} levels deep.") from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise RefusedJSON(f"is not valid JSON ({where}): {error.msg}") from None
    _check(value)
    return value


def text_problem(text: str) -> str | None:
    """Why the tracker cannot store ``text``, or None: it holds a NUL or a lone surrogate."""
    if NUL in text:
        return "contains a NUL character (\\0), which the tracker does not accept."
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            code = f"\\u{ord(text[error.start]):04x}"
            return (
                f"contains a lone surrogate ({code}), half of a character, which is not valid text."
            )
    return None


def _integer(literal: str) -> int | _Refused:
    if len(literal.lstrip("-")) > MAX_DIGITS:
        return _Refused(f"is a number of more than {MAX_DIGITS} digits.")
    return int(literal)


def _number(literal: str) -> float | _Refused:
    value = float(literal)
    if not math.isfinite(value):
        return _Refused(f"is a number too large to store ({_shown(literal)}).")
    return value


def _constant(literal: str) -> _Refused:
    return _Refused(f"is {literal}, which is not a number JSON allows.")


def _check(document: object) -> None:
    """Walk the value without recursion; refuse the first thing, in document order, it
    cannot hold."""
    stack = [(document, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise RefusedJSON(f"nests more than {MAX_DEPTH} levels deep.")
            if isinstance(value, dict):
                for name in value:
                    message = text_problem(name)
                    if message:
                        raise RefusedJSON(f"the field name {message}", _joined(path, name))
                items = [(item, _joined(path, name)) for name, item in value.items()]
            else:
                items = [(item, f"{path}[{index}]") for index, item in enumerate(value)]
            stack.extend((item, where, depth + 1) for item, where in reversed(items))
        elif isinstance(value, str):
            message = text_problem(value)
            if message:
                raise RefusedJSON(message, path)
        elif isinstance(value, _Refused):
            raise RefusedJSON(value.message, path)


def _joined(path: str, name: str) -> str:
    return f"{path}.{_shown(name)}" if path else _shown(name)


def _shown(text: str) -> str:
    """Text as a message quotes it: NUL and lone surrogates escaped, kept short."""
    if len(text) > LONGEST_NAME_SHOWN:
        text = text[:LONGEST_NAME_SHOWN] + "…"
    return text.replace(NUL, "\\0").encode("utf-8", "backslashreplace").decode("utf-8")
