"""Lanes of agreements or pillars drawn over time, with their milestones' windows: the chart
of the timeline page and of each agreement's page."""
