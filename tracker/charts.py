"""What every chart shares: the palette, escaping, and embedding a figure in a page.

Figures are built by pure functions in each feature's charts.py; a page
embeds them as JSON data and static/js/charts.js draws them all.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go
from markupsafe import Markup

# Okabe & Ito's palette: told apart by people with any common colour-vision deficiency.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#7F7F7F",
    "black": "#000000",
}

MILESTONE_STYLE = {  # status -> (colour, marker symbol): colour and shape both say the status
    "planned": (OKABE_ITO["sky"], "circle-open"),
    "in_progress": (OKABE_ITO["blue"], "circle"),
    "done": (OKABE_ITO["green"], "square"),
    "delayed": (OKABE_ITO["orange"], "triangle-up"),
    "cancelled": (OKABE_ITO["grey"], "x"),
}

AGREEMENT_STYLE = {  # status -> (colour, bar pattern)
    "under_negotiation": (OKABE_ITO["sky"], "."),
    "signed": (OKABE_ITO["blue"], ""),
    "in_force": (OKABE_ITO["green"], ""),
    "suspended": (OKABE_ITO["orange"], "x"),
    "expired": (OKABE_ITO["grey"], "-"),
    "terminated": (OKABE_ITO["black"], "/"),
}

FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"


def text(value) -> str:
    """User text for a chart: plotly renders labels as HTML, so escape it first."""
    return html.escape(str(value if value is not None else ""), quote=False)


def base_layout(title: str, **overrides) -> dict:
    layout = {
        "title": {"text": text(title), "x": 0, "xanchor": "left", "font": {"size": 15}},
        "font": {"family": FONT, "size": 12},
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": {"align": "left"},
    }
    layout.update(overrides)
    return layout


def embed(figure: go.Figure, element_id: str) -> Markup:
    """The figure as a JSON data island: no inline script runs, so a strict CSP can hold.

    Plotly's JSON can contain "</script>" only inside user text; escaping <, >
    and & as \\u sequences keeps the island closed whatever the data says.
    """
    data = figure.to_json().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(  # noqa: S704 - the JSON above has every <, > and & escaped
        f'<script type="application/json" class="chart-data" data-target="{element_id}">'
        f"{data}</script>"
    )
