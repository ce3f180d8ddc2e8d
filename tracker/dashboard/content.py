"""What the dashboard shows, read and drawn once per state of the data.

The dashboard is the page readers open first and come back to, and between two
writes it shows the same thing: its ten reads (about 30 ms at 20,000
agreements) and five figures (about 25 ms to build, validated by plotly, and
their JSON) are kept as tracker/stamped.py keeps results, until the next write.
Overdue and due-soon counts run from today, so the day is part of the key; so
are the focal party and the partner table's "all partners". The data cut-off is not
an audited record, so the view reads it on every request.
"""

from __future__ import annotations

import datetime as dt

from tracker.charts import figure_json
from tracker.commitments.queries import totals
from tracker.dashboard import charts, queries
from tracker.dashboard.heat_table import heat_table
from tracker.extensions import db
from tracker.models import Party
from tracker.stamped import kept_until_the_data_changes


@kept_until_the_data_changes
def dashboard_content(today: dt.date, focal_code: str | None, every_partner: bool) -> dict:
    """The dashboard's numbers, rows and figures (as JSON) for the template."""
    focal = db.session.get(Party, focal_code) if focal_code else None
    agreement_counts = queries.agreements_by_status()
    milestone_counts = queries.milestones_by_status()
    year_rows = queries.agreements_per_year()
    focus_rows = queries.milestones_by_focus_area()
    grid = queries.partner_focus_areas(
        None if every_partner else queries.HEATMAP_PARTIES, focal_code
    )
    commitments = totals(exclude_party=focal_code)
    donors = [
        (name, per_stage)
        for (_code, name), per_stage in sorted(
            commitments.by_donor.items(),
            key=lambda item: (-item[1]["pledged"].amount, item[0][1]),
        )
    ]
    figures = {
        "agreements-by-status": charts.agreements_by_status_figure(agreement_counts),
        "agreements-per-year": charts.agreements_per_year_figure(year_rows),
        "milestones-by-status": charts.milestones_by_status_figure(milestone_counts),
        "milestones-by-focus-area": charts.milestones_by_focus_area_figure(focus_rows),
        "commitments": charts.commitments_figure(
            donors, commitments.currency, commitments.missing_currencies, focal
        ),
    }
    return {
        "agreement_counts": agreement_counts,
        "milestone_counts": milestone_counts,
        "active": sum(agreement_counts.get(s.value, 0) for s in queries.ACTIVE_AGREEMENT_STATUSES),
        "counts": queries.deadline_counts(today),
        "ending": queries.ending_agreements(today),
        "focus_rows": focus_rows,
        "heat": heat_table(grid),
        "partners": grid.partners,
        "commitments": commitments,
        # The table under the chart holds the chart's numbers: its largest donors. All
        # of them (some 250 at 20,000 agreements, 60 KB of the page) are a link away.
        "donors": donors[: charts.DONORS_SHOWN],
        "donor_count": len(donors),
        "upcoming": queries.upcoming_milestones(today),
        "overdue": queries.overdue_milestones(today),
        "slips": queries.worst_slips(),
        "recent": queries.recently_changed(),
        "year_rows": year_rows,
        "figures": {chart: figure_json(figure) for chart, figure in figures.items()},
    }
