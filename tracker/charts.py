"""What every chart shares: the palette, escaping, and embedding a figure in a page.

Figures are built by pure functions in each feature's charts.py; a page
embeds them as JSON data and static/js/charts.js draws them all.
"""

from __future__ import annotations

import html
import re

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


# Every figure names its own colours, so plotly's default template (7 KB a figure, with
# styles for every trace type that plotly.js merges into each trace) buys nothing but
# drawing time; this one keeps only the looks the charts rely on.
#
# Automargin widens the margins until every tick label fits inside the chart, so
# plotly's default for number and date axes, hiding labels that pass the chart's edge,
# never hides one: it only measures each label once more. "allow" skips that (a fifth
# of a timeline's drawing).
_AXIS = {
    "gridcolor": "#eef0f3",
    "zerolinecolor": "#c9ced6",
    "automargin": True,
    "ticklabeloverflow": "allow",
}
TEMPLATE = {
    "layout": {
        "font": {"color": "#2a3f5f"},
        "hovermode": "closest",
        "xaxis": _AXIS,
        "yaxis": _AXIS,
    }
}


_TAG = re.compile(r"<[^>]+>")
_NARROW, _WIDE = set("iljtfr.,;:'!|()[] "), set("mwMW@%")


def label_px(labels, size: int = 12) -> int:
    """About how wide the widest label is drawn, in pixels, erring wide.

    A chart whose margin already fits its axis labels is drawn once; one that
    plotly's automargin must widen is drawn twice (half the drawing time of a
    timeline). The server cannot measure text, so it counts: narrow letters,
    wide ones, capitals, and bold at a tenth more.
    """

    def width(label: str) -> float:
        plain = html.unescape(_TAG.sub("", label))
        ems = sum(
            0.34 if c in _NARROW else 0.9 if c in _WIDE else 0.72 if c.isupper() else 0.6
            for c in plain
        )
        bold = sum(len(html.unescape(part)) for part in re.findall(r"<b>(.*?)</b>", label))
        return (ems + 0.06 * bold) * size

    return int(max((width(str(label)) for label in labels), default=0)) + 8


def fitted_margin(left_labels=(), **sides) -> dict:
    """A margin that already fits the y axis's labels (and ``sides`` as given), so plotly
    draws the chart once (see label_px)."""
    return {"l": 14 + label_px(left_labels), "r": 10, "t": 40, "b": 26, **sides}


def base_layout(title: str, **overrides) -> dict:
    layout = {
        "template": TEMPLATE,
        "title": {"text": text(title), "x": 0, "xanchor": "left", "font": {"size": 15}},
        "font": {"family": FONT, "size": 12},
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": {"align": "left"},
    }
    layout.update(overrides)
    return layout


class FigureJSON(str):
    """A figure's JSON as figure_json wrote it: safe inside a <script> element."""


def figure_json(figure: go.Figure) -> FigureJSON:
    """The figure's JSON, safe inside a <script> element.

    Plotly's JSON can contain "</script>" only inside user text; escaping <, >
    and & as \\u sequences keeps the island closed whatever the data says.
    """
    return FigureJSON(
        figure.to_json().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )


def embed(figure: go.Figure | FigureJSON, element_id: str) -> Markup:
    """The figure (or its figure_json, kept from an earlier request) as a JSON data island:
    no inline script runs, so a strict CSP can hold."""
    data = figure if isinstance(figure, FigureJSON) else figure_json(figure)
    return Markup(  # noqa: S704 - figure_json has escaped every <, > and &
        f'<script type="application/json" class="chart-data" data-target="{element_id}">'
        f"{data}</script>"
    )
