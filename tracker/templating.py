"""Template filters and globals: dates in words, enum labels, party names."""

from __future__ import annotations

import datetime as dt

from flask import Flask, request, url_for
from markupsafe import Markup

from tracker.agreements.ends import end_words
from tracker.assets.views import plotly_asset_version
from tracker.charts import embed
from tracker.dates import ApproximateDate, describe
from tracker.models import known_parties


def approx(value: ApproximateDate | None, empty: str = "—") -> str:
    return value.words() if value is not None else empty


def edtf_words(text: str | None, empty: str = "—") -> str:
    """Words for an EDTF string read straight from a query row."""
    return describe(text) if text else empty


def as_stated(words: str | None) -> Markup:
    """The source's own words for a date, quoted after the window drawn from them."""
    if not words:
        return Markup("")
    return Markup(' <q class="as-stated" title="As the source says">{}</q>').format(words)


def party_name(code: str) -> str:
    party = known_parties().get(code)
    return party.name if party else code


def url_with(**changes) -> str:
    """The current page's URL with some query arguments changed (filters stay in the URL)."""
    args = request.args.to_dict(flat=False)
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = [value]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.add_template_filter(approx)
    app.add_template_filter(edtf_words)
    app.add_template_filter(as_stated)
    app.add_template_global(embed)
    app.add_template_global(plotly_asset_version(), "plotly_version")
    app.add_template_filter(party_name)
    app.add_template_global(url_with)
    app.add_template_global(end_words)
    app.add_template_global(dt.date.today, "today")
