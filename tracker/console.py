"""The ``tracker`` command: Flask's own commands (run, db, shell) plus the tracker's own
(tracker/cli.py), on the app that ``create_app`` makes."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from tracker import create_app


@click.group(cls=FlaskGroup, create_app=create_app)
def cli():
    """Defense Cooperation Tracker."""


def main() -> None:
    cli(prog_name="tracker")
