"""The nasty values the fuzz test sends, and how each travels: %-encoded in
addresses and forms (raw when it must be broken), JSON in API bodies."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import strategies as st
from wtforms import FieldList, FormField, SubmitField

from tracker.declaration import RECORDS, TEXT_LIST, Declaration


class Raw(str):
    """Sent as it is, not %-encoded: broken escapes, and bytes that are not UTF-8."""


NASTY = [
    "a\x00b",
    "\ud800",
    "x" * 10_000,
    # Too long for Python to read as an int; past any float; past 64 and 32 bits.
    "9" * 5000,
    "9" * 400,
    "9223372036854775808",
    "-9223372036854775809",
    "2147483648",
    "-1",
    "0",
    "1e309",
    "NaN",
    "%",
    "%00",
    "' OR '1'='1",
    '"',
    "../../etc/passwd",
    "line\r\nbreak",
    "\t\x1b[31m\x7f\x01",
    "\u200b\ufeff\u202e",
    "😀" * 100,
    "𝕏",
    "<script>alert(1)</script>",
    "{{7*7}}",
    " ",
    "",
    "null",
    # Dates and EDTF at and past the edges of the calendar.
    "9999-12-31",
    "0001-01-01",
    "0000-00-00",
    "2024-13-45",
    "Y170000002",
    "Y-170000002",
    "2024-12-31/2023",
    "9999-12-31/..",
    "2004-06~-11",
    "[1667,1668]",
    "XXXX",
    "2024-99",
    "-9999",
]
RAW = [Raw("%"), Raw("%zz"), Raw("%ED%A0%80"), Raw("%FF%FE"), Raw("%C0%80"), Raw("a%E2%82")]
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),
    st.builds(
        str.__mul__, st.sampled_from(["a", "é", "\x00", "9", "%", "/"]), st.integers(300, 20_000)
    ),
)
URL_TEXT = st.one_of(TEXT, st.sampled_from(RAW))
SWEEP = [*NASTY, *RAW]  # each in every field at once, before Hypothesis mixes them
NUMBERS = [0, -1, 2**31, -(2**31) - 1, 2**63, -(2**63) - 1, 10**400, 1e308, 0.5, True]
JSON_VALUE = st.recursive(
    st.one_of(st.none(), TEXT, st.sampled_from(NUMBERS), st.floats()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)
RAW_BODIES = [
    b"[" * 100_000,
    b'{"a":' * 50_000,
    b'{"title": "' + b"9" * 5000 + b'"}',
    b'{"duration_years": ' + b"9" * 5000 + b"}",
    b'{"title": "\\u0000"}',
    b'{"title": "\\ud800"}',
    b'{"duration_years": NaN}',
    b'{"title": "x"} trailing',
    b'{"title": "\xff\xfe"}',
    b"",
]


def encoded(text: str) -> str:
    if isinstance(text, Raw):
        return text
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def url_changes(names):
    """One or two of ``names`` (or a nasty name) with nasty values, for a form or a query."""
    return st.dictionaries(st.sampled_from(names) | TEXT, URL_TEXT, min_size=1, max_size=2)


def urlencoded(pairs) -> str:
    return "&".join(f"{encoded(name)}={encoded(value)}" for name, value in pairs)


def posted_names(form_class, prefix: str = "") -> list[str]:
    """The names a browser posts for ``form_class``'s fields (one row of each list)."""
    names = []
    for attribute in dir(form_class):
        field = getattr(form_class, attribute)
        if not getattr(field, "_formfield", False) or issubclass(field.field_class, SubmitField):
            continue
        kind, name = field.field_class, prefix + attribute
        if issubclass(kind, FieldList):
            field, name = field.args[0], f"{name}-0"
            kind = field.field_class
        if issubclass(kind, FormField):
            names += posted_names(field.args[0], f"{name}-")
        else:
            names.append(name)
    return sorted(names)


def spec_of(declaration: Declaration, fields=None) -> dict:
    """A record type's interchange fields as {name: kind}, nested records as [{…}]."""
    return {
        spec.name: [spec_of(spec.nested)] if spec.kind == RECORDS else spec.kind
        for spec in (declaration.interchange if fields is None else fields)
    }


def field_value(kind):
    """Nasty JSON for a spec field: mostly its own shape with nasty parts, sometimes any."""
    if isinstance(kind, list):
        rows = st.fixed_dictionaries(
            {}, optional={name: field_value(inner) for name, inner in kind[0].items()}
        )
        return st.lists(rows, max_size=2) | JSON_VALUE
    if kind == TEXT_LIST:
        return st.lists(TEXT, max_size=3) | JSON_VALUE
    return JSON_VALUE


def body_changes(spec: dict):
    fields = st.sampled_from(sorted(spec)).flatmap(
        lambda name: st.tuples(st.just(name), field_value(spec[name]))
    )
    return st.lists(fields, min_size=1, max_size=2).map(dict) | st.sampled_from(RAW_BODIES)
