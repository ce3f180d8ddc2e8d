"""Dashboard figures: pure functions from query rows to plotly figures."""

from __future__ import annotations

import plotly.graph_objects as go

from tracker.charts import (
    AGREEMENT_STYLE,
    MILESTONE_STYLE,
    OKABE_ITO,
    base_layout,
    fitted_margin,
    text,
)
from tracker.models import AgreementStatus, MilestoneStatus


def status_bars(counts: dict[str, int], statuses, styles: dict, title: str) -> go.Figure:
    """One bar per status, in the enum's order, coloured and labelled by status."""
    labels = [status.label for status in statuses]
    values = [counts.get(status.value, 0) for status in statuses]
    bar = {
        "type": "bar",
        "x": values,
        "y": labels,
        "orientation": "h",
        "text": values,
        "textposition": "auto",
        "hovertemplate": "%{y}: %{x}<extra></extra>",
        "marker": {"color": [styles[status.value][0] for status in statuses]},
    }
    # One constructor call: plotly validates a figure on every update, which adds up.
    return go.Figure(
        data=[bar],
        layout=base_layout(
            title,
            height=60 + 28 * len(labels),
            showlegend=False,
            yaxis={"autorange": "reversed"},
            xaxis={"rangemode": "tozero", "dtick": _tick(values)},
            margin=fitted_margin(labels),
        ),
    )


def agreements_by_status_figure(counts: dict[str, int]) -> go.Figure:
    return status_bars(counts, AgreementStatus, AGREEMENT_STYLE, "Agreements by status")


def agreements_per_year_figure(rows: list[tuple[int, int]]) -> go.Figure:
    """One bar per year, every year between the first and the last shown, empty ones too."""
    counts = dict(rows)
    years = list(range(min(counts), max(counts) + 1)) if counts else []
    values = [counts.get(year, 0) for year in years]
    bar = {
        "type": "bar",
        "x": [str(year) for year in years],
        "y": values,
        "text": values,
        "textposition": "auto",
        "hovertemplate": "%{x}: %{y} signed<extra></extra>",
        "marker": {"color": OKABE_ITO["blue"]},
    }
    return go.Figure(
        data=[bar],
        layout=base_layout(
            "Agreements signed per year (best estimate of the signature)",
            height=260,
            showlegend=False,
            xaxis={"type": "category"},
            yaxis={"rangemode": "tozero", "dtick": _tick(values)},
            margin=fitted_margin([f"{max(values, default=0)}00"]),
        ),
    )


def milestones_by_status_figure(counts: dict[str, int]) -> go.Figure:
    return status_bars(counts, MilestoneStatus, MILESTONE_STYLE, "Milestones by status")


def milestones_by_focus_area_figure(rows: list[tuple[str, str, int]]) -> go.Figure:
    """Stacked bars: one per focus area, one segment per milestone status."""
    areas = sorted({area for area, _status, _count in rows})
    counts = {(area, status): count for area, status, count in rows}
    bars = []
    for status in MilestoneStatus:
        values = [counts.get((area, status.value), 0) for area in areas]
        if any(values):
            bars.append(
                {
                    "type": "bar",
                    "name": status.label,
                    "y": [text(area) for area in areas],
                    "x": values,
                    "orientation": "h",
                    "marker": {"color": MILESTONE_STYLE[status.value][0]},
                    "hovertemplate": f"%{{y}}<br>{status.label}: %{{x}}<extra></extra>",
                }
            )
    totals = [sum(counts.get((area, s.value), 0) for s in MilestoneStatus) for area in areas]
    return go.Figure(
        data=bars,
        layout=base_layout(
            "Milestones by focus area and status",
            barmode="stack",
            height=max(220, 80 + 26 * len(areas)),
            yaxis={"autorange": "reversed"},
            xaxis={"dtick": _tick(totals)},
            legend={"orientation": "h", "y": -0.12},
            margin=fitted_margin(areas, b=80),  # the x axis's numbers, the legend under them
        ),
    )


def partners_title(what: str, focal) -> str:
    """ "Partners × …", or "Ukraine's partners × …" once a focal party is named."""
    return f"{text(focal.name)}’s partners {what}" if focal else f"Partners {what}"


DONORS_SHOWN = 15
STAGE_COLOURS = {
    "pledged": OKABE_ITO["sky"],
    "allocated": OKABE_ITO["orange"],
    "delivered": OKABE_ITO["blue"],
}


def commitments_figure(
    donors: list[tuple[str, dict]], currency: str, missing: list[str], focal=None
) -> go.Figure:
    """Pledged, allocated and delivered per donor, all in the reporting currency: one
    comparable chart. Sums in a currency without a rate are left out, and the chart says
    which currencies they are."""
    who = f"{text(focal.name)}’s partners" if focal else "partner"
    title = f"Commitments by {who}, in {currency}"
    notes = []
    if missing:
        notes.append(f"Not in the bars, no rate to {currency}: {text(', '.join(missing))}")
    if len(donors) > DONORS_SHOWN:
        notes.append(f"The {DONORS_SHOWN} largest of {len(donors)} donors by pledges")
    shown = donors[:DONORS_SHOWN]
    if not any(total.amount for _name, per_stage in shown for total in per_stage.values()):
        message = "No commitments with an amount yet" if not donors else "Nothing to convert"
        return go.Figure(
            layout=base_layout(
                title,
                height=200,
                xaxis={"visible": False},
                yaxis={"visible": False},
                annotations=[{"text": "<br>".join([message, *notes]), "showarrow": False}],
            )
        )
    names = [text(name) for name, _per_stage in shown]
    bars = [
        {
            "type": "bar",
            "orientation": "h",
            "name": stage.capitalize(),
            "y": names,
            "x": [float(per_stage[stage].amount) for _name, per_stage in shown],
            "marker": {"color": colour},
            "hovertemplate": f"%{{y}}, {stage}: %{{x:,.0f}} {currency}<extra></extra>",
        }
        for stage, colour in STAGE_COLOURS.items()
    ]
    annotations = (
        [
            {
                "text": "<br>".join(notes),
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.02,
                "xanchor": "left",
                "yanchor": "top",
                "align": "left",
            }
        ]
        if notes
        else []
    )
    return go.Figure(
        data=bars,
        layout=base_layout(
            title,
            barmode="group",
            height=120 + 54 * len(shown) + 20 * len(notes),
            yaxis={"autorange": "reversed"},
            xaxis={"rangemode": "tozero", "title": {"text": currency}},
            legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
            annotations=annotations,
            margin=fitted_margin(names, b=50 + 20 * len(notes), r=84, t=104),
        ),
    )


def _tick(values: list[int]):
    """Whole-number ticks for small counts; plotly's default would show 0.5 steps."""
    return 1 if max(values, default=0) <= 10 else None
